package io.sfsync.emulator.http;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.SalesforceLimits;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API requests in flight and when each started, to enforce Salesforce's concurrent long-running request limit
 * (see {@link SalesforceLimits#CONCURRENT_LONG_REQUESTS}): while {@code limit} requests have run for {@code threshold}
 * or longer, a new one is refused with 403 REQUEST_LIMIT_EXCEEDED. A request runs until its response is written to the
 * end, so a slow download counts as a real org counts it. Lock-free: admission reads the start times, it never waits.
 */
public final class LongRequests {
    private final int limit;
    private final long thresholdNanos;
    private final ConcurrentHashMap<Long, Long> started = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** {@code limit} 0 turns the limit off (requests are still counted). */
    public LongRequests(int limit, Duration threshold) {
        if (limit < 0 || threshold.isNegative()) {
            throw new IllegalArgumentException("the long-running request limit and its threshold must not be negative");
        }
        this.limit = limit;
        this.thresholdNanos = threshold.toNanos();
    }

    /**
     * Admits a request and returns the ticket to {@link #finish} it with; 403 REQUEST_LIMIT_EXCEEDED when the org
     * already runs {@code limit} long requests.
     */
    public long start() {
        if (limit > 0 && running() >= limit) {
            throw new ApiException(403, "REQUEST_LIMIT_EXCEEDED", SalesforceLimits.CONCURRENT_REQUESTS_EXCEEDED);
        }
        long ticket = sequence.incrementAndGet();
        started.put(ticket, System.nanoTime());
        return ticket;
    }

    /** Ends a request (its response is written, or the connection failed). */
    public void finish(long ticket) {
        started.remove(ticket);
    }

    /** Requests in flight that have run for the threshold or longer. */
    public int running() {
        long now = System.nanoTime();
        int n = 0;
        for (Long t : started.values()) {
            if (now - t >= thresholdNanos) {
                n++;
            }
        }
        return n;
    }

    /** Requests in flight, long or not. */
    public int inFlight() {
        return started.size();
    }
}
