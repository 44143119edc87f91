package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncPlanResult;
import io.sfsync.api.SyncResult;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.warehouse.ResumePoint;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-failure} of {@code routes/error-handling.camel.yaml}: the dead-letter steps of a failed run (the
 * load rolled back, the Bulk job to abort and delete named, the failed result recorded and returned).
 */
public final class FailureSteps {
    private static final Logger LOG = LoggerFactory.getLogger(FailureSteps.class);

    private final SyncServices services;

    public FailureSteps(SyncServices services) {
        this.services = services;
    }

    /**
     * Dead-letter step one: roll the load back; the route then aborts and deletes the Bulk job. A Bulk run stopped
     * gracefully with a resume point ({@code sfsync.bulk.resume}) keeps its landed pages, the point and its job, as a
     * run that died would, and says from which page the next run of its target resumes.
     */
    public void failed(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        // Kept apart: the clean-up steps that follow may catch exceptions of their own.
        String failure = describe(run, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), exchange);
        SyncException se = syncException(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        boolean stopped = se != null && se.code() == SyncError.STOPPED;
        ResumePoint kept = stopped ? keptForResume(run) : null;
        if (kept != null) {
            failure = failure.replace(GracefulStop.START_OVER, "; nothing was loaded, its " + kept.pages()
                    + " landed pages and Bulk job " + kept.jobId() + " were kept: the next run of " + run.target
                    + " resumes from page " + (kept.pages() + 1) + " (sfsync.bulk.resume)");
            LOG.warn("stopped the run of {} -> {} {}: its load is rolled back, its {} landed pages, resume point and"
                    + " Bulk job {} are kept; it will resume from page {} on the next run of {}",
                    run.request.sobject(), run.target, run.stoppedWhere, kept.pages(), kept.jobId(),
                    kept.pages() + 1, run.target);
        } else if (stopped && run != null && run.stoppedWhere != null) {
            GracefulStop.logStopped(run, run.stoppedWhere);
        }
        exchange.setProperty(SyncHeaders.FAILURE, failure);
        if (run != null && run.load != null) {
            try {
                if (kept != null) {
                    run.load.suspend();
                } else {
                    run.load.abort();
                }
            } catch (RuntimeException e) {
                LOG.warn("rolling back the load of run {} failed: {}", run.runId, e.getMessage());
            }
        }
        if (run != null && run.resumePointWritten && kept == null) {
            // the dead-letter route deletes the job: nothing is left to resume
            try {
                services.warehouse().clearResumePoint(run.target);
            } catch (RuntimeException e) {
                LOG.warn("removing the resume point of {} failed (the next run removes it): {}", run.target,
                        e.getMessage());
            }
        }
        if (run != null && run.load != null && kept == null && se != null
                && (stopped || se.code() == SyncError.NO_SPACE)) {
            // a resumed run's files are under the interrupted run's id (its load's)
            String filesRunId = run.loadSpec != null ? run.loadSpec.runId() : run.runId;
            services.disk().discard(filesRunId, stopped ? "the run was stopped"
                    : "the run was refused for want of space");
            if (stopped && run.loadSpec != null) {
                // and what it PUT to a warehouse stage (Snowflake's named or user stage)
                services.warehouse().discardPages(run.plan().schema().name(), filesRunId, run.loadSpec.viaStage(),
                        run.loadSpec.stageName());
            }
        }
        exchange.getMessage().removeHeader(SalesforceEndpointConfig.JOB_ID);
        // a kept job is neither aborted nor deleted: the next run reads on from its results
        if (run == null || run.bulkJobId == null || run.jobDeleted || kept != null) {
            exchange.removeProperty(SyncHeaders.BULK_JOB_ID);
        } else {
            exchange.setProperty(SyncHeaders.BULK_JOB_ID, run.bulkJobId);
            exchange.setProperty(SyncHeaders.JOB_ACTIVE, !run.jobTerminal);
        }
        RunSupport.removeSforceHeaders(exchange.getMessage(), null);
        exchange.getMessage().setBody(null);
    }

