package io.sfsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The state table {@code <control schema>.sfsync_state}: one row per target table with its watermark, last run, last
 * Bulk job and last success. The load that moves rows into a target writes its row on the same connection, inside
 * the load's transaction, so the watermark never runs ahead of the data. The SQL comes from the warehouse's dialect.
 */
public final class SyncStateTable {
    /** Name of the state table inside the control schema. */
    public static final String TABLE_NAME = "sfsync_state";

    /** The columns, in order. */
    public static final List<Column> COLUMNS = List.of(
            new Column("target_table", ColumnType.TEXT),
            new Column("sobject", ColumnType.TEXT),
            new Column("watermark_field", ColumnType.TEXT),
            new Column("watermark", ColumnType.TIMESTAMP_TZ),
            new Column("last_run_id", ColumnType.TEXT),
            new Column("last_job_id", ColumnType.TEXT),
            new Column("last_sync_method", ColumnType.TEXT),
            new Column("last_success", ColumnType.TIMESTAMP_TZ),
            new Column("retained_columns", ColumnType.TEXT),
            new Column("delete_mode", ColumnType.TEXT));

    private static final List<String> NAMES = COLUMNS.stream().map(Column::name).toList();

    private final WarehouseDialect dialect;
    private final TableRef table;

    public SyncStateTable(WarehouseDialect dialect, String controlSchema) {
        this.dialect = dialect;
        this.table = new TableRef(controlSchema, TABLE_NAME);
        dialect.table(table);
    }

    /** The state table. */
    public TableRef table() {
        return table;
    }

    /** Creates the control schema and the state table when they are missing (DDL: outside any load transaction). */
    public void ensureTable(Connection connection) {
        try (Statement s = connection.createStatement()) {
            Catalog.ensureSchema(connection, dialect, table.schema());
            s.execute(dialect.createTable(table, COLUMNS));
            List<String> existing = Catalog.columns(connection, dialect, table);
            for (Column c : COLUMNS) {
                if (existing.stream().noneMatch(n -> n.equalsIgnoreCase(c.name()))) {
                    s.execute(dialect.addColumn(table, c));
                }
            }
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.HISTORY_FAILED, "cannot create the sync state table " + table
                    + ": " + firstLine(e) + " (check that the warehouse user may create schemas and tables there, or"
                    + " configure another control schema)", e);
        }
    }

    /** The target's row; empty when the table or the row is missing. */
    public Optional<SyncState> read(Connection connection, TableRef target) throws SQLException {
        if (!Catalog.tableExists(connection, dialect, table)) {
            return Optional.empty();
        }
        try (PreparedStatement p = connection.prepareStatement(dialect.selectByKey(table, NAMES, "target_table"))) {
            p.setString(1, target.toString());
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String retained = rs.getString(9);
                return Optional.of(new SyncState(rs.getString(1), rs.getString(2), rs.getString(3),
                        dialect.instant(rs.getObject(4)), rs.getString(5), rs.getString(6), rs.getString(7),
                        dialect.instant(rs.getObject(8)), retained == null || retained.isBlank() ? List.of()
                                : Arrays.asList(retained.split(",")), rs.getString(10)));
            }
        }
    }

    /** Replaces the target's row; runs inside the caller's transaction. */
    public void write(Connection connection, SyncState state) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(dialect.deleteByKey(table, "target_table"))) {
            p.setString(1, state.targetTable());
            p.executeUpdate();
        }
        try (PreparedStatement p = connection.prepareStatement(dialect.insertHistory(table, NAMES))) {
            p.setString(1, state.targetTable());
            p.setString(2, state.sobject());
            text(p, 3, state.watermarkField());
            dialect.bindInstant(p, 4, state.watermark());
            p.setString(5, state.lastRunId());
            text(p, 6, state.lastJobId());
            text(p, 7, state.lastSyncMethod());
            dialect.bindInstant(p, 8, state.lastSuccess());
            text(p, 9, state.retainedColumns().isEmpty() ? null : String.join(",", state.retainedColumns()));
            text(p, 10, state.deleteMode());
            p.executeUpdate();
        }
    }

    private static void text(PreparedStatement p, int i, String v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.VARCHAR);
        } else {
            p.setString(i, v);
        }
    }

    private static String firstLine(SQLException e) {
        return io.sfsync.warehouse.SqlMessages.summary(e);
    }
}
