package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.salesforce.PageSizer;
import io.sfsync.salesforce.RestPages;
import io.sfsync.salesforce.SfField;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.warehouse.ResumePoint;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ColumnDelimiterEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-extract-bulk} of {@code routes/extract-bulk2.camel.yaml}: a Bulk API 2.0 query job created,
 * polled with backoff, read page by page by locator (pages sized by bytes, {@link PageSizer}) and deleted; the Id-only
 * job of the reconciliation.
 */
public final class BulkExtractSteps {
    private static final Logger LOG = LoggerFactory.getLogger(BulkExtractSteps.class);

    private final SyncSettings settings;
    private final Checkpoints checkpoints;

    public BulkExtractSteps(SyncServices services) {
        this.settings = services.settings();
        this.checkpoints = services.checkpoints();
    }

    /** Before creating the Bulk job: the job as the body. */
    public void bulkJob(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        RunSupport.stopCheck(exchange, run, GracefulStop.Boundary.START);
        QueryJob job = new QueryJob();
        RunPlan plan = run.plan();
        job.setOperation(operation(plan));
        job.setQuery(run.readingIds ? plan.idsSoql() : plan.soql());
        job.setContentType(ContentTypeEnum.CSV);
        job.setColumnDelimiter(ColumnDelimiterEnum.COMMA);
        job.setLineEnding(LineEndingEnum.LF);
        // The Id reconciliation's job reads one narrow column (~20 bytes a row): its pages get max-records rows.
        startPages(exchange, run, run.readingIds ? List.of(plan.schema().field(run.matchField))
                : plan.schema().extracted());
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        if (run.resumed != null && !run.readingIds) {
            // the interrupted run's job, complete (BulkResumeSteps): its pages from the point's locator, no new job
            ResumePoint point = run.resumed;
            run.bulkJobId = point.jobId();
            run.jobDeleted = run.resumedJobGone;
            run.jobTerminal = true;
            run.locator = point.locator();
            m.setHeader(SyncHeaders.JOB_GONE, run.resumedJobGone);
            m.setHeader(SalesforceEndpointConfig.JOB_ID, point.jobId());
            m.setHeader(SyncHeaders.JOB_DONE, true);
            m.setHeader(SyncHeaders.MORE, !point.allPagesRead());
            m.setBody(null);
            return;
        }
        m.removeHeader(SyncHeaders.JOB_GONE);
        m.setHeader(SyncHeaders.JOB_DONE, false);
        m.setBody(job);
    }

    /** queryAll where the object has a recycle bin (deleted records arrive flagged), else query. */
    static OperationEnum operation(RunPlan plan) {
        return plan.schema().hasField("IsDeleted") ? OperationEnum.QUERY_ALL : OperationEnum.QUERY;
    }

    /**
     * A new Bulk job's pages are sized afresh for the fields it selects, within {@code sfsync.bulk.page-bytes} and
     * what camel-salesforce may receive ({@code httpMaxContentLength}), whichever is smaller.
     */
    private void startPages(Exchange exchange, SyncRun run, List<SfField> fields) {
        long budget = settings.bulkPageBytes();
        SalesforceComponent component = SfsyncSalesforce.of(exchange.getContext());
        Integer receivable = component == null ? null : component.getHttpMaxContentLength();
        if (receivable != null && receivable > 0) {
            budget = Math.min(budget, receivable);
        }
        run.pageSizer = new PageSizer(budget, settings.bulkMaxRecords(), fields);
        run.jobPages = 0;
        run.requestedRows = 0;
        run.rereadRows = 0;
        run.pageTooLarge = null;
    }

    /** After creating the job: its id for the next calls, and the first poll delay. */
    public void bulkJobCreated(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        Message m = exchange.getMessage();
        QueryJob job = m.getBody(QueryJob.class);
        run.bulkJobId = job.getId();
        run.jobDeleted = false;
        run.jobCreatedNanos = System.nanoTime();
        run.progress.phase("waiting for Bulk job " + job.getId());
        run.nextPollMillis = settings.pollInitial().toMillis();
        m.setHeader(SalesforceEndpointConfig.JOB_ID, job.getId());
        m.setHeader(SyncHeaders.JOB_DONE, false);
        m.setHeader(SyncHeaders.POLL_DELAY, run.nextPollMillis);
        RunSupport.removeSforceHeaders(m, null);
        checkpoints.reach("extract.bulk-job-created");
    }

