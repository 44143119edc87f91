package io.sfsync.sync;

import io.sfsync.api.DeleteMode;
import io.sfsync.api.SyncPlanResult;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.state.SyncState;
import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvBatches;
import io.sfsync.load.CsvPage;
import io.sfsync.plan.Decision;
import io.sfsync.plan.PlanInput;
import io.sfsync.plan.QuotaGuard;
import io.sfsync.plan.RunIds;
import io.sfsync.plan.SyncMethod;
import io.sfsync.plan.SyncPlanner;
import io.sfsync.plan.Thresholds;
import io.sfsync.plan.WideQuery;
import io.sfsync.salesforce.ChunkWindow;
import io.sfsync.salesforce.DescribeParser;
import io.sfsync.salesforce.PageSizer;
import io.sfsync.salesforce.QueryChunks;
import io.sfsync.salesforce.RestPages;
import io.sfsync.salesforce.RestRows;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.salesforce.SoqlBuilder;
import io.sfsync.warehouse.Identifiers;
import io.sfsync.warehouse.LoadOutcome;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ColumnDelimiterEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Java steps of a sync run, called by the YAML routes in {@code routes/} (bean {@code sync}). The routes decide the
 * order; each method here does one step and keeps the run's state in the exchange property {@code SfsyncRun}.
 */
