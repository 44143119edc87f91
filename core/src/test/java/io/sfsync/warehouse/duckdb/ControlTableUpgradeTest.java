package io.sfsync.warehouse.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.warehouse.Catalog;
import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.ControlTable;
import io.sfsync.warehouse.ResumeTable;
import io.sfsync.warehouse.RunHistory;
import io.sfsync.warehouse.SyncStateTable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each control table, found as an older sfsync made it (without its last column), gets the missing column when sfsync
 * starts with it, keeping its rows: an upgrade needs no migration.
 */
class ControlTableUpgradeTest {
    private final DuckDbDialect dialect = new DuckDbDialect();

    @ParameterizedTest
    @ValueSource(strings = {SyncStateTable.TABLE_NAME, RunHistory.TABLE_NAME, ResumeTable.TABLE_NAME})
    void shouldAddTheColumnsAnOlderSfsyncDidNotMake(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
            ControlTable table;
            List<Column> columns;
            if (name.equals(SyncStateTable.TABLE_NAME)) {
                table = new SyncStateTable(dialect, "SFSYNC_CONTROL");
                columns = SyncStateTable.COLUMNS;
            } else if (name.equals(RunHistory.TABLE_NAME)) {
                table = new RunHistory(dialect, "SFSYNC_CONTROL");
                columns = RunHistory.COLUMNS;
            } else {
                table = new ResumeTable(dialect, "SFSYNC_CONTROL");
                columns = ResumeTable.COLUMNS;
            }
            List<Column> older = columns.subList(0, columns.size() - 1);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA SFSYNC_CONTROL");
                s.execute(dialect.createTable(table.table(), older));
                s.execute("INSERT INTO SFSYNC_CONTROL.\"" + name + "\" (\"" + older.get(0).name() + "\") VALUES ('kept')");
            }

            if (table instanceof SyncStateTable t) {
                t.ensureTable(c);
            } else if (table instanceof RunHistory t) {
                t.ensureTable(c);
            } else {
                ((ResumeTable) table).ensureTable(c);
            }

            assertThat(Catalog.columns(c, dialect, table.table())).containsExactlyElementsOf(columns.stream()
                    .map(Column::name).toList());
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT \"" + older.get(0).name()
                    + "\" FROM SFSYNC_CONTROL.\"" + name + "\"")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("kept");
            }
        }
    }
}
