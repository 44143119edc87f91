package io.sfsync.emulator.bulk;

import io.sfsync.emulator.model.SObjectDef;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Bulk API 2.0 ingest job and where it is in its life: Open (taking its upload), UploadComplete (queued),
 * InProgress, then JobComplete, Failed or Aborted.
 */
final class IngestJob {
    final String id;
    final SObjectDef object;
    final String operation;
    final String externalIdFieldName;
    final String apiVersion;
    final String columnDelimiter;
    final String lineEnding;
    final String createdById;
    final Instant createdDate;
    BulkJob.State state = BulkJob.State.Open;
    Instant systemModstamp;
    /** The uploaded CSV; null until the one upload a job takes. */
    byte[] data;
    long closedNanos;
    /** The scheduled processing; cancelled when the job is aborted before it starts. */
    Future<Outcome> processing;
    final AtomicBoolean started = new AtomicBoolean();
    /** Set when the job reaches a terminal state. */
    Outcome outcome;

    /** What processing the upload produced: result rows (as CSV cells), counts and a job-level failure. */
    record Outcome(List<String> header, List<List<String>> successful, List<List<String>> failed,
            List<List<String>> unprocessed, int processed, String errorMessage, long millis) {
    }

    IngestJob(String id, SObjectDef object, String operation, String externalIdFieldName, String apiVersion,
            String columnDelimiter, String lineEnding, String createdById, Instant createdDate) {
        this.id = id;
        this.object = object;
        this.operation = operation;
        this.externalIdFieldName = externalIdFieldName;
        this.apiVersion = apiVersion;
        this.columnDelimiter = columnDelimiter;
        this.lineEnding = lineEnding;
        this.createdById = createdById;
        this.createdDate = createdDate;
        this.systemModstamp = createdDate;
    }

    boolean terminal() {
        return state == BulkJob.State.JobComplete || state == BulkJob.State.Failed || state == BulkJob.State.Aborted;
    }

    char delimiterChar() {
        return BulkJob.delimiterChar(columnDelimiter);
    }

    String lineEndingChars() {
        return "CRLF".equals(lineEnding) ? "\r\n" : "\n";
    }
}
