package io.sfsync.sync;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.plan.RunIds;
import io.sfsync.reverse.BulkResults;
import io.sfsync.reverse.CollectionResults;
import io.sfsync.reverse.IngestChunks;
import io.sfsync.reverse.KeyLookup;
import io.sfsync.reverse.ReverseFailure;
import io.sfsync.reverse.ReverseFailures;
import io.sfsync.reverse.ReverseFeed;
import io.sfsync.reverse.ReverseOperation;
import io.sfsync.reverse.ReverseRequest;
import io.sfsync.reverse.ReverseRows;
import io.sfsync.reverse.ReverseSchema;
import io.sfsync.reverse.ReverseSettings;
import io.sfsync.reverse.ReverseWarehouse;
import io.sfsync.reverse.SObjectRecord;
import io.sfsync.reverse.WritableField;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
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
            run.failures = new ReverseFailures(run.request.dryRun() ? null : batch -> writeFailures(services, run,
                    batch));
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, e.getMessage(), e);
        }
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.SOBJECT_NAME, sobject);
        m.setBody(null);
    }

    /**
     * After the describe: the source opened as a cursor and its columns checked (every column a writable field, else
     * one error naming them all), the path chosen ({@link SyncHeaders#REVERSE_PATH}) by reading ahead at most as many
     * rows to send as the threshold: the rest are read as they are sent.
     */
    public void described(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        ReverseSchema schema = ReverseSchema.parse(exchange.getMessage().getBody(String.class));
        try {
            run.source = new ReverseWarehouse(services.warehouse()).open(run.request,
                    services.settings().defaultSchema());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, e.getMessage(), e);
        }
        List<WritableField> fields;
        try {
            fields = schema.check(run.source.columns(), run.request.keyField());
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.UNWRITABLE_COLUMN, e.getMessage(), e);
        }
        run.rows = new ReverseRows(fields, schema.field(run.request.keyField()).name());
        run.feed = new ReverseFeed(run.rows, run.source::next, run.failures);
        // fewer rows to send than the threshold are all there are (REST); as many means Bulk
        long ahead = run.feed.readAhead(run.bulkThreshold);
        run.path = ReverseSettings.path(ahead, run.bulkThreshold);
        Message m = exchange.getMessage();
        m.setHeader(SyncHeaders.REVERSE_OPERATION, run.operation.apiName());
        m.setHeader(SyncHeaders.REVERSE_PATH, run.request.dryRun() ? "dry_run" : run.path.label());
        m.setHeader(SyncHeaders.MORE, run.feed.hasNext());
        m.setBody(null);
        LOG.info("reverse {} -> {}: {} path{} ({} rows read to choose it, {} refused before sending)",
                run.request.source(), run.request.sobject(), run.path.label(),
                run.request.dryRun() ? " (dry run)" : "", run.rowsRead(), run.failures.count());
    }

    // ---- REST: sObject Collections ----

    /** Before an sObject Collections request: the next batch of at most sfsync.reverse.batch-size records. */
    public void collectionBatch(Exchange exchange) {
        ReverseRun run = run(exchange);
        List<String[]> batch = new ArrayList<>(settings.batchSize());
        while (batch.size() < settings.batchSize() && run.feed.hasNext()) {
            batch.add(run.feed.next());
        }
        run.batch = batch;
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
        run.failures.addAll(failures);
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SyncHeaders.MORE, run.feed.hasNext());
        m.setBody(null);
    }

    // ---- Bulk API 2.0 ingest ----

    /**
     * Before the first ingest job: the CSV is cut into uploads (sfsync.reverse.bulk.upload-bytes / -rows), each
     * written to a file of sfsync.reverse.bulk.spool-dir as the rows are read, one at a time.
     */
    public void ingestChunks(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.chunks = new IngestChunks(settings.spoolDir(), run.rows, settings.uploadBytes(), settings.uploadRows());
        exchange.getMessage().setHeader(SyncHeaders.MORE, run.feed.hasNext());
    }

    /** Before creating an ingest job: its upload written to its chunk file, the job as the body. */
    public void ingestJob(Exchange exchange) {
        ReverseRun run = run(exchange);
        try {
            run.chunk = run.chunks.next(run.feed);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, e.getMessage(), e);
        }
        Job job = IngestChunks.job(run.request.sobject(), run.operation, run.rows.keyField().name());
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
        run.jobTerminal = false;
        run.jobProblem = null;
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, run.jobId);
        try {
            run.upload = Files.newInputStream(run.chunk.file());
            m.setBody(run.upload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ingest chunk " + run.chunk.file(), e);
        }
    }

    /** After the upload: its chunk file deleted; the job is closed next (state UploadComplete), which starts it. */
    public void ingestUploaded(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        run.sent += run.chunk.rows();
        run.closeUpload();
        run.chunks.release(run.chunk);
        run.chunk = null;
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
            if (state != JobStateEnum.JOB_COMPLETE) {
                run.jobProblem = "Bulk ingest job " + run.jobId + " ended " + BulkExtractSteps.stateName(state)
                        + (job.getErrorMessage() == null ? "" : ": " + job.getErrorMessage());
            }
            m.setHeader(SyncHeaders.JOB_DONE, true);
        } else {
            Duration waited = Duration.ofNanos(System.nanoTime() - run.jobCreatedNanos);
            if (waited.compareTo(services.settings().jobTimeout()) > 0) {
                throw new SyncException(SyncError.BULK_JOB_FAILED, "Bulk ingest job " + run.jobId + " is still "
                        + BulkExtractSteps.stateName(state) + " after " + waited.toSeconds()
                        + " s (sfsync.bulk.timeout-seconds="
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
        BulkResults.Successes s;
        try (InputStream csv = exchange.getMessage().getBody(InputStream.class)) {
            s = BulkResults.successes(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run.succeeded += s.created() + s.updated();
        run.inserted += s.created();
        run.updated += s.updated();
    }

    /** After failedResults: each row with Salesforce's error. */
    public void ingestFailures(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        csv(exchange, csv -> BulkResults.failed(csv, run.rows, run.failures));
    }

    /** After unprocessedrecords: rows the job never got to; then the next chunk's job, if any. */
    public void ingestUnprocessed(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        String why = run.jobProblem == null ? "Bulk ingest job " + run.jobId + " did not process this row"
                : run.jobProblem;
        csv(exchange, csv -> BulkResults.unprocessed(csv, run.rows, why, run.failures));
        if (run.jobProblem != null) {
            run.error = run.error == null ? run.jobProblem : run.error + "; " + run.jobProblem;
        }
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.removeHeader(SalesforceEndpointConfig.JOB_ID);
        m.setHeader(SyncHeaders.MORE, run.feed.hasNext());
        m.setBody(null);
    }

    /** A result CSV of the job (the body), read and closed. */
    private static void csv(Exchange exchange, Consumer<InputStream> read) {
        try (InputStream csv = exchange.getMessage().getBody(InputStream.class)) {
            read.accept(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- dry run ----

    /** Before a dry run's lookup: a SOQL of the next keys, to count which exist (update) and which are new. */
    public void lookupQuery(Exchange exchange) {
        ReverseRun run = run(exchange);
        List<String[]> batch = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        int chars = 0;
        while (keys.size() < KeyLookup.MAX_KEYS && chars < KeyLookup.MAX_CHARS && run.feed.hasNext()) {
            String[] row = run.feed.next();
            String literal = KeyLookup.literal(run.rows.key(row));
            batch.add(row);
            keys.add(literal);
            chars += literal.length() + 1;
        }
        run.batch = batch;
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.SOBJECT_QUERY, KeyLookup.soql(run.request.sobject(),
                run.rows.keyField().name(), keys));
        m.setBody(null);
    }

    /** After a lookup: keys found are updates, the others inserts. */
    public void lookedUp(Exchange exchange) {
        ReverseRun run = run(exchange);
        run.apiCalls++;
        java.util.Set<String> found = KeyLookup.found(exchange.getMessage().getBody(String.class),
                run.rows.keyField().name());
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
        m.setHeader(SyncHeaders.MORE, run.feed.hasNext());
        m.setBody(null);
    }

    // ---- the end ----

    /** Last step: the refused rows left written to the failures table (not in a dry run), the result recorded. */
    public void finish(Exchange exchange) {
        ReverseRun run = run(exchange);
        try {
            run.failures.flush();
        } finally {
            run.close();
        }
        ReverseResult result = run.result(run.error == null, run.error);
        if (!run.request.dryRun()) {
            services.record(result.toHistory());
        }
        LOG.info("{}", result.logLine());
        exchange.getMessage().setBody(result);
    }

    /** A batch of the run's failure rows appended to its failures table, all stamped with the first's time. */
    private static void writeFailures(SyncServices services, ReverseRun run, List<ReverseFailure> batch) {
        if (run.failedAt == null) {
            run.failedAt = Instant.now();
        }
        try {
            new ReverseWarehouse(services.warehouse()).writeFailures(run.failuresTable, run.runId,
                    run.request.sobject(), run.rows.keyField().name(), batch, run.failedAt);
        } catch (IllegalStateException e) {
            throw new SyncException(SyncError.LOAD_FAILED, e.getMessage(), e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
