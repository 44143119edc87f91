package io.sfsync.sync;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.plan.RunIds;
import io.sfsync.salesforce.SfsyncSalesforce;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-reverse-failure} of the dead-letter route {@code sfsync-reverse-failed}
 * ({@code routes/reverse.camel.yaml}): a failed reverse run's error in words, its open ingest job named for the route
 * to abort, the rows Salesforce had refused still written, the failed result recorded and returned.
 */
public final class ReverseFailureSteps {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseFailureSteps.class);

    private final SyncServices services;

    public ReverseFailureSteps(SyncServices services) {
        this.services = services;
    }

    /** Dead-letter step one: the error in words (secrets masked); an open ingest job named for the route to abort. */
    public void failed(Exchange exchange) {
        ReverseRun run = exchange.getProperty(SyncHeaders.REVERSE_RUN, ReverseRun.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        SalesforceComponent component = SfsyncSalesforce.of(exchange.getContext());
        List<String> secrets = component == null ? List.of() : Arrays.asList(component.getClientSecret(),
                component.getPassword(), component.getRefreshToken());
        exchange.setProperty(SyncHeaders.FAILURE, Secrets.mask(Failures.describe(cause), secrets));
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        boolean abort = run != null && run.jobId != null && !run.jobTerminal;
        exchange.setProperty(SyncHeaders.JOB_ACTIVE, abort);
        if (abort) {
            exchange.setProperty(SyncHeaders.BULK_JOB_ID, run.jobId);
            m.setHeader(SalesforceEndpointConfig.JOB_ID, run.jobId);
        }
        m.setBody(null);
    }

    /**
     * Dead-letter step two: the rows Salesforce refused so far still land in the failures table, and the failed
     * result is recorded (not for a dry run) and returned.
     */
    public void finishFailed(@Header(SyncHeaders.SOBJECT) String sobject, Exchange exchange) {
        ReverseRun run = exchange.getProperty(SyncHeaders.REVERSE_RUN, ReverseRun.class);
        String error = exchange.getProperty(SyncHeaders.FAILURE, String.class);
        ReverseResult result;
        if (run == null || run.request == null) {
            result = new ReverseResult(run == null ? RunIds.next() : run.runId, sobject, null, null, null, false, 0, 0,
                    0, 0, -1, -1, null, null, 0, 0, Instant.now(), false, error);
        } else {
            try {
                run.failures.flush();
            } catch (RuntimeException e) {
                LOG.warn("{} failure rows of reverse run {} could not be written: {}", run.failures.pending(),
                        run.runId, e.getMessage());
            }
            result = run.result(false, error);
        }
        if (run != null) {
            run.close();
        }
        if (run == null || run.request == null || !run.request.dryRun()) {
            services.record(result.toHistory());
        }
        LOG.warn("{}", result.logLine());
        exchange.getMessage().setBody(result);
    }
}