    /** After a poll: done, failed (the run fails with Salesforce's message), or the next, longer, delay. */
    public void bulkJobPolled(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        run.jobPolls++;
        Message m = exchange.getMessage();
        QueryJob job = m.getBody(QueryJob.class);
        JobStateEnum state = job.getState();
        run.jobTerminal = state == JobStateEnum.JOB_COMPLETE || state == JobStateEnum.FAILED
                || state == JobStateEnum.ABORTED;
        run.progress.phase("waiting for Bulk job " + run.bulkJobId + " (" + stateName(state) + ", " + run.jobPolls
                + (run.jobPolls == 1 ? " poll)" : " polls)"));
        if (state == JobStateEnum.JOB_COMPLETE) {
            m.setHeader(SyncHeaders.JOB_DONE, true);
            m.setHeader(SyncHeaders.MORE, true);
            run.locator = null;
        } else if (state == JobStateEnum.FAILED || state == JobStateEnum.ABORTED) {
            // The job DTO has no errorMessage: the route reads the job once more as raw JSON for it.
            m.setHeader(SyncHeaders.JOB_FAILED, stateName(state));
            m.setHeader(SalesforceEndpointConfig.RAW_PATH, "/services/data/v" + RunSupport.apiVersion(exchange)
                    + "/jobs/query/"
                    + run.bulkJobId);
            m.setHeader(SalesforceEndpointConfig.RAW_METHOD, "GET");
        } else {
            RunSupport.stopCheck(exchange, run, GracefulStop.Boundary.POLL);
            Duration waited = Duration.ofNanos(System.nanoTime() - run.jobCreatedNanos);
            if (waited.compareTo(settings.jobTimeout()) > 0) {
                throw new SyncException(SyncError.BULK_JOB_FAILED, "Bulk API job " + run.bulkJobId + " is still "
                        + stateName(state) + " after " + waited.toSeconds() + " s (sfsync.bulk.timeout-seconds="
                        + settings.jobTimeout().toSeconds() + "); it was aborted");
            }
            run.nextPollMillis = Math.min(settings.pollMax().toMillis(), Math.max(1, run.nextPollMillis * 3 / 2));
            m.setHeader(SyncHeaders.POLL_DELAY, run.nextPollMillis);
        }
        RunSupport.removeSforceHeaders(m, null);
    }

