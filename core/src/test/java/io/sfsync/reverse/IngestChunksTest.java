package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class IngestChunksTest {
    private static final List<WritableField> FIELDS = List.of(
            new WritableField("Ext_Id__c", "string", 0, true, true, true, true),
            new WritableField("Name", "string", 0, true, true, false, false));

    private static ReverseRows rows(int n) {
        List<Object[]> source = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            source.add(new Object[] {"K" + i, "name " + i});
        }
        return new ReverseRows(FIELDS, "Ext_Id__c", source);
    }

    @Test
    void shouldQuoteOnlyWhatMustBeAndNullAsHashNa() {
        ReverseRows rows = new ReverseRows(FIELDS, "Ext_Id__c", List.<Object[]>of(
                new Object[] {"A", "a, \"quoted\"\nline"}, new Object[] {"B", null}, new Object[] {"C", ""}));
        List<IngestChunks.Chunk> chunks = IngestChunks.split(rows, 1_000_000, 1_000);
        assertThat(chunks).hasSize(1);
        assertThat(new String(chunks.get(0).csv(), StandardCharsets.UTF_8)).isEqualTo(
                "Ext_Id__c,Name\nA,\"a, \"\"quoted\"\"\nline\"\nB,#N/A\nC,#N/A\n");
    }

    @Test
    void shouldCutByRowsEachChunkWithItsHeader() {
        List<IngestChunks.Chunk> chunks = IngestChunks.split(rows(5), 1_000_000, 2);
        assertThat(chunks).extracting(IngestChunks.Chunk::rows).containsExactly(2, 2, 1);
        assertThat(chunks).extracting(IngestChunks.Chunk::firstRow).containsExactly(0, 2, 4);
        assertThat(new String(chunks.get(2).csv(), StandardCharsets.UTF_8)).isEqualTo("Ext_Id__c,Name\nK4,name 4\n");
    }

    @Test
    void shouldCutByBytesNeverPassingTheLimit() {
        // header 15 bytes, each row 12 bytes ("K0,name 0\n" is 10; K10.. 12): 60 bytes hold the header and 3 or 4 rows
        List<IngestChunks.Chunk> chunks = IngestChunks.split(rows(20), 60, 1_000);
        assertThat(chunks).allSatisfy(c -> assertThat(c.csv().length).isLessThanOrEqualTo(60));
        assertThat(chunks.stream().mapToInt(IngestChunks.Chunk::rows).sum()).isEqualTo(20);
        assertThat(chunks.size()).isGreaterThan(4);
    }

    @Test
    void shouldRefuseARowLargerThanAnUpload() {
        ReverseRows rows = new ReverseRows(FIELDS, "Ext_Id__c", List.<Object[]>of(new Object[] {"A", "x".repeat(100)}));
        assertThatThrownBy(() -> IngestChunks.split(rows, 50, 10)).hasMessageContaining(
                "sfsync.reverse.bulk.upload-bytes=50");
    }
}
