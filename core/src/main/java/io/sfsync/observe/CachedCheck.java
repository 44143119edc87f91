package io.sfsync.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * A readiness check whose probe is costly or rate-limited (a real login, a warehouse query): it probes at most once
 * per period and answers with the last probe's outcome in between, whoever asks (the management server, a
 * Kubernetes probe, several scrapers).
 */
abstract class CachedCheck extends AbstractHealthCheck {
    private final Duration period;
    private final Clock clock;
    private Instant probedAt;
    private String problem;
    private boolean probed;

    CachedCheck(String id, Duration period, Clock clock) {
        super("sfsync", id);
        this.period = period;
        this.clock = clock;
    }

    /** Tries the thing; returns null when it works, else what is wrong (one line, no secrets). */
    protected abstract String probe();

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String wrong;
        Instant at;
        synchronized (this) {
            Instant now = clock.instant();
            if (!probed || Duration.between(probedAt, now).compareTo(period) >= 0) {
                problem = probe();
                probedAt = clock.instant();
                probed = true;
            }
            wrong = problem;
            at = probedAt;
        }
        builder.detail("checked_at", at.toString());
        if (wrong == null) {
            builder.up();
        } else {
            builder.message(wrong).down();
        }
    }
}
