package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.DeleteMode;
import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Ids;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.RowView;
import io.sfsync.warehouse.SyncState;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact under change, end to end (camel-salesforce, the emulator, the YAML routes, DuckDB): the watermark and its
 * overlap window, the state table, soft and hard deletes, the Id reconciliation, and schema drift.
 */
class ExactnessIT {
    private static final String SINK = DemoSchema.KITCHEN_SINK;

    @TempDir
    static Path dir;
    private static SalesforceEmulator emulator;
    private static RunningSfsync sfsync;
    private static IntelligentSync sync;
    private static DuckDbWarehouse warehouse;

    @BeforeAll
    static void start() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 300).volume("Contact", 0)
                .volume("Opportunity", 0).volume(SINK, 200).bulkTiming(Duration.ofMillis(5), Duration.ofMillis(10))
                .build());
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(emulator.loginProperties())
                .set("sfsync.warehouse.duckdb.path", dir.resolve("exact.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString())
                .set("sfsync.bulk.poll-initial-ms", "10")
                .set("sfsync.bulk.max-records", "120")
                .set("sfsync.batch-rows", "50");
        sfsync = new RunningSfsync(runtime);
        sync = sfsync.sync();
        warehouse = sfsync.warehouse(DuckDbWarehouse.class);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sfsync != null) {
            sfsync.close();
        }
        emulator.close();
    }

    private static SyncResult run(SyncRequest request) {
        SyncResult r = sync.sync(request);
        assertThat(r.success()).as(r.logLine()).isTrue();
        return r;
    }

    private static SyncRequest accounts(String table, long bulk, long stage) {
        return SyncRequest.of("Account").withTarget("RAW", table).withThresholds(bulk, stage);
    }

    /** Id -> IsDeleted of every row. */
    private static Map<String, Boolean> deletedFlags(String table) throws Exception {
        Map<String, Boolean> out = new TreeMap<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"Id\", \"IsDeleted\" FROM \"RAW\".\"" + table + "\"")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getBoolean(2));
            }
        }
        return out;
    }

    /** Id -> IsDeleted of every record the org still has (the recycle bin included). */
    private static Map<String, Boolean> orgFlags(String type) {
        ObjectTable t = emulator.org().table(type);
        FieldDef isDeleted = t.def().field("IsDeleted");
        Map<String, Boolean> out = new TreeMap<>();
        for (int r = 0; r < t.rowLimit(); r++) {
            RowView row = t.row(r);
            if (row != null) {
                out.put(row.id(), Boolean.TRUE.equals(row.get(isDeleted)));
            }
        }
        return out;
    }

    private static Instant newestModstamp(String type) {
        ObjectTable t = emulator.org().table(type);
        FieldDef stamp = t.def().field("SystemModstamp");
        Instant newest = null;
        for (int r = 0; r < t.rowLimit(); r++) {
            RowView row = t.row(r);
            if (row != null) {
                Instant i = (Instant) row.get(stamp);
                newest = newest == null || i.isAfter(newest) ? i : newest;
            }
        }
        return newest;
    }

    @Test
    void shouldReadFromTheWatermarkMinusTheOverlapSoThatALateCommitIsNotMissed() throws Exception {
        SyncResult full = run(accounts("ACC_OVERLAP", 100_000, 1_000_000));
        SyncState state = warehouse.syncState(new TableRef("RAW", "ACC_OVERLAP")).orElseThrow();
        assertThat(state.watermark()).isEqualTo(newestModstamp("Account")).isEqualTo(full.watermark());
        assertThat(List.of(state.lastSyncMethod(), state.lastRunId(), state.watermarkField()))
                .containsExactly("regular_api_full", full.runId(), "SystemModstamp");

        // A transaction that started before the last run and committed after it: its SystemModstamp is older than
        // the watermark the last run recorded.
        emulator.org().clock().advance(Duration.ofMinutes(1));
        Instant watermark = state.watermark();
        emulator.org().clock().advance(Duration.ofSeconds(-90));
        String late = Ids.of("001", 7);
        emulator.org().touch(late);
        emulator.org().clock().advance(Duration.ofSeconds(90));
        FieldDef stamp = emulator.org().table("Account").def().field("SystemModstamp");
        assertThat((Instant) emulator.org().byId(late).get(stamp)).isBefore(watermark);

        SyncResult incremental = run(accounts("ACC_OVERLAP", 100_000, 1_000_000));

        assertThat(incremental.syncMethod()).isEqualTo("regular_api_incremental");
        assertThat(incremental.lastModifiedDate()).isEqualTo(watermark);
        assertThat(incremental.actualRecords()).as("only the late record changed").isEqualTo(1);
        assertThat(incremental.watermark()).as("the watermark never moves backwards").isEqualTo(watermark);
        assertThat(OrgTables.table(warehouse, "RAW", "ACC_OVERLAP"))
                .isEqualTo(OrgTables.org(emulator, "Account"));
    }

    @Test
    void shouldRemoveDeletedRecordsInHardModeAndBringUndeletedOnesBack() throws Exception {
        SyncRequest hard = accounts("ACC_HARD", 1, 1_000_000).withDeleteMode(DeleteMode.HARD);
        run(hard);
        emulator.org().clock().advance(Duration.ofSeconds(5));
        List<String> gone = List.of(Ids.of("001", 20), Ids.of("001", 21), Ids.of("001", 22));
        gone.forEach(emulator.org()::delete);

        SyncResult deleted = run(hard);

        assertThat(deleted.syncMethod()).isEqualTo("bulk_api_incremental");
        assertThat(deleted.rowsDeleted()).isEqualTo(3);
        assertThat(deletedFlags("ACC_HARD")).doesNotContainKeys(gone.toArray(new String[0]))
                .hasSize(300 - 3).doesNotContainValue(true);
        assertThat(warehouse.syncState(new TableRef("RAW", "ACC_HARD")).orElseThrow().deleteMode())
                .isEqualTo("hard");

        emulator.org().clock().advance(Duration.ofSeconds(5));
        emulator.org().undelete(gone.get(0));
        SyncResult undeleted = run(hard);

        assertThat(undeleted.rowsInserted()).isEqualTo(1);
        assertThat(deletedFlags("ACC_HARD")).containsKey(gone.get(0)).hasSize(300 - 2);
    }

    @Test
    void shouldFindRecordsPurgedFromSalesforceOnlyWithTheIdReconciliation() throws Exception {
        run(accounts("ACC_SOFT", 1, 1_000_000));
        run(accounts("ACC_RECONCILED", 1, 1_000_000));
        run(accounts("ACC_HARD_RECONCILED", 1, 1_000_000).withDeleteMode(DeleteMode.HARD));
        emulator.org().clock().advance(Duration.ofSeconds(5));
        List<String> purged = List.of(Ids.of("001", 40), Ids.of("001", 41));
        purged.forEach(emulator.org()::hardDelete);
        String recycled = Ids.of("001", 42);
        emulator.org().delete(recycled);

        SyncResult plain = run(accounts("ACC_SOFT", 1, 1_000_000));
        SyncResult reconciled = run(accounts("ACC_RECONCILED", 1, 1_000_000).withReconcileIds(true));
        SyncResult hardReconciled = run(accounts("ACC_HARD_RECONCILED", 1, 1_000_000).withReconcileIds(true)
                .withDeleteMode(DeleteMode.HARD));

        assertThat(deletedFlags("ACC_SOFT")).as("queryAll cannot see purged records: they stay, stale")
                .containsEntry(purged.get(0), false).containsEntry(recycled, true);
        assertThat(plain.rowsDeleted()).isZero();
        Map<String, Boolean> expected = new TreeMap<>(orgFlags("Account"));
        purged.forEach(id -> expected.put(id, true));
        assertThat(deletedFlags("ACC_RECONCILED")).isEqualTo(expected);
        assertThat(reconciled.rowsDeleted()).isEqualTo(2);
        assertThat(reconciled.apiCalls()).as("the Id job costs calls of its own").isGreaterThan(plain.apiCalls());
        assertThat(reconciled.bulkJobId()).as("the result names the extraction's job").isNotNull();
        Map<String, Boolean> live = new TreeMap<>(orgFlags("Account"));
        live.values().removeIf(d -> d);
        assertThat(deletedFlags("ACC_HARD_RECONCILED")).isEqualTo(live);
        assertThat(hardReconciled.rowsDeleted()).as("two purged, one in the recycle bin").isEqualTo(3);
    }

    @Test
    void shouldFollowFieldsAddedWidenedAndRemovedInSalesforceAndReportEachChange() throws Exception {
        SyncRequest sinks = SyncRequest.of(SINK).withTarget("RAW", "SINK_DRIFT").withThresholds(1L, 1_000_000L);
        run(sinks);
        emulator.org().clock().advance(Duration.ofSeconds(5));
        FieldDef score = FieldDef.builder("Score__c", FieldType.DOUBLE).precision(5, 1).build();
        emulator.org().defineField(SINK, score);
        FieldDef widened = FieldDef.builder("Percent__c", FieldType.PERCENT).precision(9, 2).build();
        emulator.org().defineField(SINK, widened);
        emulator.org().removeField(SINK, "Quantity__c");
        String scored = Ids.of("a01", 3);
        emulator.org().update(scored, Map.of(score, new java.math.BigDecimal("12.5")));

        SyncResult drifted = run(sinks);

        assertThat(drifted.schemaChanges()).containsExactlyInAnyOrder(
                "kept column Quantity__c: the field is no longer in Salesforce (new rows get NULL)",
                "widened column Percent__c from DECIMAL(5,2) to DECIMAL(9,2)",
                "added column Score__c (DECIMAL(5,1))");
        assertThat(drifted.logLine()).contains("schema_changes=");
        assertThat(drifted.actualRecords()).isEqualTo(1);
        assertEqualsOrgOverItsFields("SINK_DRIFT");

        SyncResult again = run(sinks);
        assertThat(again.schemaChanges()).as("reported once").isEmpty();

        SyncResult full = run(sinks.withForceFullSync(true));
        assertThat(full.schemaChanges()).isEmpty();
        assertEqualsOrgOverItsFields("SINK_DRIFT");
        assertThat(warehouse.columns(new TableRef("RAW", "SINK_DRIFT"))).contains("Quantity__c", "Score__c");
    }

    /** The table equals the org over the fields the org has now (kept columns of removed fields aside). */
    private static void assertEqualsOrgOverItsFields(String table) throws Exception {
        Map<String, Map<String, String>> org = OrgTables.org(emulator, SINK);
        Map<String, Map<String, String>> wh = OrgTables.table(warehouse, "RAW", table);
        assertThat(wh.keySet()).containsExactlyElementsOf(org.keySet());
        List<String> mismatches = new ArrayList<>();
        for (var e : org.entrySet()) {
            Map<String, String> row = wh.get(e.getKey());
            for (var f : e.getValue().entrySet()) {
                if (!java.util.Objects.equals(row.get(f.getKey()), f.getValue())) {
                    mismatches.add(e.getKey() + "." + f.getKey() + ": " + row.get(f.getKey()) + " != " + f.getValue());
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }
}
