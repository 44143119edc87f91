package io.sfsync.warehouse;

import io.sfsync.api.SyncResult;
import io.sfsync.checkpoint.Checkpoints;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata reads every JDBC warehouse answers alike, each on a session of its own from {@link #connect()}: whether
 * a table exists, its columns, the newest watermark, the sync state row; and the run history. A warehouse supplies its
 * sessions, its control tables, how it creates a schema and how it words a failure. It carries the crash tests' checkpoints to its load sessions.
 */
public abstract class JdbcWarehouse implements Warehouse {
    private final Checkpoints checkpoints;
    private ResumeTable resumeTable;
    private boolean resumeTableReady;

    /** @param checkpoints where its loads let a crash test stop them ({@link Checkpoints#none()}: nowhere) */
    protected JdbcWarehouse(Checkpoints checkpoints) {
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
    }

    /** The named points of a load where a crash test may stop it; they pass straight through otherwise. */
    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** The sync state table ({@code <control schema>.sfsync_state}). */
    public abstract SyncStateTable stateTable();

    /** A failed metadata query, worded for this warehouse ({@code what} says what could not be done). */
    protected abstract WarehouseException queryFailed(String what, SQLException e);

    /** The run history ({@code <control schema>.sfsync_history}). */
    protected abstract RunHistory history();

    /** Creates the schema when it is missing, this warehouse's way. */
    protected abstract void ensureSchema(Connection c, String schema) throws SQLException;

    /** What a user can do when the history cannot be written: the rights it needs. */
    protected abstract String historyRights();

    /** The run history table ({@code <control schema>.sfsync_history}). */
    public TableRef historyTable() {
        return history().table();
    }

    /** Appends the run, creating the control schema and the history table when missing and adding newer columns. */
    @Override
    public void recordHistory(SyncResult result) {
        try (Connection c = connect()) {
            ensureHistoryTable(c);
            history().append(c, result);
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.HISTORY_FAILED, "cannot record run " + result.runId() + " of "
                    + result.sobject() + " in " + history().table() + ": " + SqlMessages.summary(e) + " ("
                    + historyRights() + ")", e);
        }
    }

    /** Creates the control schema and the history table when missing (a warehouse may serialize it with its DDL). */
    protected void ensureHistoryTable(Connection c) throws SQLException {
        ensureSchema(c, history().table().schema());
        history().ensureTable(c);
    }

    /** The resume table ({@code <control schema>.sfsync_resume}), beside the state table. */
    protected synchronized ResumeTable resumeTable() {
        if (resumeTable == null) {
            resumeTable = new ResumeTable(dialect(), stateTable().table().schema());
        }
        return resumeTable;
    }

    @Override
    public Optional<ResumePoint> resumePoint(TableRef target) {
        try (Connection c = connect()) {
            return resumeTable().read(c, target);
        } catch (SQLException e) {
            throw queryFailed("read the resume point of " + target + " from " + resumeTable().table(), e);
        }
    }

    /**
     * Records how far a Bulk extraction has landed its pages, on the caller's session (a load's own, outside its
     * transaction: a run takes no second session from the pool for it).
     */
    public void recordResumePoint(Connection c, ResumePoint point) {
        try {
            ensureResumeTable(c);
            resumeTable().write(c, point);
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.HISTORY_FAILED, "cannot record how far the run "
                    + point.runId() + " of " + point.targetTable() + " has come in " + resumeTable().table() + ": "
                    + SqlMessages.summary(e) + " (" + historyRights() + ")", e);
        }
    }

    @Override
    public void clearResumePoint(TableRef target) {
        try (Connection c = connect()) {
            if (tableExists(c, resumeTable().table())) {
                resumeTable().delete(c, target.toString());
            }
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.HISTORY_FAILED, "cannot remove the resume point of "
                    + target + " from " + resumeTable().table() + ": " + SqlMessages.summary(e) + " ("
                    + historyRights() + ")", e);
        }
    }

    /** Creates the control schema and the resume table once (DDL: outside any load's transaction). */
    protected void ensureResumeTable(Connection c) throws SQLException {
        synchronized (this) {
            if (resumeTableReady) {
                return;
            }
        }
        ensureSchema(c, resumeTable().table().schema());
        resumeTable().ensureTable(c);
        synchronized (this) {
            resumeTableReady = true;
        }
    }

    @Override
    public boolean tableExists(TableRef table) {
        dialect().table(table);
        try (Connection c = connect()) {
            return tableExists(c, table);
        } catch (SQLException e) {
            throw queryFailed("check whether " + table + " exists", e);
        }
    }

    /** The newest value of a column that exists under exactly this name (as the dialect compares names). */
    @Override
    public Optional<Instant> maxWatermark(TableRef table, String column) {
        WarehouseDialect dialect = dialect();
        dialect.quote(column);
        dialect.table(table);
        try (Connection c = connect()) {
            if (columns(c, table).stream().noneMatch(n -> sameName(n, column))) {
                return Optional.empty();
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.maxValue(table, column))) {
                rs.next();
                return Optional.ofNullable(Timestamps.instant(rs.getObject(1), table, column));
            }
        } catch (SQLException e) {
            throw queryFailed("read MAX(" + column + ") of " + table, e);
        }
    }

    @Override
    public List<String> columns(TableRef table) {
        dialect().table(table);
        try (Connection c = connect()) {
            return columns(c, table);
        } catch (SQLException e) {
            throw queryFailed("list the columns of " + table, e);
        }
    }

    @Override
    public Optional<SyncState> syncState(TableRef target) {
        try (Connection c = connect()) {
            return stateTable().read(c, target);
        } catch (SQLException e) {
            throw queryFailed("read the sync state of " + target + " from " + stateTable().table(), e);
        }
    }

    /** Whether the table exists, on the caller's session. */
    protected boolean tableExists(Connection c, TableRef table) throws SQLException {
        return Catalog.tableExists(c, dialect(), table);
    }

    /** The table's column names in table order, on the caller's session. */
    protected List<String> columns(Connection c, TableRef table) throws SQLException {
        return Catalog.columns(c, dialect(), table);
    }

    /** Whether two identifiers name the same object on this warehouse. */
    protected boolean sameName(String a, String b) {
        return dialect().caseSensitiveIdentifiers() ? a.equals(b) : a.equalsIgnoreCase(b);
    }
}
