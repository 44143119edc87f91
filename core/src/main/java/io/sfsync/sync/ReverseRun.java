package io.sfsync.sync;

import io.sfsync.api.ReverseResult;
import io.sfsync.reverse.IngestChunks;
import io.sfsync.reverse.ReverseFailures;
import io.sfsync.reverse.ReverseFeed;
import io.sfsync.reverse.ReverseOperation;
import io.sfsync.reverse.ReversePath;
import io.sfsync.reverse.ReverseRequest;
import io.sfsync.reverse.ReverseRows;
import io.sfsync.reverse.ReverseWarehouse;
import io.sfsync.warehouse.TableRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reverse sync in progress (exchange property {@link io.sfsync.api.SyncHeaders#REVERSE_RUN}): its request, the
 * source's cursor, the chosen path and how far the writes have come.
 */
final class ReverseRun {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseRun.class);

    final String runId;
    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();
    ReverseRequest request;
    ReverseOperation operation;
    TableRef failuresTable;
    /** Rows from which this run writes through Bulk (the setting, or the request's header). */
    long bulkThreshold;
    ReverseRows rows;
    /** The source's cursor, open from the describe to the end of the run ({@link #close}). */
    ReverseWarehouse.Source source;
    /** The source's rows to send, read as they are needed. */
    ReverseFeed feed;
    ReversePath path;
    /**
     * Rows Salesforce refused or never processed, and those refused before sending: written as they come (set once
     * the run knows its failures table).
     */
    ReverseFailures failures = new ReverseFailures(null);
    /** The FAILED_AT of this run's failure rows: when its first batch was written. */
    Instant failedAt;
    long sent;
    long succeeded;
    /** Records created and records changed so far; both -1 once an answer did not say which (never from Salesforce). */
    long inserted;
    long updated;
    long apiCalls;
    /** The batch in flight (REST, dry run). */
    List<String[]> batch = List.of();
    /** The ingest chunk files, at most one at a time. */
    IngestChunks chunks;
    /** The chunk the job in flight uploads. */
    IngestChunks.Chunk chunk;
    /** Ingest jobs created, in order. */
    final List<String> jobIds = new ArrayList<>();
    String jobId;
    boolean jobTerminal;
    long jobCreatedNanos;
    long nextPollMillis;
    String jobProblem;
    String error;
    /** The run lock this run holds until {@link #close} (null: none, as for a dry run). */
    private RunLock lock;
    private String lockKey;

    ReverseRun(String runId) {
        this.runId = runId;
    }

    long rowsRead() {
        return feed == null ? 0 : feed.rowsRead();
    }

    /** The run holds the lock {@code key} of {@code lock}, which {@link #close} gives back. */
    void locked(RunLock lock, String key) {
        this.lock = lock;
        this.lockKey = key;
    }

    /**
     * The source's cursor closed, the chunk file in flight deleted and the run lock given back; quietly, as the run is
     * over. Called once more (a failure after the end) it does nothing.
     */
    void close() {
        try (ReverseWarehouse.Source s = source; IngestChunks c = chunks) {
            source = null;
            chunks = null;
        } catch (RuntimeException e) {
            LOG.warn("reverse run {} could not tidy up after itself: {}", runId, e.getMessage());
        } finally {
            if (lock != null) {
                RunLock held = lock;
                lock = null;
                held.release(lockKey, runId);
            }
        }
    }

    /** The run's result as it stands (needs the request). */
    ReverseResult result(boolean success, String error) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new ReverseResult(runId, request.sobject(), request.source(),
                operation == null ? null : operation.apiName(), path == null ? null : path.label(), request.dryRun(),
                rowsRead(), sent, succeeded, failures.count(), inserted, updated,
                jobIds.isEmpty() ? null : String.join(",", jobIds),
                failuresTable == null ? null : failuresTable.toString(), apiCalls,
                Math.round(seconds * 1000) / 1000.0, startedAt, success, error);
    }
}
