package io.sfsync.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvPageTest {
    private static final String PAGE = "\"Id\",\"Name\",\"Description\"\n\"A\",\"alpha\",\"two\nlines\"\n\"B\",\"\",\"\"\n";

    @Test
    void shouldReadTheHeaderAndKeepThePageWholeForTheFile() throws IOException {
        CsvPage page = CsvPage.read(3, stream(PAGE), 2);

        assertThat(page.sequence()).isEqualTo(3);
        assertThat(page.header()).containsExactly("Id", "Name", "Description");
        assertThat(page.rows()).isEqualTo(2);
        assertThat(written(page)).isEqualTo(PAGE);
    }

    @Test
    void shouldDropAByteOrderMarkAndAcceptCrLfAfterTheHeader() throws IOException {
        String crlf = "\"Id\",\"Name\"\r\n\"A\",\"x\"\r\n";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = concat(bom, crlf.getBytes(StandardCharsets.UTF_8));

        CsvPage page = CsvPage.read(0, new ByteArrayInputStream(body), -1);

        assertThat(page.header()).containsExactly("Id", "Name");
        assertThat(page.rows()).isEqualTo(-1);
        assertThat(written(page)).isEqualTo(crlf);
    }

    @Test
    void shouldReadAStreamThatCannotMarkAndAHeaderWithoutRows() throws IOException {
        InputStream noMark = new FilterInputStream(stream("\"Id\",\"Na\"\"me\"")) {
            @Override
            public boolean markSupported() {
                return false;
            }
        };

        CsvPage page = CsvPage.read(0, noMark, 0);

        assertThat(page.header()).containsExactly("Id", "Na\"me");
        assertThat(written(page)).isEqualTo("\"Id\",\"Na\"\"me\"");
    }

    @Test
    void shouldTakeAnEmptyBodyAsAnEmptyPage() {
        CsvPage page = CsvPage.read(0, stream(""), 0);

        assertThat(page.isEmpty()).isTrue();
        assertThat(page.header()).isEmpty();
    }

    @Test
    void shouldRefuseAMalformedHeader() {
        assertThatThrownBy(() -> CsvPage.read(0, stream("\"Id\",\"Name\n\"A\",\"x\"\n"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unclosed quote");
        assertThatThrownBy(() -> CsvPage.read(0, stream("\"Id\",,\"Name\"\n"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty column name");
        assertThatThrownBy(() -> CsvPage.read(0, stream("\"Id\",\"ID\"\n"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names ID twice");
        assertThatThrownBy(() -> CsvPage.read(0, stream("\"Id\"x,\"Name\"\n"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
    }

    @Test
    void shouldRefuseAHeaderLineLongerThanOneMebibyte() {
        String endless = "\"" + "x".repeat(CsvPage.MAX_HEADER_BYTES + 10) + "\"\n";

        assertThatThrownBy(() -> CsvPage.read(0, stream(endless), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no header line");
    }

    @Test
    void shouldRefuseANegativeSequence() {
        assertThatThrownBy(() -> new CsvPage(-1, List.of("Id"), 0, stream("")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String written(CsvPage page) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        page.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
