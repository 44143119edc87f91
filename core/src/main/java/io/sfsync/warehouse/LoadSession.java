package io.sfsync.warehouse;

import java.time.Instant;

import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvPage;

/**
 * One load in progress: batches are added, then the whole load is committed in one transaction or aborted, leaving
 * the target as it was. Not reusable; closing a session that was not committed aborts it.
 */
public interface LoadSession extends AutoCloseable {

    /**
     * Takes one batch: loads it into the run's staging table (merge path) or writes it into the stage as
     * {@code <sobject>/<runId>/<sobject>_<runId>_<sequence>.csv} (stage path). Each sequence may be added once.
     */
    void addBatch(CsvBatch batch);

    /**
     * Takes one Bulk API result page as it came (RFC 4180 CSV with a header row), without parsing its rows: the page
     * is written as one file, {@code <sobject>_<runId>_<sequence>.csv}, into the stage (stage path) or a working
     * folder (merge path), and read by the warehouse's own CSV reader, which fails naming the file when a row is
     * malformed. When the page says how many rows it holds, the load checks that count at commit. Sequences are
     * shared with {@link #addBatch} and may be used once. An empty page (no header) adds nothing.
     */
    void addPage(CsvPage page);

    /**
     * Takes over the pages an interrupted run landed ({@link ResumePoint}: sequences 0 to
     * {@code nextSequence - 1}), before any page of this load's own. The load was opened with that run's id, so the
     * files are named as this load names its own; files of later sequences (a page in flight when the run died) are
     * written over. Fails, changing nothing, when a landed page's file is missing.
     */
    default void adopt(ResumePoint point) {
        throw new WarehouseException(WarehouseError.INVALID_SPEC, "this warehouse cannot resume a Bulk run");
    }

    /**
     * Records how far the extraction has landed its pages ({@link ResumePoint}, in the control schema), on the load's
     * own session and outside the commit's transaction; only for pages this load holds durably already.
     */
    default void recordResumePoint(ResumePoint point) {
        throw new WarehouseException(WarehouseError.INVALID_SPEC, "this warehouse cannot resume a Bulk run");
    }

    /**
     * Id reconciliation ({@link LoadSpec#reconcileIds()}): takes one batch of every key Salesforce still has (one
     * column, the match field). At commit, rows whose key is in none of these batches count as deleted.
     */
    void addIds(CsvBatch batch);

    /**
     * Moves everything added into the target in one transaction (merge or atomic replace), advances the target's
     * row in the state table with it, and cleans up.
     *
     * @param bulkJobId the run's Bulk API job, recorded in the state table, or null
     * @param watermarkAtMost the newest watermark the run may record (its rows may be newer: a later run reads them
     *         again), or null for the newest value loaded
     */
    LoadOutcome commit(String bulkJobId, Instant watermarkAtMost);

    /** {@link #commit(String, Instant)} with the newest watermark loaded. */
    default LoadOutcome commit(String bulkJobId) {
        return commit(bulkJobId, null);
    }

    /** {@link #commit(String)} without a Bulk job. */
    default LoadOutcome commit() {
        return commit(null);
    }

    /** Discards everything added; the target is untouched. Stage files are kept. */
    void abort();

    /**
     * Like {@link #abort()}, but every landed page is kept where it is (on the merge path too), for the next run of
     * the target to {@link #adopt} them: a Bulk run stopped gracefully with its {@link ResumePoint} kept
     * ({@code sfsync.bulk.resume}). The target is untouched.
     */
    default void suspend() {
        abort();
    }

    /** Aborts when neither committed nor aborted. */
    @Override
    void close();
}
