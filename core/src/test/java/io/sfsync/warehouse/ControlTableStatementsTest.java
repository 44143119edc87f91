package io.sfsync.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.warehouse.duckdb.DuckDbDialect;
import io.sfsync.warehouse.snowflake.SnowflakeDialect;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Pins the exact text of the statements {@code sfsync status} and {@code sfsync history} read with, and the count of
 * runs behind {@code formulaRefreshEvery}.
 */
class ControlTableStatementsTest {
    private static final TableRef HISTORY = new TableRef("SFSYNC_CONTROL", "sfsync_history");
    private static final List<String> COLUMNS = List.of("run_id", "target_table", "sync_timestamp");

    private static void pin(WarehouseDialect dialect, String q) {
        String h = q + "SFSYNC_CONTROL" + q + "." + q + "sfsync_history" + q;
        String cols = q + "run_id" + q + ", " + q + "target_table" + q + ", " + q + "sync_timestamp" + q;
        assertThat(dialect.selectAll(HISTORY, COLUMNS)).isEqualTo("SELECT " + cols + " FROM " + h);
        assertThat(dialect.latestRunPerTarget(HISTORY, COLUMNS, "target_table", "sync_timestamp"))
                .isEqualTo("SELECT " + cols + " FROM " + h + " QUALIFY ROW_NUMBER() OVER (PARTITION BY " + q
                        + "target_table" + q + " ORDER BY " + q + "sync_timestamp" + q + " DESC) = 1 ORDER BY " + q
                        + "sync_timestamp" + q + " DESC");
        assertThat(dialect.recentRuns(HISTORY, COLUMNS, false, "sobject", "target_table", "sync_timestamp", 20))
                .isEqualTo("SELECT " + cols + " FROM " + h + " ORDER BY " + q + "sync_timestamp" + q
                        + " DESC LIMIT 20");
        assertThat(dialect.recentRuns(HISTORY, COLUMNS, true, "sobject", "target_table", "sync_timestamp", 5))
                .isEqualTo("SELECT " + cols + " FROM " + h + " WHERE UPPER(" + q + "sobject" + q + ") = UPPER(?) OR"
                        + " UPPER(" + q + "target_table" + q + ") = UPPER(?) ORDER BY " + q + "sync_timestamp" + q
                        + " DESC LIMIT 5");
    }

    @Test
    void shouldPinTheReadsOnDuckDb() {
        pin(new DuckDbDialect(), "\"");
        assertThat(new DuckDbDialect().runsSinceLast(HISTORY, 3, 4)).isEqualTo("SELECT COUNT(*) FROM"
                + " \"SFSYNC_CONTROL\".\"sfsync_history\" r WHERE lower(\"target_table\") = lower(?) AND"
                + " r.\"success\" = TRUE AND r.\"sync_method\" IN (?, ?, ?) AND NOT EXISTS (SELECT 1 FROM"
                + " \"SFSYNC_CONTROL\".\"sfsync_history\" s WHERE lower(\"target_table\") = lower(?) AND"
                + " s.\"success\" = TRUE AND s.\"sync_method\" IN (?, ?, ?, ?) AND s.\"sync_timestamp\" >"
                + " r.\"sync_timestamp\")");
    }

    @Test
    void shouldPinTheReadsOnSnowflake() {
        pin(new SnowflakeDialect(), "\"");
        assertThat(new SnowflakeDialect().runsSinceLast(HISTORY, 3, 4)).isEqualTo("SELECT COUNT(*) FROM"
                + " \"SFSYNC_CONTROL\".\"sfsync_history\" r WHERE \"target_table\" = ? AND"
                + " r.\"success\" = TRUE AND r.\"sync_method\" IN (?, ?, ?) AND NOT EXISTS (SELECT 1 FROM"
                + " \"SFSYNC_CONTROL\".\"sfsync_history\" s WHERE \"target_table\" = ? AND"
                + " s.\"success\" = TRUE AND s.\"sync_method\" IN (?, ?, ?, ?) AND s.\"sync_timestamp\" >"
                + " r.\"sync_timestamp\")");
    }
}
