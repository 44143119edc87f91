package io.sfsync.emulator.bulk;

import io.sfsync.emulator.query.ResultSet;
import io.sfsync.emulator.soql.SoqlQuery;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A Bulk API 2.0 query job and where it is in its life: UploadComplete, InProgress, then JobComplete or Failed. */
final class BulkJob {
    /** Job states as Salesforce names them. */
    enum State {
        /** Taking data: ingest jobs only. */
        Open, UploadComplete, InProgress, JobComplete, Failed, Aborted;

        /** The state as error messages spell it: {@code JOB_COMPLETE}, {@code IN_PROGRESS}. */
        String upper() {
            return switch (this) {
                case Open -> "OPEN";
                case UploadComplete -> "UPLOAD_COMPLETE";
                case InProgress -> "IN_PROGRESS";
                case JobComplete -> "JOB_COMPLETE";
                case Failed -> "FAILED";
                case Aborted -> "ABORTED";
            };
        }

        /** The state in "Aborting already ... Job not allowed": Completed, Failed, Aborted. */
        String phrase() {
            return this == JobComplete ? "Completed" : name();
        }
    }

    final String id;
    final String operation;
    final SoqlQuery query;
    final String apiVersion;
    final String columnDelimiter;
    final String lineEnding;
    final String createdById;
    final Instant createdDate;
    final long createdNanos;
    final long queuedNanos;
    final long processingNanos;
    /** When set, the job ends Failed with this message instead of completing. */
    final String failWith;
    /** Polls of the job's state that still answer InProgress, whatever the time. */
    int stuckPolls;
    /** The job ends Aborted rather than Failed (with {@link #failWith} as its message). */
    boolean abortWith;
    State state = State.UploadComplete;
    Instant systemModstamp;
    ResultSet results;
    /** The query started when the job was created (no delay configured), or null: it runs when the job completes. */
    CompletableFuture<ResultSet> processing;
    /** How long the started query took. */
    volatile long processedMillis;
    String errorMessage;
    long totalProcessingTime;

    BulkJob(String id, String operation, SoqlQuery query, String apiVersion, String columnDelimiter, String lineEnding,
            String createdById, Instant createdDate, long queuedNanos, long processingNanos, String failWith,
            int stuckPolls) {
        this.id = id;
        this.operation = operation;
        this.query = query;
        this.apiVersion = apiVersion;
        this.columnDelimiter = columnDelimiter;
        this.lineEnding = lineEnding;
        this.createdById = createdById;
        this.createdDate = createdDate;
        this.systemModstamp = createdDate;
        this.createdNanos = System.nanoTime();
        this.queuedNanos = queuedNanos;
        this.processingNanos = processingNanos;
        this.failWith = failWith;
        this.stuckPolls = stuckPolls;
    }

    boolean terminal() {
        return state == State.JobComplete || state == State.Failed || state == State.Aborted;
    }

    char delimiterChar() {
        return delimiterChar(columnDelimiter);
    }

    /** The character of a {@code columnDelimiter} name. */
    static char delimiterChar(String columnDelimiter) {
        return switch (columnDelimiter) {
            case "BACKQUOTE" -> '`';
            case "CARET" -> '^';
            case "PIPE" -> '|';
            case "SEMICOLON" -> ';';
            case "TAB" -> '\t';
            default -> ',';
        };
    }

    String lineEndingChars() {
        return "CRLF".equals(lineEnding) ? "\r\n" : "\n";
    }
}
