package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChunkWindowTest {
    private static final SfField ID = new SfField("Id", "id", 18, 0, 0, 0, false, null);
    private static final SfField STAMP = new SfField("SystemModstamp", "datetime", 0, 0, 0, 0, false, null);
    private static final SfField NAME = new SfField("Name", "string", 80, 0, 0, 0, true, null);
    private static final SfField CITY = new SfField("City__c", "string", 80, 0, 0, 0, true, null);

    private static ChunkWindow window() {
        return new ChunkWindow(List.of(List.of(ID, STAMP, NAME), List.of(ID, STAMP, CITY)), 2,
                List.of(ID, NAME, CITY, STAMP));
    }

    private static String[] row(String... values) {
        return values;
    }

    @Test
    void shouldJoinConsistentChunksIntoRowsInLoadOrder() {
        ChunkWindow w = window();
        w.add(0, List.<String[]>of(row("001A", "t1", "Acme, \"Inc\""), row("001B", "t2", "")));
        w.add(1, List.<String[]>of(row("001A", "t1", "Köln"), row("001B", "t2", "Paris")));
        assertThat(w.firstId()).isEqualTo("001A");
        assertThat(w.lastId()).isEqualTo("001B");
        assertThat(w.inconsistency()).isNull();
        assertThat(w.toBatch(3).text()).isEqualTo("\"Id\",\"Name\",\"City__c\",\"SystemModstamp\"\n"
                + "\"001A\",\"Acme, \"\"Inc\"\"\",\"Köln\",\"t1\"\n\"001B\",\"\",\"Paris\",\"t2\"\n");
        assertThat(w.toBatch(3).rows()).isEqualTo(2);
    }

    @Test
    void shouldNameARecordChangedBetweenChunkReads() {
        ChunkWindow w = window();
        w.add(0, List.<String[]>of(row("001A", "t1", "a"), row("001B", "t2", "b")));
        w.add(1, List.<String[]>of(row("001A", "t1", "x"), row("001B", "t9", "y")));
        assertThat(w.inconsistency()).isEqualTo("record 001B changed between the reads of chunk 1 and chunk 2");
    }

    @Test
    void shouldNameARecordCreatedOrPurgedBetweenChunkReads() {
        ChunkWindow created = window();
        created.add(0, List.<String[]>of(row("001A", "t1", "a"), row("001C", "t3", "c")));
        created.add(1, List.<String[]>of(row("001A", "t1", "x"), row("001B", "t2", "y"), row("001C", "t3", "z")));
        assertThat(created.inconsistency()).isEqualTo("record 001B is in chunk 2 but not in chunk 1");
        ChunkWindow purged = window();
        purged.add(0, List.<String[]>of(row("001A", "t1", "a"), row("001C", "t3", "c")));
        purged.add(1, List.<String[]>of(row("001A", "t1", "x")));
        assertThat(purged.inconsistency()).isEqualTo("record 001C is in chunk 1 but not in chunk 2");
    }

    @Test
    void shouldStartARangeAfreshWhenCleared() {
        ChunkWindow w = window();
        w.add(0, List.<String[]>of(row("001A", "t1", "a")));
        w.add(1, List.<String[]>of(row("001A", "t0", "x")));
        assertThat(w.inconsistency()).isNotNull();
        w.clearFrom(0);
        assertThat(w.size()).isZero();
        w.add(0, List.<String[]>of(row("001A", "t1", "a")));
        w.add(1, List.<String[]>of(row("001A", "t1", "x")));
        assertThat(w.inconsistency()).isNull();
    }
}
