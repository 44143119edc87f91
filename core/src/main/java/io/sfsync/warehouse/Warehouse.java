package io.sfsync.warehouse;

import io.sfsync.api.SyncResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The warehouse as a sync sees it: what is there, where it stands, and loading. Implementations: DuckDB
 * ({@code duckdb.DuckDbWarehouse}) and Snowflake ({@code snowflake.SnowflakeWarehouse}). Every failure is a
 * {@link WarehouseException}. Safe for concurrent use by several syncs.
 */
public interface Warehouse extends AutoCloseable {

    /** The SQL dialect this warehouse speaks. */
    WarehouseDialect dialect();

    /** A session of the warehouse (pooled where the warehouse pools sessions); closing it gives it back. */
    java.sql.Connection connect();

    /**
     * Runs {@link WarehouseDialect#ping()} on a session: returns when the warehouse answers, else throws a
     * {@link WarehouseException} ({@link WarehouseError#UNREACHABLE}) saying why.
     */
    default void ping() {
        String sql = dialect().ping();
        try (java.sql.Connection c = connect(); java.sql.Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new WarehouseException(WarehouseError.UNREACHABLE, "the warehouse answered " + sql
                        + " with no row");
            }
        } catch (java.sql.SQLException e) {
            throw new WarehouseException(WarehouseError.UNREACHABLE, "the warehouse did not answer " + sql + ": "
                    + SqlMessages.summary(e), e);
        }
    }

    /** Whether the table exists. */
    boolean tableExists(TableRef table);

    /** The largest value of a date/time column as an instant; empty when the table or column is missing or empty. */
    Optional<Instant> maxWatermark(TableRef table, String column);

    /** The target's row of the sync state table (watermark, last run, last job); empty when there is none. */
    Optional<SyncState> syncState(TableRef target);

    /** The table's column names in table order; empty when the table is missing. */
    List<String> columns(TableRef table);

    /** Whether files can be written into the stage ({@code @NAME}) now. */
    boolean stageAvailable(String stageName);

    /**
     * Why files cannot be written into the stage now, in words a user can act on (the plan's reason quotes it), or
     * null when they can.
     */
    default String stageProblem(String stageName) {
        return stageAvailable(stageName) ? null : "not found or not writable";
    }

    /**
     * The local folders whose sub-folders {@code <sobject>/<runId>} hold files of runs ({@link KeptFiles}): what the
     * stage-file retention looks at. Empty when the warehouse writes no local files.
     */
    default List<java.nio.file.Path> keptFileRoots() {
        return List.of();
    }

    /** Who writes the run folders under {@link #keptFileRoots()} (a DuckDB file's path): the retention's own. */
    default String keptFileOwner() {
        return getClass().getName();
    }

    /** The local folder a load of this spec writes its files into (the free-space check looks there), or null. */
    default java.nio.file.Path localFolder(LoadSpec spec) {
        return null;
    }

    /** Starts a load; the caller adds batches, then commits or aborts (try-with-resources aborts on failure). */
    LoadSession openLoad(LoadSpec spec);

    /**
     * The target's resume point ({@code <control schema>.sfsync_resume}): the Bulk extraction of a run that has not
     * finished, as far as its pages are durably here; empty when there is none.
     */
    default Optional<ResumePoint> resumePoint(TableRef target) {
        return Optional.empty();
    }

    /** Removes the target's resume point (its run committed, failed, or will not be resumed). */
    default void clearResumePoint(TableRef target) {
    }

    /**
     * Removes what an interrupted run left of its pages (its stage or page files); its work tables were temporary
     * and went with its session.
     */
    default void discardPages(ResumePoint point, String sobject) {
        discardPages(sobject, point.runId(), point.viaStage(), point.stageName());
    }

    /**
     * Removes the pages run {@code runId} of {@code sobject} landed: its folder of stage {@code stageName} (stage
     * path) or its page files (merge path). Nothing there: nothing happens.
     */
    default void discardPages(String sobject, String runId, boolean viaStage, String stageName) {
    }

    /** Appends the run to the history table {@code <control schema>.sfsync_history}, creating it when missing. */
    void recordHistory(SyncResult result);

    /**
     * Makes sure the warehouse can be used now (a DuckDB file is opened and locked for this process); called when
     * sfsync starts, after its configuration checks, so that a refused start leaves nothing behind.
     */
    default void open() {
    }

    /** Releases the warehouse's connections. */
    @Override
    void close();
}
