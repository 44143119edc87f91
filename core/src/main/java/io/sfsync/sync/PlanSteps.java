package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.warehouse.SyncState;
import io.sfsync.plan.Decision;
import io.sfsync.plan.FormulaRefresh;
import io.sfsync.plan.PlanInput;
import io.sfsync.plan.QuotaGuard;
import io.sfsync.plan.RunIds;
import io.sfsync.plan.SyncMethod;
import io.sfsync.plan.SyncPlanner;
import io.sfsync.plan.Thresholds;
import io.sfsync.plan.WideQuery;
import io.sfsync.salesforce.DescribeParser;
import io.sfsync.salesforce.RestPages;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.salesforce.SoqlBuilder;
import io.sfsync.warehouse.Identifiers;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Headers;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-plan} of {@code routes/plan.camel.yaml} and {@code routes/sync.camel.yaml}: a run's request
 * read and checked, the run lock, the quota, the describe, the target's watermark, COUNT() and the decision. The plan
 * opens no load: each method route opens its own ({@link LoadSteps#open}).
 */
public final class PlanSteps {
    private static final Logger LOG = LoggerFactory.getLogger(PlanSteps.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final SyncServices services;
    private final SyncSettings settings;
    private final Warehouse warehouse;

    public PlanSteps(SyncServices services) {
        this.services = services;
        this.settings = services.settings();
        this.warehouse = services.warehouse();
    }

    /**
     * Reads the request from the {@code Sfsync*} headers (bound by Camel), validates it and makes sure no other run of
     * the same target is going.
     */
    public void begin(@Headers Map<String, Object> headers, Exchange exchange) {
        Message m = exchange.getMessage();
        SyncRun run = newRun(headers);
        String sobject = run.request.sobject();
        TableRef target = run.target;
        String runId = run.runId;
        Optional<String> other = services.runLock().tryAcquire(run.key(), runId, sobject);
        if (other.isPresent()) {
            exchange.setProperty(SyncHeaders.SKIPPED, true);
            SyncResult skipped = SyncResult.builder()
                    .runId(runId)
                    .sobject(sobject)
                    .targetTable(target.toString())
                    .syncTimestamp(run.startedAt)
                    .error("skipped: " + other.get() + " into " + target + " is still in progress")
                    .reason("another run of the same target is in progress")
                    .build();
            LOG.warn("sync skipped: {}", skipped.logLine());
            services.observe(o -> o.finished(skipped, 0, true));
            m.setBody(skipped);
            return;
        }
        services.active().add(runId);
        exchange.setProperty(SyncHeaders.RUN, run);
        run.progress = new Progress(sobject + " -> " + target);
        CamelContext context = exchange.getContext();
        services.progress().start(runId, run.progress, () -> context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "sfsync-progress"));
        takeSlot(run, context);
        String slot = exchange.getProperty(SyncHeaders.SCHEDULED_SLOT, String.class);
        LOG.info("run {} of {} -> {} started{}{}", runId, sobject, target,
                services.runLock().node() == null ? "" : " on node " + services.runLock().node(),
                slot == null ? "" : " for " + slot);
        m.setHeader(SalesforceEndpointConfig.SOBJECT_NAME, sobject);
        m.setBody(null);
    }

    /**
     * Like {@link #begin} for a formula refresh ({@code direct:sfsync-refresh-formulas}): the same request, run lock and
     * slot; the plan steps then plan a read of the match field and the formula fields of every record.
     */
    public void beginFormulaRefresh(@Headers Map<String, Object> headers, Exchange exchange) {
        begin(headers, exchange);
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        if (run != null) {
            run.formulaRefresh = true;
            exchange.setProperty(SyncHeaders.FORMULA_REFRESH, true);
        }
    }

    /**
     * Like {@link #begin} for a plan-only run ({@code direct:sfsync-plan}): it takes no run lock (a real run of the
     * target
     * may go on meanwhile), logs no progress, and the plan steps then open no load and record no history.
     */
    public void beginPlan(@Headers Map<String, Object> headers, Exchange exchange) {
        exchange.setProperty(SyncHeaders.PLAN_ONLY, true);
        Message m = exchange.getMessage();
        SyncRun run = newRun(headers);
        run.progress = new Progress(run.request.sobject() + " -> " + run.target + " (plan)");
        exchange.setProperty(SyncHeaders.RUN, run);
        m.setHeader(SalesforceEndpointConfig.SOBJECT_NAME, run.request.sobject());
        m.setBody(null);
    }

    /** After the plan steps of a plan-only run: the plan as the body. */
    public void planReport(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        exchange.getMessage().setBody(RunSupport.planResult(run, true, null));
        exchange.getMessage().removeHeader(SyncHeaders.METHOD);
    }

    /** Refuses a match field that may repeat: the MERGE would fold every record sharing a value into one row. */
    private static void requireUniqueMatchField(SyncRun run) {
        SObjectSchema schema = run.draft.schema;
        SfField field = schema.field(run.matchField);
        if (!field.identifiesRecords()) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "match field " + field.name() + " of "
                    + schema.name() + " is not unique in Salesforce (describe says it is neither the Id nor"
                    + " unique nor an external id), so records sharing a value would be merged into one row: use Id"
                    + " or a unique external id field as matchField");
        }
    }

    /** After {@code limits}: refuses to start below the quota floors; keeps what is left for the plan. */
    public void quota(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        RunPlan.Draft draft = run.draft;
        run.apiCalls++;
        JsonNode limits;
        try {
            limits = JSON.readTree(exchange.getMessage().getBody(String.class));
        } catch (java.io.IOException e) {
            throw new SyncException(SyncError.SALESFORCE_REJECTED, "the limits answer is not JSON: " + e.getMessage(),
                    e);
        }
        draft.quota = new QuotaGuard.Quota(limits.path("DailyApiRequests").path("Remaining").asLong(Long.MAX_VALUE),
                limits.path("DailyBulkV2QueryJobs").path("Remaining").asLong(Long.MAX_VALUE),
                settings.minApiRequests(), settings.minBulkJobs());
        services.observe(o -> o.limits(run.request.sobject(), run.target.toString(),
                limits.path("DailyApiRequests").path("Remaining").asLong(-1),
                limits.path("DailyBulkV2QueryJobs").path("Remaining").asLong(-1)));
        String refusal = QuotaGuard.refusal(draft.quota);
        if (refusal != null) {
            throw new SyncException(SyncError.QUOTA_EXHAUSTED, refusal);
        }
        run.progress.phase("describing");
        exchange.getMessage().setBody(null);
    }

    /** After describe: the fields, the watermark, and the COUNT() query as the body. */
    public void described(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        RunPlan.Draft draft = run.draft;
        run.apiCalls++;
        draft.schema = DescribeParser.parse(exchange.getMessage().getBody(String.class));
        if (!draft.schema.hasField(run.matchField)) {
            throw new SyncException(SyncError.UNKNOWN_OBJECT, "the match field " + run.matchField
                    + " does not exist on " + draft.schema.name());
        }
        requireUniqueMatchField(run);
        if (run.formulaRefresh) {
            describedForFormulas(exchange, run);
            return;
        }
        String configured = run.request.watermarkField() == null ? settings.watermarkField()
                : run.request.watermarkField();
        draft.watermarkField = SoqlBuilder.watermarkField(draft.schema, configured);
        draft.tableExists = warehouse.tableExists(run.target);
        Optional<SyncState> state = draft.tableExists ? warehouse.syncState(run.target) : Optional.empty();
        // A table belongs to the sObject that loaded it: a run of another object (two configurations naming one
        // table, an embedding call with the wrong table) must not merge its rows into it or replace it.
        state.filter(st -> st.sobject() != null && !st.sobject().equalsIgnoreCase(draft.schema.name()))
                .ifPresent(st -> {
                    throw new SyncException(SyncError.INVALID_CONFIGURATION, run.target + " holds " + st.sobject()
                            + " (its row in the state table says so), not " + draft.schema.name() + ": a run of "
                            + draft.schema.name() + " may not write into it; give " + draft.schema.name()
                            + " a table of its own");
                });
        if (draft.tableExists && draft.watermarkField != null && !run.request.forceFullSync()) {
            // The state table's watermark advances with the data; a table loaded before it existed falls back to
            // the newest value in the table itself.
            draft.watermark = state
                    .filter(st -> draft.watermarkField.equals(st.watermarkField()) && st.watermark() != null)
                    .map(SyncState::watermark)
                    .orElseGet(() -> warehouse.maxWatermark(run.target, draft.watermarkField).orElse(null));
        }
        // no watermark: the run is full (no table, a forced full sync, no watermark field, or none recorded yet)
        draft.readFrom = draft.watermark == null ? null : draft.watermark.minus(settings.overlap());
        run.progress.phase("counting");
        exchange.getMessage().setBody(SoqlBuilder.count(draft.schema, draft.watermarkField, draft.readFrom));
    }

    /**
     * A formula refresh's describe: the target must exist and hold this object; the run reads the match field and the
     * formula fields of every record, whatever its stamp, so it has no watermark and counts every record.
     */
    private void describedForFormulas(Exchange exchange, SyncRun run) {
        RunPlan.Draft draft = run.draft;
        SObjectSchema described = draft.schema;
        draft.tableExists = warehouse.tableExists(run.target);
        if (!draft.tableExists) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, run.target + " does not exist: sync "
                    + described.name() + " into it before refreshing its formula fields");
        }
        warehouse.syncState(run.target)
                .filter(st -> st.sobject() != null && !st.sobject().equalsIgnoreCase(described.name()))
                .ifPresent(st -> {
                    throw new SyncException(SyncError.INVALID_CONFIGURATION, run.target + " holds " + st.sobject()
                            + " (its row in the state table says so), not " + described.name()
                            + ": its formula fields are not refreshed from " + described.name());
                });
        draft.schema = described.formulasOnly(run.matchField);
        run.progress.phase("counting");
        exchange.getMessage().setBody(SoqlBuilder.count(draft.schema, null, null));
    }

    /** After COUNT(): the decision, the method header and the extraction SOQL (the method route opens the load). */
    public void planned(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        RunPlan.Draft draft = run.draft;
        run.apiCalls++;
        Message m = exchange.getMessage();
        draft.estimated = RestPages.totalSize(m.getBody(String.class));
        run.progress.estimated(draft.estimated);
        if (run.formulaRefresh) {
            plannedFormulas(exchange, run);
            return;
        }
        run.progress.phase("planning " + draft.estimated + " rows");
        boolean useStage = run.request.useStage() == null ? settings.useStage() : run.request.useStage();
        String stageName = run.request.stageName() == null ? settings.stageName() : run.request.stageName();
        Thresholds thresholds = SyncRequests.thresholds(run.request, settings);
        String stageProblem = useStage && draft.estimated >= thresholds.stageThreshold()
                ? warehouse.stageProblem(stageName) : "not needed";
        Decision decision = SyncPlanner.decide(new PlanInput(draft.tableExists, draft.watermark,
                draft.watermarkField != null, draft.estimated, thresholds, run.request.forceFullSync(), useStage,
                stageProblem == null, stageName, stageProblem));
        WideQuery.Choice wide = WideReads.wideQuery(exchange, draft, decision, settings);
        decision = wide.decision();
        // The quota was read before describe and COUNT(): two calls ago.
        QuotaGuard.Quota q = draft.quota;
        QuotaGuard.Checked checked = QuotaGuard.check(decision, draft.estimated, new QuotaGuard.Quota(
                q.apiRequestsLeft() - 2, q.bulkJobsLeft(), q.minApiRequests(), q.minBulkJobs()),
                wide.chunked() ? Math.max(1, draft.restBatchSize / draft.chunks.chunks().size())
                        : draft.restBatchSize,
                settings.bulkMaxRecords());
        if (checked.refusal() != null) {
            throw new SyncException(SyncError.QUOTA_EXHAUSTED, checked.refusal());
        }
        draft.decision = checked.decision();
        SyncMethod method = draft.decision.method();
        if (!wide.chunked() || method.usesBulk()) {
            draft.chunks = null;
        }
        WideReads.requireSoqlLength(draft, method);
        m.setHeader(SyncHeaders.METHOD, method.wireName());
        if (RunSupport.planOnly(exchange)) {
            // A plan-only run stops here: no extraction query, no load opened.
            run.plan(draft.soFar());
            return;
        }
        boolean reconcile = !method.isFull() && (run.request.reconcileIds() == null ? settings.reconcileIds()
                : run.request.reconcileIds());
        RunPlan plan = draft.build(draft.chunks != null ? null
                : SoqlBuilder.select(draft.schema, draft.watermarkField, method.isFull() ? null : draft.readFrom),
                reconcile, "SELECT " + run.matchField + " FROM " + draft.schema.name());
        run.plan(plan);
        m.setHeader(SyncHeaders.RECONCILE, reconcile);
        run.progress.phase(method.wireName());
        LOG.info("sync {} -> {}: {} ({})", run.request.sobject(), run.target, method.wireName(),
                plan.decision().reason());
        services.slots().remember(run.key(), plan.estimated());
        services.checkpoints().reach("plan.done");
    }

    /**
     * A formula refresh's decision (REST or Bulk, {@link FormulaRefresh#decide}) and its query: the match field and
     * the formula fields of every record; the method header is {@code none} when the object has no formula field.
     */
    private void plannedFormulas(Exchange exchange, SyncRun run) {
        RunPlan.Draft draft = run.draft;
        int formulas = draft.schema.formulaFields().size();
        draft.restBatchSize = settings.restBatchSize();
        Decision decision = FormulaRefresh.decide(draft.schema.name(), formulas, draft.estimated,
                SyncRequests.thresholds(run.request, settings).bulkApiThreshold());
        QuotaGuard.Quota q = draft.quota;
        QuotaGuard.Checked checked = QuotaGuard.check(decision, formulas == 0 ? 0 : draft.estimated,
                new QuotaGuard.Quota(q.apiRequestsLeft() - 2, q.bulkJobsLeft(), q.minApiRequests(), q.minBulkJobs()),
                draft.restBatchSize, settings.bulkMaxRecords());
        if (checked.refusal() != null) {
            throw new SyncException(SyncError.QUOTA_EXHAUSTED, checked.refusal());
        }
        draft.decision = checked.decision();
        SyncMethod method = draft.decision.method();
        run.plan(draft.build(SoqlBuilder.select(draft.schema, null, null), false, null));
        exchange.getMessage().setHeader(SyncHeaders.METHOD, formulas == 0 ? FormulaRefresh.NOTHING
                : method.wireName());
        exchange.getMessage().setHeader(SyncHeaders.RECONCILE, false);
        run.progress.phase(FormulaRefresh.METHOD);
        LOG.info("formula refresh {} -> {}: {}", run.request.sobject(), run.target, draft.decision.reason());
        services.checkpoints().reach("plan.done");
    }

    /**
     * Waits for one of the slots of {@code sfsync.runs.max-concurrent}, before the run's first Salesforce call; gives up
     * when sfsync shuts down. It waits on the thread that started the run (a Quartz worker, the caller of
     * IntelligentSync): the later steps run on camel-salesforce's few HTTP callback threads, and runs waiting there
     * would leave none to the runs that hold the slots. Its size is the estimate of its target's last plan in this
     * process, or else whether the target's last run used the stage (which only large runs do).
     */
    private void takeSlot(SyncRun run, CamelContext context) {
        RunSlots slots = services.slots();
        run.progress.phase("waiting for a run slot");
        Duration waited;
        try {
            GracefulStop stop = GracefulStop.of(context);
            long size = slots.lastEstimate(run.key()).orElseGet(() -> warehouse.syncState(run.target)
                    .map(SyncState::lastSyncMethod).filter(m -> m != null && m.contains("stage"))
                    .map(m -> slots.settings().largeRows()).orElse(0L));
            waited = slots.acquire(run.runId, size, () -> stop != null && stop.isStopping());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SyncException(SyncError.STOPPED, GracefulStop.STOPPED + " (while waiting for a run slot);"
                    + " nothing was read");
        }
        if (waited == null) {
            throw new SyncException(SyncError.STOPPED, GracefulStop.STOPPED + " (while waiting for a run slot);"
                    + " nothing was read, the next run starts from the same watermark");
        }
        if (waited.toMillis() >= 1_000) {
            LOG.info("run {} of {} -> {} waited {} s for a run slot (sfsync.runs.max-concurrent = {})", run.runId,
                    run.request.sobject(), run.target, waited.toSeconds(), slots.settings().maxConcurrent());
        }
        run.progress.phase("planning");
    }

    /** The run a request's headers describe, validated. */
    private SyncRun newRun(Map<String, Object> headers) {
        SyncRequest request = SyncRequests.request(headers);
        String sobject = request.sobject();
        TableRef target = new TableRef(request.schema() == null ? settings.defaultSchema() : request.schema(),
                request.table() == null ? sobject : request.table());
        String matchField = request.matchField() == null ? settings.matchField() : request.matchField();
        for (String[] name : new String[][] {{"sobject", sobject}, {"match field", matchField}}) {
            if (!API_NAME.matcher(name[1]).matches()) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, "invalid " + name[0] + " '" + name[1]
                        + "': Salesforce API names are letters, digits and underscores");
            }
        }
        Identifiers.require(target.schema(), "schema");
        Identifiers.require(target.table(), "table");
        SyncRequests.thresholds(request, settings);
        return new SyncRun(RunIds.next(), request, target, matchField);
    }
}
