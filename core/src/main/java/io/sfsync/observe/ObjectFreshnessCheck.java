package io.sfsync.observe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one scheduled object: its last successful sync is no older than {@code sfsync.health.max-age-intervals}
 * times its schedule's interval (the distance between consecutive fire times of its cron). An object with no
 * successful sync yet is measured from the process start, and allowed at least {@code sfsync.health.startup-grace-seconds}.
 */
public final class ObjectFreshnessCheck extends AbstractHealthCheck {
    private final ScheduledObject object;
    private final TargetWatch watch;
    private final HealthSettings settings;
    private final Clock clock;
    private final Instant started;

    public ObjectFreshnessCheck(ScheduledObject object, TargetWatch watch, HealthSettings settings, Clock clock) {
        super("sfsync", "sfsync-object-" + object.routeId());
        this.object = object;
        this.watch = watch;
        this.settings = settings;
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant now = clock.instant();
        Instant last = watch.standing(object.target()).lastSuccess();
        Duration allowed = allowed(last);
        if (Duration.between(last == null ? started : last, now).compareTo(allowed) > 0) {
            // Another process of a cluster may have synced it: the warehouse knows (asked at most once per
            // sfsync.health.warehouse-check-seconds).
            last = watch.refresh(object.target(), settings.warehouseCheck()).lastSuccess();
            allowed = allowed(last);
        }
        Instant since = last == null ? started : last;
        Duration age = Duration.between(since, now);
        builder.detail("sobject", object.sobject());
        builder.detail("target", object.target().toString());
        builder.detail("last_success", last == null ? "" : last.toString());
        builder.detail("allowed_age_seconds", allowed.toSeconds());
        if (age.compareTo(allowed) <= 0) {
            builder.up();
            return;
        }
        builder.message(object.sobject() + " -> " + object.target() + ": "
                + (last == null ? "no successful sync since the process started " + seconds(age) + " ago"
                        : "last successful sync " + last + ", " + seconds(age) + " ago")
                + "; allowed " + seconds(allowed) + " (" + trim(settings.maxAgeIntervals()) + " x the interval of cron '"
                + object.cron() + "'" + (last == null ? ", at least sfsync.health.startup-grace-seconds" : "") + ")")
                .down();
    }

    private Duration allowed(Instant last) {
        Duration interval;
        try {
            interval = CronIntervals.interval(object.cron(), last == null ? started : last);
        } catch (IllegalArgumentException e) {
            return Duration.ofDays(36_500);
        }
        Duration allowed = Duration.ofMillis(Math.round(interval.toMillis() * settings.maxAgeIntervals()));
        if (last == null && allowed.compareTo(settings.startupGrace()) < 0) {
            return settings.startupGrace();
        }
        return allowed;
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + " s";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
