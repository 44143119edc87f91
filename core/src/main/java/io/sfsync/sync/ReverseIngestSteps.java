package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.reverse.BulkResults;
import io.sfsync.reverse.IngestChunks;
import io.sfsync.reverse.ReverseSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Consumer;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;

/**
 * Bean {@code sfsync-reverse-ingest} of route {@code sfsync-reverse-bulk} ({@code routes/reverse.camel.yaml}): a
 * reverse run's Bulk API 2.0 ingest jobs, one per upload, each upload written to a chunk file as the rows are read,
 * sent, deleted; then the job closed, polled and its results read into the run's counts and failure rows.
 */
public final class ReverseIngestSteps {
    private final SyncServices services;
    private final ReverseSettings settings;

    public ReverseIngestSteps(SyncServices services, ReverseSettings settings) {
        this.services = services;
        this.settings = settings;
    }

    /**
     * Before the first ingest job: the CSV is cut into uploads (sfsync.reverse.bulk.upload-bytes / -rows), each
     * written to a file of sfsync.reverse.bulk.spool-dir as the rows are read, one at a time.
     */
    public void ingestChunks(Exchange exchange) {
        ReverseRun run = ReverseSteps.run(exchange);
        run.chunks = new IngestChunks(settings.spoolDir(), run.rows, settings.uploadBytes(), settings.uploadRows());
        exchange.getMessage().setHeader(SyncHeaders.MORE, run.feed.hasNext());
    }

    /** Before creating an ingest job: its upload written to its chunk file, the job as the body. */
    public void ingestJob(Exchange exchange) {
        ReverseRun run = ReverseSteps.run(exchange);
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
        ReverseRun run = ReverseSteps.run(exchange);
        run.apiCalls++;
        Job job = exchange.getMessage().getBody(Job.class);
        run.jobId = job.getId();
        run.jobIds.add(job.getId());
        run.jobTerminal = false;
        run.jobProblem = null;
        Message m = forJob(exchange, run);
        // the file, not a stream of it: camel-salesforce opens it when it sends (again on a retry), and stream caching,
        // which would copy a stream body into memory, leaves a file alone
        m.setBody(run.chunk.file().toFile());
    }

    /** After the upload: its chunk file deleted; the job is closed next (state UploadComplete), which starts it. */
    public void ingestUploaded(Exchange exchange) {
        ReverseRun run = ReverseSteps.run(exchange);
        run.apiCalls++;
        run.sent += run.chunk.rows();
        run.chunks.release(run.chunk);
        run.chunk = null;
        forJob(exchange, run);
    }

    /** After closing the job: poll it, first after sfsync.bulk.poll-initial-ms. */
    public void ingestClosed(Exchange exchange) {
        ReverseRun run = ReverseSteps.run(exchange);
        run.apiCalls++;
        run.jobCreatedNanos = System.nanoTime();
        run.nextPollMillis = services.settings().pollInitial().toMillis();
        Message m = forJob(exchange, run);
        m.setHeader(SyncHeaders.JOB_DONE, false);
        m.setHeader(SyncHeaders.POLL_DELAY, run.nextPollMillis);
    }

    /**
     * After a poll: done when the job is JobComplete, Failed or Aborted (its results are read either way: a failed
     * job's processed rows are in its results, the rest in its unprocessed records); else the next, longer, wait.
     */
    public void ingestPolled(Exchange exchange) {
        ReverseRun run = ReverseSteps.run(exchange);
        run.apiCalls++;
        Job job = exchange.getMessage().getBody(Job.class);
        JobStateEnum state = job.getState();
        Message m = forJob(exchange, run);
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
    }

    /** Before each results call of the job. */
    public void ingestResultsRequest(Exchange exchange) {
        ReverseRun run = ReverseSteps.run(exchange);
        forJob(exchange, run);
    }

    /** After successfulResults: created and updated counted by {@code sf__Created}. */
    public void ingestSuccesses(Exchange exchange) {
        ReverseRun run = ReverseSteps.run(exchange);
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
        ReverseRun run = ReverseSteps.run(exchange);
        run.apiCalls++;
        csv(exchange, csv -> BulkResults.failed(csv, run.rows, run.failures));
    }

    /** After unprocessedrecords: rows the job never got to; then the next chunk's job, if any. */
    public void ingestUnprocessed(Exchange exchange) {
        ReverseRun run = ReverseSteps.run(exchange);
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

    /**
     * The message for the next camel-salesforce call on the run's ingest job: none of the last response's
     * {@code Sforce*} headers, the job id in the header camel-salesforce reads, no body.
     */
    private static Message forJob(Exchange exchange, ReverseRun run) {
        Message m = exchange.getMessage();
        RunSupport.removeSforceHeaders(m, null);
        m.setHeader(SalesforceEndpointConfig.JOB_ID, run.jobId);
        m.setBody(null);
        return m;
    }
}
