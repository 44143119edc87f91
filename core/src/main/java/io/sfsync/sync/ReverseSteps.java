package io.sfsync.sync;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.plan.RunIds;
import io.sfsync.reverse.CollectionResults;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-reverse} of {@code routes/reverse.camel.yaml}: a reverse sync (warehouse to Salesforce). It opens
 * the source as a cursor, checks the columns against the describe, chooses the path (sObject Collections below
 * {@code sfsync.reverse.bulk-threshold} rows, Bulk API 2.0 ingest jobs from it on: {@link ReverseIngestSteps}),
 * prepares each collections and dry-run call and reads each answer as the rows are read, and at the end writes the
 * refused rows left to the failures table and records the result. A run (not a dry run) holds the sObject's run lock
 * from its first step to its end, successful or not ({@link ReverseRun#close}).
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
        if (!run.request.dryRun() && !lock(run, exchange)) {
            return;
        }
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.SOBJECT_NAME, sobject);
        m.setBody(null);
    }

    /**
     * Takes the run lock of the sObject ({@code salesforce:ACCOUNT}, the lock forward syncs take per target, across a
     * cluster's nodes when it is shared), so two reverse runs into one sObject never overlap. When another holds it,
     * this run is skipped as a second sync of one target is: nothing is read or written, no history row, and the body
     * is the result saying who holds it. A dry run writes nothing and takes no lock.
     *
     * @return whether the run holds the lock and goes on
     */
    private boolean lock(ReverseRun run, Exchange exchange) {
        String target = ReverseResult.TARGET_PREFIX + run.request.sobject();
        String key = target.toUpperCase(Locale.ROOT);
        Optional<String> other = services.runLock().tryAcquire(key, run.runId, run.request.sobject());
        if (other.isEmpty()) {
            run.locked(services.runLock(), key);
            return true;
        }
        exchange.setProperty(SyncHeaders.SKIPPED, true);
        ReverseResult skipped = run.result(false, "skipped: " + other.get() + " into " + target
                + " is still in progress");
        LOG.warn("reverse sync skipped: {}", skipped.logLine());
        exchange.getMessage().setBody(skipped);
        return false;
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
        long written = run.batch.size() - failures.size();
        long created = CollectionResults.created(results);
        run.sent += run.batch.size();
        run.succeeded += written;
        if (created < 0 || run.inserted < 0) {
            run.inserted = -1;
            run.updated = -1;
        } else {
            run.inserted += created;
            run.updated += written - created;
        }
        run.failures.addAll(failures);
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SyncHeaders.MORE, run.feed.hasNext());
        m.setBody(null);
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