public final class SyncSteps {
    private static final Logger LOG = LoggerFactory.getLogger(SyncSteps.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern API_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    private final SyncSettings settings;
    private final Warehouse warehouse;
    private final RunLock runLock;
    private final ProgressReporter progress;
    private volatile SyncObserver observer = SyncObserver.NONE;
    private final LocalDisk disk;
    /** The runs of this process in progress, by id: their files are never reclaimed. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    public SyncSteps(SyncSettings settings, Warehouse warehouse) {
        this(settings, warehouse, new InJvmRunLock(), LocalDisk.Settings.defaults());
    }

    /**
     * @param runLock keeps two runs of one target apart (across a cluster's nodes when it is shared)
     * @param disk the retention of kept run files and the free-space check ({@link LocalDisk})
     */
    public SyncSteps(SyncSettings settings, Warehouse warehouse, RunLock runLock, LocalDisk.Settings disk) {
        this.settings = settings;
        this.warehouse = warehouse;
        this.runLock = runLock;
        this.progress = new ProgressReporter(settings.progressInterval());
        this.disk = new LocalDisk(disk, warehouse);
    }

    public SyncSettings settings() {
        return settings;
    }

    /** Who is told what each run did (metrics, health); {@link SyncObserver#NONE} by default. */
    public void observer(SyncObserver observer) {
        this.observer = observer == null ? SyncObserver.NONE : observer;
    }

    private void observe(java.util.function.Consumer<SyncObserver> call) {
        try {
            call.accept(observer);
        } catch (RuntimeException e) {
            LOG.warn("the sync observer failed: {}", e.toString());
        }
    }

    private static SyncRun run(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        if (run == null) {
            throw new IllegalStateException("no sync run on this exchange: send it to direct:sync first");
        }
        return run;
    }

    /** Reads the request from the headers, validates it and makes sure no other run of the same target is going. */
    public void begin(Exchange exchange) {
        Message m = exchange.getMessage();
        SyncRun run = newRun(m);
        String sobject = run.request.sobject();
        TableRef target = run.target;
        String runId = run.runId;
        Optional<String> other = runLock.tryAcquire(run.key(), runId, sobject);
        if (other.isPresent()) {
            exchange.setProperty(SyncHeaders.SKIPPED, true);
            SyncResult skipped = new SyncResult(runId, sobject, target.toString(), null, -1, 0, 0, null,
                    run.startedAt, false, "skipped: " + other.get() + " into " + target + " is still in progress",
                    null, 0, 0, 0, "another run of the same target is in progress", 0);
            LOG.warn("sync skipped: {}", skipped.logLine());
            observe(o -> o.finished(skipped, 0, true));
            m.setBody(skipped);
            return;
        }
        active.add(runId);
        exchange.setProperty(SyncHeaders.RUN, run);
        String slot = exchange.getProperty(SyncHeaders.SCHEDULED_SLOT, String.class);
        LOG.info("run {} of {} -> {} started{}{}", runId, sobject, target,
                runLock.node() == null ? "" : " on node " + runLock.node(), slot == null ? "" : " for " + slot);
        run.progress = new Progress(sobject + " -> " + target);
        CamelContext context = exchange.getContext();
        progress.start(runId, run.progress, () -> context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(this, "sfsync-progress"));
        m.setHeader(SalesforceEndpointConfig.SOBJECT_NAME, sobject);
        m.setBody(null);
    }

    /**
     * Like {@link #begin} for a plan-only run ({@code direct:plan}): it takes no run lock (a real run of the target
     * may go on meanwhile), logs no progress, and the plan steps then open no load and record no history.
     */
    public void beginPlan(Exchange exchange) {
        exchange.setProperty(SyncHeaders.PLAN_ONLY, true);
        Message m = exchange.getMessage();
        SyncRun run = newRun(m);
        run.progress = new Progress(run.request.sobject() + " -> " + run.target + " (plan)");
        exchange.setProperty(SyncHeaders.RUN, run);
        m.setHeader(SalesforceEndpointConfig.SOBJECT_NAME, run.request.sobject());
        m.setBody(null);
    }

    /** After the plan steps of a plan-only run: the plan as the body. */
    public void planReport(Exchange exchange) {
        SyncRun run = run(exchange);
        exchange.getMessage().setBody(planResult(run, true, null));
        exchange.getMessage().removeHeader(SyncHeaders.METHOD);
    }

    private static boolean planOnly(Exchange exchange) {
        return Boolean.TRUE.equals(exchange.getProperty(SyncHeaders.PLAN_ONLY, Boolean.class));
    }

    private static SyncPlanResult planResult(SyncRun run, boolean success, String error) {
        QuotaGuard.Quota q = run.quota;
        Decision d = run.decision;
        boolean full = d != null ? d.method().isFull() : run.schema != null && full(run);
        return new SyncPlanResult(run.request.sobject(), run.target.toString(), full,
                d == null ? null : d.method().wireName(), run.estimated, d == null ? null : d.reason(),
                run.watermarkField, run.watermark, full ? null : run.readFrom,
                q == null ? -1 : q.apiRequestsLeft(), q == null ? -1 : q.bulkJobsLeft(), success, error);
    }

    /** The run a request's headers describe, validated. */
    private SyncRun newRun(Message m) {
        SyncRequest request = request(m);
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
        thresholds(request);
        return new SyncRun(RunIds.next(), request, target, matchField);
    }

    private static SyncRequest request(Message m) {
        String sobject = m.getHeader(SyncHeaders.SOBJECT, String.class);
        if (sobject == null || sobject.isBlank()) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "no sObject given: set the header "
                    + SyncHeaders.SOBJECT);
        }
        return new SyncRequest(sobject.trim(), blankToNull(m.getHeader(SyncHeaders.SCHEMA, String.class)),
                blankToNull(m.getHeader(SyncHeaders.TABLE, String.class)),
                blankToNull(m.getHeader(SyncHeaders.MATCH_FIELD, String.class)),
                m.getHeader(SyncHeaders.USE_STAGE, Boolean.class),
                blankToNull(m.getHeader(SyncHeaders.STAGE_NAME, String.class)),
                Boolean.TRUE.equals(m.getHeader(SyncHeaders.FORCE_FULL_SYNC, Boolean.class)),
                number(m, SyncHeaders.BULK_API_THRESHOLD), number(m, SyncHeaders.STAGE_THRESHOLD),
                blankToNull(m.getHeader(SyncHeaders.WATERMARK_FIELD, String.class)),
                deleteMode(m.getHeader(SyncHeaders.DELETE_MODE, String.class)),
                bool(m, SyncHeaders.RECONCILE_IDS));
    }

    private static DeleteMode deleteMode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DeleteMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, SyncHeaders.DELETE_MODE + ": " + e.getMessage());
        }
    }

    private static Boolean bool(Message m, String header) {
        Object v = m.getHeader(header);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new SyncException(SyncError.INVALID_CONFIGURATION, header + " must be true or false, got '" + v + "'");
    }

    private static Long number(Message m, String header) {
        Object v = m.getHeader(header);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.toString().trim().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, header + " must be a whole number, got '" + v
                    + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private Thresholds thresholds(SyncRequest r) {
        long bulk = r.bulkApiThreshold() == null ? settings.bulkApiThreshold() : r.bulkApiThreshold();
        long stage = r.stageThreshold() == null ? settings.stageThreshold() : r.stageThreshold();
        try {
            return new Thresholds(bulk, stage);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, e.getMessage(), e);
        }
    }

    /** Refuses a match field that may repeat: the MERGE would fold every record sharing a value into one row. */
    private static void requireUniqueMatchField(SyncRun run) {
        SfField field = run.schema.field(run.matchField);
        if (!field.identifiesRecords()) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "match field " + field.name() + " of "
                    + run.schema.name() + " is not unique in Salesforce (describe says it is neither the Id nor"
                    + " unique nor an external id), so records sharing a value would be merged into one row: use Id"
                    + " or a unique external id field as matchField");
        }
    }

    /** After {@code limits}: refuses to start below the quota floors; keeps what is left for the plan. */
    public void quota(Exchange exchange) {
        SyncRun run = run(exchange);
        run.apiCalls++;
        JsonNode limits;
        try {
            limits = JSON.readTree(exchange.getMessage().getBody(String.class));
        } catch (java.io.IOException e) {
            throw new SyncException(SyncError.SALESFORCE_REJECTED, "the limits answer is not JSON: " + e.getMessage(),
                    e);
        }
        run.quota = new QuotaGuard.Quota(limits.path("DailyApiRequests").path("Remaining").asLong(Long.MAX_VALUE),
                limits.path("DailyBulkV2QueryJobs").path("Remaining").asLong(Long.MAX_VALUE),
                settings.minApiRequests(), settings.minBulkJobs());
        observe(o -> o.limits(run.request.sobject(), run.target.toString(),
                limits.path("DailyApiRequests").path("Remaining").asLong(-1),
                limits.path("DailyBulkV2QueryJobs").path("Remaining").asLong(-1)));
        String refusal = QuotaGuard.refusal(run.quota);
        if (refusal != null) {
            throw new SyncException(SyncError.QUOTA_EXHAUSTED, refusal);
        }
        run.progress.phase("describing");
        exchange.getMessage().setBody(null);
    }

    /** After describe: the fields, the watermark, and the COUNT() query as the body. */
    public void described(Exchange exchange) {
        SyncRun run = run(exchange);
        run.apiCalls++;
        run.schema = DescribeParser.parse(exchange.getMessage().getBody(String.class));
        if (!run.schema.hasField(run.matchField)) {
            throw new SyncException(SyncError.UNKNOWN_OBJECT, "the match field " + run.matchField
                    + " does not exist on " + run.schema.name());
        }
        requireUniqueMatchField(run);
        String configured = run.request.watermarkField() == null ? settings.watermarkField()
                : run.request.watermarkField();
        run.watermarkField = SoqlBuilder.watermarkField(run.schema, configured);
        run.tableExists = warehouse.tableExists(run.target);
        Optional<SyncState> state = run.tableExists ? warehouse.syncState(run.target) : Optional.empty();
        // A table belongs to the sObject that loaded it: a run of another object (two configurations naming one
        // table, an embedding call with the wrong table) must not merge its rows into it or replace it.
        state.filter(st -> st.sobject() != null && !st.sobject().equalsIgnoreCase(run.schema.name()))
                .ifPresent(st -> {
                    throw new SyncException(SyncError.INVALID_CONFIGURATION, run.target + " holds " + st.sobject()
                            + " (its row in the state table says so), not " + run.schema.name() + ": a run of "
                            + run.schema.name() + " may not write into it; give " + run.schema.name()
                            + " a table of its own");
                });
        if (run.tableExists && run.watermarkField != null && !run.request.forceFullSync()) {
            // The state table's watermark advances with the data; a table loaded before it existed falls back to
            // the newest value in the table itself.
            run.watermark = state
                    .filter(st -> run.watermarkField.equals(st.watermarkField()) && st.watermark() != null)
                    .map(SyncState::watermark)
                    .orElseGet(() -> warehouse.maxWatermark(run.target, run.watermarkField).orElse(null));
        }
        run.readFrom = full(run) ? null : run.watermark.minus(settings.overlap());
        run.progress.phase("counting");
        exchange.getMessage().setBody(SoqlBuilder.count(run.schema, run.watermarkField, run.readFrom));
    }

    private static boolean full(SyncRun run) {
        return !run.tableExists || run.request.forceFullSync() || run.watermarkField == null || run.watermark == null;
    }

    /** After COUNT(): the decision, the method header, the extraction SOQL, and the load opened for the method. */
    public void planned(Exchange exchange) {
        SyncRun run = run(exchange);
        run.apiCalls++;
        Message m = exchange.getMessage();
        run.estimated = RestPages.totalSize(m.getBody(String.class));
        run.progress.estimated(run.estimated);
        run.progress.phase("planning " + run.estimated + " rows");
        boolean useStage = run.request.useStage() == null ? settings.useStage() : run.request.useStage();
        String stageName = run.request.stageName() == null ? settings.stageName() : run.request.stageName();
        Thresholds thresholds = thresholds(run.request);
        String stageProblem = useStage && run.estimated >= thresholds.stageThreshold()
                ? warehouse.stageProblem(stageName) : "not needed";
        Decision decision = SyncPlanner.decide(new PlanInput(run.tableExists, run.watermark,
                run.watermarkField != null, run.estimated, thresholds, run.request.forceFullSync(), useStage,
                stageProblem == null, stageName, stageProblem));
        WideQuery.Choice wide = wideQuery(exchange, run, decision);
        decision = wide.decision();
        // The quota was read before describe and COUNT(): two calls ago.
        QuotaGuard.Quota q = run.quota;
        QuotaGuard.Checked checked = QuotaGuard.check(decision, run.estimated, new QuotaGuard.Quota(
                q.apiRequestsLeft() - 2, q.bulkJobsLeft(), q.minApiRequests(), q.minBulkJobs()),
                wide.chunked() ? Math.max(1, run.restBatchSize / run.chunks.chunks().size()) : run.restBatchSize,
                settings.bulkMaxRecords());
        if (checked.refusal() != null) {
            throw new SyncException(SyncError.QUOTA_EXHAUSTED, checked.refusal());
        }
        run.decision = checked.decision();
        SyncMethod method = run.decision.method();
        if (!wide.chunked() || method.usesBulk()) {
            run.chunks = null;
        }
        requireSoqlLength(run, method);
        m.setHeader(SyncHeaders.METHOD, method.wireName());
        if (planOnly(exchange)) {
            // A plan-only run stops here: no extraction query, no load opened.
            return;
        }
        run.soql = SoqlBuilder.select(run.schema, run.watermarkField, method.isFull() ? null : run.readFrom);
        DeleteMode deleteMode = run.request.deleteMode() == null ? settings.deleteMode() : run.request.deleteMode();
        boolean reconcile = !method.isFull() && (run.request.reconcileIds() == null ? settings.reconcileIds()
                : run.request.reconcileIds());
        m.setHeader(SyncHeaders.RECONCILE, reconcile);
        LoadSpec spec = new LoadSpec(run.target, run.schema, run.matchField, run.watermarkField,
                method.isFull(), method.usesStage(), stageName, run.runId, deleteMode, reconcile,
                method.wireName());
        disk.beforeLoad(spec, run.schema, run.estimated, Set.copyOf(active));
        run.load = warehouse.openLoad(spec);
        run.loadSpec = spec;
        run.progress.phase(method.wireName());
        LOG.info("sync {} -> {}: {} ({})", run.request.sobject(), run.target, method.wireName(),
                run.decision.reason());
        io.sfsync.app.Checkpoints.reach("plan.done");
    }

    /**
     * How the run reads a REST query too long for one request (see {@link WideQuery}): the fields in chunks joined by
     * Id, or a Bulk job. Sets the run's chunks and its REST page size; leaves a query that fits alone.
     */
    private WideQuery.Choice wideQuery(Exchange exchange, SyncRun run, Decision decision) {
        run.restBatchSize = settings.restBatchSize();
        run.chunks = null;
        if (decision.method().usesBulk()) {
            return new WideQuery.Choice(decision, false, 0, 0);
        }
        int budget = requestBudget(exchange);
        String path = "/services/data/v" + apiVersion(exchange) + "/queryAll/";
        Instant from = decision.full() ? null : run.readFrom;
        List<String> keys = chunkKeys(run);
        QueryChunks chunks;
        try {
            chunks = QueryChunks.plan(run.schema, run.watermarkField, from, keys, path, budget);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, e.getMessage() + " (sfsync.rest.max-uri-bytes="
                    + settings.restMaxUriBytes() + ")", e);
        }
        if (!chunks.split() && chunks.uriBytes() <= budget) {
            return new WideQuery.Choice(decision, false, 0, 0);
        }
        int pageRows = chunkPageRows(run.schema, settings.restBatchSize());
        String noBulk = run.quota != null && run.quota.bulkJobsLeft() <= run.quota.minBulkJobs()
                ? "only " + run.quota.bulkJobsLeft() + " DailyBulkV2QueryJobs are left, not above the floor of "
                        + run.quota.minBulkJobs()
                : SoqlBuilder.select(run.schema, run.watermarkField, from).length() > SOQL_LIMIT
                        ? "its SOQL is over Salesforce's 100,000 characters, too long for one Bulk job" : null;
        // Salesforce answers a query of two or more custom long text areas with pages of 200 rows at most: the first
        // chunk's pages make the ranges, the others page within them.
        int capped = 0;
        int rangeRows = pageRows;
        for (int c = 0; c < chunks.chunks().size(); c++) {
            long longText = chunks.chunks().get(c).stream().filter(f -> f.name().endsWith("__c")
                    && f.type().equals("textarea") && f.length() > 255).count();
            if (longText >= 2 && c == 0) {
                rangeRows = Math.min(pageRows, WideQuery.LONG_TEXT_PAGE_ROWS);
            } else if (longText >= 2) {
                capped++;
            }
        }
        WideQuery.Choice choice = WideQuery.decide(decision, run.estimated, new WideQuery.Width(
                run.schema.extracted().size(), chunks.uriBytes(), budget, Math.max(2, chunks.chunks().size()),
                keys.size() >= 2, rangeRows, capped, settings.bulkMaxRecords(), noBulk), settings.wideStrategy());
        if (choice.chunked()) {
            run.chunks = chunks;
            run.restBatchSize = pageRows;
        }
        return choice;
    }

    /**
     * The fields every chunk of a wide object selects first: the Id, then what versions a record: SystemModstamp
     * (which moves on every change, system ones included), and the watermark field when it is another. Only the Id
     * when the object has no stamp: its chunks could not be checked against each other.
     */
    private static List<String> chunkKeys(SyncRun run) {
        List<String> keys = new ArrayList<>(3);
        keys.add("Id");
        if (run.schema.hasField("SystemModstamp")) {
            keys.add(run.schema.field("SystemModstamp").name());
        }
        if (run.watermarkField != null && keys.stream().noneMatch(k -> k.equalsIgnoreCase(run.watermarkField))) {
            keys.add(run.watermarkField);
        }
        return keys;
    }

    /**
     * Bytes of request target a REST query may take: {@code sfsync.rest.max-uri-bytes}, and no more than the
     * component's HTTP client sends (Jetty refuses request headers past its buffer) less room for the headers.
     */
    private int requestBudget(Exchange exchange) {
        int budget = settings.restMaxUriBytes();
        SalesforceComponent component = exchange.getContext().hasComponent("salesforce") instanceof
                SalesforceComponent c ? c : null;
        if (component != null && component.getHttpClient() != null) {
            var client = component.getHttpClient();
            int clientLimit = Math.max(client.getRequestBufferSize(), client.getMaxRequestHeadersSize());
            budget = Math.min(budget, clientLimit - HEADER_ROOM);
        }
        return Math.max(1_024, budget);
    }

    /** Bytes left for the headers of a REST request (bearer token, Sforce-Query-Options, ...). */
    private static final int HEADER_ROOM = 2_048;
    /** What the rows of one Id range of a chunked read may take in memory, roughly. */
    private static final long CHUNK_WINDOW_BYTES = 16L << 20;
    /** Reads of one Id range before a run whose records keep changing between chunk reads gives up. */
    static final int CHUNK_ATTEMPTS = 5;

    /**
     * Records per page of a chunked read: a whole Id range is held in memory while its chunks are joined, so pages
     * shrink with the row's width, down to Salesforce's smallest batch size (200). The width is a typical one, long
     * text areas counted at 4,096 characters at most: a REST page cannot have fewer than 200 rows, whatever its rows
     * hold (Salesforce itself answers at most 200 when a query selects two or more custom long text areas, and the
     * chunk read then pages within its range).
     */
    static int chunkPageRows(SObjectSchema schema, int batchSize) {
        long rowBytes = 0;
        for (SfField f : schema.extracted()) {
            rowBytes += 48 + switch (f.type()) {
                case "id", "reference" -> 18;
                case "boolean" -> 5;
                case "date" -> 10;
                case "datetime" -> 24;
                case "int", "double", "currency", "percent", "long" -> 20;
                default -> Math.min(f.length(), 4_096);
            };
        }
        long rows = CHUNK_WINDOW_BYTES / Math.max(1, rowBytes);
        return (int) Math.max(200, Math.min(batchSize, rows));
    }

    /** The SOQL a Bulk job or one REST request carries may not exceed Salesforce's 100,000 characters. */
    private static void requireSoqlLength(SyncRun run, SyncMethod method) {
        if (run.chunks != null) {
            return;
        }
        String soql = SoqlBuilder.select(run.schema, run.watermarkField, method.isFull() ? null : run.readFrom);
        if (soql.length() > SOQL_LIMIT) {
            throw new SyncException(SyncError.UNKNOWN_OBJECT, "the query of " + run.schema.name() + " selects "
                    + run.schema.extracted().size() + " fields in " + String.format(Locale.ROOT, "%,d",
                            soql.length()) + " characters, over Salesforce's limit of 100,000 characters of SOQL: "
                    + "sfsync cannot read it in one " + (method.usesBulk() ? "Bulk job" : "query"));
        }
    }

    /** Salesforce's longest SOQL statement, in characters (SOQL and SOSL limits). */
    static final int SOQL_LIMIT = 100_000;

    /** Before the REST query: the extraction SOQL as the body (a wide object's: its first chunk, ordered by Id). */
    public void restQuery(Exchange exchange) {
        SyncRun run = run(exchange);
        stopCheck(exchange, run, GracefulStop.Boundary.START);
        run.progress.reading();
        Message m = exchange.getMessage();
        if (run.chunks != null) {
            run.window = new ChunkWindow(run.chunks.chunks(), chunkKeys(run).size(), run.schema.extracted());
            run.snapshotNewest = null;
            m.setBody(chunkQuery(run, 0, null, null));
        } else {
            m.setBody(run.soql);
        }
        m.setHeader(SyncHeaders.REST_BATCH_SIZE, run.restBatchSize);
        m.setHeader(SyncHeaders.MORE, true);
    }

    private static String chunkQuery(SyncRun run, int chunk, String idFrom, String idTo) {
        return SoqlBuilder.chunkSelect(run.schema, run.chunks.chunks().get(chunk), run.watermarkField,
                run.decision.method().isFull() ? null : run.readFrom, idFrom, idTo);
    }

    /** One REST page: turned into a CSV batch (the body); the next page's URL in the headers. */
    public void restPage(Exchange exchange) {
        SyncRun run = run(exchange);
        run.apiCalls++;
        if (run.chunks != null) {
            firstChunkPage(exchange, run);
            return;
        }
        Message m = exchange.getMessage();
        String page = m.getBody(String.class);
        String next = RestPages.nextRecordsUrl(page);
        CsvBatch batch = RestPages.toBatch(page, run.schema, run.nextSequence);
        run.pages++;
        run.progress.page(batch.rows());
        m.setBody(batch);
        if (next != null) {
            stopCheck(exchange, run, GracefulStop.Boundary.PAGE);
        }
        m.setHeader(SyncHeaders.MORE, next != null);
        m.setHeader(SyncHeaders.NEXT_RECORDS_URL, next);
        removeSforceHeaders(m, "Sforce-Query-Options");
        io.sfsync.app.Checkpoints.reach("extract.rest-page");
    }

    /**
     * A page of a wide object's first chunk (Id, stamp, the first fields, ordered by Id) opens an Id range: the other
     * chunks are read for the same range next ({@link #restChunkPage}).
     */
    private void firstChunkPage(Exchange exchange, SyncRun run) {
        Message m = exchange.getMessage();
        RestRows rows = RestPages.readRows(m.getBody(String.class), run.window.fields(0));
        run.pages++;
        run.driverNext = rows.nextRecordsUrl();
        run.window.clearFrom(0);
        run.window.add(0, rows.rows());
        int watermark = run.watermarkField == null ? -1 : chunkKeys(run).indexOf(run.watermarkField);
        for (String[] row : watermark < 0 ? List.<String[]>of() : rows.rows()) {
            Instant stamp = row[watermark].isEmpty() ? null : Instant.parse(row[watermark]);
            if (stamp != null && (run.snapshotNewest == null || stamp.isAfter(run.snapshotNewest))) {
                run.snapshotNewest = stamp;
            }
        }
        run.windowAttempt = 1;
        removeSforceHeaders(m, "Sforce-Query-Options");
        if (run.window.size() == 0) {
            emitWindow(exchange, run);
            return;
        }
        run.rangeFrom = run.window.firstId();
        run.rangeTo = run.window.lastId();
        nextChunk(m, run, 1);
    }

    private static void nextChunk(Message m, SyncRun run, int chunk) {
        run.chunk = chunk;
        m.setBody(chunkQuery(run, chunk, run.rangeFrom, run.rangeTo));
        m.setHeader(SyncHeaders.CHUNK_READ, true);
        m.setHeader(SyncHeaders.CHUNK_MORE, false);
        m.setHeader("Sforce-Query-Options", "batchSize=" + run.restBatchSize);
    }

    /**
     * A page of another chunk of the current Id range. When the range's last chunk is read, the chunks must hold the
     * same records at the same stamps: then they are joined into one batch (the body); otherwise a record changed
     * between the reads, and the whole range is read again, up to {@value #CHUNK_ATTEMPTS} times.
     */
    public void restChunkPage(Exchange exchange) {
        SyncRun run = run(exchange);
        run.apiCalls++;
        run.pages++;
        Message m = exchange.getMessage();
        RestRows rows = RestPages.readRows(m.getBody(String.class), run.window.fields(run.chunk));
        run.window.add(run.chunk, rows.rows());
        removeSforceHeaders(m, "Sforce-Query-Options");
        io.sfsync.app.Checkpoints.reach("extract.rest-chunk");
        if (rows.nextRecordsUrl() != null) {
            m.setBody(rows.nextRecordsUrl());
            m.setHeader(SyncHeaders.CHUNK_MORE, true);
            return;
        }
        if (run.chunk + 1 < run.window.chunkCount()) {
            nextChunk(m, run, run.chunk + 1);
            return;
        }
        String inconsistency = run.window.inconsistency();
        if (inconsistency == null) {
            emitWindow(exchange, run);
            return;
        }
        if (run.windowAttempt >= CHUNK_ATTEMPTS) {
            throw new SyncException(SyncError.SALESFORCE_REJECTED, "records of " + run.schema.name()
                    + " kept changing while its " + run.window.chunkCount() + " field chunks were read ("
                    + CHUNK_ATTEMPTS + " reads of the Ids " + run.rangeFrom + " to " + run.rangeTo + "; last: "
                    + inconsistency + "); nothing was written, the next run reads them again");
        }
        run.windowAttempt++;
        run.rangesReread++;
        LOG.info("sync {} -> {}: {}; reading the Ids {} to {} again (read {} of at most {})",
                run.request.sobject(), run.target, inconsistency, run.rangeFrom, run.rangeTo, run.windowAttempt,
                CHUNK_ATTEMPTS);
        run.window.clearFrom(0);
        nextChunk(m, run, 0);
    }

    /** The joined rows of a consistent Id range as the batch for the load; the first chunk's next page to follow. */
    private void emitWindow(Exchange exchange, SyncRun run) {
        Message m = exchange.getMessage();
        CsvBatch batch = run.window.toBatch(run.nextSequence);
        run.window.clearFrom(0);
        run.progress.page(batch.rows());
        m.setBody(batch);
        m.setHeader(SyncHeaders.CHUNK_READ, false);
        m.removeHeader(SyncHeaders.CHUNK_MORE);
        if (run.driverNext != null) {
            stopCheck(exchange, run, GracefulStop.Boundary.PAGE);
        }
        m.setHeader(SyncHeaders.MORE, run.driverNext != null);
        m.setHeader(SyncHeaders.NEXT_RECORDS_URL, run.driverNext);
        io.sfsync.app.Checkpoints.reach("extract.rest-page");
    }

    /** Before creating the Bulk job: the job as the body. */
    public void bulkJob(Exchange exchange) {
        SyncRun run = run(exchange);
        stopCheck(exchange, run, GracefulStop.Boundary.START);
        QueryJob job = new QueryJob();
        job.setOperation(run.schema.hasField("IsDeleted") ? OperationEnum.QUERY_ALL : OperationEnum.QUERY);
        job.setQuery(run.soql);
        job.setContentType(ContentTypeEnum.CSV);
        job.setColumnDelimiter(ColumnDelimiterEnum.COMMA);
        job.setLineEnding(LineEndingEnum.LF);
        // The Id reconciliation's job reads one narrow column (~20 bytes a row): its pages get max-records rows.
        startPages(exchange, run, run.readingIds ? List.of(run.schema.field(run.matchField))
                : run.schema.extracted());
        Message m = exchange.getMessage();
        removeSforceHeaders(m, null);
        m.setBody(job);
    }

    /**
     * A new Bulk job's pages are sized afresh for the fields it selects, within {@code sfsync.bulk.page-bytes} and
     * what camel-salesforce may receive ({@code httpMaxContentLength}), whichever is smaller.
     */
    private void startPages(Exchange exchange, SyncRun run, List<SfField> fields) {
        long budget = settings.bulkPageBytes();
        SalesforceComponent component = exchange.getContext().hasComponent("salesforce") instanceof
                SalesforceComponent c ? c : null;
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
        SyncRun run = run(exchange);
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
        removeSforceHeaders(m, null);
        io.sfsync.app.Checkpoints.reach("extract.bulk-job-created");
    }

    /** After a poll: done, failed (the run fails with Salesforce's message), or the next, longer, delay. */
    public void bulkJobPolled(Exchange exchange) {
        SyncRun run = run(exchange);
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
            m.setHeader(SalesforceEndpointConfig.RAW_PATH, "/services/data/v" + apiVersion(exchange) + "/jobs/query/"
                    + run.bulkJobId);
            m.setHeader(SalesforceEndpointConfig.RAW_METHOD, "GET");
        } else {
            stopCheck(exchange, run, GracefulStop.Boundary.POLL);
            Duration waited = Duration.ofNanos(System.nanoTime() - run.jobCreatedNanos);
            if (waited.compareTo(settings.jobTimeout()) > 0) {
                throw new SyncException(SyncError.BULK_JOB_FAILED, "Bulk API job " + run.bulkJobId + " is still "
                        + stateName(state) + " after " + waited.toSeconds() + " s (sfsync.bulk.timeout-seconds="
                        + settings.jobTimeout().toSeconds() + "); it was aborted");
            }
            run.nextPollMillis = Math.min(settings.pollMax().toMillis(), Math.max(1, run.nextPollMillis * 3 / 2));
            m.setHeader(SyncHeaders.POLL_DELAY, run.nextPollMillis);
        }
        removeSforceHeaders(m, null);
    }

    /** A job state as Salesforce spells it ({@code InProgress}). */
    private static String stateName(JobStateEnum state) {
        StringBuilder out = new StringBuilder();
        for (String part : state.name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** A job that ended Failed or Aborted fails the run with Salesforce's {@code errorMessage} (raw job JSON body). */
    public void bulkJobFailed(Exchange exchange) {
        SyncRun run = run(exchange);
        run.apiCalls++;
        Message m = exchange.getMessage();
        String errorMessage = RestPages.field(m.getBody(String.class), "errorMessage");
        throw new SyncException(SyncError.BULK_JOB_FAILED, "Bulk API job " + run.bulkJobId + " ended "
                + m.getHeader(SyncHeaders.JOB_FAILED, String.class)
                + (errorMessage == null ? "" : ": " + errorMessage));
    }

    private static String apiVersion(Exchange exchange) {
        return exchange.getContext().getComponent("salesforce", SalesforceComponent.class).getConfig()
                .getApiVersion();
    }

    /**
     * Before reading a result page: job id, page size and the locator of the page. The page asks for as many rows as
     * fit in the page budget ({@link PageSizer}), or, when the last page was too large to receive, for fewer rows from
     * the same locator. Sized because camel-salesforce 4.18 cannot stream a page: bulk2GetQueryJobResults goes through
     * AbstractClientBase.doHttpRequest, which buffers every response whole (Jetty BufferingResponseListener, up to
     * httpMaxContentLength) before the route gets an InputStream over that buffer.
     */
    public void bulkResultsRequest(Exchange exchange) {
        SyncRun run = run(exchange);
        if (run.pageTooLarge != null) {
            throw new SyncException(SyncError.PAGE_TOO_LARGE, run.pageTooLarge);
        }
        stopCheck(exchange, run, GracefulStop.Boundary.PAGE);
        if (run.readingIds) {
            run.progress.phase("reading every " + run.matchField + " for the reconciliation, " + run.idsRead
                    + " so far");
        } else {
            run.progress.reading();
        }
        Message m = exchange.getMessage();
        removeSforceHeaders(m, null);
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
    public void bulkResultsPage(Exchange exchange) {
        SyncRun run = run(exchange);
        Message m = exchange.getMessage();
        if (Boolean.FALSE.equals(m.getHeader(SyncHeaders.PAGE_READ, Boolean.class))) {
            return;
        }
        run.apiCalls++;
        String locator = m.getHeader("Sforce-Locator", String.class);
        if (locator == null) {
            throw new SyncException(SyncError.SALESFORCE_REJECTED, "a Bulk API result page of job " + run.bulkJobId
                    + " came without its Sforce-Locator header");
        }
        run.locator = "null".equals(locator) ? null : locator;
        run.pageRows = pageRows(m.getHeader("Sforce-NumberOfRecords", String.class));
        run.requestedRows = 0;
        run.jobPages++;
        m.setHeader(SyncHeaders.MORE, run.locator != null);
        m.setHeader(SyncHeaders.PAGE_READ, true);
        removeSforceHeaders(m, null);
        io.sfsync.app.Checkpoints.reach("extract.bulk-page");
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
        SyncRun run = run(exchange);
        run.apiCalls++;
        long limit = Retries.bufferLimit(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        int rows = run.requestedRows;
        run.requestedRows = 0;
        String page = "result page " + (run.jobPages + 1) + " of Bulk API job " + run.bulkJobId + " ("
                + run.schema.name() + (run.readingIds ? ", Id reconciliation" : "") + ")";
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
        removeSforceHeaders(m, null);
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

    /**
     * Hands one Bulk result page to the load as it came: only its header line is read, the rows go to the warehouse
     * unparsed (a page of the Id reconciliation is split into Id batches instead: one narrow column).
     */
    public void loadPage(Exchange exchange) {
        SyncRun run = run(exchange);
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
        try {
                run.load.addPage(page);
        } catch (RuntimeException e) {
            if (!Retries.isTransient(e)) {
                throw e;
            }
            // A retry would find the page's body read: a failure here (a full disk) ends the run instead.
            SyncException fatal = new SyncException(SyncError.LOAD_FAILED, e instanceof WarehouseException w
                    ? w.detail() : Failures.describe(e));
            fatal.addSuppressed(e);
            throw fatal;
        }
        run.nextSequence++;
        run.pages++;
        run.rowsExtracted += Math.max(0, page.rows());
        run.progress.page(page.rows());
        if (run.pages == 1) {
            disk.afterFirstPage(run.loadSpec, run.runId, run.estimated, run.rowsExtracted);
        }
        io.sfsync.app.Checkpoints.reach("load.page");
        exchange.getMessage().setBody(null);
    }

    /** Splits a CSV page into batches with a streaming parser (the split expression of the Bulk route). */
    public Iterator<CsvBatch> batches(Exchange exchange) {
        SyncRun run = run(exchange);
        return CsvBatches.split(exchange.getMessage().getBody(InputStream.class), run.nextSequence,
                settings.batchRows());
    }

    /** After the job's pages are read. */
    public void bulkJobDeleted(Exchange exchange) {
        SyncRun run = run(exchange);
        run.apiCalls++;
        run.jobDeleted = true;
        exchange.getMessage().removeHeader(SalesforceEndpointConfig.JOB_ID);
    }

    /**
     * After the extraction, when the run reconciles Ids: the next Bulk job reads every key Salesforce has (queryAll,
     * so the recycle bin counts as present); its batches go to the load's Id table.
     */
    public void reconcileIds(Exchange exchange) {
        SyncRun run = run(exchange);
        run.extractJobId = run.bulkJobId;
        run.readingIds = true;
        run.soql = "SELECT " + run.matchField + " FROM " + run.schema.name();
        run.bulkJobId = null;
        run.jobTerminal = false;
        run.locator = null;
        Message m = exchange.getMessage();
        m.setHeader(SyncHeaders.MORE, false);
        m.setHeader(SyncHeaders.JOB_DONE, false);
        m.removeHeader(SyncHeaders.JOB_FAILED);
        m.setBody(null);
    }

    /** Adds one batch to the run's load. */
    public void loadBatch(Exchange exchange) {
        SyncRun run = run(exchange);
        CsvBatch batch = exchange.getMessage().getBody(CsvBatch.class);
        if (run.readingIds) {
            run.load.addIds(batch);
            run.idsRead += batch.rows();
            run.nextSequence = Math.max(run.nextSequence, batch.sequence() + 1);
            return;
        }
        run.load.addBatch(batch);
        io.sfsync.app.Checkpoints.reach("load.batch");
        run.rowsExtracted += batch.rows();
        run.nextSequence = Math.max(run.nextSequence, batch.sequence() + 1);
    }

    /** Commits the load in one transaction and answers with the run's result. */
    public void finish(Exchange exchange) {
        SyncRun run = run(exchange);
        try {
            run.progress.committing();
            if (!runLock.held(run.key(), run.runId)) {
                // another node may be running this target now: committing could overlap its run
                throw new SyncException(SyncError.CLUSTER_UNAVAILABLE, "the run lost its lock of " + run.target
                        + " (its session with the cluster database ended), so it does not commit: another node may"
                        + " be syncing the table; the next run starts over");
            }
            io.sfsync.app.Checkpoints.reach("load.before-commit");
            // A chunked read's first chunk is one query cursor, a snapshot; an Id range read again is newer than it.
            // The watermark stays at the snapshot's newest stamp, so that the next run reads again whatever changed
            // after the snapshot in ranges already read (and a row joined across a same-second change).
            LoadOutcome outcome = run.load.commit(run.extractJobId(), run.chunks == null ? null : run.snapshotNewest);
            SyncResult result = result(run, true, null, outcome);
            record(result);
            io.sfsync.app.Checkpoints.reach("history.recorded");
            observe(o -> o.finished(result, run.rowsExtracted, false));
            disk.succeeded(run.target, Set.copyOf(active));
            exchange.getMessage().setBody(result);
        } finally {
            progress.stop(run.runId);
            runLock.release(run.key(), run.runId);
            active.remove(run.runId);
        }
    }

    /** Dead-letter step one: roll the load back; the route then aborts and deletes the Bulk job. */
    public void failed(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        // Kept apart: the clean-up steps that follow may catch exceptions of their own.
        exchange.setProperty(SyncHeaders.FAILURE, describe(run,
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class), exchange));
        if (run != null && run.load != null) {
            try {
                run.load.abort();
            } catch (RuntimeException e) {
                LOG.warn("rolling back the load of run {} failed: {}", run.runId, e.getMessage());
            }
        }
        SyncException se = syncException(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        if (run != null && run.load != null && se != null
                && (se.code() == SyncError.STOPPED || se.code() == SyncError.NO_SPACE)) {
            disk.discard(run.runId, se.code() == SyncError.STOPPED ? "the run was stopped"
                    : "the run was refused for want of space");
        }
        exchange.getMessage().removeHeader(SalesforceEndpointConfig.JOB_ID);
        if (run == null || run.bulkJobId == null || run.jobDeleted) {
            exchange.removeProperty(SyncHeaders.BULK_JOB_ID);
        } else {
            exchange.setProperty(SyncHeaders.BULK_JOB_ID, run.bulkJobId);
            exchange.setProperty(SyncHeaders.JOB_ACTIVE, !run.jobTerminal);
        }
        removeSforceHeaders(exchange.getMessage(), null);
        exchange.getMessage().setBody(null);
    }

    /**
     * Before each clean-up call of the dead-letter route (abort, delete): the failed run's Bulk job
     * ({@link SyncHeaders#BULK_JOB_ID}) in the header camel-salesforce reads, under the name of the camel-salesforce
     * this is compiled against, and none of the last response's {@code Sforce*} headers (they would be sent along).
     */
    public void bulkJobCleanup(Exchange exchange) {
        Message m = exchange.getMessage();
        removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, exchange.getProperty(SyncHeaders.BULK_JOB_ID, String.class));
        m.setBody(null);
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
    public void finishFailed(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        String error = exchange.getProperty(SyncHeaders.FAILURE, String.class);
        if (planOnly(exchange)) {
            // A plan records no history and holds no run lock.
            exchange.getMessage().setBody(run == null ? new SyncPlanResult(exchange.getMessage().getHeader(
                    SyncHeaders.SOBJECT, String.class), null, false, null, -1, null, null, null, null, -1, -1, false,
                    error) : planResult(run, false, error));
            return;
        }
        SyncResult result;
        if (run == null) {
            String sobject = exchange.getMessage().getHeader(SyncHeaders.SOBJECT, String.class);
            result = new SyncResult(null, sobject, null, null, -1, 0, 0, null, Instant.now(), false, error, null, 0,
                    0, 0, null, 0);
        } else {
            result = result(run, false, error, null);
            progress.stop(run.runId);
            runLock.release(run.key(), run.runId);
            active.remove(run.runId);
        }
        record(result);
        SyncResult failed = result;
        observe(o -> o.finished(failed, run == null ? 0 : run.rowsExtracted, false));
        exchange.getMessage().setBody(result);
    }

    private static String describe(SyncRun run, Throwable cause, Exchange exchange) {
        SalesforceComponent component = exchange.getContext().hasComponent("salesforce") instanceof
                SalesforceComponent c ? c : null;
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
            String what = run == null ? "a request" : run.schema == null ? "a request of the " + run.request.sobject()
                    + " run" : "a request of the " + run.schema.name() + " run (" + run.schema.extracted().size()
                    + " fields)";
            return "Salesforce refused " + what + " as too large: " + tooLarge.explanation() + "; sfsync splits a "
                    + "REST query into field chunks of at most sfsync.rest.max-uri-bytes bytes of URI: lower it, or "
                    + "set sfsync.rest.wide-strategy=bulk (it was not retried: it would be refused again)";
        }
        if (run != null && run.schema == null && sf != null && sf.getStatusCode() == 404) {
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

    private void record(SyncResult result) {
        try {
            warehouse.recordHistory(result);
        } catch (RuntimeException e) {
            LOG.warn("run {} of {} ({}) could not be recorded in the history table: {}", result.runId(),
                    result.sobject(), result.success() ? "succeeded" : "failed: " + result.error(), e.getMessage());
        }
    }

    private static SyncResult result(SyncRun run, boolean success, String error, LoadOutcome outcome) {
        double seconds = Math.round((System.nanoTime() - run.startedNanos) / 1e6) / 1e3;
        String method = run.decision == null ? null : run.decision.method().wireName();
        long inserted = outcome == null ? 0 : outcome.rowsInserted();
        long updated = outcome == null ? 0 : outcome.rowsUpdated();
        long deleted = outcome == null ? 0 : outcome.rowsDeleted();
        return new SyncResult(run.runId, run.request.sobject(), run.target.toString(), method, run.estimated,
                inserted + updated + deleted, seconds,
                run.decision != null && !run.decision.method().isFull() ? run.watermark : null, run.startedAt,
                success, error, run.extractJobId(), inserted, updated, run.apiCalls,
                reason(run, outcome), run.retries, deleted,
                outcome == null ? run.watermark : outcome.watermark(),
                outcome == null ? List.of() : outcome.schemaChanges(), run.retryWaitMillis / 1000.0, run.pages,
                seconds > 0 ? Math.round(run.rowsExtracted / seconds * 10) / 10.0 : 0);
    }

    /** Why this method, followed by what else the load did that a user should know (its notes). */
    private static String reason(SyncRun run, LoadOutcome outcome) {
        String why = run.decision == null ? null : run.decision.reason();
        if (why != null && run.rangesReread > 0) {
            why += "; " + run.rangesReread + (run.rangesReread == 1 ? " Id range was" : " Id ranges were")
                    + " read again because records changed between its chunk reads";
        }
        if (outcome == null || outcome.notes().isEmpty()) {
            return why;
        }
        String notes = String.join("; ", outcome.notes());
        return why == null ? notes : why + "; " + notes;
    }

    /**
     * camel-salesforce copies response headers named {@code Sforce*} onto the message and sends every message header
     * named {@code Sforce*} back as a request header on the next call; a run removes them between calls.
     */
    static void removeSforceHeaders(Message m, String keep) {
        for (String name : new ArrayList<>(m.getHeaders().keySet())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if ((lower.startsWith("sforce") || lower.startsWith("x-sfdc")) && !name.equalsIgnoreCase(keep)) {
                m.removeHeader(name);
            }
        }
    }

    /** Stops the run here when sfsync is shutting down and the run does not fit in the shutdown timeout. */
    private static void stopCheck(Exchange exchange, SyncRun run, GracefulStop.Boundary boundary) {
        GracefulStop stop = GracefulStop.of(exchange.getContext());
        if (stop != null) {
            stop.check(run, boundary);
        }
    }

    /** Exceptions turned into the one-line error of a result. */
    static final class Failures {
        private Failures() {
        }

        static String describe(Throwable t) {
            if (t == null) {
                return "the run failed for an unknown reason";
            }
            long limit = Retries.bufferLimit(t);
            if (limit > 0) {
                // Any other call than a Bulk result page (those are read again with fewer rows): no URL in the message.
                return "a Salesforce response was larger than camel-salesforce may receive ("
                        + "camel.component.salesforce.httpMaxContentLength=" + limit + " bytes): raise that setting";
            }
            Throwable cause = t;
            // A warehouse failure's own message says more than the JDBC exception under it.
            while (cause.getCause() != null && !(cause instanceof SyncException)
                    && !(cause instanceof SalesforceException) && !(cause instanceof WarehouseException)
                    && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof SalesforceException sf) {
                StringBuilder b = new StringBuilder("Salesforce rejected the call");
                if (sf.getStatusCode() > 0) {
                    b.append(" (HTTP ").append(sf.getStatusCode()).append(')');
                }
                if (sf.getErrors() != null && !sf.getErrors().isEmpty()) {
                    var e = sf.getErrors().get(0);
                    b.append(": ").append(e.getErrorCode()).append(": ").append(e.getMessage());
                } else {
                    b.append(": ").append(sf.getMessage());
                }
                return brief(b.toString());
            }
            if (cause instanceof WarehouseException w && w.code() == WarehouseError.READ_ONLY) {
                return "the warehouse is read-only, nothing was written: " + w.detail() + " (make the warehouse"
                        + " writable, e.g. the DuckDB file and its folder, then run again)";
            }
            String msg = cause.getMessage();
            if (msg == null) {
                return cause.getClass().getSimpleName();
            }
            // sfsync's own messages are written to be read whole; others may quote a request.
            return cause instanceof SyncException ? QUERY_STRING.matcher(msg).replaceAll("?q=...") : brief(msg);
        }

        /** Longest error a result carries; Salesforce's SOQL errors quote the whole query. */
        static final int MAX_ERROR_CHARS = 600;
        private static final Pattern QUERY_STRING = Pattern.compile("\\?q=[^\\s}]*");

        /**
         * The message without the query strings of URLs (camel-salesforce puts the request's whole URL, and so the
         * whole SOQL, into its messages) and, when still long, with its middle left out.
         */
        static String brief(String message) {
            String m = QUERY_STRING.matcher(message).replaceAll("?q=...");
            if (m.length() <= MAX_ERROR_CHARS) {
                return m;
            }
            int keep = MAX_ERROR_CHARS / 2 - 20;
            return m.substring(0, keep) + " ... (" + String.format(Locale.ROOT, "%,d", m.length() - 2 * keep)
                    + " characters left out) ... " + m.substring(m.length() - keep);
        }
    }
}
