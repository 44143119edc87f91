package io.sfsync.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * The concurrency limits the offline org enforces (sources in {@link SalesforceLimits}): how many requests may run
 * {@code longRequest} or longer at once before new ones get 403 REQUEST_LIMIT_EXCEEDED, and how many REST query
 * cursors one user may hold open before the oldest is released. Tests set small values to reach them quickly.
 *
 * @param longRequests concurrent long-running requests allowed (0: no limit)
 * @param longRequest how long a request runs before it counts as long-running
 * @param cursorsPerUser open query cursors per user (0: no limit, as Salesforce since API 56.0)
 */
public record Concurrency(int longRequests, Duration longRequest, int cursorsPerUser) {
    /** A production org's: 25 requests of 20 s or longer, 10 cursors per user. */
    public static final Concurrency DOCUMENTED = new Concurrency(SalesforceLimits.CONCURRENT_LONG_REQUESTS,
            SalesforceLimits.LONG_REQUEST, SalesforceLimits.QUERY_CURSORS_PER_USER);

    public Concurrency {
        Objects.requireNonNull(longRequest, "longRequest");
        if (longRequests < 0 || longRequest.isNegative() || cursorsPerUser < 0) {
            throw new IllegalArgumentException("concurrency limits must not be negative");
        }
    }

    /** At most {@code limit} requests of {@code threshold} or longer at once (0: no limit). */
    public Concurrency withLongRequests(int limit, Duration threshold) {
        return new Concurrency(limit, threshold, cursorsPerUser);
    }

    public Concurrency withCursorsPerUser(int value) {
        return new Concurrency(longRequests, longRequest, value);
    }
}
