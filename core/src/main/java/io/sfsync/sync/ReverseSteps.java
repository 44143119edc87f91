package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.plan.RunIds;
import io.sfsync.reverse.BulkResults;
import io.sfsync.reverse.CollectionResults;
import io.sfsync.reverse.IngestChunks;
import io.sfsync.reverse.ReverseFailure;
import io.sfsync.reverse.ReverseOperation;
import io.sfsync.reverse.ReversePath;
import io.sfsync.reverse.ReverseRequest;
import io.sfsync.reverse.ReverseResult;
import io.sfsync.reverse.ReverseRows;
import io.sfsync.reverse.ReverseSchema;
import io.sfsync.reverse.ReverseSettings;
import io.sfsync.reverse.ReverseWarehouse;
import io.sfsync.reverse.SObjectRecord;
import io.sfsync.reverse.WritableField;
import io.sfsync.salesforce.SfsyncSalesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-reverse} of {@code routes/reverse.camel.yaml}: a reverse sync (warehouse to Salesforce). It reads
 * the source rows, checks the columns against the describe, converts the values, chooses the path (sObject
 * Collections below {@code sfsync.reverse.bulk-threshold} rows, Bulk API 2.0 ingest jobs from it on), prepares each
 * call and reads each answer, and at the end writes the refused rows to the failures table and records the result.
 */
