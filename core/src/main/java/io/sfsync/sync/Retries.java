package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which failed Salesforce calls are worth another try: 5xx, 429, dropped or timed-out connections, and the org's
 * refusal while too many long requests run at once ({@code REQUEST_LIMIT_EXCEEDED} "ConcurrentRequests"), a bounded
 * number of times (the routes' redelivery policy adds exponential backoff with jitter). Everything else, and above all
 * the daily {@code REQUEST_LIMIT_EXCEEDED} ("TotalRequests"), fails the run at once: retrying a spent quota only
 * spends more of it.
 */
public final class Retries implements Predicate, Processor {
    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);
    /**
     * What Jetty 12.1 (AbstractResponseListener, under camel-salesforce's BufferingResponseListener) aborts a response
     * with when its body is longer than camel.component.salesforce.httpMaxContentLength; camel-salesforce wraps it in
     * a SalesforceException "Unexpected error {200:OK} executing {GET:url}" with the 200 it had read.
     */
    private static final Pattern BUFFER_EXCEEDED = Pattern.compile("Buffering capacity (\\d+) exceeded");

    /** Whether the failure is transient (the redelivery policy bounds the attempts). */
    @Override
    public boolean matches(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        boolean retry = isTransient(failure);
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        if (retry && run != null) {
            run.lastFailureNanos = System.nanoTime();
        }
        return retry;
    }

    /** Counts the retry, and the backoff waited before it, in the run's result. */
    @Override
    public void process(Exchange exchange) {
        SyncRun run = exchange.getProperty(SyncHeaders.RUN, SyncRun.class);
        if (run != null) {
            run.retries++;
            // Camel calls this after the backoff delay, just before the call is made again.
            if (run.lastFailureNanos != 0) {
                run.retryWaitMillis += (System.nanoTime() - run.lastFailureNanos) / 1_000_000;
                run.lastFailureNanos = 0;
            }
        }
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("retrying a Salesforce call after: {}", Failures.describe(cause));
    }

    static boolean isTransient(Throwable failure) {
        if (RequestTooLarge.of(failure) != null) {
            // A request refused for its size is refused again, however often it is sent.
            return false;
        }
        if (bufferLimit(failure) > 0) {
            // The same page would be as large again: the Bulk route reads it with fewer rows instead.
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SalesforceException sf) {
                int status = sf.getStatusCode();
                // 2xx here means the response broke off mid-body (camel reports the status it had read).
                return status == 429 || status >= 500 || status < 400 || tooManyConcurrent(sf);
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether Salesforce refused the call because the org runs too many long requests at once (the concurrent API
     * request limit, "ConcurrentRequests (Concurrent API Requests) Limit exceeded."): over once some of them end.
     */
    private static boolean tooManyConcurrent(SalesforceException sf) {
        if (sf.getStatusCode() != 403 || sf.getErrors() == null) {
            return false;
        }
        return sf.getErrors().stream().anyMatch(e -> "REQUEST_LIMIT_EXCEEDED".equals(e.getErrorCode())
                && e.getMessage() != null && e.getMessage().startsWith("ConcurrentRequests"));
    }

    /**
     * The byte limit a response exceeded when the failure is camel-salesforce refusing to buffer a body longer than
     * {@code httpMaxContentLength}; 0 for any other failure.
     */
    public static long bufferLimit(Throwable failure) {
        boolean salesforce = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            salesforce |= t instanceof SalesforceException;
            if (salesforce && t instanceof IllegalArgumentException && t.getMessage() != null) {
                Matcher m = BUFFER_EXCEEDED.matcher(t.getMessage());
                if (m.matches()) {
                    try {
                        return Math.max(1, Long.parseLong(m.group(1)));
                    } catch (NumberFormatException e) {
                        return 1;
                    }
                }
            }
        }
        return 0;
    }
}
