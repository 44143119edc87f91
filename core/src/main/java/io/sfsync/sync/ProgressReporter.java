package io.sfsync.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of every run in progress at a steady cadence ({@code sfsync.progress-seconds}), whether pages are
 * arriving or not: a run waiting for its Bulk job or committing says so too. Runs shorter than one interval log
 * nothing. The scheduler is asked for on the first run (Camel's, so that it stops with the context).
 */
final class ProgressReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);

    private final Duration interval;
    private final Consumer<String> sink;
    private final Map<String, Progress> runs = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    /** @param interval how often to log; zero or negative: never */
    ProgressReporter(Duration interval) {
        this(interval, line -> LOG.info("progress {}", line));
    }

    ProgressReporter(Duration interval, Consumer<String> sink) {
        this.interval = interval;
        this.sink = sink;
    }

    /** Starts reporting a run; {@code scheduler} is called once, for the first run, when reporting is on. */
    void start(String runId, Progress progress, Supplier<ScheduledExecutorService> scheduler) {
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        runs.put(runId, progress);
        synchronized (this) {
            if (this.scheduler == null) {
                this.scheduler = scheduler.get();
                long ms = interval.toMillis();
                this.scheduler.scheduleAtFixedRate(this::report, ms, ms, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Stops reporting a run (finished or failed). */
    void stop(String runId) {
        runs.remove(runId);
    }

    /** One line per run in progress that has run for at least one interval. */
    void report() {
        for (Progress p : runs.values()) {
            try {
                if (p.elapsedNanos() >= interval.toNanos()) {
                    sink.accept(p.line());
                }
            } catch (RuntimeException e) {
                LOG.debug("progress could not be reported", e);
            }
        }
    }
}