    /**
     * Before each clean-up call of the dead-letter route (abort, delete): the failed run's Bulk job
     * ({@link SyncHeaders#BULK_JOB_ID}) in the header camel-salesforce reads, under the name of the camel-salesforce
     * this is compiled against, and none of the last response's {@code Sforce*} headers (they would be sent along).
     */
    public void bulkJobCleanup(Exchange exchange) {
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, exchange.getProperty(SyncHeaders.BULK_JOB_ID, String.class));
        m.setBody(null);
    }

    /**
     * The resume point a gracefully stopped run leaves for the next run of its target, or null when it starts over:
     * {@code sfsync.bulk.resume} is on, the run recorded (or took over) a point for the job it reads, and the point is
     * there in the control schema (read back: recording a later one may have failed).
     */
    private ResumePoint keptForResume(SyncRun run) {
        if (run == null || !services.settings().bulkResume() || !GracefulStop.mayResume(run)) {
            return null;
        }
        String job = run.bulkJobId != null ? run.bulkJobId : run.resumed == null ? null : run.resumed.jobId();
        try {
            ResumePoint point = services.warehouse().resumePoint(run.target).orElse(null);
            return point != null && point.jobId().equals(job) ? point : null;
        } catch (RuntimeException e) {
            LOG.warn("reading the resume point of {} failed, so the stopped run starts over next time: {}", run.target,
                    e.getMessage());
            return null;
        }
    }

    private static SyncException syncException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SyncException se) {
                return se;
            }
        }
        return null;
    }

    /** Dead-letter step two: the failed result, recorded and returned. */
    public void finishFailed(@Header(SyncHeaders.SOBJECT) String sobject, Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        String error = exchange.getProperty(SyncHeaders.FAILURE, String.class);
        if (RunSupport.planOnly(exchange)) {
            // A plan records no history and holds no run lock.
            exchange.getMessage().setBody(run == null ? new SyncPlanResult(sobject, null, false, null, -1, null, null,
                    null, null, -1, -1, false, error) : RunSupport.planResult(run, false, error));
            return;
        }
        SyncResult result;
        if (run == null) {
            result = SyncResult.builder().sobject(sobject).syncTimestamp(Instant.now()).error(error).build();
        } else {
            result = RunResults.result(run, false, error, run.outcome);
            services.release(run);
        }
        services.record(result);
        SyncResult failed = result;
        services.observe(o -> o.finished(failed, run == null ? 0 : run.rowsExtracted, false));
        exchange.getMessage().setBody(result);
    }

    private static String describe(SyncRun run, Throwable cause, Exchange exchange) {
        SalesforceComponent component = SfsyncSalesforce.of(exchange.getContext());
        List<String> secrets = component == null ? List.of() : Arrays.asList(component.getClientSecret(),
                component.getPassword(), component.getRefreshToken());
        return Secrets.mask(describe(run, cause, component), secrets);
    }

    private static String describe(SyncRun run, Throwable cause, SalesforceComponent component) {
        String network = NetworkFailures.describe(cause, salesforceUrl(component));
        if (network != null) {
            return network;
        }
        SalesforceException sf = null;
        for (Throwable t = cause; t != null && sf == null; t = t.getCause() == t ? null : t.getCause()) {
            sf = t instanceof SalesforceException e ? e : null;
        }
        RequestTooLarge tooLarge = RequestTooLarge.of(cause);
        if (tooLarge != null) {
            SObjectSchema schema = run == null ? null : run.planSoFar().schema();
            String what = run == null ? "a request" : schema == null ? "a request of the " + run.request.sobject()
                    + " run" : "a request of the " + schema.name() + " run (" + schema.extracted().size() + " fields)";
            return "Salesforce refused " + what + " as too large: " + tooLarge.explanation() + "; sfsync splits a "
                    + "REST query into field chunks of at most sfsync.rest.max-uri-bytes bytes of URI: lower it, or "
                    + "set sfsync.rest.wide-strategy=bulk (it was not retried: it would be refused again)";
        }
        if (run != null && run.planSoFar().schema() == null && sf != null && sf.getStatusCode() == 404) {
            return "unknown sObject '" + run.request.sobject() + "': the org has no object of that name (describe "
                    + "answered 404 NOT_FOUND); check the API name, custom objects end in __c";
        }
        return Failures.describe(cause);
    }

    /** Where the failed call went: the instance once logged in, else the login URL. */
    private static String salesforceUrl(SalesforceComponent component) {
        if (component == null) {
            return null;
        }
        var session = component.getSession();
        if (session != null && session.getAccessToken() != null && session.getInstanceUrl() != null) {
            return session.getInstanceUrl();
        }
        return component.getLoginUrl();
    }
}
