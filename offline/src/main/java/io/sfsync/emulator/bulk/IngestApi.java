package io.sfsync.emulator.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceLimits;
import io.sfsync.emulator.dml.Dml;
import io.sfsync.emulator.dml.RowError;
import io.sfsync.emulator.dml.TextValues;
import io.sfsync.emulator.http.HttpCall;
import io.sfsync.emulator.http.Json;
import io.sfsync.emulator.http.Limits;
import io.sfsync.emulator.http.Reply;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.emulator.model.ValueFormats;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Bulk API 2.0 ingest jobs under {@code /services/data/vXX.X/jobs/ingest}: create, one CSV upload
 * ({@code PUT .../batches}), close ({@code UploadComplete}) or abort, job info, successful, failed and unprocessed
 * record results, delete and list. Sources: Bulk API 2.0 and Bulk API Developer Guide ("Create a Job", "Upload Job
 * Data", "Close or Abort a Job", "Get Job Info", "Get Job Successful/Failed Record Results", "Get Job Unprocessed
 * Record Results", "Delete a Job", "Get All Jobs", "Prepare CSV Files").
 *
 * <p>A closed job waits in UploadComplete for the pacing's Bulk queue time, then one thread writes its rows through
 * {@link Dml}, and the job stays InProgress at least the pacing's processing time (rows / rate when paced by rows), as
 * query jobs do. In the CSV an empty cell leaves a field as it is and {@code #N/A} sets it to null ("Prepare CSV
 * Files": "Empty field values are ignored when you update records. To set a field value to null, use a field value of
 * #N/A"). A column that names no field fails the whole job with "InvalidBatch : Field name not found : X", as real
 * orgs report it; relationship columns ({@code Account.External_Id__c}) are not supported. A second upload is refused
 * as real orgs refuse it ("Found multiple contents for job").
 */
public final class IngestApi {
    private static final Set<String> OPERATIONS = Set.of("insert", "update", "upsert", "delete", "hardDelete");
    private static final Set<String> DELIMITERS = Set.of("COMMA", "BACKQUOTE", "CARET", "PIPE", "SEMICOLON", "TAB");

    private final Org org;
    private final BulkApi bulk;
    private final Limits limits;
    private final EmulatorConfig config;
    private final Map<String, IngestJob> jobs = new LinkedHashMap<>();
    private final ScheduledExecutorService processing = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "emulator-bulk-ingest");
        t.setDaemon(true);
        return t;
    });

    public IngestApi(Org org, BulkApi bulk, Limits limits, EmulatorConfig config) {
        this.org = org;
        this.bulk = bulk;
        this.limits = limits;
        this.config = config;
    }

    /** {@code POST /jobs/ingest}. */
    public Reply create(HttpCall call, String version) {
        JsonNode body = Json.parse(call.body());
        String operation = body.path("operation").asText("");
        if (!OPERATIONS.contains(operation)) {
            throw invalidJob("Invalid job operation: '" + operation + "'. Valid values are insert, update, upsert,"
                    + " delete and hardDelete.");
        }
        String objectName = body.path("object").asText("");
        SObjectDef object = org.find(objectName);
        if (object == null) {
            throw invalidJob("Unable to find object: " + objectName);
        }
        if (!object.bulkSupported()) {
            throw new ApiException(400, "INVALIDENTITY", "Entity '" + object.name()
                    + "' is not supported by the Bulk API.");
        }
        String contentType = body.path("contentType").asText("CSV");
        if (!contentType.equals("CSV")) {
            throw invalidJob("Unsupported content type: " + contentType);
        }
        String delimiter = body.path("columnDelimiter").asText("COMMA");
        if (!DELIMITERS.contains(delimiter)) {
            throw invalidJob("Invalid column delimiter: " + delimiter);
        }
        String lineEnding = body.path("lineEnding").asText("LF");
        if (!lineEnding.equals("LF") && !lineEnding.equals("CRLF")) {
            throw invalidJob("Invalid line ending: " + lineEnding);
        }
        String externalId = body.hasNonNull("externalIdFieldName") ? body.get("externalIdFieldName").asText() : null;
        if (operation.equals("upsert")) {
            if (externalId == null || externalId.isBlank()) {
                throw invalidJob("External ID was blank for " + object.name()
                        + ". An External ID must be specified for upsert.");
            }
            FieldDef key = object.field(externalId);
            if (key == null || !key.externalId() && key.type() != FieldType.ID) {
                throw invalidJob("Field name provided, " + externalId + " does not match an External ID, Salesforce"
                        + " Id, or indexed field for " + object.name());
            }
            externalId = key.name();
        }
        if ((operation.equals("delete") || operation.equals("hardDelete")) && object.field("IsDeleted") == null) {
            throw invalidJob("Entity '" + object.name() + "' does not support " + operation);
        }
        IngestJob job;
        synchronized (this) {
            job = new IngestJob(bulk.nextJobId(), object, operation, operation.equals("upsert") ? externalId : null,
                    version, delimiter, lineEnding, org.integrationUserId(), org.clock().nowMillis());
            jobs.put(job.id, job);
        }
        return Reply.json(200, Json.bytes(info(job, false)));
    }

    private static ApiException invalidJob(String message) {
        return new ApiException(400, "INVALIDJOB", "InvalidJob : " + message);
    }

    /** {@code PUT /jobs/ingest/{id}/batches}: the job's one CSV upload. */
    public Reply upload(HttpCall call, String jobId) {
        long base64 = (call.body().length + 2L) / 3 * 4;
        if (base64 > config.ingestUploadMaxBytes()) {
            // Status and code unverified against a live org; the limit is documented ("Upload Job Data").
            throw new ApiException(413, "REQUEST_ENTITY_TOO_LARGE", "The upload is " + call.body().length
                    + " bytes, " + base64 + " as base64; a single upload may hold at most "
                    + config.ingestUploadMaxBytes() + " bytes of base64 encoded content (about 100 MB of CSV)."
                    + " Split the data over several jobs.");
        }
        // camel-salesforce sends two Content-Type headers on this PUT (text/csv and its default application/json),
        // and real orgs take its uploads: one text/csv among them is enough.
        List<String> contentTypes = call.headers("Content-Type");
        if (!contentTypes.isEmpty() && contentTypes.stream()
                .noneMatch(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv"))) {
            throw new ApiException(400, "INVALIDCONTENTTYPE", "Content-Type of the upload must be text/csv, not "
                    + String.join(", ", contentTypes));
        }
        synchronized (this) {
            IngestJob job = require(jobId);
            if (job.state != BulkJob.State.Open) {
                throw new ApiException(409, "INVALIDJOBSTATE", "Unable to upload data: the job's state is "
                        + job.state.name() + "; data can be uploaded only to an Open job");
            }
            if (job.data != null) {
                throw new ApiException(400, "BULK_API_ERROR", "Found multiple contents for job: <" + job.id
                        + ">, please 'Close' / 'Abort' / 'Delete' the current Job then create a new Job and make"
                        + " sure you only do 'PUT' once on a given Job.");
            }
            job.data = call.body();
        }
        return Reply.empty(201);
    }

    /** {@code PATCH /jobs/ingest/{id}} with {@code {"state":"UploadComplete"}} or {@code {"state":"Aborted"}}. */
    public Reply patch(HttpCall call, String jobId) {
        String state = Json.parse(call.body()).path("state").asText("");
        IngestJob job;
        synchronized (this) {
            job = require(jobId);
            advance(job);
            switch (state) {
                case "UploadComplete" -> close(job);
                case "Aborted" -> abort(job);
                default -> throw new ApiException(400, "INVALIDJOBSTATE", "Invalid state: " + state
                        + ". An ingest job can be set to UploadComplete or Aborted.");
            }
        }
        return Reply.json(200, Json.bytes(info(job, false)));
    }

    private void close(IngestJob job) {
        if (job.state != BulkJob.State.Open) {
            throw new ApiException(409, "INVALIDJOBSTATE", "Closing already " + job.state.phrase()
                    + " Job not allowed");
        }
        setState(job, BulkJob.State.UploadComplete);
        job.closedNanos = System.nanoTime();
        job.processing = processing.schedule(() -> {
            job.started.set(true);
            return process(job);
        }, config.pacing().bulkQueue().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void abort(IngestJob job) {
        boolean notStarted = job.state == BulkJob.State.Open
                || job.state == BulkJob.State.UploadComplete && job.processing.cancel(false);
        if (!notStarted) {
            throw new ApiException(409, "INVALIDJOBSTATE", "Aborting already " + job.state.phrase()
                    + " Job not allowed");
        }
        job.outcome = unprocessedOutcome(job, null);
        setState(job, BulkJob.State.Aborted);
    }

    /** {@code GET /jobs/ingest/{id}}. */
    public Reply get(String jobId) {
        IngestJob job;
        synchronized (this) {
            job = require(jobId);
            advance(job);
        }
        return Reply.json(200, Json.bytes(info(job, true)));
    }

    /** {@code DELETE /jobs/ingest/{id}}: a job that is UploadComplete, JobComplete, Aborted or Failed. */
    public Reply delete(String jobId) {
        synchronized (this) {
            IngestJob job = require(jobId);
            advance(job);
            boolean queued = job.state == BulkJob.State.UploadComplete && job.processing.cancel(false);
            if (!queued && !job.terminal()) {
                throw new ApiException(400, "API_ERROR",
                        "Error encountered when deleting the job because the job is not terminated");
            }
            jobs.remove(jobId);
        }
        return Reply.empty(204);
    }

    /** {@code GET /jobs/ingest[?queryLocator=..]}: the ingest jobs, a thousand per page. */
    public Reply list(HttpCall call, String version) {
        List<IngestJob> all;
        synchronized (this) {
            all = new ArrayList<>(jobs.values());
            all.forEach(this::advance);
        }
        return JobList.page(call, version, all, "ingest", "V2Ingest", "01gDm0000000002", j -> info(j, true));
    }

    /** Which result set a results resource returns. */
    public enum Results {
        SUCCESSFUL, FAILED, UNPROCESSED
    }

    /**
     * {@code GET .../successfulResults}, {@code .../failedResults}, {@code .../unprocessedrecords}: CSV with the
     * uploaded columns, behind {@code sf__Id,sf__Created} or {@code sf__Id,sf__Error} (none for unprocessed records),
     * in the job's delimiter and line ending. A job still being processed has no results yet: header only.
     */
    public Reply results(String jobId, Results which) {
        IngestJob job;
        synchronized (this) {
            job = require(jobId);
            advance(job);
        }
        IngestJob.Outcome o = job.outcome;
        List<String> header = new ArrayList<>();
        List<List<String>> rows;
        switch (which) {
            case SUCCESSFUL -> {
                header.addAll(List.of("sf__Id", "sf__Created"));
                rows = o == null ? List.of() : o.successful();
            }
            case FAILED -> {
                header.addAll(List.of("sf__Id", "sf__Error"));
                rows = o == null ? List.of() : o.failed();
            }
            default -> rows = o == null ? List.of() : o.unprocessed();
        }
        header.addAll(o == null ? List.of() : o.header());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (Writer w = new OutputStreamWriter(buf, StandardCharsets.UTF_8)) {
            CsvWriter csv = new CsvWriter(w, job.delimiterChar(), job.lineEndingChars());
            if (!header.isEmpty()) {
                for (String h : header) {
                    csv.field(h);
                }
                csv.endRow();
            }
            for (List<String> row : rows) {
                for (String cell : row) {
                    csv.field(cell);
                }
                csv.endRow();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Reply.bytes(200, Reply.CSV, buf.toByteArray());
    }

    private IngestJob require(String jobId) {
        IngestJob job = jobs.get(jobId);
        if (job == null) {
            throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
        }
        return job;
    }

    /** Moves a closed job along by elapsed time and its processing: UploadComplete, InProgress, then terminal. */
    private void advance(IngestJob job) {
        if (job.state != BulkJob.State.UploadComplete && job.state != BulkJob.State.InProgress) {
            return;
        }
        if (!job.started.get()) {
            return;
        }
        if (!job.processing.isDone()) {
            setState(job, BulkJob.State.InProgress);
            return;
        }
        IngestJob.Outcome o;
        try {
            o = job.processing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            throw new IllegalStateException("processing ingest job " + job.id + " failed", e.getCause());
        }
        long minimum = config.pacing().bulkQueue().toNanos()
                + config.pacing().bulkProcessingNanos(o.processed(), config.pacing().bulkProcessing().toNanos());
        if (System.nanoTime() - job.closedNanos < minimum) {
            setState(job, BulkJob.State.InProgress);
            return;
        }
        job.outcome = o;
        setState(job, o.errorMessage() != null ? BulkJob.State.Failed : BulkJob.State.JobComplete);
    }

    private void setState(IngestJob job, BulkJob.State state) {
        if (job.state != state) {
            job.state = state;
            job.systemModstamp = org.clock().nowMillis();
        }
    }

    /** An outcome in which no row was processed: every uploaded row is unprocessed. */
    private static IngestJob.Outcome unprocessedOutcome(IngestJob job, String errorMessage) {
        List<List<String>> rows = List.of();
        List<String> header = List.of();
        if (job.data != null) {
            try {
                rows = CsvReader.read(new String(job.data, StandardCharsets.UTF_8), job.delimiterChar(),
                        job.lineEndingChars());
            } catch (CsvReader.CsvException e) {
                rows = List.of();
            }
        }
        if (!rows.isEmpty()) {
            header = rows.get(0);
            rows = rows.subList(1, rows.size());
        }
        return new IngestJob.Outcome(header, List.of(), List.of(), rows, 0, errorMessage, 0);
    }

    /** Writes the job's rows; runs on the processing thread, outside the API's lock. */
    private IngestJob.Outcome process(IngestJob job) {
        long start = System.nanoTime();
        if (job.data == null || job.data.length == 0) {
            return unprocessedOutcome(job, "InvalidBatch : No data was uploaded for the job");
        }
        List<List<String>> rows;
        try {
            rows = CsvReader.read(new String(job.data, StandardCharsets.UTF_8), job.delimiterChar(),
                    job.lineEndingChars());
        } catch (CsvReader.CsvException e) {
            return unprocessedOutcome(job, e.getMessage());
        }
        if (rows.isEmpty()) {
            return unprocessedOutcome(job, "InvalidBatch : No data was uploaded for the job");
        }
        List<String> header = rows.get(0);
        List<List<String>> data = rows.subList(1, rows.size());
        SObjectDef type = org.find(job.object.name());
        List<FieldDef> columns = new ArrayList<>();
        for (String name : header) {
            FieldDef f = type.field(name.trim());
            if (f == null) {
                return unprocessedOutcome(job, "InvalidBatch : Field name not found : " + name);
            }
            columns.add(f);
        }
        int batches = (data.size() + SalesforceLimits.INGEST_RECORDS_PER_BATCH - 1)
                / SalesforceLimits.INGEST_RECORDS_PER_BATCH;
        for (int i = 0; i < batches; i++) {
            if (!limits.draw(Limits.BULK_BATCHES)) {
                return unprocessedOutcome(job, "Exceeded max bulk API batches (" + limits.max(Limits.BULK_BATCHES)
                        + ") per 24 hrs");
            }
        }
        RowWriter writer = new RowWriter(type, job, columns, data);
        return writer.run(header, start);
    }

    /** Writes the rows of one job in order, each through {@link Dml}. */
    private final class RowWriter {
        private final SObjectDef type;
        private final IngestJob job;
        private final List<FieldDef> columns;
        private final List<List<String>> data;
        private final Dml dml = new Dml(org);
        private final int idColumn;
        private final FieldDef key;
        private final int keyColumn;

        RowWriter(SObjectDef type, IngestJob job, List<FieldDef> columns, List<List<String>> data) {
            this.type = type;
            this.job = job;
            this.columns = columns;
            this.data = data;
            int id = -1;
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).type() == FieldType.ID) {
                    id = i;
                }
            }
            this.idColumn = id;
            this.key = job.externalIdFieldName == null ? null : type.field(job.externalIdFieldName);
            this.keyColumn = key == null ? -1 : columns.indexOf(key);
        }

        IngestJob.Outcome run(List<String> header, long start) {
            Map<String, Integer> keyCounts = new HashMap<>();
            if (keyColumn >= 0) {
                for (List<String> row : data) {
                    String k = cell(row, keyColumn);
                    if (!k.isEmpty()) {
                        keyCounts.merge(TextValues.key(k), 1, Integer::sum);
                    }
                }
            }
            List<List<String>> successful = new ArrayList<>();
            List<List<String>> failed = new ArrayList<>();
            for (List<String> row : data) {
                Dml.Result r = dml.apply(write(row, keyCounts));
                List<String> out = new ArrayList<>();
                out.add(r.id() == null ? "" : r.id());
                out.add(r.success() ? Boolean.toString(r.created()) : r.error().bulkText());
                for (int i = 0; i < columns.size(); i++) {
                    out.add(cell(row, i));
                }
                (r.success() ? successful : failed).add(out);
            }
            return new IngestJob.Outcome(header, successful, failed, List.of(), data.size(), null,
                    (System.nanoTime() - start) / 1_000_000);
        }

        private Dml.Write write(List<String> row, Map<String, Integer> keyCounts) {
            String rawId = idColumn < 0 ? "" : cell(row, idColumn);
            switch (job.operation) {
                case "delete", "hardDelete" -> {
                    if (rawId.isEmpty()) {
                        return Dml.failed(new RowError("MISSING_ARGUMENT", "Id not specified in a delete call",
                                List.of()));
                    }
                    return dml.delete(type, rawId, job.operation.equals("hardDelete"));
                }
                default -> {
                }
            }
            Map<FieldDef, Object> values = new LinkedHashMap<>();
            boolean keyedById = key != null && key.type() == FieldType.ID;
            for (int i = 0; i < columns.size(); i++) {
                String cell = cell(row, i);
                FieldDef f = columns.get(i);
                if (cell.isEmpty() || i == idColumn && !job.operation.equals("insert")) {
                    continue;
                }
                try {
                    values.put(f, cell.equals("#N/A") ? null : TextValues.parse(f, cell));
                } catch (ApiException e) {
                    return Dml.failed(rawId.isEmpty() ? null : rawId, RowError.of(e));
                }
            }
            return switch (job.operation) {
                case "insert" -> dml.insert(type, values);
                case "update" -> rawId.isEmpty()
                        ? Dml.failed(new RowError("MISSING_ARGUMENT", "Id not specified in an update call", List.of()))
                        : dml.update(type, rawId, values);
                default -> {
                    String k = keyedById ? rawId : keyColumn < 0 ? "" : cell(row, keyColumn);
                    if (!k.isEmpty() && keyCounts.getOrDefault(TextValues.key(k), 0) > 1) {
                        yield Dml.failed(new RowError("DUPLICATE_VALUE", "Duplicate external id specified: " + k,
                                List.of(key.name())));
                    }
                    yield dml.upsert(type, key, keyedById ? (k.isEmpty() ? null : k) : values.get(key), values);
                }
            };
        }

        private String cell(List<String> row, int i) {
            return i < row.size() ? row.get(i) : "";
        }
    }

    private ObjectNode info(IngestJob job, boolean full) {
        ObjectNode o = Json.object();
        o.put("id", job.id);
        o.put("operation", job.operation);
        o.put("object", job.object.name());
        o.put("createdById", job.createdById);
        o.put("createdDate", ValueFormats.restDateTime(job.createdDate));
        o.put("systemModstamp", ValueFormats.restDateTime(job.systemModstamp));
        o.put("state", job.state.name());
        if (job.externalIdFieldName != null) {
            o.put("externalIdFieldName", job.externalIdFieldName);
        }
        o.put("concurrencyMode", "Parallel");
        o.put("contentType", "CSV");
        o.put("apiVersion", Double.parseDouble(job.apiVersion));
        if (full) {
            o.put("jobType", "V2Ingest");
        }
        o.put("contentUrl", "services/data/v" + job.apiVersion + "/jobs/ingest/" + job.id + "/batches");
        o.put("lineEnding", job.lineEnding);
        o.put("columnDelimiter", job.columnDelimiter);
        if (full) {
            IngestJob.Outcome out = job.outcome;
            o.put("numberRecordsProcessed", out == null ? 0 : out.processed());
            o.put("numberRecordsFailed", out == null ? 0 : out.failed().size());
            o.put("retries", 0);
            o.put("totalProcessingTime", out == null ? 0 : out.millis());
            o.put("apiActiveProcessingTime", out == null ? 0 : out.millis());
            o.put("apexProcessingTime", 0);
            if (out != null && out.errorMessage() != null) {
                o.put("errorMessage", out.errorMessage());
            }
        }
        return o;
    }
}
