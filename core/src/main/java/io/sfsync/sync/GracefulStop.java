package io.sfsync.sync;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run does when sfsync shuts down (SIGTERM, {@code camel.main.shutdown-timeout}). Camel starts its graceful
 * shutdown with a {@code CamelContextStoppingEvent}, then waits up to the shutdown timeout for the exchanges in flight
 * before it stops the routes and the warehouse. From that event on, each step boundary of a run (before the Bulk job is
 * created, each poll of it, each result page, each REST page) asks {@link #check}: a run that is reading pages and
 * whose remaining pages and commit are expected to end within half of the timeout goes on and commits; any other run
 * is stopped there with {@link SyncError#STOPPED}, which takes it through the dead-letter route like any failure: the
 * load is rolled back, the Bulk job aborted and deleted, and the run recorded as stopped, all before the routes and the
 * warehouse are stopped. A Bulk run with a resume point ({@code sfsync.bulk.resume}) keeps its landed pages, the point
 * and its job instead, and the next run of its target resumes it ({@link FailureSteps}). A run that is committing is
 * never interrupted (one transaction, usually seconds).
 */
public final class GracefulStop extends EventNotifierSupport {
    /** The message every stopped run's error starts with. */
    public static final String STOPPED = "stopped: sfsync was shutting down";
    /** How a stopped run's error ends when the next run starts over. */
    static final String START_OVER = "; nothing was loaded, the next run starts from the same watermark";

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);
    /** The part of the shutdown timeout a run may use to finish; the rest is for its clean-up and the other runs. */
    private static final double SHARE_OF_TIMEOUT = 0.5;
    /** The commit's expected time as a share of the reading time (measured: well under it). */
    private static final double COMMIT_SHARE = 0.5;

    private final LongSupplier nanos;
    private volatile long stoppingSinceNanos;
    private volatile Duration timeout = Duration.ofSeconds(45);

    public GracefulStop() {
        this(System::nanoTime);
    }

    GracefulStop(LongSupplier nanos) {
        this.nanos = nanos;
        setIgnoreCamelContextInitEvents(true);
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    /** The graceful stop of this context, or null when sfsync's configuration did not register one. */
    public static GracefulStop of(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("sfsync-graceful-stop", GracefulStop.class);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelContext context = ((CamelEvent.CamelContextStoppingEvent) event).getContext();
        var strategy = context.getShutdownStrategy();
        TimeUnit unit = strategy.getTimeUnit() == null ? TimeUnit.SECONDS : strategy.getTimeUnit();
        stopping(Duration.ofMillis(unit.toMillis(strategy.getTimeout())));
    }

    /** sfsync begins to shut down, with this much time for the runs in flight. */
    void stopping(Duration shutdownTimeout) {
        this.timeout = shutdownTimeout;
        this.stoppingSinceNanos = nanos.getAsLong() | 1;
        LOG.info("sfsync is shutting down: runs in progress finish when they fit in {} s of the {} s shutdown"
                + " timeout, and are stopped cleanly otherwise", Math.round(timeout.toSeconds() * SHARE_OF_TIMEOUT),
                timeout.toSeconds());
    }

    /** Whether sfsync is shutting down. */
    public boolean isStopping() {
        return stoppingSinceNanos != 0;
    }

    /** Where a run is when it asks. */
    enum Boundary {
        /** Before the Bulk job is created or the REST query is sent: nothing read yet. */
        START,
        /** Waiting for the Bulk job: how long Salesforce still needs cannot be known. */
        POLL,
        /** Between result pages: the rate so far says how long the rest takes. */
        PAGE
    }

    /** Throws {@link SyncError#STOPPED} when sfsync is shutting down and this run should not go on. */
    void check(SyncRun run, Boundary boundary) {
        if (!isStopping() || run == null) {
            return;
        }
        Progress p = run.progress;
        long estimated = run.planSoFar().estimated();
        double left = boundary == Boundary.PAGE && p != null ? secondsLeft(estimated, p.rows(), p.readSeconds())
                : Double.POSITIVE_INFINITY;
        double budget = timeout.toMillis() / 1000.0 * SHARE_OF_TIMEOUT
                - (nanos.getAsLong() - stoppingSinceNanos) / 1e9;
        String name = run.request.sobject() + " -> " + run.target;
        if (left <= budget) {
            if (!run.finishingDespiteStop) {
                run.finishingDespiteStop = true;
                LOG.warn("letting the run of {} finish before sfsync stops: about {} s left, {} s of the shutdown"
                        + " timeout to go", name, String.format(Locale.ROOT, "%.0f", Math.ceil(left)),
                        String.format(Locale.ROOT, "%.0f", budget));
            }
            return;
        }
        String where = switch (boundary) {
            case START -> "before it read anything";
            case POLL -> "while Salesforce was still preparing Bulk job " + run.bulkJobId;
            case PAGE -> String.format(Locale.ROOT, "after %,d of %,d rows, about %s left, more than the %.0f s"
                    + " of the shutdown timeout still to go", p == null ? 0 : p.rows(), estimated,
                    Double.isInfinite(left) ? "an unknown time" : String.format(Locale.ROOT, "%.0f s", left),
                    Math.max(0, budget));
        };
        if (mayResume(run)) {
            run.stoppedWhere = where;
        } else {
            logStopped(run, where);
        }
        throw new SyncException(SyncError.STOPPED, STOPPED + " (" + where + ")" + START_OVER);
    }

    /**
     * Whether a stopped run may be left for the next run to resume ({@code sfsync.bulk.resume}): it recorded or took
     * over a resume point, and is not reading the Id reconciliation's own job. The dead-letter route decides
     * ({@link FailureSteps}) and logs the outcome then.
     */
    static boolean mayResume(SyncRun run) {
        return run.resumePointWritten && !run.readingIds;
    }

    /** The line of a stopped run that starts over: its load rolled back, its Bulk job aborted and deleted. */
    static void logStopped(SyncRun run, String where) {
        LOG.warn("stopping the run of {} {}: {}", run.request.sobject() + " -> " + run.target, where,
                run.bulkJobId == null ? "its load is rolled back" : "its load is rolled back, Bulk job "
                        + run.bulkJobId + " aborted and deleted");
    }

    /** Seconds to read the rest at the rate so far, plus the commit; infinite when nothing says. */
    static double secondsLeft(long estimated, long rowsRead, double readSeconds) {
        if (estimated < 0 || rowsRead <= 0 || readSeconds <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double reading = Math.max(0, estimated - rowsRead) / (rowsRead / readSeconds);
        return reading + COMMIT_SHARE * (readSeconds + reading);
    }
}
