package io.sfsync.warehouse;

import io.sfsync.api.SyncResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The run history: one row per sync run in {@code <control schema>.sfsync_history}, with the columns of
 * {@link SyncResult#asMap()} (snake_case, same order). Its SQL comes from the warehouse's dialect; every value is
 * bound. The warehouse supplies the connection, serializes {@link #ensureTable} with its other DDL and says what a
 * failure means for its users.
 */
public final class RunHistory extends ControlTable {
    /** Name of the history table inside the control schema. */
    public static final String TABLE_NAME = "sfsync_history";

    /** The history table's columns, named and ordered as {@link SyncResult#asMap()}. */
    public static final List<Column> COLUMNS = List.of(
            new Column("run_id", ColumnType.TEXT),
            new Column("sobject", ColumnType.TEXT),
            new Column("target_table", ColumnType.TEXT),
            new Column("sync_method", ColumnType.TEXT),
            new Column("estimated_records", ColumnType.BIGINT),
            new Column("actual_records", ColumnType.BIGINT),
            new Column("sync_duration_seconds", ColumnType.DOUBLE),
            new Column("last_modified_date", ColumnType.TIMESTAMP_TZ),
            new Column("sync_timestamp", ColumnType.TIMESTAMP_TZ),
            new Column("success", ColumnType.BOOLEAN),
            new Column("error", ColumnType.TEXT),
            new Column("bulk_job_id", ColumnType.TEXT),
            new Column("rows_inserted", ColumnType.BIGINT),
            new Column("rows_updated", ColumnType.BIGINT),
            new Column("api_calls", ColumnType.BIGINT),
            new Column("reason", ColumnType.TEXT),
            new Column("retries", ColumnType.BIGINT),
            new Column("retry_wait_seconds", ColumnType.DOUBLE),
            new Column("rows_deleted", ColumnType.BIGINT),
            new Column("watermark", ColumnType.TIMESTAMP_TZ),
            new Column("schema_changes", ColumnType.TEXT),
            new Column("pages", ColumnType.BIGINT),
            new Column("rows_per_second", ColumnType.DOUBLE),
            new Column("records_dropped", ColumnType.BIGINT),
            new Column("formula_fields_refreshed", ColumnType.BIGINT),
            new Column("resumed_from_page", ColumnType.BIGINT),
            new Column("resume_refused", ColumnType.TEXT));

    public RunHistory(WarehouseDialect dialect, String controlSchema) {
        super(dialect, controlSchema, TABLE_NAME, COLUMNS);
    }

    /**
     * Creates the history table when it is missing and adds the columns added since an older sfsync made it. The
     * control schema must exist ({@link Catalog#ensureSchema}, or the warehouse's own way).
     */
    public void ensureTable(Connection connection) throws SQLException {
        createOrUpgrade(connection);
    }

    @Override
    protected String createStatement() {
        return dialect.createHistoryTable(table(), COLUMNS);
    }

    /** Appends one run. */
    public void append(Connection connection, SyncResult result) throws SQLException {
        Map<String, Object> values = result.asMap();
        try (PreparedStatement p = connection.prepareStatement(dialect.insertHistory(table(), names))) {
            int i = 1;
            for (Column c : COLUMNS) {
                bind(p, i++, c, values.get(c.name()));
            }
            p.executeUpdate();
        }
    }

    /** Binds a value; instants (and missing ones) the dialect's way, other nulls with their column's type. */
    private void bind(PreparedStatement p, int index, Column column, Object value) throws SQLException {
        if (value instanceof Instant || value == null && column.type().kind() == ColumnType.Kind.TIMESTAMP_TZ) {
            dialect.bindInstant(p, index, (Instant) value);
        } else if (value == null) {
            p.setNull(index, sqlType(column.type()));
        } else if (value instanceof Long l) {
            p.setLong(index, l);
        } else if (value instanceof Double d) {
            p.setDouble(index, d);
        } else if (value instanceof Boolean b) {
            p.setBoolean(index, b);
        } else {
            p.setString(index, value.toString());
        }
    }

    private static int sqlType(ColumnType type) {
        switch (type.kind()) {
            case BIGINT:
                return Types.BIGINT;
            case DOUBLE:
                return Types.DOUBLE;
            case BOOLEAN:
                return Types.BOOLEAN;
            default:
                return Types.VARCHAR;
        }
    }
}
