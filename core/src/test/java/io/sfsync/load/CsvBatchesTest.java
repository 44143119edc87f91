package io.sfsync.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class CsvBatchesTest {

    private static InputStream body(String csv) {
        return new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8));
    }

    private static List<CsvBatch> all(CsvBatches it) {
        List<CsvBatch> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<List<String>> parse(CsvBatch b) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (CSVRecord r : CSVFormat.RFC4180.parse(new StringReader(b.text()))) {
            rows.add(r.toList());
        }
        return rows;
    }

    /** A page as Bulk writes it: n rows of Id and Name. */
    private static String page(int n) {
        StringBuilder b = new StringBuilder("\"Id\",\"Name\"\n");
        for (int i = 0; i < n; i++) {
            b.append("\"001").append(i).append("\",\"Name ").append(i).append("\"\n");
        }
        return b.toString();
    }

    @Test
    void shouldSplitIntoBatchesOfAtMostNRowsEachWithTheHeader() {
        List<CsvBatch> batches = all(CsvBatches.split(body(page(12)), 0, 5));

        assertThat(batches).extracting(CsvBatch::rows).containsExactly(5, 5, 2);
        assertThat(batches).extracting(CsvBatch::sequence).containsExactly(0, 1, 2);
        assertThat(batches.get(0).header()).containsExactly("Id", "Name");
        assertThat(batches.get(2).text()).isEqualTo("\"Id\",\"Name\"\n\"00110\",\"Name 10\"\n\"00111\",\"Name 11\"\n");
        for (CsvBatch b : batches) {
            assertThat(b.text()).startsWith("\"Id\",\"Name\"\n");
        }
    }

    @Test
    void shouldKeepABulkPageByteForByteWhenItFitsOneBatch() {
        String csv = page(3);
        List<CsvBatch> batches = all(CsvBatches.split(body(csv), 7));

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).sequence()).isEqualTo(7);
        assertThat(batches.get(0).text()).isEqualTo(csv);
    }

    @Test
    void shouldContinueSequencesAcrossPages() {
        CsvBatches first = CsvBatches.split(body(page(10)), 0, 4);
        List<CsvBatch> a = all(first);
        CsvBatches second = CsvBatches.split(body(page(3)), first.nextSequence(), 4);
        List<CsvBatch> b = all(second);

        assertThat(a).extracting(CsvBatch::sequence).containsExactly(0, 1, 2);
        assertThat(b).extracting(CsvBatch::sequence).containsExactly(3);
        assertThat(second.nextSequence()).isEqualTo(4);
        assertThat(first.rowsRead() + second.rowsRead()).isEqualTo(13);
    }

    @Test
    void shouldEndWithoutAnEmptyBatchWhenRowsFillTheLastBatchExactly() {
        List<CsvBatch> batches = all(CsvBatches.split(body(page(10)), 0, 5));

        assertThat(batches).extracting(CsvBatch::rows).containsExactly(5, 5);
    }

    @Test
    void shouldCarryQuotesLineBreaksNonAsciiAndEmptyFields() throws IOException {
        String csv = "\"Id\",\"Text__c\",\"Empty\",\"Number\"\n"
                + "\"a01\",\"say \"\"hi\"\", then\nleave\",\"\",\"15000\"\n"
                + "\"a02\",\"CR\r\nLF, Ω ü € 😀\",\"\",\"\"\n";
        List<CsvBatch> batches = all(CsvBatches.split(body(csv), 0, 1));

        assertThat(batches).hasSize(2);
        assertThat(parse(batches.get(0))).containsExactly(List.of("Id", "Text__c", "Empty", "Number"),
                List.of("a01", "say \"hi\", then\nleave", "", "15000"));
        assertThat(parse(batches.get(1)).get(1)).containsExactly("a02", "CR\r\nLF, Ω ü € 😀", "", "");
    }

    @Test
    void shouldReadUnquotedAndCrlfInputAndWriteTheCanonicalForm() {
        String csv = "Id,Name\r\n001,Acme\r\n002,\r\n";
        List<CsvBatch> batches = all(CsvBatches.split(body(csv), 0));

        assertThat(batches.get(0).text()).isEqualTo("\"Id\",\"Name\"\n\"001\",\"Acme\"\n\"002\",\"\"\n");
    }

    @Test
    void shouldReadAnotherDelimiter() {
        List<CsvBatch> batches = all(CsvBatches.split(body("\"Id\"|\"Name\"\n\"001\"|\"a,b\"\n"), 0, 10, '|'));

        assertThat(batches.get(0).text()).isEqualTo("\"Id\",\"Name\"\n\"001\",\"a,b\"\n");
    }

    @Test
    void shouldYieldNoBatchForAHeaderOnlyPage() {
        CsvBatches it = CsvBatches.split(body("\"Id\",\"Name\"\n"), 4);

        assertThat(it.hasNext()).isFalse();
        assertThat(it.header()).containsExactly("Id", "Name");
        assertThat(it.nextSequence()).isEqualTo(4);
    }

    @Test
    void shouldYieldNoBatchForAnEmptyBody() {
        CsvBatches it = CsvBatches.split(body(""), 0);

        assertThat(it.hasNext()).isFalse();
        assertThat(it.header()).isEmpty();
    }

    @Test
    void shouldDropAByteOrderMark() {
        List<CsvBatch> batches = all(CsvBatches.split(body("\uFEFF\"Id\"\n\"001\"\n"), 0));

        assertThat(batches.get(0).header()).containsExactly("Id");
    }

    @Test
    void shouldRefuseARowWithTheWrongNumberOfFields() {
        CsvBatches it = CsvBatches.split(body("\"Id\",\"Name\"\n\"001\",\"a\"\n\"002\"\n"), 0);

        assertThatThrownBy(it::next).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CSV row 2").hasMessageContaining("has 1 fields, the header has 2");
    }

    @Test
    void shouldRefuseAnUnterminatedQuote() {
        CsvBatches it = CsvBatches.split(body("\"Id\",\"Name\"\n\"001\",\"never closed\n"), 0);

        assertThatThrownBy(it::hasNext).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed CSV");
    }

    @Test
    void shouldRefuseABatchSizeBelowOne() {
        assertThatThrownBy(() -> CsvBatches.split(body(page(1)), 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sfsync.batch-rows");
    }

    @Test
    void shouldCloseTheStreamWhenExhausted() {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(page(2).getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        all(CsvBatches.split(in, 0));

        assertThat(closed).isTrue();
    }

    @Test
    void shouldReadTheStreamLazilyBatchByBatch() {
        int[] served = new int[1];
        // an endless page: only a streaming reader can give its first batches
        InputStream endless = new InputStream() {
            private byte[] chunk = "\"Id\",\"Name\"\n".getBytes(StandardCharsets.UTF_8);
            private int pos;
            private int row;

            @Override
            public int read() {
                if (pos == chunk.length) {
                    chunk = ("\"" + row + "\",\"row " + row++ + "\"\n").getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                }
                served[0]++;
                return chunk[pos++] & 0xFF;
            }
        };
        CsvBatches it = CsvBatches.split(endless, 0, 1_000);
        CsvBatch a = it.next();
        CsvBatch b = it.next();
        it.close();

        assertThat(a.rows()).isEqualTo(1_000);
        assertThat(b.sequence()).isEqualTo(1);
        assertThat(b.text()).contains("\"1999\",\"row 1999\"\n");
        assertThat(served[0]).isLessThan(200_000);
    }

    @Test
    void shouldSplitALargePageQuickly() {
        int n = 200_000;
        StringBuilder csv = new StringBuilder(n * 60).append("\"Id\",\"Name\",\"Amount\",\"When\"\n");
        for (int i = 0; i < n; i++) {
            csv.append("\"001").append(i).append("\",\"Name, \"\"").append(i).append("\"\"\",\"").append(i * 3)
                    .append(".5\",\"2024-01-15T10:30:00.000Z\"\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        long rows = 0;
        int bytesOut = 0;
        CsvBatches it = CsvBatches.split(new ByteArrayInputStream(bytes), 0);
        while (it.hasNext()) {
            CsvBatch b = it.next();
            rows += b.rows();
            bytesOut += b.csv().length - "\"Id\",\"Name\",\"Amount\",\"When\"\n".length();
        }

        assertThat(rows).isEqualTo(n);
        assertThat(it.nextSequence()).isEqualTo(40);
        assertThat(bytesOut).isEqualTo(bytes.length - "\"Id\",\"Name\",\"Amount\",\"When\"\n".length());
    }
}
