package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.warehouse.ResumePoint;
import io.sfsync.warehouse.SyncState;
import io.sfsync.warehouse.Warehouse;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-bulk-resume} of {@code routes/bulk-resume.camel.yaml}: before a Bulk method opens its load, the
 * interrupted run of its target is found, Salesforce asked for its job, and the run either resumes it
 * ({@link SyncRun#resumed}: the load adopts its pages, the extraction reads on from its locator) or removes what it
 * left and starts over, saying why ({@link ResumeDecision}).
 */
public final class BulkResumeSteps {
    private static final Logger LOG = LoggerFactory.getLogger(BulkResumeSteps.class);

    private final SyncSettings settings;
    private final Warehouse warehouse;

    public BulkResumeSteps(SyncServices services) {
        this.settings = services.settings();
        this.warehouse = services.warehouse();
    }

    /**
     * Route {@code sfsync-bulk-resume}, before a Bulk method opens its load: the resume point an interrupted run of
     * the target left ({@link ResumePoint}), if any, and what to do with it ({@link ResumeDecision}); when Salesforce
     * must be asked for the job, the header {@code SfsyncResumeLookUp} says so.
     */
    public void resumeCheck(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        Message m = exchange.getMessage();
        m.removeHeader(SyncHeaders.RESUME_LOOK_UP);
        m.removeHeader(SyncHeaders.RESUME_DELETE_JOB);
        run.resumeDecision = null;
        run.resumeCandidate = warehouse.resumePoint(run.target).orElse(null);
        if (run.resumeCandidate == null) {
            return;
        }
        SyncState state = warehouse.syncState(run.target).orElse(null);
        run.committedJobId = state == null ? null : state.lastJobId();
        run.committedAt = state == null ? null : state.lastSuccess();
        decideResume(exchange, run, null);
    }

    /** After {@code GET /jobs/query/{id}} of the interrupted run's job answered. */
    public void resumeJobFound(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        QueryJob job = exchange.getMessage().getBody(QueryJob.class);
        decideResume(exchange, run, ResumeDecision.Job.found(job.getState() == null ? null
                : BulkExtractSteps.stateName(job.getState()), job.getObject(),
                operationName(job.getOperation())));
    }

    /**
     * After {@code GET /jobs/query/{id}} of the interrupted run's job failed: 404 ({@code NOT_FOUND}) is a job
     * deleted or past Salesforce's retention; anything else is reported as it came. Either way the run starts over.
     */
    public void resumeJobGone(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ResumeDecision.Job job = failure instanceof SalesforceException se && se.getStatusCode() == 404
                ? ResumeDecision.Job.notFound() : ResumeDecision.Job.unknown(Failures.describe(failure));
        decideResume(exchange, run, job);
    }

    /** After the interrupted run's job was deleted from Salesforce. */
    public void resumeJobDeleted(Exchange exchange) {
        SyncRun.of(exchange).apiCalls++;
    }

    /** When the interrupted run's job could not be deleted: Salesforce deletes it after 7 days. */
    public void resumeJobNotDeleted(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        LOG.warn("could not delete Bulk job {} of the interrupted run {} (Salesforce deletes it after 7 days): {}",
                run.resumeCandidate.jobId(), run.resumeCandidate.runId(), Failures.describe(
                        exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
    }

    /** An operation as Salesforce spells it in a job ({@code queryAll}), or null. */
    private static String operationName(OperationEnum operation) {
        if (operation == null) {
            return null;
        }
        return switch (operation) {
            case QUERY -> "query";
            case QUERY_ALL -> "queryAll";
            default -> operation.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private void decideResume(Exchange exchange, SyncRun run, ResumeDecision.Job job) {
        RunPlan plan = run.plan();
        ResumeDecision decision = ResumeDecision.decide(settings.bulkResume(), run.resumeCandidate,
                run.committedJobId, run.committedAt, new ResumeDecision.Run(plan.decision().method().wireName(),
                        plan.soql(), plan.schema().name(), operationName(BulkExtractSteps.operation(plan))), job);
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.removeHeader(SyncHeaders.RESUME_LOOK_UP);
        if (decision.action() == ResumeDecision.Action.LOOK_UP) {
            m.setHeader(SyncHeaders.RESUME_LOOK_UP, true);
            m.setHeader(SalesforceEndpointConfig.JOB_ID, run.resumeCandidate.jobId());
            return;
        }
        run.resumeDecision = decision;
        run.resumedJobGone = job != null && job.isGone();
        if (decision.deleteJob()) {
            m.setHeader(SyncHeaders.RESUME_DELETE_JOB, true);
            m.setHeader(SalesforceEndpointConfig.JOB_ID, run.resumeCandidate.jobId());
        }
    }

    /**
     * The end of {@code sfsync-bulk-resume}: a run that resumes takes the point over (the load adopts its pages); one
     * that does not removes what the interrupted run left (its page files and the point) and says why.
     */
    public void resumeDecided(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        Message m = exchange.getMessage();
        m.removeHeader(SyncHeaders.RESUME_LOOK_UP);
        m.removeHeader(SyncHeaders.RESUME_DELETE_JOB);
        m.removeHeader(SalesforceEndpointConfig.JOB_ID);
        RunSupport.removeSforceHeaders(m, null);
        m.setBody(null);
        ResumeDecision decision = run.resumeDecision;
        ResumePoint point = run.resumeCandidate;
        run.resumeDecision = null;
        run.resumeCandidate = null;
        if (decision == null || decision.action() == ResumeDecision.Action.NONE) {
            return;
        }
        if (decision.action() == ResumeDecision.Action.RESUME) {
            run.resumed = point;
            run.resumePointWritten = true;
            LOG.info("{} -> {}: {}", run.plan().schema().name(), run.target, decision.reason());
            return;
        }
        warehouse.discardPages(point, run.plan().schema().name());
        warehouse.clearResumePoint(run.target);
        if (decision.action() == ResumeDecision.Action.START_OVER) {
            run.resumeRefused = decision.reason();
            LOG.warn("{} -> {}: {}; starting over", run.plan().schema().name(), run.target, decision.reason());
        }
    }
}
