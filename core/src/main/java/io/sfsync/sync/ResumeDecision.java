package io.sfsync.sync;

import io.sfsync.warehouse.ResumePoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Whether a run resumes the Bulk extraction an interrupted run of its target left ({@link ResumePoint}), and if not
 * why: a pure function of the point, the run and, once asked, what Salesforce says of the job. Salesforce keeps a
 * query job and its results until it is deleted, or for 7 days ("All jobs and batches older than 7 days are
 * deleted", Bulk API 2.0 and Bulk API Developer Guide, Job and Batch Lifespan), and serves any page again by its
 * locator. A locator belongs to its job (a real one names the query cursor: {@code MDowR2FIbjAwMDAwNXMyVDRLQUk6MQ} is
 * "0:0GaHn000005s2T4KAI:1", forcedotcom/cli#2968), so the point keeps the two together.
 *
 * @param action what the run does now
 * @param reason why (a refusal's reason is reported in the result's {@code resume_refused}); null for
 *     {@link Action#NONE}, {@link Action#LOOK_UP} and {@link Action#FORGET}
 * @param deleteJob whether the interrupted run's job is deleted from Salesforce (it is that run's, and of no use)
 */
public record ResumeDecision(Action action, String reason, boolean deleteJob) {

    /** What a run does with a resume point. */
    public enum Action {
        /** There is no interrupted run: start. */
        NONE,
        /** The point's run did commit (it died before removing the point): remove it and start. */
        FORGET,
        /** Ask Salesforce for the job ({@code GET /jobs/query/{id}}), then decide again. */
        LOOK_UP,
        /** Read the job's pages from the point's locator into the interrupted run's load, then commit. */
        RESUME,
        /** Remove what the interrupted run left and start over. */
        START_OVER
    }

    /**
     * The query job as Salesforce answered {@code GET /jobs/query/{id}}: its state, its object and operation
     * ({@code query}, {@code queryAll}; the job info does not echo the SOQL, so the point's query hash stands for
     * it: the point was written for this job), or {@link #notFound} (404
     * {@code NOT_FOUND}: deleted, or older than the retention), or {@link #unknown} (any other failure, in words).
     */
    public record Job(String state, String object, String operation, boolean isGone, String failure) {
        public static Job found(String state, String object, String operation) {
            return new Job(state, object, operation, false, null);
        }

        public static Job notFound() {
            return new Job(null, null, null, true, null);
        }

        public static Job unknown(String failure) {
            return new Job(null, null, null, false, failure);
        }
    }

    /**
     * The run deciding: its method (wire name), and the Bulk job it would create: its SOQL, sObject and operation
     * ({@code query} or {@code queryAll}).
     */
    public record Run(String method, String soql, String sobject, String operation) {
    }

    /**
     * The decision.
     *
     * @param enabled {@code sfsync.bulk.resume}
     * @param point the target's resume point, or null
     * @param committedJobId the Bulk job of the target's last committed run (state table), or null
     * @param committedAt when the target's last run committed (state table), or null
     * @param run this run: its method and the Bulk job it would create
     * @param job what Salesforce said of the point's job; null while it was not asked
     */
    public static ResumeDecision decide(boolean enabled, ResumePoint point, String committedJobId,
            Instant committedAt, Run run, Job job) {
        if (point == null) {
            return new ResumeDecision(Action.NONE, null, false);
        }
        String jobId = point.jobId();
        if (jobId.equals(committedJobId)) {
            return new ResumeDecision(Action.FORGET, null, false);
        }
        String interrupted = "run " + point.runId() + " (" + point.syncMethod() + ", Bulk job " + jobId + ", "
                + point.pages() + (point.pages() == 1 ? " page" : " pages") + " landed)";
        if (committedAt != null && point.updatedAt() != null && committedAt.isAfter(point.updatedAt())) {
            // another run (a REST one, say) committed since: the job's pages are older than the table now
            return startOver(interrupted + " was not resumed: the target was synced after it, at " + committedAt,
                    true);
        }
        if (!enabled) {
            return startOver(interrupted + " was not resumed: sfsync.bulk.resume is false", true);
        }
        if (!run.method().equals(point.syncMethod())) {
            return startOver(interrupted + " was not resumed: this run is " + run.method() + ", whose load keeps its"
                    + " pages elsewhere", true);
        }
        if (!queryHash(run.soql()).equals(point.queryHash())) {
            return startOver(interrupted + " was not resumed: the query changed since (fields added or removed in"
                    + " Salesforce, or another filter)", true);
        }
        if (job == null) {
            return new ResumeDecision(Action.LOOK_UP, null, false);
        }
        if (job.isGone() && point.allPagesRead()) {
            // every page is landed: the commit needs nothing more from Salesforce
            return new ResumeDecision(Action.RESUME, "resumed " + interrupted + " at its commit: every page was"
                    + " landed, and the job, which Salesforce no longer has, is not needed", false);
        }
        if (job.isGone()) {
            return startOver(interrupted + " was not resumed: Salesforce no longer has the job (deleted, or older"
                    + " than its 7-day retention)", false);
        }
        if (job.failure() != null) {
            return startOver(interrupted + " was not resumed: Salesforce did not answer for the job: "
                    + job.failure(), false);
        }
        if (!"JobComplete".equals(job.state())) {
            return startOver(interrupted + " was not resumed: the job is " + job.state() + ", not JobComplete",
                    "Failed".equals(job.state()) || "Aborted".equals(job.state()));
        }
        if (!run.sobject().equals(job.object()) || !run.operation().equals(job.operation())) {
            // not the job the point was written for: leave it alone
            return startOver(interrupted + " was not resumed: job " + jobId + " is a " + job.operation() + " of "
                    + job.object() + ", not a " + run.operation() + " of " + run.sobject(), false);
        }
        return new ResumeDecision(Action.RESUME, "resumed " + interrupted + " at page " + (point.pages() + 1),
                false);
    }

    private static ResumeDecision startOver(String reason, boolean deleteJob) {
        return new ResumeDecision(Action.START_OVER, reason, deleteJob);
    }

    /** SHA-256 of a query's text, in hex: what a resume point keeps of the query. */
    public static String queryHash(String soql) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(soql.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
