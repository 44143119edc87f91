package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncRequest;
import io.sfsync.salesforce.ChunkWindow;
import io.sfsync.salesforce.PageSizer;
import io.sfsync.warehouse.LoadSession;
import io.sfsync.warehouse.TableRef;

import java.time.Instant;

import org.apache.camel.Exchange;

/**
 * One run as it passes through the routes, kept in the exchange property {@code SfsyncRun}: its request, its plan
 * ({@link RunPlan}, fixed once the plan steps are done) and how far its extraction and load have come.
 */
final class SyncRun {
    final String runId;
    final SyncRequest request;
    final TableRef target;
    final String matchField;
    final Instant startedAt = Instant.now();
    final long startedNanos = System.nanoTime();
    /** What the plan steps have found so far; fixed into {@link #plan} when the plan is done. */
    final RunPlan.Draft draft = new RunPlan.Draft();
    private RunPlan plan;
    /** A formula refresh ({@code direct:sfsync-refresh-formulas}), not a sync. */
    boolean formulaRefresh;
    LoadSession load;
    /** What the load was opened with. */
    io.sfsync.warehouse.LoadSpec loadSpec;
    String bulkJobId;
    /** The Bulk job reached JobComplete, Failed or Aborted: nothing left to abort. */
    boolean jobTerminal;
    /** The Bulk job was deleted after its pages were read: nothing left to clean up. */
    boolean jobDeleted;
    long jobCreatedNanos;
    String locator;
    long jobPolls;
    long nextPollMillis;
    int nextSequence;
    long rowsExtracted;
    /** The header of the page the record-level path reads, and its stream (a Bulk page's, counted for sizing). */
    java.util.List<String> recordHeader;
    CountingStream recordStream;
    /** Records the route sfsync-transform dropped. */
    long recordsDropped;
    /** Result pages of the extraction handed to the load. */
    long pages;
    /** How far the run has come, for the progress log. */
    Progress progress;
    /** The rows the current result page announced ({@code Sforce-NumberOfRecords}), or -1. */
    long pageRows = -1;
    long apiCalls;
    long retries;
    /** Backoff waited before the retries, in milliseconds. */
    long retryWaitMillis;
    /** When the last transient failure happened (0: none pending). */
    long lastFailureNanos;
    /** The extraction's Bulk job, kept when the Id reconciliation's job takes over {@link #bulkJobId}. */
    String extractJobId;
    /** The Bulk job being read is the Id reconciliation's. */
    boolean readingIds;
    long idsRead;
    /** The Id range being read in chunks, joined by Id. */
    ChunkWindow window;
    /** The chunk of {@link #window} being read. */
    int chunk;
    /** Reads of the current Id range (1 at first; more when records changed between chunk reads). */
    int windowAttempt;
    /** The Id range of {@link #window}: the first and last Id of the first chunk's page. */
    String rangeFrom;
    String rangeTo;
    /** The next page of the first chunk's query, kept while the other chunks of a range are read. */
    String driverNext;
    /** Id ranges read again because records changed between their chunk reads. */
    long rangesReread;
    /** The newest watermark value in the first chunk's pages: the query cursor's snapshot. */
    Instant snapshotNewest;
    /** Sizes the result pages of the Bulk job being read by bytes ({@code sfsync.bulk.page-bytes}). */
    PageSizer pageSizer;
    /** The rows the pending result page request asks for ({@code maxRecords}); 0 when none is pending. */
    int requestedRows;
    /** The rows to ask for when the last page was too large to receive and is read again from its locator; else 0. */
    int rereadRows;
    /** Result pages of the Bulk job being read received so far (names the next page in a failure). */
    long jobPages;
    /** Set when a page of one row was too large to receive: the run fails with this message. */
    String pageTooLarge;
    /** What the commit did; set once the load is committed (a later step may still fail the run). */
    io.sfsync.warehouse.LoadOutcome outcome;
    /** The interrupted run this one resumes ({@code sfsync.bulk.resume}), or null. */
    io.sfsync.warehouse.ResumePoint resumed;
    /** Why an interrupted run found at the start was not resumed, or null. */
    String resumeRefused;
    /** The resume point an interrupted run of the target left, found when the method started; or null. */
    io.sfsync.warehouse.ResumePoint resumeCandidate;
    /** The Bulk job of the target's last committed run (state table), read with {@link #resumeCandidate}. */
    String committedJobId;
    /** When the target's last run committed (state table), read with {@link #resumeCandidate}. */
    java.time.Instant committedAt;
    /** The resumed run's job is gone from Salesforce (every page was landed): there is nothing to delete. */
    boolean resumedJobGone;
    /** What to do with {@link #resumeCandidate}, once decided. */
    ResumeDecision resumeDecision;
    /** This run wrote (or tried to write) a resume point, or took one over: it removes it when it commits or fails. */
    boolean resumePointWritten;
    /**
     * No further resume point is recorded: a page did not announce its rows (pages adopted at a resume are checked by
     * them), or recording one failed.
     */
    boolean resumeStopped;
    /** Where sfsync's graceful stop stopped this run, when it may be resumed ({@link GracefulStop#mayResume}). */
    String stoppedWhere;
    /** sfsync is shutting down and this run was found to fit in the shutdown timeout (logged once). */
    boolean finishingDespiteStop;

    /** The run an exchange carries (property {@code SfsyncRun}). */
    static SyncRun of(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        if (run == null) {
            throw new IllegalStateException("no sync run on this exchange: send it to direct:sfsync-sync first");
        }
        return run;
    }

    SyncRun(String runId, SyncRequest request, TableRef target, String matchField) {
        this.runId = runId;
        this.request = request;
        this.target = target;
        this.matchField = matchField;
    }

    /** The plan, fixed when the plan steps are done; a stage that runs before then is a mistake in its route. */
    RunPlan plan() {
        if (plan == null) {
            throw new IllegalStateException("run " + runId + " has no plan yet: the plan steps (direct:sfsync-plan"
                    + " in routes/plan.camel.yaml) must come first");
        }
        return plan;
    }

    /** Fixes the plan; once only. */
    void plan(RunPlan done) {
        if (plan != null) {
            throw new IllegalStateException("run " + runId + " is already planned");
        }
        plan = done;
    }

    /** The plan, or what the plan steps found before the run failed or stopped (for its result). */
    RunPlan planSoFar() {
        return plan != null ? plan : draft.soFar();
    }

    /** The extraction's Bulk job id (null for REST). */
    String extractJobId() {
        return readingIds ? extractJobId : bulkJobId;
    }

    /** What two runs must not share: the target table (whatever object each reads), case-insensitively. */
    String key() {
        return target.toString().toUpperCase(java.util.Locale.ROOT);
    }
}
