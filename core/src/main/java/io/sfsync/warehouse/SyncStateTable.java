package io.sfsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The state table {@code <control schema>.sfsync_state}: one row per target table with its watermark, last run, last
 * Bulk job and last success. The load that moves rows into a target writes its row on the same connection, inside
 * the load's transaction, so the watermark never runs ahead of the data. The SQL comes from the warehouse's dialect.
 */
public final class SyncStateTable extends ControlTable {
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

    public SyncStateTable(WarehouseDialect dialect, String controlSchema) {
        super(dialect, controlSchema, TABLE_NAME, COLUMNS);
    }

    /**
     * Creates the control schema and the state table when they are missing, and adds the columns the table lacks (DDL:
     * outside any load transaction).
     */
    public void ensureTable(Connection connection) {
        try {
            Catalog.ensureSchema(connection, dialect, table().schema());
            createOrUpgrade(connection);
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.HISTORY_FAILED, "cannot create the sync state table " + table()
                    + ": " + firstLine(e) + " (check that the warehouse user may create schemas and tables there, or"
                    + " configure another control schema)", e);
        }
    }

    /** The target's row; empty when the table or the row is missing. */
    public Optional<SyncState> read(Connection connection, TableRef target) throws SQLException {
        if (!Catalog.tableExists(connection, dialect, table())) {
            return Optional.empty();
        }
        try (PreparedStatement p = connection.prepareStatement(dialect.selectByKey(table(), names, "target_table"))) {
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
        try (PreparedStatement p = connection.prepareStatement(dialect.deleteByKey(table(), "target_table"))) {
            p.setString(1, state.targetTable());
            p.executeUpdate();
        }
        try (PreparedStatement p = connection.prepareStatement(dialect.insertHistory(table(), names))) {
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

    private static String firstLine(SQLException e) {
        return io.sfsync.warehouse.SqlMessages.summary(e);
    }
}
