package io.sfsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The resume table {@code <control schema>.sfsync_resume}: one row per target whose Bulk extraction is under way or
 * was interrupted ({@link ResumePoint}). Written in autocommit statements of their own, never in the load's
 * transaction (the pages it points to are files, durable when written); removed when the run commits or fails. The
 * SQL comes from the warehouse's dialect.
 */
public final class ResumeTable extends ControlTable {
    /** Name of the resume table inside the control schema. */
    public static final String TABLE_NAME = "sfsync_resume";

    /** The columns, in order. */
    public static final List<Column> COLUMNS = List.of(
            new Column("target_table", ColumnType.TEXT),
            new Column("run_id", ColumnType.TEXT),
            new Column("sync_method", ColumnType.TEXT),
            new Column("via_stage", ColumnType.BOOLEAN),
            new Column("stage_name", ColumnType.TEXT),
            new Column("job_id", ColumnType.TEXT),
            new Column("query_hash", ColumnType.TEXT),
            new Column("locator", ColumnType.TEXT),
            new Column("pages", ColumnType.BIGINT),
            new Column("next_sequence", ColumnType.BIGINT),
            new Column("rows_read", ColumnType.BIGINT),
            new Column("page_columns", ColumnType.TEXT),
            new Column("updated_at", ColumnType.TIMESTAMP_TZ));

    public ResumeTable(WarehouseDialect dialect, String controlSchema) {
        super(dialect, controlSchema, TABLE_NAME, COLUMNS);
    }

    /** Creates the table when it is missing, and adds the columns it lacks (the control schema exists). */
    public void ensureTable(Connection connection) throws SQLException {
        createOrUpgrade(connection);
    }

    /** The target's row; empty when the table or the row is missing. */
    public Optional<ResumePoint> read(Connection connection, TableRef target) throws SQLException {
        if (!Catalog.tableExists(connection, dialect, table())) {
            return Optional.empty();
        }
        try (PreparedStatement p = connection.prepareStatement(dialect.selectByKey(table(), names, "target_table"))) {
            p.setString(1, target.toString());
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String columns = rs.getString(12);
                return Optional.of(new ResumePoint(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getLong(9), (int) rs.getLong(10), rs.getLong(11), columns == null || columns.isEmpty()
                                ? List.of() : Arrays.asList(columns.split(",")), dialect.instant(rs.getObject(13))));
            }
        }
    }

    /**
     * Replaces the target's row: one UPDATE, or one INSERT for the run's first page, each a statement of its own in
     * autocommit. No transaction is left open between them, so a process killed here leaves no lock behind (on
     * Snowflake an open transaction would outlive it for hours), and the row is the old point or the new one.
     */
    public void write(Connection connection, ResumePoint point) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(dialect.updateByKey(table(), names, "target_table"))) {
            bind(p, point);
            p.setString(names.size() + 1, point.targetTable());
            if (p.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement p = connection.prepareStatement(dialect.insertHistory(table(), names))) {
            bind(p, point);
            p.executeUpdate();
        }
    }

    private void bind(PreparedStatement p, ResumePoint point) throws SQLException {
        p.setString(1, point.targetTable());
        p.setString(2, point.runId());
        text(p, 3, point.syncMethod());
        p.setBoolean(4, point.viaStage());
        text(p, 5, point.stageName());
        p.setString(6, point.jobId());
        p.setString(7, point.queryHash());
        text(p, 8, point.locator());
        p.setLong(9, point.pages());
        p.setLong(10, point.nextSequence());
        p.setLong(11, point.rows());
        // API field names never hold a comma
        p.setString(12, String.join(",", point.columns()));
        dialect.bindInstant(p, 13, point.updatedAt());
    }

    /** Removes the target's row (none: nothing happens). */
    public void delete(Connection connection, String targetTable) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(dialect.deleteByKey(table(), "target_table"))) {
            p.setString(1, targetTable);
            p.executeUpdate();
        }
    }
}
