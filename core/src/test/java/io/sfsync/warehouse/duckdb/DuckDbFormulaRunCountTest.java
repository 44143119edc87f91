package io.sfsync.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncResult;
import io.sfsync.plan.FormulaRefresh;
import io.sfsync.warehouse.ControlTables;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The count behind {@code formulaRefreshEvery}, read from a real DuckDB history: successful incremental runs of one
 * target since its last successful formula refresh or full sync.
 */
class DuckDbFormulaRunCountTest {
    @TempDir
    Path dir;

    private DuckDbWarehouse warehouse;
    private ControlTables control;
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    @BeforeEach
    void open() {
        warehouse = new DuckDbWarehouse(dir.resolve("db/sfsync.duckdb"), dir.resolve("stage"), "ops");
        warehouse.open();
        control = new ControlTables(warehouse, "ops");
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    private void run(String target, String method, boolean success) {
        clock = clock.plusSeconds(60);
        warehouse.recordHistory(SyncResult.builder().runId("r" + clock.getEpochSecond()).sobject("Contact")
                .targetTable(target).syncMethod(method).success(success).syncTimestamp(clock).build());
    }

    private int count(String target) {
        return control.runsSinceLast(target, FormulaRefresh.countedMethods(), FormulaRefresh.restartingMethods());
    }

    @Test
    void shouldCountSuccessfulIncrementalRunsSinceTheLastRefreshOrFullSyncOfTheTarget() {
        run("RAW.CONTACTS", "bulk_api_full", true);
        assertThat(count("RAW.CONTACTS")).isZero();
        run("RAW.CONTACTS", "regular_api_incremental", true);
        run("RAW.ACCOUNTS", "regular_api_incremental", true);
        run("RAW.CONTACTS", "bulk_api_incremental", true);
        run("RAW.CONTACTS", "regular_api_incremental", false);
        run("salesforce:Contact", "reverse_upsert", true);
        assertThat(count("RAW.CONTACTS")).as("two successful incremental runs of this target").isEqualTo(2);
        assertThat(count("raw.contacts")).as("DuckDB names compare without case").isEqualTo(2);
        assertThat(count("RAW.ACCOUNTS")).isEqualTo(1);

        run("RAW.CONTACTS", "formula_refresh", false);
        assertThat(count("RAW.CONTACTS")).as("a failed refresh restarts nothing").isEqualTo(2);
        run("RAW.CONTACTS", "formula_refresh", true);
        assertThat(count("RAW.CONTACTS")).isZero();
        run("RAW.CONTACTS", "bulk_api_stage_incremental", true);
        assertThat(count("RAW.CONTACTS")).isEqualTo(1);
        run("RAW.CONTACTS", "regular_api_full", true);
        assertThat(count("RAW.CONTACTS")).as("a full sync restarts the count").isZero();
        assertThat(count("RAW.LEADS")).as("a target without runs").isZero();
    }
}
