package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.app.Warehouses;
import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.http.Faults;
import io.sfsync.warehouse.ControlTables;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.warehouse.Warehouse;
import io.sfsync.warehouse.snowflake.SnowflakeSettings;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sfsync status} and {@code history} on Snowflake read the control tables directly, from a warehouse of their
 * own (as another process would), also while a sync of the same target is running.
 */
@LoopbackOnly
class SnowflakeControlTablesIT {

    @Test
    void shouldReadStatusAndHistoryDirectlyWhileASyncRuns(@TempDir Path dir) throws Exception {
        try (OfflineSnowflake offline = OfflineSnowflake.start(dir.resolve("snowflake"), true, "RAW");
                SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 300)
                        .volume("Contact", 1500).build())) {
            SfsyncRuntime runtime = offline.configure(new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties()), "RAW")
                    .set("sfsync.bulk.poll-initial-ms", "10").set("sfsync.bulk.poll-max-ms", "20");
            Map<String, String> settings = new HashMap<>(offline.settings());
            settings.put(SnowflakeSettings.PREFIX + "schema", "RAW");
            try (RunningSfsync sfsync = new RunningSfsync(runtime);
                    Warehouse reader = Warehouses.fromProperties(settings::get, Checkpoints.none())) {
                IntelligentSync sync = sfsync.sync();
                assertThat(sync.sync(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS")).success()).isTrue();
                SyncRequest contacts = SyncRequest.of("Contact").withTarget("RAW", "CONTACTS");
                assertThat(sync.sync(contacts).success()).isTrue();

                org.faults().add(Faults.Kind.DELAY, "/jobs/query/[^/]+/results", "GET", 1, 6_000);
                CompletableFuture<SyncResult> running = CompletableFuture.supplyAsync(() ->
                        sync.sync(contacts.withForceFullSync(true)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (org.requests().counters().getOrDefault("bulk.create", 0L) < 2) {
                    assertThat(System.nanoTime()).as("the run created its Bulk job").isLessThan(deadline);
                    Thread.sleep(50);
                }

                ControlTables tables = new ControlTables(reader, "SFSYNC_CONTROL");
                Map<String, Map<String, Object>> status = new TreeMap<>();
                tables.status(Instant.now()).forEach(t -> status.put(String.valueOf(t.get("target_table")), t));
                assertThat(running).as("the sync was still running").isNotDone();
                assertThat(status).containsOnlyKeys("RAW.ACCOUNTS", "RAW.CONTACTS");
                assertThat(status.get("RAW.ACCOUNTS").get("rows")).isEqualTo(300L);
                assertThat(status.get("RAW.CONTACTS").get("rows")).isEqualTo(1500L);
                assertThat(status.get("RAW.CONTACTS").get("sobject")).isEqualTo("Contact");
                assertThat(status.get("RAW.CONTACTS").get("last_run_success")).isEqualTo(true);
                assertThat(status.get("RAW.CONTACTS").get("watermark")).isNotNull();
                assertThat(status.get("RAW.CONTACTS").get("last_success")).isNotNull();
                List<Map<String, Object>> contactRuns = tables.history("contact", 5);
                assertThat(contactRuns).hasSize(1);
                assertThat(contactRuns.get(0).get("actual_records")).isEqualTo(1500L);

                assertThat(running.get(120, TimeUnit.SECONDS).success()).isTrue();
                List<Map<String, Object>> all = tables.history(null, 10);
                assertThat(all).extracting(r -> r.get("target_table")).containsExactly("RAW.CONTACTS",
                        "RAW.CONTACTS", "RAW.ACCOUNTS");
                assertThat(all.get(0).get("sync_method")).isEqualTo("bulk_api_full");
                assertThat(tables.history("RAW.ACCOUNTS", 1)).hasSize(1);
            }
        }
    }
}
