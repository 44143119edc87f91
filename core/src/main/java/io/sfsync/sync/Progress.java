package io.sfsync.sync;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far one run has come, for the progress log and the result: the pages and rows read against the plan's estimate,
 * the rate, the time left, and what the run is doing. Written by the run's steps, read by the progress reporter's
 * thread.
 */
final class Progress {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private final String run;
    private final LongSupplier nanos;
    private final long startedNanos;
    private volatile long estimated = -1;
    private volatile String phase = "planning";
    private volatile long pages;
    private volatile long rows;
    /** When the first page was asked for (0: not yet): the rate counts from there. */
    private volatile long readingSinceNanos;
    private volatile long readNanos;

    /** @param run what the run is, for the log ({@code Account -> RAW.ACCOUNTS}) */
    Progress(String run, LongSupplier nanos) {
        this.run = run;
        this.nanos = nanos;
        this.startedNanos = nanos.getAsLong();
    }

    Progress(String run) {
        this(run, System::nanoTime);
    }

    /** The plan's estimate of the rows the run reads ({@code -1}: unknown). */
    void estimated(long rows) {
        this.estimated = rows;
    }

    /** What the run does now, in a few words ({@code waiting for Bulk job 750... (InProgress)}). */
    void phase(String text) {
        this.phase = text;
        timeline(text);
    }

    /** Debug: each step of the run with the time since it started, to see where a run spends its time. */
    private void timeline(String what) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} +{} ms: {}", run, (nanos.getAsLong() - startedNanos) / 1_000_000, what);
        }
    }

    /** The first page is about to be read. */
    void reading() {
        if (readingSinceNanos == 0) {
            readingSinceNanos = nanos.getAsLong();
        }
        if (!"reading".equals(phase)) {
            phase("reading");
        }
    }

    /** One more page with this many rows. */
    synchronized void page(long pageRows) {
        pages++;
        rows += Math.max(0, pageRows);
        if (readingSinceNanos == 0) {
            readingSinceNanos = nanos.getAsLong();
        }
        readNanos = nanos.getAsLong() - readingSinceNanos;
        timeline("page " + pages + " read, " + pageRows + " rows");
    }

    /** The pages are all read; what follows is the load's commit. */
    void committing() {
        phase("committing");
    }

    long elapsedNanos() {
        return nanos.getAsLong() - startedNanos;
    }

    long pages() {
        return pages;
    }

    long rows() {
        return rows;
    }

    /** Seconds spent reading pages so far (from the first page request to the last page read). */
    double readSeconds() {
        return readNanos / 1e9;
    }

    /** Rows read per second of the run's wall time so far (0 before the first second). */
    double rowsPerSecond() {
        double seconds = (nanos.getAsLong() - startedNanos) / 1e9;
        return seconds <= 0 ? 0 : rows / seconds;
    }

    /**
     * One progress line: {@code Account -> RAW.ACCOUNTS: reading, page 7, 350,000 of 1,000,000 rows (35%), 41,200
     * rows/s, about 16 s left to read (21 s in)}.
     */
    String line() {
        long now = nanos.getAsLong();
        StringBuilder b = new StringBuilder(run).append(": ").append(phase);
        long p = pages;
        long r = rows;
        long e = estimated;
        if (p > 0 || "reading".equals(phase)) {
            b.append(", page ").append(p).append(String.format(Locale.ROOT, ", %,d", r));
            if (e >= 0) {
                b.append(String.format(Locale.ROOT, " of %,d rows (%d%%)", e, e == 0 ? 100 : Math.min(100,
                        r * 100 / e)));
            } else {
                b.append(" rows");
            }
            double readSeconds = readNanos / 1e9;
            if (r > 0 && readSeconds > 0) {
                double rate = r / readSeconds;
                b.append(String.format(Locale.ROOT, ", %,.0f rows/s", rate));
                if (e > r && !"committing".equals(phase)) {
                    b.append(", about ").append(seconds((e - r) / rate)).append(" left to read");
                }
            }
        }
        return b.append(" (").append(seconds((now - startedNanos) / 1e9)).append(" in)").toString();
    }

    private static String seconds(double s) {
        if (s < 90) {
            return String.format(Locale.ROOT, "%.0f s", Math.max(0, s));
        }
        long whole = Math.round(s);
        return whole < 3600 ? String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60)
                : String.format(Locale.ROOT, "%d h %02d min", whole / 3600, whole % 3600 / 60);
    }
}
