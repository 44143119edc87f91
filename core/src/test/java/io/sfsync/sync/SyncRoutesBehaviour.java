package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.bulk.BulkBehaviour;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.Ids;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The six methods run for real: camel-salesforce against the emulator, the YAML routes under {@code routes/}, and a
 * warehouse: DuckDB ({@link SyncRoutesIT}) or the offline Snowflake through its JDBC driver
 * ({@link SnowflakeSyncRoutesIT}). Every table is compared with the org value by value, over every field type of
 * {@code Kitchen_Sink__c}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SyncRoutesBehaviour {
    private static final String SINK = DemoSchema.KITCHEN_SINK;
    private static final int SINKS = 400;

    @TempDir
    static Path dir;
    private SalesforceEmulator emulator;
    private RunningSfsync sfsync;
    private IntelligentSync sync;
    private Warehouse warehouse;

    /** Points sfsync at the warehouse under test (starting it when it is a server). */
    protected abstract void configureWarehouse(SfsyncRuntime runtime, Path dir) throws Exception;

    /** Stops what {@link #configureWarehouse} started. */
    protected void stopWarehouse() throws Exception {
    }

    /** The files left in the stage (named {@code stageName}) after the runs. */
    protected abstract List<String> stageFilesLeft(Warehouse warehouse, String stageName) throws Exception;

    /** Makes the stage of that name unusable for the next run (a file where its folder should be, no such stage). */
    protected abstract void makeStageUnusable(String stageName) throws Exception;

    @BeforeAll
    void start() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 1500).volume("Contact", 200)
                .volume("Opportunity", 100).volume(SINK, SINKS).bulkTiming(Duration.ofMillis(10), Duration.ofMillis(20))
                .build());
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(emulator.loginProperties())
                .set("sfsync.bulk.poll-initial-ms", "20")
                .set("sfsync.bulk.max-records", "150")
                .set("sfsync.batch-rows", "60");
        configureWarehouse(runtime, dir);
        sfsync = new RunningSfsync(runtime);
        sync = sfsync.sync();
        warehouse = sfsync.warehouse();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (sfsync != null) {
                sfsync.close();
            }
            emulator.close();
        } finally {
            stopWarehouse();
        }
    }

    protected SyncResult run(String table, long bulk, long stage, boolean force) {
        SyncResult r = sync.sync(SyncRequest.of(SINK).withTarget("RAW", table).withThresholds(bulk, stage)
                .withForceFullSync(force));
        assertThat(r.success()).as(r.logLine()).isTrue();
        return r;
    }

    protected void assertTableEqualsOrg(String table) throws Exception {
        OrgTables.assertTableEqualsOrg(emulator, SINK, warehouse, "RAW", table);
    }

    @Test
    @Order(1)
    void shouldRunEachFullMethodAndLoadEveryValueExactly() throws Exception {
        SyncResult regular = run("SINK_REGULAR", 1000, 50_000, false);
        SyncResult bulk = run("SINK_BULK", 100, 50_000, false);
        SyncResult stage = run("SINK_STAGE", 100, 200, false);
        assertThat(List.of(regular.syncMethod(), bulk.syncMethod(), stage.syncMethod()))
                .containsExactly("regular_api_full", "bulk_api_full", "bulk_api_stage_full");
        for (SyncResult r : List.of(regular, bulk, stage)) {
            assertThat(r.estimatedRecords()).isEqualTo(SINKS);
            assertThat(r.actualRecords()).isEqualTo(SINKS);
            assertThat(r.rowsInserted()).isEqualTo(SINKS);
            assertThat(r.apiCalls()).isPositive();
            assertThat(r.pages()).as("pages read").isPositive();
            assertThat(r.rowsPerSecond()).isPositive();
            assertThat(r.logLine()).contains("pages=" + r.pages()).contains("rows_per_second=");
        }
        assertThat(bulk.bulkJobId()).startsWith("750");
        for (String t : List.of("SINK_REGULAR", "SINK_BULK", "SINK_STAGE")) {
            assertTableEqualsOrg(t);
        }
        assertThat(OrgTables.table(warehouse, "RAW", "SINK_BULK"))
                .isEqualTo(OrgTables.table(warehouse, "RAW", "SINK_REGULAR"))
                .isEqualTo(OrgTables.table(warehouse, "RAW", "SINK_STAGE"));
        assertThat(stageFilesLeft(warehouse, "@SALESFORCE_STAGE")).as("stage files left behind").isEmpty();
    }

    @Test
    @Order(2)
    void shouldBringCreatesUpdatesAndDeletesOverWithEachIncrementalMethod() throws Exception {
        ProducerTemplate api = sfsync.context().createProducerTemplate();
        String[][] targets = {{"SINK_REGULAR", "1000", "50000", "regular_api_incremental"},
            {"SINK_BULK", "1", "50000", "bulk_api_incremental"}, {"SINK_STAGE", "1", "2", "bulk_api_stage_incremental"}};
        emulator.org().clock().advance(Duration.ofSeconds(2));
        int changed = 0;
        for (int i = 0; i < 7; i++) {
            api.requestBodyAndHeaders("sfsync-salesforce:updateSObject", "{\"Text__c\":\"changed, \\\"" + i
                    + "\\\"\\nline\",\"Quantity__c\":" + i + "}", Map.of(SalesforceEndpointConfig.SOBJECT_NAME, SINK,
                            SalesforceEndpointConfig.SOBJECT_ID, Ids.of("a01", 10 + i * 13)));
            changed++;
        }
        for (int i = 0; i < 3; i++) {
            api.requestBodyAndHeaders("sfsync-salesforce:createSObject",
                    "{\"Name\":\"new " + i + "\",\"External_Key__c\":\"NEW-" + i
                    + "\",\"Date_Time__c\":\"2024-02-29T23:59:59.000+0000\"}",
                    Map.of(SalesforceEndpointConfig.SOBJECT_NAME, SINK));
            changed++;
        }
        for (int i = 0; i < 2; i++) {
            api.requestBodyAndHeaders("sfsync-salesforce:deleteSObject", null,
                    Map.of(SalesforceEndpointConfig.SOBJECT_NAME, SINK, SalesforceEndpointConfig.SOBJECT_ID,
                            Ids.of("a01", 300 + i)));
            changed++;
        }
        for (String[] t : targets) {
            SyncResult r = run(t[0], Long.parseLong(t[1]), Long.parseLong(t[2]), false);
            assertThat(r.syncMethod()).isEqualTo(t[3]);
            assertThat(r.lastModifiedDate()).isNotNull();
            assertThat(r.actualRecords()).as(r.logLine()).isEqualTo(changed);
            assertThat(r.rowsInserted()).isEqualTo(3);
            assertTableEqualsOrg(t[0]);
        }
    }

    @Test
    @Order(3)
    void shouldReplaceTheTableWhenAFullSyncIsForced() throws Exception {
        SyncResult r = run("SINK_BULK", 100, 50_000, true);
        assertThat(r.syncMethod()).isEqualTo("bulk_api_full");
        assertThat(r.reason()).containsIgnoringCase("force");
        assertTableEqualsOrg("SINK_BULK");
    }

    @Test
    @Order(4)
    void shouldRecordAFailedRunAndLeaveTheTargetUntouched() throws Exception {
        Map<String, Map<String, String>> before = OrgTables.table(warehouse, "RAW", "SINK_BULK");
        emulator.org().clock().advance(Duration.ofSeconds(2));
        for (int i = 0; i < 30; i++) {
            emulator.org().touch(Ids.of("a01", i));
        }
        emulator.bulkNext(new BulkBehaviour("Query timed out: too many rows scanned", 0), 1);
        SyncResult r = sync.sync(SyncRequest.of(SINK).withTarget("RAW", "SINK_BULK").withThresholds(1L, 50_000L));
        assertThat(r.success()).isFalse();
        assertThat(r.syncMethod()).isEqualTo("bulk_api_incremental");
        assertThat(r.error()).contains("Bulk API job").contains("Failed").contains("Query timed out");
        assertThat(OrgTables.table(warehouse, "RAW", "SINK_BULK")).isEqualTo(before);
        List<Map<String, Object>> history = OrgTables.history(warehouse, r.runId());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("success")).isEqualTo(false);
        assertThat(history.get(0).get("error").toString()).contains("Query timed out");
        var jobs = emulator.requests().counters();
        assertThat(jobs.get("bulk.delete")).as("the failed job was deleted").isNotNull();
        assertThat(r.bulkJobId()).isNotNull();
        assertThat(emulator.bulkJobIds()).as("the failed run's job is gone from the org")
                .doesNotContain(r.bulkJobId());

        SyncResult retry = run("SINK_BULK", 1, 50_000, false);
        assertThat(retry.actualRecords()).isEqualTo(30);
        assertTableEqualsOrg("SINK_BULK");
    }

    @Test
    @Order(5)
    void shouldFallBackToPlainBulkAndSayWhyWhenTheStageCannotBeWritten() throws Exception {
        makeStageUnusable("@BLOCKED");
        SyncResult r = sync.sync(SyncRequest.of(SINK).withTarget("RAW", "SINK_NO_STAGE").withThresholds(100L, 200L)
                .withStage(true, "@BLOCKED"));
        assertThat(r.success()).as(r.logLine()).isTrue();
        assertThat(r.syncMethod()).isEqualTo("bulk_api_full");
        assertThat(r.reason()).contains("stage @BLOCKED unavailable");
        assertTableEqualsOrg("SINK_NO_STAGE");
        SyncResult off = sync.sync(SyncRequest.of(SINK).withTarget("RAW", "SINK_STAGE_OFF").withThresholds(100L, 200L)
                .withStage(false, null));
        assertThat(off.syncMethod()).isEqualTo("bulk_api_full");
        assertThat(off.reason()).contains("use_stage is off");
    }

    @Test
    @Order(6)
    void shouldRejectAnUnknownObjectWithOneClearError() {
        SyncResult r = sync.sync(SyncRequest.of("Nope__c").withTarget("RAW", "NOPE"));
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("Nope__c");
        SyncResult badMatch = sync.sync(SyncRequest.of("Account").withTarget("RAW", "ACC").withMatchField("Nope"));
        assertThat(badMatch.success()).isFalse();
        assertThat(badMatch.error()).isEqualTo("the match field Nope does not exist on Account");
    }
}
