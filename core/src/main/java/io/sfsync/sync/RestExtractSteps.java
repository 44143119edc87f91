package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.load.CsvBatch;
import io.sfsync.salesforce.ChunkWindow;
import io.sfsync.salesforce.RestPages;
import io.sfsync.salesforce.RestRows;
import io.sfsync.salesforce.SoqlBuilder;

import java.time.Instant;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code sfsync-extract-rest} of {@code routes/extract-rest.camel.yaml}: REST queryAll and queryMore pages turned
 * into CSV batches; a query too long for one request read in field chunks joined by Id ({@link ChunkWindow}).
 */
public final class RestExtractSteps {
    private static final Logger LOG = LoggerFactory.getLogger(RestExtractSteps.class);
    /** Reads of one Id range before a run whose records keep changing between chunk reads gives up. */
    static final int CHUNK_ATTEMPTS = 5;

    private final Checkpoints checkpoints;

    public RestExtractSteps(SyncServices services) {
        this.checkpoints = services.checkpoints();
    }

    /** Before the REST query: the extraction SOQL as the body (a wide object's: its first chunk, ordered by Id). */
    public void restQuery(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        RunSupport.stopCheck(exchange, run, GracefulStop.Boundary.START);
        run.progress.reading();
        Message m = exchange.getMessage();
        RunPlan plan = run.plan();
        if (plan.chunks() != null) {
            run.window = new ChunkWindow(plan.chunks().chunks(),
                    WideReads.chunkKeys(plan.schema(), plan.watermarkField()).size(), plan.schema().extracted());
            run.snapshotNewest = null;
            m.setBody(chunkQuery(plan, 0, null, null));
        } else {
            m.setBody(plan.soql());
        }
        m.setHeader(SyncHeaders.REST_BATCH_SIZE, plan.restBatchSize());
        m.setHeader(SyncHeaders.MORE, true);
    }

    private static String chunkQuery(RunPlan plan, int chunk, String idFrom, String idTo) {
        return SoqlBuilder.chunkSelect(plan.schema(), plan.chunks().chunks().get(chunk), plan.watermarkField(),
                plan.decision().method().isFull() ? null : plan.readFrom(), idFrom, idTo);
    }

    /** One REST page: turned into a CSV batch (the body); the next page's URL in the headers. */
    public void restPage(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        if (run.plan().chunks() != null) {
            firstChunkPage(exchange, run);
            return;
        }
        Message m = exchange.getMessage();
        String page = m.getBody(String.class);
        String next = RestPages.nextRecordsUrl(page);
        CsvBatch batch = RestPages.toBatch(page, run.plan().schema(), run.nextSequence);
        run.pages++;
        run.progress.page(batch.rows());
        m.setBody(batch);
        if (next != null) {
            RunSupport.stopCheck(exchange, run, GracefulStop.Boundary.PAGE);
        }
        m.setHeader(SyncHeaders.MORE, next != null);
        m.setHeader(SyncHeaders.NEXT_RECORDS_URL, next);
        RunSupport.removeSforceHeaders(m, "Sforce-Query-Options");
        checkpoints.reach("extract.rest-page");
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
        RunPlan plan = run.plan();
        int watermark = plan.watermarkField() == null ? -1
                : WideReads.chunkKeys(plan.schema(), plan.watermarkField()).indexOf(plan.watermarkField());
        for (String[] row : watermark < 0 ? List.<String[]>of() : rows.rows()) {
            Instant stamp = row[watermark].isEmpty() ? null : Instant.parse(row[watermark]);
            if (stamp != null && (run.snapshotNewest == null || stamp.isAfter(run.snapshotNewest))) {
                run.snapshotNewest = stamp;
            }
        }
        run.windowAttempt = 1;
        RunSupport.removeSforceHeaders(m, "Sforce-Query-Options");
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
        m.setBody(chunkQuery(run.plan(), chunk, run.rangeFrom, run.rangeTo));
        m.setHeader(SyncHeaders.CHUNK_READ, true);
        m.setHeader(SyncHeaders.CHUNK_MORE, false);
        m.setHeader("Sforce-Query-Options", "batchSize=" + run.plan().restBatchSize());
    }

    /**
     * A page of another chunk of the current Id range. When the range's last chunk is read, the chunks must hold the
     * same records at the same stamps: then they are joined into one batch (the body); otherwise a record changed
     * between the reads, and the whole range is read again, up to {@value #CHUNK_ATTEMPTS} times.
     */
    public void restChunkPage(Exchange exchange) {
        SyncRun run = SyncRun.of(exchange);
        run.apiCalls++;
        run.pages++;
        Message m = exchange.getMessage();
        RestRows rows = RestPages.readRows(m.getBody(String.class), run.window.fields(run.chunk));
        run.window.add(run.chunk, rows.rows());
        RunSupport.removeSforceHeaders(m, "Sforce-Query-Options");
        checkpoints.reach("extract.rest-chunk");
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
            throw new SyncException(SyncError.SALESFORCE_REJECTED, "records of " + run.plan().schema().name()
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
            RunSupport.stopCheck(exchange, run, GracefulStop.Boundary.PAGE);
        }
        m.setHeader(SyncHeaders.MORE, run.driverNext != null);
        m.setHeader(SyncHeaders.NEXT_RECORDS_URL, run.driverNext);
        checkpoints.reach("extract.rest-page");
    }
}