    /** A job state as Salesforce spells it ({@code InProgress}). */
    static String stateName(JobStateEnum state) {
        StringBuilder out = new StringBuilder();
        for (String part : state.name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** A job that ended Failed or Aborted fails the run with Salesforce's {@code errorMessage} (raw job JSON body). */
    public void bulkJobFailed(@Body String job, @Header(SyncHeaders.JOB_FAILED) String state, Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        String errorMessage = RestPages.field(job, "errorMessage");
        throw new SyncException(SyncError.BULK_JOB_FAILED, "Bulk API job " + run.bulkJobId + " ended " + state
                + (errorMessage == null ? "" : ": " + errorMessage));
    }

    /**
     * Before reading a result page: job id, page size and the locator of the page. The page asks for as many rows as
     * fit in the page budget ({@link PageSizer}), or, when the last page was too large to receive, for fewer rows from
     * the same locator. Sized because camel-salesforce 4.18 cannot stream a page: bulk2GetQueryJobResults goes through
     * AbstractClientBase.doHttpRequest, which buffers every response whole (Jetty BufferingResponseListener, up to
     * httpMaxContentLength) before the route gets an InputStream over that buffer.
     */
    public void bulkResultsRequest(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        if (run.pageTooLarge != null) {
            throw new SyncException(SyncError.PAGE_TOO_LARGE, run.pageTooLarge);
        }
        RunSupport.stopCheck(exchange, run, GracefulStop.Boundary.PAGE);
        if (run.readingIds) {
            run.progress.phase("reading every " + run.matchField + " for the reconciliation, " + run.idsRead
                    + " so far");
        } else {
            run.progress.reading();
        }
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, run.bulkJobId);
        int rows = run.rereadRows > 0 ? run.rereadRows : run.pageSizer.nextRows();
        run.rereadRows = 0;
        run.requestedRows = rows;
        m.setHeader(SalesforceEndpointConfig.MAX_RECORDS, rows);
        m.removeHeader(SyncHeaders.PAGE_READ);
        if (run.locator == null) {
            m.removeHeader(SalesforceEndpointConfig.LOCATOR);
        } else {
            m.setHeader(SalesforceEndpointConfig.LOCATOR, run.locator);
        }
        m.setBody(null);
    }

    /**
     * After a result page: the locator of the next one (Salesforce sends the string {@code null} after the last).
     * Nothing to do when the page was too large to receive ({@link #bulkPageTooLarge} ran instead).
     */
    public void bulkResultsPage(@Header(SyncHeaders.PAGE_READ) Boolean pageRead,
            @Header("Sforce-Locator") String locator, @Header("Sforce-NumberOfRecords") String records,
            Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        Message m = exchange.getMessage();
        if (Boolean.FALSE.equals(pageRead)) {
            return;
        }
        run.apiCalls++;
        if (locator == null) {
            throw new SyncException(SyncError.SALESFORCE_REJECTED, "a Bulk API result page of job " + run.bulkJobId
                    + " came without its Sforce-Locator header");
        }
        run.locator = "null".equals(locator) ? null : locator;
        run.pageRows = pageRows(records);
        run.requestedRows = 0;
        run.jobPages++;
        m.setHeader(SyncHeaders.MORE, run.locator != null);
        m.setHeader(SyncHeaders.PAGE_READ, true);
        RunSupport.removeSforceHeaders(m, null);
        checkpoints.reach("extract.bulk-page");
    }

    /**
     * Whether a result page request failed because the page is larger than camel-salesforce may receive
     * ({@code httpMaxContentLength}); the route then reads it again with fewer rows ({@link #bulkPageTooLarge}).
     */
    public boolean isBulkPageTooLarge(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return run != null && run.requestedRows > 0 && run.pageSizer != null && Retries.bufferLimit(failure) > 0;
    }

    /**
     * After a result page too large to receive: the same locator is asked again for a quarter of the rows. A page of
     * one row that does not fit fails the run (at the next request, in the extraction route) saying what to raise.
     * The refused call counts as an API call.
     */
    public void bulkPageTooLarge(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        long limit = Retries.bufferLimit(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        int rows = run.requestedRows;
        run.requestedRows = 0;
        String page = "result page " + (run.jobPages + 1) + " of Bulk API job " + run.bulkJobId + " ("
                + run.plan().schema().name() + (run.readingIds ? ", Id reconciliation" : "") + ")";
        if (rows <= 1) {
            run.pageTooLarge = page + " does not fit in " + limit + " bytes even with a single row (maxRecords=1):"
                    + " camel-salesforce holds each page whole and refuses one longer than"
                    + " camel.component.salesforce.httpMaxContentLength=" + limit + "; raise that setting above the"
                    + " size of one row (the describe allows up to " + run.pageSizer.estimatedRowBytes()
                    + " bytes a row; pages are sized within sfsync.bulk.page-bytes or httpMaxContentLength, whichever"
                    + " is smaller: " + run.pageSizer.budget() + " bytes)";
        } else {
            run.rereadRows = run.pageSizer.tooLarge(rows, limit);
            LOG.warn("{} of {} rows is larger than camel-salesforce may receive ({} bytes,"
                    + " camel.component.salesforce.httpMaxContentLength): reading it again with {} rows", page, rows,
                    limit, run.rereadRows);
        }
        Message m = exchange.getMessage();
        m.setHeader(SyncHeaders.MORE, true);
        m.setHeader(SyncHeaders.PAGE_READ, false);
        RunSupport.removeSforceHeaders(m, null);
        m.setBody(null);
    }

    /** The rows a result page announces, or -1 when it does not say. */
    static long pageRows(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            long rows = Long.parseLong(header.trim());
            return rows < 0 ? -1 : rows;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** After the job's pages are read. */
    public void bulkJobDeleted(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        run.jobDeleted = true;
        exchange.getMessage().removeHeader(SalesforceEndpointConfig.JOB_ID);
    }

    /**
     * After the extraction, when the run reconciles Ids: the next Bulk job reads every key Salesforce has (queryAll,
     * so the recycle bin counts as present); its batches go to the load's Id table.
     */
    public void reconcileIds(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.extractJobId = run.bulkJobId;
        run.readingIds = true;
        // the Id pages hold keys only: they never pass through sfsync-transform
        exchange.setProperty(SyncHeaders.TRANSFORM, false);
        run.bulkJobId = null;
        run.jobTerminal = false;
        run.locator = null;
        Message m = exchange.getMessage();
        m.setHeader(SyncHeaders.MORE, false);
        m.setHeader(SyncHeaders.JOB_DONE, false);
        m.removeHeader(SyncHeaders.JOB_FAILED);
        m.setBody(null);
    }
}
