package io.sfsync.emulator.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.http.HttpCall;
import io.sfsync.emulator.http.Json;
import io.sfsync.emulator.http.Limits;
import io.sfsync.emulator.http.Reply;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.ValueFormats;
import io.sfsync.emulator.query.QueryEngine;
import io.sfsync.emulator.query.ResultSet;
import io.sfsync.emulator.soql.EvalContext;
import io.sfsync.emulator.soql.FieldPath;
import io.sfsync.emulator.soql.SoqlException;
import io.sfsync.emulator.soql.SoqlQuery;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** Bulk API 2.0 query jobs under {@code /services/data/vXX.X/jobs/query}. */
public final class BulkApi {
    private static final Set<String> DELIMITERS = Set.of("COMMA", "BACKQUOTE", "CARET", "PIPE", "SEMICOLON", "TAB");
    /**
     * How long the org keeps a job and its results, from its creation, by the org's clock: "All jobs and batches
     * older than 7 days are deleted ... regardless of status. After they're deleted, jobs and batches can't be
     * retrieved from the platform" (Bulk API 2.0 and Bulk API Developer Guide, Job and Batch Lifespan). Salesforce
     * may take up to 24 hours more; here a job is gone the moment it is older, so that tests of it are exact.
     * A job gone this way answers like a deleted one: 404 {@code NOT_FOUND}.
     */
    public static final Duration RETENTION = Duration.ofDays(7);

