package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestChunksTest {
    private static final List<WritableField> FIELDS = List.of(
            new WritableField("Ext_Id__c", "string", 0, true, true, true, true),
            new WritableField("Name", "string", 0, true, true, false, false));
    private static final ReverseRows ROWS = new ReverseRows(FIELDS, "Ext_Id__c");

    @TempDir
    Path dir;

    /** A feed of these rows that counts how many the source has handed out. */
    private static ReverseFeed feed(List<Object[]> source, int[] handedOut) {
        var it = source.iterator();
        return new ReverseFeed(ROWS, () -> {
            if (!it.hasNext()) {
                return null;
            }
            handedOut[0]++;
            return it.next();
        }, f -> {
            throw new AssertionError(f.toString());
        });
    }

    private static List<Object[]> rows(int n) {
        List<Object[]> source = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            source.add(new Object[] {"K" + i, "name " + i});
        }
        return source;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /** Every chunk, each read and released before the next, as the route does. */
    private List<String> drain(IngestChunks chunks, ReverseFeed feed) throws IOException {
        List<String> out = new ArrayList<>();
        for (IngestChunks.Chunk c = chunks.next(feed); c != null; c = chunks.next(feed)) {
            assertThat(files()).containsExactly(c.file());
            assertThat(Files.size(c.file())).isEqualTo(c.bytes());
            out.add(Files.readString(c.file()));
            chunks.release(c);
            assertThat(files()).isEmpty();
        }
        return out;
    }

    @Test
    void shouldQuoteOnlyWhatMustBeAndNullAsHashNa() throws IOException {
        IngestChunks chunks = new IngestChunks(dir, ROWS, 1_000_000, 1_000);
        List<String> csv = drain(chunks, feed(List.of(new Object[] {"A", "a, \"quoted\"\nline"},
                new Object[] {"B", null}, new Object[] {"C", ""}), new int[1]));
        assertThat(csv).containsExactly("Ext_Id__c,Name\nA,\"a, \"\"quoted\"\"\nline\"\nB,#N/A\nC,#N/A\n");
    }

    @Test
    void shouldCutByRowsEachChunkWithItsHeader() throws IOException {
        List<String> csv = drain(new IngestChunks(dir, ROWS, 1_000_000, 2), feed(rows(5), new int[1]));
        assertThat(csv).containsExactly("Ext_Id__c,Name\nK0,name 0\nK1,name 1\n",
                "Ext_Id__c,Name\nK2,name 2\nK3,name 3\n", "Ext_Id__c,Name\nK4,name 4\n");
    }

    @Test
    void shouldCutByBytesNeverPassingTheLimitNorLosingTheRowThatDidNotFit() throws IOException {
        // header 15 bytes, each row 10 to 12 bytes: 60 bytes hold the header and 3 or 4 rows
        List<String> csv = drain(new IngestChunks(dir, ROWS, 60, 1_000), feed(rows(20), new int[1]));
        assertThat(csv).allSatisfy(c -> assertThat(c.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(60));
        assertThat(String.join("", csv).replace("Ext_Id__c,Name\n", "")).isEqualTo(rows(20).stream()
                .map(r -> r[0] + "," + r[1] + "\n").reduce("", String::concat));
        assertThat(csv.size()).isGreaterThan(4);
    }

    @Test
    void shouldHoldOneChunkAtATimeAndReadOnlyItsRows() throws IOException {
        int[] handedOut = new int[1];
        ReverseFeed feed = feed(rows(1_000), handedOut);
        IngestChunks chunks = new IngestChunks(dir, ROWS, 1_000_000, 100);

        IngestChunks.Chunk first = chunks.next(feed);

        assertThat(first.rows()).isEqualTo(100);
        assertThat(handedOut[0]).as("the source is read as far as the chunk needs, not whole").isLessThanOrEqualTo(101);
        assertThatThrownBy(() -> chunks.next(feed)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still in flight");
        assertThat(files()).containsExactly(first.file());
        chunks.release(first);
        IngestChunks.Chunk second = chunks.next(feed);
        assertThat(second.rows()).isEqualTo(100);
        assertThat(handedOut[0]).isLessThanOrEqualTo(201);
        chunks.close();
        assertThat(files()).as("closing deletes the chunk in flight").isEmpty();
        assertThat(chunks.filesMade()).isEqualTo(2);
    }

    @Test
    void shouldRefuseARowLargerThanAnUploadAndLeaveNoFile() throws IOException {
        IngestChunks chunks = new IngestChunks(dir, ROWS, 50, 10);
        ReverseFeed feed = feed(List.<Object[]>of(new Object[] {"A", "x".repeat(100)}), new int[1]);
        assertThatThrownBy(() -> chunks.next(feed)).hasMessageContaining("sfsync.reverse.bulk.upload-bytes=50");
        assertThat(files()).isEmpty();
    }
}
