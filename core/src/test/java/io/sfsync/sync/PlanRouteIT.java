package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncPlanResult;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.http.Faults;
import io.sfsync.warehouse.SyncState;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code direct:sfsync-plan} beside a real run of the same target: it takes no lock, opens no load, records no history. */
class PlanRouteIT {

    private static long historyRows(DuckDbWarehouse warehouse) throws Exception {
        if (!warehouse.tableExists(warehouse.historyTable())) {
            return 0;
        }
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"SFSYNC_CONTROL\".\"sfsync_history\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldPlanWhileARunOfTheSameTargetGoesOnWithoutTakingItsLockOrWritingHistory(@TempDir Path dir)
            throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 1500)
                .build()); RunningSfsync sfsync = new RunningSfsync(new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                        .set("sfsync.warehouse.duckdb.path", dir.resolve("plan.duckdb").toString())
                        .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString())
                        .set("sfsync.bulk.poll-initial-ms", "10").set("sfsync.bulk.poll-max-ms", "20"))) {
            IntelligentSync sync = sfsync.sync();
            DuckDbWarehouse warehouse = sfsync.warehouse(DuckDbWarehouse.class);
            SyncRequest contacts = SyncRequest.of("Contact").withTarget("RAW", "CONTACTS");
            // The first run's result page is held back 6 s, so the plan below happens in the middle of it.
            org.faults().add(Faults.Kind.DELAY, "/jobs/query/[^/]+/results", "GET", 1, 6_000);
            CompletableFuture<SyncResult> first = CompletableFuture.supplyAsync(() -> sync.sync(contacts));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (org.requests().counters().getOrDefault("bulk.create", 0L) < 1) {
                assertThat(System.nanoTime()).as("the run created its Bulk job").isLessThan(deadline);
                Thread.sleep(50);
            }

            SyncPlanResult plan = sync.plan(contacts);
            assertThat(plan.success()).as(String.valueOf(plan.error())).isTrue();
            assertThat(plan.full()).isTrue();
            assertThat(plan.syncMethod()).isEqualTo("bulk_api_full");
            assertThat(plan.estimatedRecords()).isEqualTo(1500);
            assertThat(plan.targetTable()).isEqualTo("RAW.CONTACTS");
            assertThat(plan.apiRequestsRemaining()).isPositive();
            assertThat(first).as("the run was still going when the plan answered").isNotDone();
            SyncResult second = sync.sync(contacts);
            assertThat(second.success()).isFalse();
            assertThat(second.error()).as("the real run still holds its target").contains("still in progress");
            assertThat(org.requests().counters().get("bulk.create")).as("the plan made no Bulk job").isEqualTo(1);

            SyncResult done = first.get(120, TimeUnit.SECONDS);
            assertThat(done.success()).as(String.valueOf(done.error())).isTrue();
            assertThat(historyRows(warehouse)).isEqualTo(1);

            SyncState state = warehouse.syncState(new TableRef("RAW", "CONTACTS")).orElseThrow();
            SyncPlanResult incremental = sync.plan(contacts);
            assertThat(incremental.success()).isTrue();
            assertThat(incremental.full()).isFalse();
            assertThat(incremental.syncMethod()).isEqualTo("regular_api_incremental");
            assertThat(incremental.watermark()).isEqualTo(state.watermark());
            assertThat(incremental.readFrom()).isBefore(state.watermark());

            SyncPlanResult unknown = sync.plan(SyncRequest.of("Nope__c"));
            assertThat(unknown.success()).isFalse();
            assertThat(unknown.error()).contains("unknown sObject 'Nope__c'");
            SyncPlanResult invalid = sync.plan(SyncRequest.of("Contact").withTarget("RAW", "BAD-NAME"));
            assertThat(invalid.success()).isFalse();
            assertThat(invalid.error()).contains("BAD-NAME");
            assertThat(historyRows(warehouse)).as("plans record no history").isEqualTo(1);
            assertThat(sync.sync(contacts).success()).as("no plan left a lock behind").isTrue();
        }
    }
}