    private final Org org;
    private final QueryEngine engine;
    private final Limits limits;
    private final EmulatorConfig config;
    private final Map<String, BulkJob> jobs = new LinkedHashMap<>();
    /** Runs the query of a job that has no delay to wait out as soon as it is created, as Salesforce starts at once. */
    private final ExecutorService processing = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emulator-bulk-processing");
        t.setDaemon(true);
        return t;
    });
    private final Deque<BulkBehaviour> nextBehaviours = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();

    public BulkApi(Org org, QueryEngine engine, Limits limits, EmulatorConfig config) {
        this.org = org;
        this.engine = engine;
        this.limits = limits;
        this.config = config;
    }

    /** Makes the next created jobs behave as given, one behaviour per job, in order. */
    public synchronized void behaveNext(BulkBehaviour behaviour, int jobs) {
        for (int i = 0; i < jobs; i++) {
            nextBehaviours.addLast(behaviour);
        }
    }

    /** The ids of the query jobs the org holds (not deleted yet), oldest first. */
    public synchronized List<String> jobIds() {
        purgeExpired();
        return new ArrayList<>(jobs.keySet());
    }

    /** Makes an existing, unfinished job fail or stay in progress. */
    public synchronized void behave(String jobId, BulkBehaviour behaviour) {
        BulkJob job = require(jobId);
        if (behaviour.failWith() != null) {
            job.state = behaviour.aborted() ? BulkJob.State.Aborted : BulkJob.State.Failed;
            job.errorMessage = behaviour.failWith();
            job.systemModstamp = org.clock().nowMillis();
        }
        job.stuckPolls = behaviour.stuckPolls();
        job.abortWith = behaviour.aborted();
    }

    /** {@code POST /jobs/query}. */
    public Reply create(HttpCall call, String version) {
        JsonNode body = Json.parse(call.body());
        String operation = body.path("operation").asText("");
        if (!operation.equals("query") && !operation.equals("queryAll")) {
            throw new ApiException(400, "INVALIDJOB", "InvalidJob : Invalid job operation: '" + operation
                    + "'. Valid values are query and queryAll.");
        }
        String soql = body.path("query").asText("");
        if (soql.isBlank()) {
            throw new ApiException(400, "INVALIDJOB", "InvalidJob : Must provide a query for a query job");
        }
        String contentType = body.path("contentType").asText("CSV");
        if (!contentType.equals("CSV")) {
            throw new ApiException(400, "INVALIDJOB", "InvalidJob : Unsupported content type: " + contentType);
        }
        String delimiter = body.path("columnDelimiter").asText("COMMA");
        if (!DELIMITERS.contains(delimiter)) {
            throw new ApiException(400, "INVALIDJOB", "InvalidJob : Invalid column delimiter: " + delimiter);
        }
        String lineEnding = body.path("lineEnding").asText("LF");
        if (!lineEnding.equals("LF") && !lineEnding.equals("CRLF")) {
            throw new ApiException(400, "INVALIDJOB", "InvalidJob : Invalid line ending: " + lineEnding);
        }
        SoqlQuery query = validate(soql);
        if (!limits.draw(Limits.BULK_QUERY_JOBS)) {
            throw new ApiException(400, "LIMIT_EXCEEDED", "Max bulk v2 query jobs ("
                    + limits.max(Limits.BULK_QUERY_JOBS) + ") per 24 hrs has been reached");
        }
        BulkJob job;
        synchronized (this) {
            BulkBehaviour b = nextBehaviours.pollFirst();
            String id = nextJobId();
            job = new BulkJob(id, operation, query, version, delimiter, lineEnding, org.integrationUserId(),
                    org.clock().nowMillis(), config.pacing().bulkQueue().toNanos(),
                    config.pacing().bulkProcessing().toNanos(), b == null ? null : b.failWith(),
                    b == null ? 0 : b.stuckPolls());
            job.abortWith = b != null && b.aborted();
            jobs.put(id, job);
        }
        boolean paced = config.pacing().bulkRowsPerSecond() > 0;
        if ((paced || job.queuedNanos == 0 && job.processingNanos == 0) && job.failWith == null
                && job.stuckPolls == 0) {
            // Salesforce starts processing a job when it is created; the first poll then finds it done. Paced by
            // rows, the query runs at once too, so that its row count sets how long the job stays InProgress.
            boolean queryAll = operation.equals("queryAll");
            BulkJob started = job;
            job.processing = CompletableFuture.supplyAsync(() -> {
                long t = System.nanoTime();
                ResultSet rs = engine.run(query, queryAll);
                started.processedMillis = (System.nanoTime() - t) / 1_000_000;
                return rs;
            }, processing);
        }
        return Reply.json(200, Json.bytes(info(job, false)));
    }

    private SoqlQuery validate(String soql) {
        SoqlQuery q;
        try {
            q = engine.parse(soql);
        } catch (SoqlException e) {
            throw new ApiException(400, e.errorCode(), e.getMessage());
        }
        if (!q.sobject().bulkSupported()) {
            throw new ApiException(400, "INVALIDENTITY", "Entity '" + q.sobject().name()
                    + "' is not supported by the Bulk API.");
        }
        if (q.isCount() || q.countField() != null) {
            throw new ApiException(400, "API_ERROR", "Aggregate queries are not supported by the Bulk API.");
        }
        for (FieldPath p : q.select()) {
            FieldType t = p.field().type();
            if (t.isCompound()) {
                throw new ApiException(400, "API_ERROR", "Selecting compound data not supported in Bulk Query");
            }
            if (t == FieldType.BASE64) {
                throw new ApiException(400, "API_ERROR", "Binary field not supported: " + p.canonicalName());
            }
        }
        return q;
    }

    /** {@code GET /jobs/query/{id}}. */
    public Reply get(String jobId) {
        BulkJob job;
        synchronized (this) {
            job = require(jobId);
            advance(job, true);
        }
        return Reply.json(200, Json.bytes(info(job, true)));
    }

    /** Removes the jobs older than {@link #RETENTION} by the org's clock (which the admin API may move). */
    private void purgeExpired() {
        Instant oldest = org.clock().now().minus(RETENTION);
        jobs.values().removeIf(j -> j.createdDate.isBefore(oldest));
    }

    private BulkJob require(String jobId) {
        purgeExpired();
        BulkJob job = jobs.get(jobId);
        if (job == null) {
            throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
        }
        return job;
    }

    /** Moves a job along its state machine by elapsed time; runs the query when it completes. */
    private void advance(BulkJob job, boolean poll) {
        if (job.terminal()) {
            return;
        }
        long elapsed = System.nanoTime() - job.createdNanos;
        if (job.stuckPolls > 0) {
            if (poll) {
                job.stuckPolls--;
            }
            setState(job, BulkJob.State.InProgress);
            return;
        }
        if (elapsed < job.queuedNanos) {
            return;
        }
        long processingNanos = job.processingNanos;
        if (config.pacing().bulkRowsPerSecond() > 0 && job.processing != null) {
            if (!job.processing.isDone()) {
                setState(job, BulkJob.State.InProgress);
                return;
            }
            int rows = job.processing.isCompletedExceptionally() ? 0 : job.processing.join().size();
            processingNanos = config.pacing().bulkProcessingNanos(rows, job.processingNanos);
        }
        if (elapsed < job.queuedNanos + processingNanos) {
            setState(job, BulkJob.State.InProgress);
            return;
        }
        if (job.failWith != null) {
            job.errorMessage = job.failWith;
            setState(job, job.abortWith ? BulkJob.State.Aborted : BulkJob.State.Failed);
            return;
        }
        long start = System.nanoTime();
        job.results = job.processing != null ? processed(job) : engine.run(job.query,
                job.operation.equals("queryAll"));
        job.totalProcessingTime = job.processing != null ? Math.max(job.processedMillis, processingNanos / 1_000_000)
                : (System.nanoTime() - start) / 1_000_000 + job.processingNanos / 1_000_000;
        setState(job, BulkJob.State.JobComplete);
    }

    private static ResultSet processed(BulkJob job) {
        try {
            return job.processing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private void setState(BulkJob job, BulkJob.State state) {
        if (job.state != state) {
            job.state = state;
            job.systemModstamp = org.clock().nowMillis();
        }
    }

    private ObjectNode info(BulkJob job, boolean full) {
        ObjectNode o = Json.object();
        o.put("id", job.id);
        o.put("operation", job.operation);
        o.put("object", job.query.sobject().name());
        o.put("createdById", job.createdById);
        o.put("createdDate", ValueFormats.restDateTime(job.createdDate));
        o.put("systemModstamp", ValueFormats.restDateTime(job.systemModstamp));
        o.put("state", job.state.name());
        if (full && job.errorMessage != null) {
            o.put("errorMessage", job.errorMessage);
        }
        o.put("concurrencyMode", "Parallel");
        o.put("contentType", "CSV");
        o.put("apiVersion", Double.parseDouble(job.apiVersion));
        if (full) {
            o.put("jobType", "V2Query");
        }
        o.put("lineEnding", job.lineEnding);
        o.put("columnDelimiter", job.columnDelimiter);
        if (full) {
            o.put("numberRecordsProcessed", job.results == null ? 0 : job.results.size());
            o.put("retries", 0);
            o.put("totalProcessingTime", job.totalProcessingTime);
            o.put("isPkChunkingSupported", job.query.sobject().bulkSupported());
        }
        return o;
    }

    /** {@code PATCH /jobs/query/{id}} with {@code {"state":"Aborted"}}. */
    public Reply patch(HttpCall call, String jobId) {
        JsonNode body = Json.parse(call.body());
        String state = body.path("state").asText("");
        BulkJob job;
        synchronized (this) {
            job = require(jobId);
            advance(job, false);
            if (!state.equals("Aborted")) {
                throw new ApiException(400, "INVALIDJOBSTATE", "Invalid state: " + state
                        + ". A query job can only be set to Aborted.");
            }
            if (job.terminal()) {
                throw new ApiException(400, "INVALIDJOBSTATE", "Aborting already " + job.state.phrase()
                        + " Job not allowed");
            }
            job.results = null;
            setState(job, BulkJob.State.Aborted);
        }
        return Reply.json(200, Json.bytes(info(job, false)));
    }

    /** {@code DELETE /jobs/query/{id}}: only a finished job can be deleted. */
    public Reply delete(String jobId) {
        synchronized (this) {
            BulkJob job = require(jobId);
            advance(job, false);
            if (!job.terminal()) {
                throw new ApiException(400, "API_ERROR",
                        "Error encountered when deleting the job because the job is not terminated");
            }
            jobs.remove(jobId);
        }
        return Reply.empty(204);
    }

    /** {@code GET /jobs/query[?queryLocator=..]}: all query jobs, a thousand per page. */
    public Reply list(HttpCall call, String version) {
        List<BulkJob> all;
        synchronized (this) {
            purgeExpired();
            all = new ArrayList<>(jobs.values());
            all.forEach(j -> advance(j, false));
        }
        return JobList.page(call, version, all, "query", "V2Query", "01gDm0000000001", j -> info(j, true));
    }

    /** {@code GET /jobs/query/{id}/results[?locator=..][&maxRecords=..]}: one CSV page. */
    public Reply results(HttpCall call, String version, String jobId) {
        BulkJob job;
        synchronized (this) {
            job = require(jobId);
            advance(job, false);
        }
        if (!job.apiVersion.equals(version)) {
            throw new ApiException(409, "API_VERSION_MISMATCH", "The job was created with API version "
                    + job.apiVersion + "; read its results with the same version, not " + version);
        }
        if (job.state != BulkJob.State.JobComplete) {
            throw new ApiException(412, "JOB_NOT_COMPLETE", "can only download query results of successfully "
                    + "completed bulk job with status: JOB_COMPLETE. Current status: " + job.state.upper());
        }
        ResultSet rs = job.results;
        int offset = ResultPages.decodeLocator(call.param("locator"), job.id, rs.size());
        Integer maxRecords = ResultPages.maxRecords(call.param("maxRecords"));
        List<FieldPath> paths = job.query.select();
        EvalContext ctx = rs.context();
        if (maxRecords != null) {
            int end = (int) Math.min(rs.size(), (long) offset + maxRecords);
            Reply reply = Reply.stream(200, Reply.CSV,
                    out -> ResultPages.writePage(out, job, paths, rs, ctx, offset, end));
            return ResultPages.withPageHeaders(reply, job.id, offset, end, rs.size());
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(Math.min(config.bulkDefaultPageBytes() + 65536,
                64 * 1024 * 1024));
        int end = ResultPages.writeSized(buf, job, paths, rs, ctx, offset, config.bulkDefaultPageBytes());
        return ResultPages.withPageHeaders(Reply.bytes(200, Reply.CSV, buf.toByteArray()), job.id, offset, end,
                rs.size());
    }

    /** A new job Id; query and ingest jobs share one sequence, as both are AsyncApexJob-style 750 records. */
    String nextJobId() {
        return io.sfsync.emulator.model.Ids.of("750", sequence.incrementAndGet());
    }

    /** Jobs known now, for the admin status. */
    public synchronized int jobCount() {
        return jobs.size();
    }
}
