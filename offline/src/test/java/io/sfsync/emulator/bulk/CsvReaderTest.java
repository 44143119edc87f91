package io.sfsync.emulator.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading an ingest upload: quoting, delimiters, line endings as the job declares them. */
class CsvReaderTest {
    @Test
    void shouldReadQuotedFieldsWithDelimitersQuotesAndLineBreaks() throws Exception {
        List<List<String>> rows = CsvReader.read("Name,Description\n\"A, Inc.\",\"say \"\"hi\"\"\nthen go\"\nB,\n",
                ',', "\n");
        assertThat(rows).containsExactly(List.of("Name", "Description"), List.of("A, Inc.", "say \"hi\"\nthen go"),
                List.of("B", ""));
    }

    @Test
    void shouldUseTheJobsDelimiterAndTakeALastLineWithoutEnding() throws Exception {
        assertThat(CsvReader.read("\uFEFFId|Name\r\n1|\"a|b\"", '|', "\r\n"))
                .containsExactly(List.of("Id", "Name"), List.of("1", "a|b"));
    }

    @Test
    void shouldRefuseDataWhoseLineEndingIsNotTheJobs() {
        assertThatThrownBy(() -> CsvReader.read("Name\r\nA\r\n", ',', "\n")).hasMessage(
                "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF");
        assertThatThrownBy(() -> CsvReader.read("Name\nA\n", ',', "\r\n")).hasMessage(
                "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is CRLF");
    }

    @Test
    void shouldRefuseAnUnclosedQuote() {
        assertThatThrownBy(() -> CsvReader.read("Name\n\"open\n", ',', "\n"))
                .isInstanceOf(CsvReader.CsvException.class);
    }
}
