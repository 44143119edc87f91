package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.bulk.BulkBehaviour;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs started by the Quartz route template, and two runs of one target that must not overlap. */
class ScheduledSyncIT {

    private static SfsyncRuntime runtime(SalesforceEmulator org, Path dir) {
        return new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("sfsync.warehouse.duckdb.path", dir.resolve("sched.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString())
                .set("sfsync.bulk.poll-initial-ms", "10")
                .set("sfsync.bulk.poll-max-ms", "20");
    }

    private static long successfulRuns(DuckDbWarehouse warehouse, String table) throws Exception {
        if (!warehouse.tableExists(warehouse.historyTable())) {
            return 0;
        }
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"SFSYNC_CONTROL\".\"sfsync_history\" WHERE"
                        + " \"target_table\" = 'RAW." + table + "' AND \"success\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldSyncAConfiguredObjectOnItsCronSchedule(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Opportunity", 300)
                .build())) {
            SfsyncRuntime rt = runtime(org, dir)
                    .set("camel.route-template[sync-opportunity].template-id", "sync-object")
                    .set("camel.route-template[sync-opportunity].sobject", "Opportunity")
                    .set("camel.route-template[sync-opportunity].cron", "0/1 * * * * ?")
                    .set("camel.route-template[sync-opportunity].table", "SCHEDULED_OPPORTUNITIES");
            try (RunningSfsync sfsync = new RunningSfsync(rt)) {
                DuckDbWarehouse warehouse = sfsync.warehouse(DuckDbWarehouse.class);
                assertThat(sfsync.context().getRoute("sync-opportunity")).isNotNull();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (successfulRuns(warehouse, "SCHEDULED_OPPORTUNITIES") < 2 && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                }
                assertThat(successfulRuns(warehouse, "SCHEDULED_OPPORTUNITIES")).isGreaterThanOrEqualTo(2);
                assertThat(OrgTables.count(warehouse, "RAW", "SCHEDULED_OPPORTUNITIES")).isEqualTo(300);
                // Quartz's own 10 threads would skip the slots of the eleventh and later objects of one cron.
                assertThat(sfsync.context().getComponent("quartz", QuartzComponent.class).getScheduler()
                        .getMetaData().getThreadPoolSize()).isEqualTo(50);
            }
        }
    }

    @Test
    void shouldSkipASecondRunOfTheSameTargetWhileTheFirstIsStillGoing(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 200)
                .build()); RunningSfsync sfsync = new RunningSfsync(runtime(org, dir))) {
            IntelligentSync sync = sfsync.sync();
            SyncRequest request = SyncRequest.of("Contact").withTarget("RAW", "CONTACTS").withThresholds(1L, 100_000L);
            org.bulkNext(new BulkBehaviour(null, 1_000_000), 1);
            CompletableFuture<SyncResult> first = CompletableFuture.supplyAsync(() -> sync.sync(request));
            String jobId = awaitPolledJob(org.requests(), Duration.ofSeconds(30));

            SyncResult second = sync.sync(request);
            assertThat(second.success()).isFalse();
            assertThat(second.error()).startsWith("skipped: run ").contains("still in progress");
            assertThat(first).isNotDone();

            org.bulkJob(jobId, new BulkBehaviour(null, 0));
            SyncResult done = first.get(60, TimeUnit.SECONDS);
            assertThat(done.success()).as(done.logLine()).isTrue();
            assertThat(done.actualRecords()).isEqualTo(200);
            assertThat(sync.sync(request).success()).as("the target is free again").isTrue();
        }
    }

    @Test
    void shouldStartNoMoreRunsThanTheSlotsAndLetTheNextOneGoWhenOneEnds(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 200)
                .volume("Opportunity", 300).build()); LogCapture log = new LogCapture();
                RunningSfsync sfsync = new RunningSfsync(runtime(org, dir).set("sfsync.runs.max-concurrent", "1")
                        .set("sfsync.progress-seconds", "1"))) {
            IntelligentSync sync = sfsync.sync();
            org.bulkNext(new BulkBehaviour(null, 1_000_000), 1);
            CompletableFuture<SyncResult> contacts = CompletableFuture.supplyAsync(() -> sync.sync(
                    SyncRequest.of("Contact").withTarget("RAW", "CONTACTS").withThresholds(1L, 100_000L)));
            String jobId = awaitPolledJob(org.requests(), Duration.ofSeconds(30));
            CompletableFuture<SyncResult> opportunities = CompletableFuture.supplyAsync(() -> sync.sync(
                    SyncRequest.of("Opportunity").withTarget("RAW", "OPPORTUNITIES").withThresholds(1L, 100_000L)));
            // The second run waits for the one slot before its first Salesforce call, and says so.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!log.text().contains("Opportunity -> RAW.OPPORTUNITIES: waiting for a run slot")) {
                assertThat(System.nanoTime()).as("the second run's progress line").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
            assertThat(org.requests().since(0).stream().filter(e -> e.operation().equals("bulk.create")))
                    .as("no second Bulk job while the first run holds the only slot").hasSize(1);
            assertThat(org.requests().since(0).stream().filter(e -> e.path().contains("/sobjects/Opportunity")))
                    .as("not even a describe").isEmpty();
            assertThat(opportunities).isNotDone();

            org.bulkJob(jobId, new BulkBehaviour(null, 0));
            SyncResult first = contacts.get(60, TimeUnit.SECONDS);
            SyncResult second = opportunities.get(60, TimeUnit.SECONDS);
            assertThat(first.success()).as(first.logLine()).isTrue();
            assertThat(second.success()).as(second.logLine()).isTrue();
            assertThat(second.actualRecords()).isEqualTo(300);
            assertThat(org.requests().since(0).stream().filter(e -> e.operation().equals("bulk.create")))
                    .hasSize(2);
        }
    }

    @Test
    void shouldFinishMoreWaitingRunsThanCamelSalesforceHasCallbackThreads(@TempDir Path dir) throws Exception {
        // Sixteen runs wait for two slots: waiting on camel-salesforce's HTTP callback threads (about ten) would leave
        // the two running runs without a thread for their answers, and nothing would ever finish.
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Opportunity", 1_500)
                .build()); RunningSfsync sfsync = new RunningSfsync(runtime(org, dir)
                        .set("sfsync.runs.max-concurrent", "2"))) {
            IntelligentSync sync = sfsync.sync();
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(16);
            try {
                java.util.List<CompletableFuture<SyncResult>> runs = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    String table = "OPPORTUNITIES_" + i;
                    runs.add(CompletableFuture.supplyAsync(() -> sync.sync(SyncRequest.of("Opportunity")
                            .withTarget("RAW", table)), callers));
                }
                for (CompletableFuture<SyncResult> run : runs) {
                    SyncResult r = run.get(120, TimeUnit.SECONDS);
                    assertThat(r.success()).as(r.logLine()).isTrue();
                    assertThat(r.actualRecords()).isEqualTo(1_500);
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    /** Waits until the emulator has answered at least two polls of a Bulk job, and returns its id. */
    private static String awaitPolledJob(RequestLog log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            var polls = log.since(0).stream().filter(e -> e.operation().equals("bulk.get")).toList();
            if (polls.size() >= 2) {
                String path = polls.get(0).path();
                return path.substring(path.lastIndexOf('/') + 1);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("no Bulk job was polled within " + timeout);
    }
}
