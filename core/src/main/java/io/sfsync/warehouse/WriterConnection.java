package io.sfsync.warehouse;

import io.sfsync.checkpoint.Checkpoints;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load's connection as {@link TargetWriter} uses it: each statement run and timed, and the transaction that holds
 * the writes and the state row, begun as the warehouse wants it and rolled back when anything in it fails.
 */
final class WriterConnection {
    // The writer's category, as when these were its own methods: a log setting for TargetWriter still covers them.
    private static final Logger LOG = LoggerFactory.getLogger(TargetWriter.class);

    private final Connection connection;
    private final WarehouseDialect dialect;
    private final TableRef target;
    private final String runId;
    private final boolean ddlInTransaction;
    private final String begin;
    private final Checkpoints checkpoints;

    /** Work on the connection inside (or, where DDL commits at once, instead of) a transaction; returns its counts. */
    interface Work {
        long[] run() throws SQLException;
    }

    /**
     * @param runId the load's run, named when a table it created cannot be dropped
     * @param ddlInTransaction whether DDL joins the transaction (DuckDB) or commits at once (Snowflake)
     * @param begin the statement that begins the transaction once auto-commit is off, or null
     * @param checkpoints where the writes let a crash test stop them
     */
    WriterConnection(Connection connection, WarehouseDialect dialect, TableRef target, String runId,
            boolean ddlInTransaction, String begin, Checkpoints checkpoints) {
        this.connection = connection;
        this.dialect = dialect;
        this.target = target;
        this.runId = runId;
        this.ddlInTransaction = ddlInTransaction;
        this.begin = begin;
        this.checkpoints = checkpoints;
    }

    /** The connection itself, for the reads that bind parameters or read rows of their own. */
    Connection connection() {
        return connection;
    }

    /** The named points of the writes where a crash test may stop them. */
    Checkpoints checkpoints() {
        return checkpoints;
    }

    /** Whether DDL joins the transaction (DuckDB) or commits at once (Snowflake). */
    boolean ddlInTransaction() {
        return ddlInTransaction;
    }

    long[] inTransaction(Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            if (begin != null) {
                execute(begin);
            }
            long[] out = work.run();
            long started = System.nanoTime();
            connection.commit();
            timed(started, "COMMIT");
            checkpoints.reach("target.committed");
            return out;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** DuckDB: one transaction. Snowflake: each statement commits (the swap is DDL), the state row last. */
    long[] inTransactionUnlessDdlCommits(Work work) throws SQLException {
        return ddlInTransaction ? inTransaction(work) : work.run();
    }

    void execute(String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
        timed(started, sql);
    }

    long update(String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(sql);
        } finally {
            timed(started, sql);
        }
    }

    long count(String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } finally {
            timed(started, sql);
        }
    }

    /** Runs a MERGE and reads its result row: {rows inserted, rows updated}, by Snowflake's column labels. */
    long[] mergeCounts(String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            long[] counts = new long[2];
            var md = rs.getMetaData();
            if (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String label = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                    if (label.contains("inserted")) {
                        counts[0] = rs.getLong(i);
                    } else if (label.contains("updated")) {
                        counts[1] = rs.getLong(i);
                    }
                }
            }
            return counts;
        } finally {
            timed(started, sql);
        }
    }

    /** Debug: how long each statement of the commit took, to see where a slow load spends its time. */
    private static void timed(long started, String sql) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} ms: {}", (System.nanoTime() - started) / 1_000_000,
                    sql.length() > 120 ? sql.substring(0, 120) + "..." : sql);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback of the load into {} failed: {}", target, firstLine(e));
        }
    }

    void dropQuietly(TableRef table) {
        try {
            execute(dialect.dropTable(table));
        } catch (SQLException e) {
            LOG.warn("could not drop {}, created by the failed load of run {}: {}", table, runId,
                    firstLine(e));
        }
    }

    static String firstLine(SQLException e) {
        return io.sfsync.warehouse.SqlMessages.summary(e);
    }
}