public final class ReverseSteps {
    private static final Logger LOG = LoggerFactory.getLogger(ReverseSteps.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys per dry-run lookup query: the SOQL travels in the URL (sfsync.rest.max-uri-bytes). */
    static final int LOOKUP_KEYS = 200;
    /** Characters of key literals per lookup query, well inside the URI limit. */
    static final int LOOKUP_CHARS = 8_000;

    private final SyncServices services;
    private final ReverseSettings settings;

    public ReverseSteps(SyncServices services, ReverseSettings settings) {
        this.services = services;
        this.settings = settings;
    }

    static ReverseRun run(Exchange exchange) {
        ReverseRun run = exchange.getProperty(SyncHeaders.REVERSE_RUN, ReverseRun.class);
        if (run == null) {
            throw new IllegalStateException("no reverse run on this exchange: send it to direct:sfsync-reverse");
        }
        return run;
    }

    /** First step: the request from the headers; the describe call next. */
    public void begin(@Header(SyncHeaders.SOBJECT) String sobject, @Header(SyncHeaders.REVERSE_TABLE) String table,
            @Header(SyncHeaders.REVERSE_QUERY) String query, @Header(SyncHeaders.REVERSE_KEY) String key,
            @Header(SyncHeaders.REVERSE_FAILURES_TABLE) String failuresTable,
            @Header(SyncHeaders.REVERSE_DRY_RUN) String dryRun,
            @Header(SyncHeaders.REVERSE_BULK_THRESHOLD) Long bulkThreshold, Exchange exchange) {
        ReverseRun run = new ReverseRun(RunIds.next());
        exchange.setProperty(SyncHeaders.REVERSE_RUN, run);
        try {
            run.request = new ReverseRequest(sobject, blankToNull(table), blankToNull(query), key,
                    blankToNull(failuresTable), Boolean.parseBoolean(dryRun));
            run.operation = ReverseOperation.keyedOn(key);
            if (bulkThreshold != null && bulkThreshold < 0) {
                throw new IllegalArgumentException(SyncHeaders.REVERSE_BULK_THRESHOLD + " must be at least 0, not "
                        + bulkThreshold);
            }
            run.bulkThreshold = bulkThreshold != null ? bulkThreshold : settings.bulkThreshold();
            run.failuresTable = ReverseWarehouse.failuresTable(run.request, settings.failuresSuffix(),
                    services.settings().defaultSchema());
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, e.getMessage(), e);
        }
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.SOBJECT_NAME, sobject);
        m.setBody(null);
    }

    /**
     * After the describe: the source read and checked (every column a writable field, else one error naming them
     * all), its values converted, the path chosen ({@link SyncHeaders#REVERSE_PATH}).
     */
    public void described(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        ReverseSchema schema = ReverseSchema.parse(exchange.getMessage().getBody(String.class));
        ReverseWarehouse.Source source = new ReverseWarehouse(services.warehouse()).read(run.request);
        List<WritableField> fields = schema.check(source.columns(), run.request.keyField());
        run.rowsRead = source.rows().size();
        run.rows = new ReverseRows(fields, schema.field(run.request.keyField()).name(), source.rows());
        run.failures.addAll(run.rows.refused());
        run.path = ReverseSettings.path(run.rows.rows().size(), run.bulkThreshold);
        Message m = exchange.getMessage();
        m.setHeader(SyncHeaders.REVERSE_OPERATION, run.operation.apiName());
        m.setHeader(SyncHeaders.REVERSE_PATH, run.request.dryRun() ? "dry_run" : run.path.label());
        m.setHeader(SyncHeaders.MORE, !run.rows.rows().isEmpty());
        m.setBody(null);
        LOG.info("reverse {} -> {}: {} rows read, {} refused before sending, {} path{}", run.request.source(),
                run.request.sobject(), run.rowsRead, run.rows.refused().size(), run.path.label(),
                run.request.dryRun() ? " (dry run)" : "");
    }

    // ---- REST: sObject Collections ----

    /** Before an sObject Collections request: the next batch of at most sfsync.reverse.batch-size records. */
    public void collectionBatch(Exchange exchange) {
        ReverseRun run = run(exchange);
        List<String[]> all = run.rows.rows();
        int end = Math.min(all.size(), run.next + settings.batchSize());
        run.batch = all.subList(run.next, end);
        run.next = end;
        List<SObjectRecord> records = new ArrayList<>(run.batch.size());
        for (String[] row : run.batch) {
            records.add(new SObjectRecord(run.request.sobject(), run.rows.record(row)));
        }
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.SOBJECT_NAME, run.request.sobject());
        m.setHeader(SalesforceEndpointConfig.SOBJECT_EXT_ID_NAME, run.rows.keyField().name());
        // each record succeeds or fails alone: the refused ones go to the failures table, the others are written
        m.setHeader(SalesforceEndpointConfig.ALL_OR_NONE, "false");
        m.setBody(records);
    }

    /** After an sObject Collections request: its failures kept, the others counted as written. */
    public void collectionDone(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        List<?> results = exchange.getMessage().getBody(List.class);
        List<ReverseFailure> failures = CollectionResults.failures(results, run.batch, run.rows);
        run.sent += run.batch.size();
        run.succeeded += run.batch.size() - failures.size();
        // the collections answer does not say created or updated: only a dry run (or a Bulk job) counts them
        run.countsKnown = false;
        run.failures.addAll(failures);
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SyncHeaders.MORE, run.next < run.rows.rows().size());
        m.setBody(null);
    }

    // ---- Bulk API 2.0 ingest ----

    /** Before the first ingest job: the CSV cut into uploads (sfsync.reverse.bulk.upload-bytes / -rows). */
    public void ingestChunks(Exchange exchange) {
        ReverseRun run = run(exchange);
        try {
            run.chunks = IngestChunks.split(run.rows, settings.uploadBytes(), settings.uploadRows());
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, e.getMessage(), e);
        }
        run.next = 0;
        exchange.getMessage().setHeader(SyncHeaders.MORE, !run.chunks.isEmpty());
    }

    /** Before creating an ingest job: the job as the body. */
    public void ingestJob(Exchange exchange) {
        ReverseRun run = run(exchange);
        Job job = new Job();
        job.setObject(run.request.sobject());
        job.setOperation(run.operation == ReverseOperation.UPSERT ? OperationEnum.UPSERT : OperationEnum.UPDATE);
        if (run.operation == ReverseOperation.UPSERT) {
            job.setExternalIdFieldName(run.rows.keyField().name());
        }
        job.setContentType(ContentTypeEnum.CSV);
        job.setLineEnding(LineEndingEnum.LF);
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.removeHeader(SalesforceEndpointConfig.JOB_ID);
        m.setBody(job);
    }

    /** After creating the job: its id, and its upload (one chunk's CSV) as the body. */
    public void ingestJobCreated(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        Job job = exchange.getMessage().getBody(Job.class);
        run.jobId = job.getId();
        run.jobIds.add(job.getId());
        run.jobOpen = true;
        run.jobTerminal = false;
        run.jobProblem = null;
        IngestChunks.Chunk chunk = run.chunks.get(run.next);
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, run.jobId);
        m.setBody(new ByteArrayInputStream(chunk.csv()));
    }

    /** After the upload: the job is closed next (state UploadComplete), which starts its processing. */
    public void ingestUploaded(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        run.sent += run.chunks.get(run.next).rows();
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, run.jobId);
        m.setBody(null);
    }

    /** After closing the job: poll it, first after sfsync.bulk.poll-initial-ms. */
    public void ingestClosed(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        run.jobCreatedNanos = System.nanoTime();
        run.nextPollMillis = services.settings().pollInitial().toMillis();
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, run.jobId);
        m.setHeader(SyncHeaders.JOB_DONE, false);
        m.setHeader(SyncHeaders.POLL_DELAY, run.nextPollMillis);
        m.setBody(null);
    }

    /**
     * After a poll: done when the job is JobComplete, Failed or Aborted (its results are read either way: a failed
     * job's processed rows are in its results, the rest in its unprocessed records); else the next, longer, wait.
     */
    public void ingestPolled(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        Job job = exchange.getMessage().getBody(Job.class);
        JobStateEnum state = job.getState();
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, run.jobId);
        if (state == JobStateEnum.JOB_COMPLETE || state == JobStateEnum.FAILED || state == JobStateEnum.ABORTED) {
            run.jobTerminal = true;
            run.jobOpen = false;
            if (state != JobStateEnum.JOB_COMPLETE) {
                run.jobProblem = "Bulk ingest job " + run.jobId + " ended " + BulkExtractSteps.stateName(state)
                        + (job.getErrorMessage() == null ? "" : ": " + job.getErrorMessage());
            }
            m.setHeader(SyncHeaders.JOB_DONE, true);
        } else {
            Duration waited = Duration.ofNanos(System.nanoTime() - run.jobCreatedNanos);
            if (waited.compareTo(services.settings().jobTimeout()) > 0) {
                throw new SyncException(SyncError.BULK_JOB_FAILED, "Bulk ingest job " + run.jobId + " is still "
                        + BulkExtractSteps.stateName(state) + " after " + waited.toSeconds() + " s (sfsync.bulk.timeout-seconds="
                        + services.settings().jobTimeout().toSeconds() + "); it was aborted");
            }
            run.nextPollMillis = Math.min(services.settings().pollMax().toMillis(),
                    Math.max(1, run.nextPollMillis * 3 / 2));
            m.setHeader(SyncHeaders.POLL_DELAY, run.nextPollMillis);
        }
        m.setBody(null);
    }

    /** Before each results call of the job. */
    public void ingestResultsRequest(Exchange exchange) {
        ReverseRun run = run(exchange);
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, run.jobId);
        m.setBody(null);
    }

    /** After successfulResults: created and updated counted by {@code sf__Created}. */
    public void ingestSuccesses(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        try (InputStream csv = exchange.getMessage().getBody(InputStream.class)) {
            BulkResults.Successes s = BulkResults.successes(csv);
            run.succeeded += s.created() + s.updated();
            run.inserted += s.created();
            run.updated += s.updated();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After failedResults: each row with Salesforce's error. */
    public void ingestFailures(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        try (InputStream csv = exchange.getMessage().getBody(InputStream.class)) {
            run.failures.addAll(BulkResults.failed(csv, run.rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After unprocessedrecords: rows the job never got to; then the next chunk's job, if any. */
    public void ingestUnprocessed(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        try (InputStream csv = exchange.getMessage().getBody(InputStream.class)) {
            run.failures.addAll(BulkResults.unprocessed(csv, run.rows, run.jobProblem == null
                    ? "Bulk ingest job " + run.jobId + " did not process this row" : run.jobProblem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (run.jobProblem != null) {
            run.error = run.error == null ? run.jobProblem : run.error + "; " + run.jobProblem;
        }
        run.next++;
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.removeHeader(SalesforceEndpointConfig.JOB_ID);
        m.setHeader(SyncHeaders.MORE, run.next < run.chunks.size());
        m.setBody(null);
    }

    // ---- dry run ----

    /** Before a dry run's lookup: a SOQL of the next keys, to count which exist (update) and which are new. */
    public void lookupQuery(Exchange exchange) {
        ReverseRun run = run(exchange);
        List<String[]> all = run.rows.rows();
        List<String> keys = new ArrayList<>();
        int chars = 0;
        int i = run.next;
        while (i < all.size() && keys.size() < LOOKUP_KEYS && chars < LOOKUP_CHARS) {
            String literal = soqlLiteral(run.rows.key(all.get(i)));
            keys.add(literal);
            chars += literal.length() + 1;
            i++;
        }
        run.batch = all.subList(run.next, i);
        run.next = i;
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.SOBJECT_QUERY, lookupSoql(run.request.sobject(),
                run.rows.keyField().name(), keys));
        m.setBody(null);
    }

    /** The dry run's lookup SOQL. */
    static String lookupSoql(String sobject, String keyField, List<String> literals) {
        return "SELECT " + keyField + " FROM " + sobject + " WHERE " + keyField + " IN (" + String.join(",", literals)
                + ")";
    }

    /** A SOQL string literal: backslash and quote escaped. */
    static String soqlLiteral(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** After a lookup: keys found are updates, the others inserts. */
    public void lookedUp(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        JsonNode page;
        try {
            page = JSON.readTree(exchange.getMessage().getBody(String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Set<String> found = new java.util.HashSet<>();
        String key = run.rows.keyField().name();
        for (JsonNode r : page.path("records")) {
            found.add(r.path(key).asText());
        }
        for (String[] row : run.batch) {
            if (found.contains(run.rows.key(row))) {
                run.updated++;
            } else {
                run.inserted++;
            }
        }
        run.sent += run.batch.size();
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SyncHeaders.MORE, run.next < run.rows.rows().size());
        m.setBody(null);
    }

    // ---- the end ----

    /** Last step: the refused rows written to the failures table (not in a dry run), the result recorded. */
    public void finish(Exchange exchange) {
        ReverseRun run = run(exchange);
        if (!run.request.dryRun()) {
            new ReverseWarehouse(services.warehouse()).writeFailures(run.failuresTable, run.runId,
                    run.request.sobject(), run.rows.keyField().name(), run.failures, Instant.now());
        }
        ReverseResult result = result(run, run.error == null, run.error);
        if (!run.request.dryRun()) {
            services.record(result.toHistory());
        }
        LOG.info("{}", result.logLine());
        exchange.getMessage().setBody(result);
    }

    /** Dead-letter step one: the error in words; an open ingest job named for the route to abort. */
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
     * result is recorded and returned.
     */
    public void finishFailed(@Header(SyncHeaders.SOBJECT) String sobject, Exchange exchange) {
        ReverseRun run = exchange.getProperty(SyncHeaders.REVERSE_RUN, ReverseRun.class);
        String error = exchange.getProperty(SyncHeaders.FAILURE, String.class);
        ReverseResult result;
        if (run == null || run.request == null) {
            result = new ReverseResult(run == null ? RunIds.next() : run.runId, sobject, null, null, null, false, 0, 0,
                    0, 0, -1, -1, null, null, 0, 0, Instant.now(), false, error);
        } else {
            if (!run.request.dryRun() && run.rows != null && !run.failures.isEmpty()) {
                try {
                    new ReverseWarehouse(services.warehouse()).writeFailures(run.failuresTable, run.runId,
                            run.request.sobject(), run.rows.keyField().name(), run.failures, Instant.now());
                } catch (RuntimeException e) {
                    LOG.warn("the failure rows of reverse run {} could not be written: {}", run.runId,
                            e.getMessage());
                }
            }
            result = result(run, false, error);
        }
        if (run == null || run.request == null || !run.request.dryRun()) {
            services.record(result.toHistory());
        }
        LOG.warn("{}", result.logLine());
        exchange.getMessage().setBody(result);
    }

    private static ReverseResult result(ReverseRun run, boolean success, String error) {
        double seconds = (System.nanoTime() - run.startNanos) / 1e9;
        boolean counted = run.request.dryRun() || run.path == ReversePath.BULK;
        return new ReverseResult(run.runId, run.request.sobject(), run.request.source(), run.operation.apiName(),
                run.path == null ? null : run.path.label(), run.request.dryRun(), run.rowsRead, run.sent,
                run.succeeded, run.failures.size(),
                counted ? run.inserted : -1, counted ? run.updated : -1,
                run.jobIds.isEmpty() ? null : String.join(",", run.jobIds), run.failuresTable.toString(),
                run.apiCalls, Math.round(seconds * 1000) / 1000.0, run.startedAt, success, error);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
