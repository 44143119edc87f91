package io.sfsync.emulator.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The org's clock: the machine's clock plus an offset a test can move. Salesforce keeps datetimes to the second, so
 * {@link #now()} is truncated to seconds.
 */
public final class OrgClock {
    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    public OrgClock(Clock base) {
        this.base = base;
    }

    public Instant now() {
        return base.instant().plus(offset).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The current time with milliseconds, for job timestamps and logs. */
    public Instant nowMillis() {
        return base.instant().plus(offset).truncatedTo(ChronoUnit.MILLIS);
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** Moves the clock so that {@link #now()} reads {@code instant} at this moment. */
    public void set(Instant instant) {
        offset = Duration.between(base.instant(), instant);
    }

    public Duration offset() {
        return offset;
    }
}
