package io.sfsync.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvEncoderTest {

    private static String text(CsvEncoder e) {
        return new String(e.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldQuoteEveryFieldAndDoubleQuotes() {
        CsvEncoder e = new CsvEncoder();
        e.row(Arrays.asList("a", "say \"hi\"", "", null, "x,y", "line1\nline2\r\nline3"));

        assertThat(text(e)).isEqualTo("\"a\",\"say \"\"hi\"\"\",\"\",\"\",\"x,y\",\"line1\nline2\r\nline3\"\n");
    }

    @Test
    void shouldEncodeNonAsciiAsJavaDoes() {
        String s = "Ω ü € 日本 😀 naïve";
        CsvEncoder e = new CsvEncoder(64);
        e.field(s);
        char[] chars = ("xx" + s + "yy").toCharArray();
        e.field(chars, 2, s.length());
        e.endRow();

        byte[] expected = ("\"" + s + "\",\"" + s + "\"\n").getBytes(StandardCharsets.UTF_8);
        assertThat(e.toByteArray()).isEqualTo(expected);
    }

    @Test
    void shouldWriteAnUnpairedSurrogateAsQuestionMarkLikeJavasEncoder() {
        String s = "a\uD83Db\uDE00";
        CsvEncoder e = new CsvEncoder();
        e.field(s);

        assertThat(e.toByteArray()).isEqualTo(("\"" + s + "\"").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldGrowBeyondItsInitialCapacityAndStartOverOnReset() {
        CsvEncoder e = new CsvEncoder(64);
        String big = "\"".repeat(10_000) + "é".repeat(10_000);
        e.row(List.of(big));
        assertThat(e.size()).isEqualTo(2 + 20_000 + 20_000 + 1);

        e.reset();
        e.row(List.of("a", "b"));
        assertThat(text(e)).isEqualTo("\"a\",\"b\"\n");
    }
}
