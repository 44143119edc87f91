package io.sfsync.sync;

import io.sfsync.api.ReverseResult;
import io.sfsync.reverse.IngestChunks;
import io.sfsync.reverse.ReverseFailure;
import io.sfsync.reverse.ReverseOperation;
import io.sfsync.reverse.ReversePath;
import io.sfsync.reverse.ReverseRequest;
import io.sfsync.reverse.ReverseRows;
import io.sfsync.warehouse.TableRef;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One reverse sync in progress (exchange property {@link io.sfsync.api.SyncHeaders#REVERSE_RUN}): its request, the
 * converted rows, the chosen path and how far the writes have come.
 */
final class ReverseRun {
    final String runId;
    final Instant startedAt = Instant.now();
    final long startNanos = System.nanoTime();
    ReverseRequest request;
    ReverseOperation operation;
    TableRef failuresTable;
    /** Rows from which this run writes through Bulk (the setting, or the request's header). */
    long bulkThreshold;
    ReverseRows rows;
    long rowsRead;
    ReversePath path;
    /** Rows Salesforce refused or never processed, and those refused before sending. */
    final List<ReverseFailure> failures = new ArrayList<>();
    long sent;
    long succeeded;
    long inserted;
    long updated;
    long apiCalls;
    /** The next batch (REST) or chunk (Bulk) to send, or key batch (dry run) to look up. */
    int next;
    /** The batch in flight (REST, dry run). */
    List<String[]> batch = List.of();
    List<IngestChunks.Chunk> chunks = List.of();
    /** Ingest jobs created, in order. */
    final List<String> jobIds = new ArrayList<>();
    String jobId;
    boolean jobTerminal;
    long jobCreatedNanos;
    long nextPollMillis;
    String jobProblem;
    String error;

    ReverseRun(String runId) {
        this.runId = runId;
    }

    /** The run's result as it stands (needs the request). */
    ReverseResult result(boolean success, String error) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        // the collections answer does not say created or updated: only Bulk jobs and dry runs count them
        boolean counted = request.dryRun() || path == ReversePath.BULK;
        return new ReverseResult(runId, request.sobject(), request.source(),
                operation == null ? null : operation.apiName(), path == null ? null : path.label(), request.dryRun(),
                rowsRead, sent, succeeded, failures.size(), counted ? inserted : -1, counted ? updated : -1,
                jobIds.isEmpty() ? null : String.join(",", jobIds),
                failuresTable == null ? null : failuresTable.toString(), apiCalls,
                Math.round(seconds * 1000) / 1000.0, startedAt, success, error);
    }
}
