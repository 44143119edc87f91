package io.sfsync.cli;

import static io.sfsync.testing.PackagedJar.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.bulk.BulkBehaviour;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.testing.PackagedJar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to {@code java -jar target/sfsync.jar run} while a run waits for its Bulk job: the run is stopped cleanly
 * (job aborted and deleted, nothing loaded, the history says stopped), the process ends within camel-main's shutdown
 * timeout, and the next {@code run} syncs as if nothing had happened.
 */
class GracefulStopIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final int ACCOUNTS = 3000;
    private static SalesforceEmulator org;

    @TempDir
    Path dir;

    @BeforeAll
    static void startOrg() {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", ACCOUNTS).build());
    }

    @AfterAll
    static void stopOrg() {
        org.close();
    }

    private static Map<String, String> credentials() {
        return PackagedJar.credentials(org);
    }

    private void configure() throws Exception {
        Path config = dir.resolve("config");
        Files.createDirectories(config);
        Files.writeString(config.resolve("application.properties"), String.join("\n",
                "sfsync.warehouse.duckdb.path = data/sfsync.duckdb",
                "sfsync.bulk-api-threshold = 100",
                "sfsync.bulk.poll-initial-ms = 50",
                "sfsync.bulk.poll-max-ms = 200") + "\n");
        String at = "camel.route-template[accounts].";
        Files.writeString(config.resolve("objects.properties"), String.join("\n",
                at + "template-id = sync-object", at + "sobject = Account", at + "cron = 0/2 * * * * ?",
                at + "table = ACCOUNTS", at + "forceFullSync = true") + "\n");
    }

    private static List<Map<String, Object>> rows(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<Map<String, Object>> out = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    private static String awaitPolledJob(long sinceSeq, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<RequestLog.Entry> polls = org.requests().since(sinceSeq).stream()
                    .filter(e -> e.operation().equals("bulk.get")).toList();
            if (polls.size() >= 2) {
                String path = polls.get(0).path();
                return path.substring(path.lastIndexOf('/') + 1);
            }
            LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("no Bulk job was polled within " + timeout);
    }

    @Test
    void shouldAbortARunWaitingForItsBulkJobOnSigtermAndSyncNormallyAfter() throws Exception {
        configure();
        Path db = dir.resolve("data/sfsync.duckdb");
        try (PackagedJar first = PackagedJar.start(dir, credentials(), List.of(), "run")) {
            first.awaitLine(l -> l.contains("sync done:") && l.contains("success=true"), START);
            first.stop(Duration.ofSeconds(60));
        }
        String tableBefore = "SELECT COUNT(*) AS n, MAX(\"SystemModstamp\") AS newest FROM RAW.ACCOUNTS";
        List<Map<String, Object>> before = rows(db, tableBefore);
        String state = "SELECT * FROM \"SFSYNC_CONTROL\".\"sfsync_state\"";
        List<Map<String, Object>> stateBefore = rows(db, state);
        assertThat(before.get(0).get("n")).isEqualTo((long) ACCOUNTS);

        org.bulkNext(new BulkBehaviour(null, 1_000_000), 1);
        long seq = org.requests().lastSeq();
        try (PackagedJar second = PackagedJar.start(dir, credentials(), List.of(), "run")) {
            String jobId = awaitPolledJob(seq, START);
            long sent = System.nanoTime();
            int status = second.stop(Duration.ofSeconds(40));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            String log = second.stdout() + second.stderr();
            assertThat(took).as("ended within the shutdown timeout (30 s); log:\n" + log)
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(status).as(log).isIn(0, 143);
            assertThat(log).contains("stopping the run of Account -> RAW.ACCOUNTS");
            assertThat(log).contains("sync failed:").contains("stopped: sfsync was shutting down");
            List<RequestLog.Entry> calls = org.requests().since(seq);
            assertThat(calls).as("the job was aborted and deleted").anyMatch(e -> e.operation().equals("bulk.abort")
                    && e.path().endsWith(jobId) && e.status() < 300);
            assertThat(calls).anyMatch(e -> e.operation().equals("bulk.delete") && e.path().endsWith(jobId)
                    && e.status() < 300);
            assertThat(org.bulkJobIds()).as("no job left in the org").isEmpty();
        }
        List<Map<String, Object>> last = rows(db, "SELECT \"success\", \"error\", \"bulk_job_id\" FROM"
                + " \"SFSYNC_CONTROL\".\"sfsync_history\" ORDER BY \"sync_timestamp\" DESC LIMIT 1");
        assertThat(last.get(0).get("success")).isEqualTo(false);
        assertThat((String) last.get(0).get("error")).startsWith("stopped: sfsync was shutting down");
        assertThat(rows(db, tableBefore)).as("the table is unchanged").isEqualTo(before);
        assertThat(rows(db, state)).as("the state row is unchanged").isEqualTo(stateBefore);

        try (PackagedJar third = PackagedJar.start(dir, credentials(), List.of(), "run")) {
            third.awaitLine(l -> l.contains("sync done:") && l.contains("success=true"), START);
            third.stop(Duration.ofSeconds(60));
        }
        assertThat(rows(db, tableBefore).get(0).get("n")).isEqualTo((long) ACCOUNTS);
    }
}
