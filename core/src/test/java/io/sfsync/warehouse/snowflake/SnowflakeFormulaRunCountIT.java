package io.sfsync.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncResult;
import io.sfsync.app.Warehouses;
import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.plan.FormulaRefresh;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.warehouse.ControlTables;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The count behind {@code formulaRefreshEvery} on Snowflake (the offline one, through the real JDBC driver): the
 * successful incremental runs of one target since its last successful formula refresh or full sync.
 */
@LoopbackOnly
class SnowflakeFormulaRunCountIT {
    private Instant clock = Instant.parse("2026-01-01T00:00:00Z");

    private void run(Warehouse warehouse, String target, String method, boolean success) {
        clock = clock.plusSeconds(60);
        warehouse.recordHistory(SyncResult.builder().runId("r" + clock.getEpochSecond()).sobject("Contact")
                .targetTable(target).syncMethod(method).success(success).syncTimestamp(clock).build());
    }

    private static int count(ControlTables control, String target) {
        return control.runsSinceLast(target, FormulaRefresh.countedMethods(), FormulaRefresh.restartingMethods());
    }

    @Test
    void shouldCountTheIncrementalRunsSinceTheLastRefreshOrFullSync(@TempDir Path dir) throws Exception {
        try (OfflineSnowflake offline = OfflineSnowflake.start(dir.resolve("snowflake"), true, "RAW")) {
            Map<String, String> settings = new HashMap<>(offline.settings());
            settings.put(SnowflakeSettings.PREFIX + "schema", "RAW");
            try (Warehouse warehouse = Warehouses.fromProperties(settings::get, Checkpoints.none())) {
                warehouse.open();
                ControlTables control = new ControlTables(warehouse, SnowflakeSettings.DEFAULT_CONTROL_SCHEMA);
                run(warehouse, "RAW.CONTACTS", "bulk_api_full", true);
                run(warehouse, "RAW.CONTACTS", "regular_api_incremental", true);
                run(warehouse, "RAW.ACCOUNTS", "regular_api_incremental", true);
                run(warehouse, "RAW.CONTACTS", "bulk_api_incremental", true);
                run(warehouse, "RAW.CONTACTS", "regular_api_incremental", false);
                assertThat(count(control, "RAW.CONTACTS")).isEqualTo(2);
                assertThat(count(control, "RAW.ACCOUNTS")).isEqualTo(1);
                run(warehouse, "RAW.CONTACTS", "formula_refresh", true);
                run(warehouse, "RAW.CONTACTS", "regular_api_incremental", true);
                assertThat(count(control, "RAW.CONTACTS")).isEqualTo(1);
                run(warehouse, "RAW.CONTACTS", "regular_api_full", true);
                assertThat(count(control, "RAW.CONTACTS")).isZero();
            }
        }
    }
}
