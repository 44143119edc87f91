package io.sfsync.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * How many runs of this process run at once ({@code sfsync.runs.max-concurrent}), and in which order the runs that
 * wait for a slot start. A run asks for its slot before its first Salesforce call, on the thread that started it;
 * its size is what its target's last plan in this process estimated ({@link #remember}).
 * <p>
 * Fair and without starvation: waiting runs start in the order they asked, except that <em>large</em> runs (an
 * estimate of at least {@code sfsync.runs.large-rows} records) together hold at most all slots but one, so a few long
 * runs of big objects cannot take every slot while the small objects of the same schedule wait behind them for hours.
 * A large run that cannot start lets the runs behind it that can start go first, and keeps its place for the next
 * slot it may take.
 * <p>
 * The slots also keep a process within the query cursors one user may hold open: each REST run holds one, and up to
 * API version 55.0 Salesforce let a user have ten, an eleventh closing the oldest ({@code INVALID_QUERY_LOCATOR}).
 * API 56.0 lifted that limit ("API Query Cursor Limits", Salesforce Developer Limits and Allocations), but the offline
 * org keeps it and so does sfsync: the setting is refused above ten, which is also more runs than a few cores load
 * at once.
 */
public final class RunSlots {
    /** Query cursors a user may hold open up to API 55.0 (and in the offline org); an eleventh closes the oldest. */
    public static final int MAX_CURSORS = 10;

    /**
     * The settings.
     *
     * @param maxConcurrent runs that may read and load at once ({@code sfsync.runs.max-concurrent}, 1 to 10)
     * @param largeRows estimated records from which a run is large ({@code sfsync.runs.large-rows})
     */
    public record Settings(int maxConcurrent, long largeRows) {
        public Settings {
            if (maxConcurrent < 1 || maxConcurrent > MAX_CURSORS) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, "sfsync.runs.max-concurrent must be from 1"
                        + " to " + MAX_CURSORS + " (each REST run holds a query cursor, and a user may hold "
                        + MAX_CURSORS + " before API 56.0), got " + maxConcurrent);
            }
            if (largeRows < 1) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, "sfsync.runs.large-rows must be at least"
                        + " 1, got " + largeRows);
            }
        }

        /** The defaults ({@link io.sfsync.api.Defaults}: 4 runs at once, large from 100,000 records). */
        public static Settings defaults() {
            return from(key -> null);
        }

        /** From the {@code sfsync.*} properties. */
        public static Settings from(Function<String, String> property) {
            return new Settings((int) number(property, "sfsync.runs.max-concurrent"),
                    number(property, "sfsync.runs.large-rows"));
        }

        private static long number(Function<String, String> property, String key) {
            String v = property.apply(key);
            if (v == null || v.isBlank()) {
                v = io.sfsync.api.Defaults.of(key);
            }
            try {
                return Long.parseLong(v.trim().replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, key + " must be a whole number, got '"
                        + v.trim() + "'");
            }
        }
    }

    /** A run's place: in line until it holds a slot. */
    private static final class Ticket {
        final String runId;
        final boolean large;

        Ticket(String runId, boolean large) {
            this.runId = runId;
            this.large = large;
        }
    }

    private static final long RECHECK_MILLIS = 250;

    private final Settings settings;
    private final Map<String, Long> estimates = new ConcurrentHashMap<>();
    private final List<Ticket> waiting = new ArrayList<>();
    private final List<Ticket> holding = new ArrayList<>();

    public RunSlots(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Waits for a slot for the run, in the fair order described above.
     *
     * @param estimated the records the run's plan expects to read
     * @param stopping checked while waiting: when it turns true the run gives up its place
     * @return how long the run waited, or null when it gave up its place because {@code stopping} turned true
     */
    public Duration acquire(String runId, long estimated, BooleanSupplier stopping) throws InterruptedException {
        long start = System.nanoTime();
        Ticket t = new Ticket(runId, estimated >= settings.largeRows());
        synchronized (this) {
            waiting.add(t);
            try {
                while (next() != t) {
                    if (stopping.getAsBoolean()) {
                        return null;
                    }
                    wait(RECHECK_MILLIS);
                }
                holding.add(t);
            } finally {
                waiting.remove(t);
                // Whoever is now first in line may be able to go.
                notifyAll();
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Keeps the records the plan of a run of {@code target} estimated, as the size of the target's next run. */
    public void remember(String target, long estimated) {
        estimates.put(target, estimated);
    }

    /** What the last plan of a run of {@code target} in this process estimated, if there was one. */
    public Optional<Long> lastEstimate(String target) {
        return Optional.ofNullable(estimates.get(target));
    }

    /** Gives back the run's slot; nothing happens when it holds none. */
    public synchronized void release(String runId) {
        if (holding.removeIf(t -> t.runId.equals(runId))) {
            notifyAll();
        }
    }

    /** Runs holding a slot now. */
    public synchronized int running() {
        return holding.size();
    }

    /** Runs waiting for a slot now. */
    public synchronized int waitingRuns() {
        return waiting.size();
    }

    /** The first waiting run that may take a free slot now, or null when none may. */
    private Ticket next() {
        if (holding.size() >= settings.maxConcurrent()) {
            return null;
        }
        // Large runs may fill every slot but the last, so that one is always there for the small ones.
        int largeCap = Math.max(1, settings.maxConcurrent() - 1);
        long large = holding.stream().filter(h -> h.large).count();
        for (Ticket w : waiting) {
            if (!w.large || large < largeCap) {
                return w;
            }
        }
        return null;
    }
}
