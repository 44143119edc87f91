package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.ReverseResult;
import io.sfsync.emulator.TestClient;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A reverse run through Bulk streams: with uploads of 2 KiB, 1,500 rows take many ingest jobs, each job's CSV a file
 * of the spool folder written as the rows are read and deleted after its upload, never two at a time; the end state
 * and the failure rows are those of the whole source.
 */
class ReverseBulkStreamingIT extends ReverseOrgTestSupport {
    private static final int ROWS = 1_500;

    @Test
    void shouldWriteEachUploadToAFileOfItsOwnOneAtATimeAndDeleteIt() throws Exception {
        start(64 * 1024, Map.of("sfsync.reverse.bulk-threshold", "100", "sfsync.reverse.bulk.upload-bytes", "2048"));
        // every 100th row has no Name (Salesforce refuses it), every 300th no key (sfsync refuses it before sending)
        sql("CREATE TABLE ANALYTICS.MANY AS SELECT CASE WHEN i % 300 = 299 THEN NULL ELSE 'S-' || i END"
                + " AS External_Id__c, CASE WHEN i % 100 = 50 THEN NULL ELSE 'Streamed ' || i END AS Name,"
                + " CAST(i AS INTEGER) AS NumberOfEmployees FROM range(" + ROWS + ") t(i)");
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Set<Path> present = new HashSet<>();
        int made = 0;
        int most = 0;
        ReverseResult r;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            spool.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);

            r = reverse("Account", "ANALYTICS.MANY", "External_Id__c", Map.of());

            for (WatchKey key = watch.poll(); key != null; key = watch.poll()) {
                for (WatchEvent<?> e : key.pollEvents()) {
                    assertThat(e.kind()).as("no events lost").isNotEqualTo(StandardWatchEventKinds.OVERFLOW);
                    Path file = (Path) e.context();
                    if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                        made++;
                        present.add(file);
                        most = Math.max(most, present.size());
                    } else {
                        present.remove(file);
                    }
                }
                key.reset();
            }
        }

        assertThat(r.success()).as(r.logLine()).isTrue();
        assertThat(r.path()).isEqualTo("bulk");
        int jobs = r.jobIds().split(",").length;
        assertThat(jobs).as("1,500 rows of about 30 bytes take many 2 KiB uploads").isGreaterThan(10);
        assertThat(made).as("one chunk file per ingest job").isEqualTo(jobs);
        assertThat(most).as("never two chunk files at a time").isEqualTo(1);
        assertThat(present).isEmpty();
        try (Stream<Path> left = Files.list(spool)) {
            assertThat(left).isEmpty();
        }
        int noKey = ROWS / 300;
        int noName = ROWS / 100;
        assertThat(r.rowsRead()).isEqualTo(ROWS);
        assertThat(r.rowsSent()).isEqualTo(ROWS - noKey);
        assertThat(r.succeeded()).isEqualTo(ROWS - noKey - noName);
        assertThat(r.failed()).isEqualTo(noKey + noName);
        assertThat(rows("SELECT STATUS_CODE, COUNT(*) FROM ANALYTICS.MANY_SF_FAILURES GROUP BY 1 ORDER BY 1"))
                .containsExactly(java.util.List.of("REQUIRED_FIELD_MISSING", String.valueOf(noName)),
                        java.util.List.of("SFSYNC_MISSING_KEY", String.valueOf(noKey)));
        assertThat(TestClient.json(client.query("SELECT COUNT() FROM Account WHERE External_Id__c LIKE 'S-%'").body())
                .path("totalSize").asInt()).isEqualTo(ROWS - noKey - noName);
        assertThat(records("SELECT NumberOfEmployees FROM Account WHERE External_Id__c = 'S-1498'").get(0)
                .path("NumberOfEmployees").asInt()).isEqualTo(1_498);
    }
}
