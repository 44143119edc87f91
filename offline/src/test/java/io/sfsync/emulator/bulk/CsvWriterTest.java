package io.sfsync.emulator.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvWriterTest {

    private static String write(char delimiter, String lineEnding, String[]... rows) throws IOException {
        StringWriter out = new StringWriter();
        CsvWriter csv = new CsvWriter(out, delimiter, lineEnding);
        for (String[] row : rows) {
            for (String v : row) {
                csv.field(v);
            }
            csv.endRow();
        }
        return out.toString();
    }

    @Test
    void shouldQuoteEveryFieldAndDoubleEmbeddedQuotes() throws IOException {
        String text = write(',', "\n", new String[] {"Id", "Name"}, new String[] {"001", "she said \"hi\""});
        assertThat(text).isEqualTo("\"Id\",\"Name\"\n\"001\",\"she said \"\"hi\"\"\"\n");
    }

    @Test
    void shouldWriteNullAsEmptyQuotedField() throws IOException {
        assertThat(write(',', "\n", new String[] {"a", null, ""})).isEqualTo("\"a\",\"\",\"\"\n");
    }

    @Test
    void shouldKeepNewlinesCommasAndNonAsciiInsideQuotesSoThatAStandardParserReadsThemBack() throws IOException {
        String[] tricky = {"line one\nline two", "windows\r\nbreak", "a,b,c", "Zürich · 東京 🚀", "\"", ",\"\n",
            "  spaces  ", "tab\there"};
        for (String lineEnding : List.of("\n", "\r\n")) {
            String text = write(',', lineEnding, tricky, tricky);
            List<CSVRecord> parsed = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
            assertThat(parsed).hasSize(2);
            for (CSVRecord r : parsed) {
                List<String> values = new ArrayList<>();
                r.forEach(values::add);
                assertThat(values).containsExactly(tricky);
            }
        }
    }

    @Test
    void shouldUseTheJobDelimiter() throws IOException {
        for (char d : new char[] {'|', ';', '\t', '^', '`'}) {
            String text = write(d, "\n", new String[] {"x" + d + "y", "z"});
            assertThat(text).isEqualTo("\"x" + d + "y\"" + d + "\"z\"\n");
            CSVRecord r = CSVFormat.RFC4180.builder().setDelimiter(d).get().parse(new StringReader(text))
                    .getRecords().get(0);
            assertThat(Arrays.asList(r.values())).containsExactly("x" + d + "y", "z");
        }
    }
}
