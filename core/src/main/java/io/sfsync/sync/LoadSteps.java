package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.DeleteMode;
import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvBatches;
import io.sfsync.load.CsvPage;
import io.sfsync.load.Records;
import io.sfsync.plan.FormulaRefresh;
import io.sfsync.plan.SyncMethod;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.ResumePoint;
import io.sfsync.warehouse.Warehouse;
import io.sfsync.warehouse.WarehouseException;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-load} of {@code routes/load.camel.yaml}: the load a method route opens ({@link #open}), and the
 * Bulk pages (unparsed) and REST batches added to it.
 */
public final class LoadSteps {
    private static final Logger LOG = LoggerFactory.getLogger(LoadSteps.class);

    private final SyncServices services;
    private final SyncSettings settings;
    private final Warehouse warehouse;

    public LoadSteps(SyncServices services) {
        this.services = services;
        this.settings = services.settings();
        this.warehouse = services.warehouse();
    }

    /**
     * Opens the run's load, as the method route says: {@code replace} (a full sync: a new table swapped in) or
     * {@code merge} (an incremental one: MERGE on the match field) or {@code formulas} (a formula refresh: only the
     * formula columns of existing rows updated, the watermark left alone), {@code stage} (pages as files in the warehouse
     * stage, then COPY) or {@code direct} (pages into a staging table). The mode must fit the plan (a full plan
     * replaces, an incremental one merges): a route that crosses them fails the run before anything is read.
     */
    public void open(Exchange exchange, String mode, String path) {
        SyncRun run = SyncRun.of(exchange);
        RunPlan plan = run.plan();
        SyncMethod method = plan.decision().method();
        String m = mode == null ? "" : mode.trim();
        boolean formulas = m.equals("formulas");
        boolean full = switch (m) {
            case "replace" -> true;
            case "merge", "formulas" -> false;
            default -> throw new SyncException(SyncError.INVALID_CONFIGURATION, "route " + exchange.getFromRouteId()
                    + ": open takes the mode replace, merge or formulas, not '" + mode + "'");
        };
        boolean stage = switch (path == null ? "" : path.trim()) {
            case "stage" -> true;
            case "direct" -> false;
            default -> throw new SyncException(SyncError.INVALID_CONFIGURATION, "route " + exchange.getFromRouteId()
                    + ": open takes the path stage or direct, not '" + path + "'");
        };
        if (formulas != run.formulaRefresh) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "route " + exchange.getFromRouteId() + " opens a "
                    + m + " load, but the run is " + (run.formulaRefresh ? "a formula refresh, whose load is"
                    + " 'formulas'" : "a sync; only a formula refresh opens a 'formulas' load")
                    + ": fix the route's open step");
        }
        if (!formulas && full != method.isFull()) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "the route of " + method.wireName() + " opens a "
                    + mode + " load, but the plan is " + (method.isFull() ? "a full sync, which replaces the table"
                    : "an incremental sync, which merges into the table") + ": fix the route's open step");
        }
        String stageName = run.request.stageName() == null ? settings.stageName() : run.request.stageName();
        DeleteMode deleteMode = run.request.deleteMode() == null ? settings.deleteMode() : run.request.deleteMode();
        boolean reconcile = !formulas
                && Boolean.TRUE.equals(exchange.getMessage().getHeader(SyncHeaders.RECONCILE, Boolean.class));
        boolean transform = exchange.getContext().getRoute(SyncHeaders.TRANSFORM_ROUTE) != null;
        if (run.resumed != null && transform) {
            // the landed pages went in as they came; the pages to come would pass through the route
            refuseResume(run, "the route sfsync-transform edits records now, and the landed pages were not edited");
        }
        if (run.resumed != null && (run.resumed.viaStage() != stage
                || stage && !run.resumed.stageName().equals(stageName))) {
            refuseResume(run, "its pages are " + (run.resumed.viaStage() ? "in the stage " + run.resumed.stageName()
                    : "off the stage") + ", and this run's route loads " + (stage ? "through the stage " + stageName
                    : "off the stage"));
        }
        // A resumed run loads under the interrupted run's id: its page files are named by it.
        String loadRunId = run.resumed == null ? run.runId : run.resumed.runId();
        // A formula refresh updates only its columns, and never moves the watermark: it loads none.
        LoadSpec spec = new LoadSpec(run.target, plan.schema(), run.matchField,
                formulas ? null : plan.watermarkField(), full, stage, stageName, loadRunId, deleteMode, reconcile,
                formulas ? FormulaRefresh.METHOD : method.wireName(), formulas);
        Set<String> active = new HashSet<>(services.active());
        active.add(loadRunId);
        services.disk().beforeLoad(spec, plan.schema(), plan.estimated(), active);
        run.load = warehouse.openLoad(spec);
        run.loadSpec = spec;
        if (run.resumed != null) {
            try {
                run.load.adopt(run.resumed);
                run.nextSequence = run.resumed.nextSequence();
            } catch (WarehouseException e) {
                run.load.abort();
                refuseResume(run, e.detail());
                open(exchange, mode, path);
                return;
            }
        }
        // Every record passes through the route sfsync-transform when an engineer has added one.
        exchange.setProperty(SyncHeaders.TRANSFORM, transform);
        services.checkpoints().reach("load.opened");
    }

    /** The interrupted run cannot be resumed after all: what it left is removed, and the run starts over. */
    private void refuseResume(SyncRun run, String why) {
        ResumePoint point = run.resumed;
        run.resumed = null;
        run.resumeRefused = "run " + point.runId() + " (" + point.syncMethod() + ", Bulk job " + point.jobId()
                + ") was not resumed: " + why;
        LOG.warn("{} -> {}: {}; starting over", run.plan().schema().name(), run.target, run.resumeRefused);
        warehouse.discardPages(point, run.plan().schema().name());
        warehouse.clearResumePoint(run.target);
    }

    /**
     * After a Bulk page of the extraction landed (a file in the stage, beside the database, or in the user stage,
     * durable once written): the resume point moves to the page after it, so that a run that dies from here on is
     * resumed there ({@code sfsync.bulk.resume}). Never ahead of the files: it is written after them. Not on the
     * record-level path, whose batches may go into a temporary staging table.
     */
    private void recordResumePoint(SyncRun run, CsvPage page) {
        if (!settings.bulkResume() || run.readingIds || run.resumeStopped) {
            return;
        }
        if (page.rows() < 0) {
            // pages adopted at a resume are checked by their announced rows: without them, keep the last point
            run.resumeStopped = true;
            return;
        }
        RunPlan plan = run.plan();
        ResumePoint base = run.resumed;
        try {
            run.load.recordResumePoint(new ResumePoint(run.target.toString(), run.loadSpec.runId(),
                    plan.decision().method().wireName(), run.loadSpec.viaStage(), run.loadSpec.stageName(),
                    run.bulkJobId, ResumeDecision.queryHash(plan.soql()), run.locator,
                    (base == null ? 0 : base.pages()) + run.pages, run.nextSequence,
                    (base == null ? 0 : base.rows()) + run.rowsExtracted, page.header(), Instant.now()));
        } catch (WarehouseException e) {
            // the run itself is fine: an earlier point (or none) is still true, only further from the end
            run.resumeStopped = true;
            LOG.warn("{} -> {}: recording how far the run has come failed, so a resume would start from an earlier"
                    + " page: {}", plan.schema().name(), run.target, e.detail());
        }
        run.resumePointWritten = true;
    }

    /**
     * Hands one Bulk result page to the load as it came: only its header line is read, the rows go to the warehouse
     * unparsed (a page of the Id reconciliation is split into Id batches instead: one narrow column).
     */
    public void loadPage(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        InputStream received = exchange.getMessage().getBody(InputStream.class);
        if (received == null) {
            return;
        }
        // The page's bytes, counted as the load reads them, size the next pages.
        CountingStream body = new CountingStream(received);
        try {
            loadPage(exchange, run, body);
        } finally {
            if (run.pageSizer != null) {
                run.pageSizer.measured(body.drained(), run.pageRows);
            }
        }
    }

    private void loadPage(Exchange exchange, SyncRun run, InputStream body) {
        if (run.readingIds) {
            try (CsvBatches batches = CsvBatches.split(body, run.nextSequence, settings.batchRows())) {
                while (batches.hasNext()) {
                    CsvBatch batch = batches.next();
                    run.load.addIds(batch);
                    run.idsRead += batch.rows();
                }
                run.nextSequence = Math.max(run.nextSequence, batches.nextSequence());
            }
            return;
        }
        CsvPage page;
        try {
            page = CsvPage.read(run.nextSequence, body, run.pageRows);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.SALESFORCE_REJECTED, "result page " + (run.pages + 1) + " of Bulk API"
                    + " job " + run.bulkJobId + " is not CSV with a header row: " + e.getMessage(), e);
        }
        if (page.isEmpty()) {
            return;
        }
        writeOnce(() -> run.load.addPage(page));
        run.nextSequence++;
        run.pages++;
        run.rowsExtracted += Math.max(0, page.rows());
        run.progress.page(page.rows());
        if (run.pages == 1) {
            // a resumed run's files (its own and those it adopted) are under the interrupted run's id
            services.disk().afterFirstPage(run.loadSpec, run.loadSpec.runId(), run.plan().estimated(),
                    (run.resumed == null ? 0 : run.resumed.rows()) + run.rowsExtracted);
        }
        recordResumePoint(run, page);
        services.checkpoints().reach("load.page");
        exchange.getMessage().setBody(null);
    }

    /**
     * Route {@code sfsync-load-records} (the record-level path): the page in groups of {@code sfsync.batch-rows}
     * records, read as it streams: a Bulk page (CSV), or a REST page's batch.
     */
    public Iterator<List<Map<String, String>>> recordGroups(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        Object body = exchange.getMessage().getBody();
        InputStream in = body instanceof CsvBatch batch ? new ByteArrayInputStream(batch.csv())
                : new CountingStream(exchange.getMessage().getBody(InputStream.class));
        run.recordStream = in instanceof CountingStream counting ? counting : null;
        Records.Groups groups = Records.groups(in, settings.batchRows());
        run.recordHeader = groups.header();
        return groups;
    }

    /** After {@code sfsync-transform} saw a group: the records it kept, as one batch into the load. */
    public void loadRecords(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        RecordGroup.Kept kept = exchange.getMessage().getBody(RecordGroup.Kept.class);
        run.recordsDropped += kept.dropped();
        run.rowsExtracted += kept.records().size() + kept.dropped();
        if (!kept.records().isEmpty()) {
            CsvBatch batch;
            try {
                batch = Records.toBatch(run.nextSequence, run.recordHeader, kept.records());
            } catch (IllegalArgumentException e) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, "sfsync-transform: " + e.getMessage(), e);
            }
            writeOnce(() -> run.load.addBatch(batch));
            run.nextSequence++;
        }
        run.progress.page(kept.records().size() + kept.dropped());
        services.checkpoints().reach("load.batch");
        exchange.getMessage().setBody(null);
    }

    /** After the record-level path read a Bulk page: counted like a page of the fast path. */
    public void pageDone(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        if (run.pageSizer != null && run.recordStream != null) {
            // count, not drained: the parser read the page to its end and closed it, and Camel's stream cache starts
            // over when closed, so draining it would count the page twice (and halve the next pages)
            run.pageSizer.measured(run.recordStream.count(), run.pageRows);
        }
        run.recordStream = null;
        run.pages++;
        if (run.pages == 1) {
            // a resumed run's files (its own and those it adopted) are under the interrupted run's id
            services.disk().afterFirstPage(run.loadSpec, run.loadSpec.runId(), run.plan().estimated(),
                    (run.resumed == null ? 0 : run.resumed.rows()) + run.rowsExtracted);
        }
        services.checkpoints().reach("load.page");
    }

    /**
     * Writes to the load once: a retry would find the page's body read, so a failure here (a full disk) ends the run
     * instead of being retried.
     */
    private static void writeOnce(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            if (!Retries.isTransient(e)) {
                throw e;
            }
            SyncException fatal = new SyncException(SyncError.LOAD_FAILED, e instanceof WarehouseException w
                    ? w.detail() : Failures.describe(e));
            fatal.addSuppressed(e);
            throw fatal;
        }
    }

    /** Adds one batch to the run's load. */
    public void loadBatch(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        CsvBatch batch = exchange.getMessage().getBody(CsvBatch.class);
        if (run.readingIds) {
            run.load.addIds(batch);
            run.idsRead += batch.rows();
            run.nextSequence = Math.max(run.nextSequence, batch.sequence() + 1);
            return;
        }
        run.load.addBatch(batch);
        services.checkpoints().reach("load.batch");
        run.rowsExtracted += batch.rows();
        run.nextSequence = Math.max(run.nextSequence, batch.sequence() + 1);
    }
}
