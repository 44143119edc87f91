package io.sfsync.observe;

import io.sfsync.api.SyncResult;
import io.sfsync.plan.FormulaRefresh;
import io.sfsync.sync.SyncObserver;
import io.sfsync.warehouse.TableRef;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * sfsync's Micrometer meters, fed by each run's result ({@link SyncObserver}); in Prometheus: {@code sfsync_runs_total},
 * {@code sfsync_rows_read_total}, {@code sfsync_rows_changed_total}, {@code sfsync_run_duration_seconds},
 * {@code sfsync_api_calls_total}, {@code sfsync_retries_total} (tags sobject, target, method, outcome),
 * {@code sfsync_daily_api_requests_remaining}, {@code sfsync_daily_bulk_jobs_remaining} and
 * {@code sfsync_watermark_lag_seconds} (tags sobject, target). The meter registry is looked up when first needed (the
 * one camel-micrometer binds); without one, runs are still tracked for health, and no meter is written.
 */
public final class SyncMetrics implements SyncObserver {
    /** Tag values when a run failed before its method, target or sObject was known. */
    static final String NONE = "none";

    private final Supplier<MeterRegistry> registries;
    private final TargetWatch watch;
    private final Clock clock;
    private final AtomicLong apiRequestsRemaining = new AtomicLong(-1);
    private final AtomicLong bulkJobsRemaining = new AtomicLong(-1);
    private final Set<String> lagGauges = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    private volatile boolean quotaGauges;

    public SyncMetrics(Supplier<MeterRegistry> registries, TargetWatch watch, Clock clock) {
        this.registries = registries;
        this.watch = watch;
        this.clock = clock;
    }

    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            r = registries.get();
            registry = r;
        }
        return r;
    }

    @Override
    public void finished(SyncResult result, long rowsRead, boolean skipped) {
        String outcome = skipped ? "skipped" : result.success() ? "success" : "failed";
        String target = or(result.targetTable());
        // A formula refresh reads no new records: the target is as fresh as its last sync.
        if (result.success() && result.targetTable() != null
                && !FormulaRefresh.METHOD.equals(result.syncMethod())) {
            watch.succeeded(result.targetTable(), clock.instant(), result.watermark());
        }
        MeterRegistry r = registry();
        if (r == null) {
            return;
        }
        Tags tags = Tags.of("sobject", or(result.sobject()), "target", target, "method", or(result.syncMethod()),
                "outcome", outcome);
        Counter.builder("sfsync.runs").description("Sync runs that ended, by outcome (success, failed, skipped)")
                .tags(tags).register(r).increment();
        Counter.builder("sfsync.rows.read").description("Rows read from Salesforce").tags(tags).register(r)
                .increment(Math.max(0, rowsRead));
        Counter.builder("sfsync.rows.changed")
                .description("Rows of the target inserted, updated or deleted (0 when the run failed: rolled back)")
                .tags(tags).register(r).increment(Math.max(0, result.actualRecords()));
        Counter.builder("sfsync.api.calls").description("Salesforce API calls the runs spent").tags(tags)
                .register(r).increment(Math.max(0, result.apiCalls()));
        Counter.builder("sfsync.retries").description("Salesforce calls retried after a transient failure")
                .tags(tags).register(r).increment(Math.max(0, result.retries()));
        Timer.builder("sfsync.run.duration").description("Wall time of a sync run").tags(tags).register(r)
                .record(Duration.ofMillis(Math.round(result.syncDurationSeconds() * 1000)));
        if (result.sobject() != null && result.targetTable() != null) {
            lagGauge(r, result.sobject(), result.targetTable());
        }
    }

    @Override
    public void limits(String sobject, String target, long apiRequests, long bulkJobs) {
        apiRequestsRemaining.set(apiRequests);
        bulkJobsRemaining.set(bulkJobs);
        MeterRegistry r = registry();
        if (r == null || quotaGauges) {
            return;
        }
        quotaGauges = true;
        Gauge.builder("sfsync.daily.api.requests.remaining", apiRequestsRemaining, SyncMetrics::known)
                .description("Daily API requests left in the org, as the last run's /limits call read them")
                .register(r);
        Gauge.builder("sfsync.daily.bulk.jobs.remaining", bulkJobsRemaining, SyncMetrics::known)
                .description("Daily Bulk API 2.0 query jobs left in the org, as the last run's /limits call read them")
                .register(r);
    }

    /** Registers the watermark lag gauge of each scheduled object, so it is there before the first run ends. */
    public void watch(Iterable<ScheduledObject> objects) {
        MeterRegistry r = registry();
        if (r == null) {
            return;
        }
        for (ScheduledObject o : objects) {
            lagGauge(r, o.sobject(), o.target().toString());
        }
    }

    private void lagGauge(MeterRegistry r, String sobject, String target) {
        if (!lagGauges.add(sobject + "\u0000" + target)) {
            return;
        }
        String[] parts = target.split("\\.", 2);
        TableRef ref = new TableRef(parts[0], parts.length > 1 ? parts[1] : parts[0]);
        Gauge.builder("sfsync.watermark.lag", () -> lagSeconds(ref)).baseUnit("seconds")
                .description("Now minus the target's watermark (the newest SystemModstamp loaded); NaN while unknown")
                .tags("sobject", sobject, "target", target).register(r);
    }

    private double lagSeconds(TableRef target) {
        Instant watermark = watch.standing(target).watermark();
        return watermark == null ? Double.NaN
                : Duration.between(watermark, clock.instant()).toMillis() / 1000.0;
    }

    private static double known(AtomicLong value) {
        long v = value.get();
        return v < 0 ? Double.NaN : v;
    }

    private static String or(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
