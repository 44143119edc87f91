package io.sfsync.checkpoint;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A fault-injection seam for crash tests: named points in a sync run (plan done, each Bulk page, each batch loaded,
 * after the MERGE, after the state row, after COMMIT, ...) where a test can freeze the process and kill it with
 * SIGKILL exactly there. One instance is made by the application's wiring ({@code io.sfsync.app}) and handed to what
 * reaches the points (the stage beans through {@code SyncServices}, the warehouse and its load sessions); nothing
 * looks it up statically.
 *
 * <p><b>It costs nothing in production.</b> {@link #none()}, and {@link #fromSystemProperties()} unless the JVM is
 * started with the system property {@value #PROPERTY} (or {@value #ANNOUNCE_PROPERTY}), make {@link #reach(String)}
 * one test of a {@code final boolean} field that is false.
 *
 * <p>With {@code -Dsfsync.checkpoint.pause=<name>} (the first time {@code name} is reached) or {@code <name>#<n>} (the
 * n-th time), the thread that reaches it prints one line {@code SFSYNC-CHECKPOINT <name>#<n>} to standard output,
 * flushes it, and blocks for ever; the test waits for that line and then kills the process
 * ({@code Process.destroyForcibly()}, SIGKILL on Linux). Every other checkpoint, and every other arrival at the named
 * one, passes straight through. {@code -Dsfsync.checkpoint.announce=<name>#<n>} instead prints
 * {@code SFSYNC-CHECKPOINT-PASSED <name>#<n>} and goes on, so that a test can kill the run at a random moment after a
 * point (inside the COMMIT that follows the state row, say), where no checkpoint can stop it. Arrivals are counted
 * per instance.
 *
 * <p>Checkpoint names: {@code plan.done}, {@code load.opened}, {@code extract.rest-page}, {@code extract.rest-chunk} (a page of a wide
 * object's later field chunk), {@code extract.bulk-job-created},
 * {@code extract.bulk-page}, {@code load.batch} (a REST batch), {@code load.page} (a Bulk page, handed to the load
 * as it came), {@code load.before-commit}, {@code load.staged} (every page staged, or in the new table of a first full
 * sync), {@code target.ddl}, {@code target.inserted}, {@code target.merged}, {@code target.swapped},
 * {@code state.written}, {@code target.committed}, {@code load.cleaned-up}, {@code history.recorded}
 * ({@code CrashSafetyIT} kills at each).
 */
public final class Checkpoints {
    /** The system property naming the checkpoint to pause at: {@code name} or {@code name#n}. */
    public static final String PROPERTY = "sfsync.checkpoint.pause";
    /** The system property naming a checkpoint to announce and pass: {@code name} or {@code name#n}. */
    public static final String ANNOUNCE_PROPERTY = "sfsync.checkpoint.announce";
    /** The line printed when a run pauses: {@code SFSYNC-CHECKPOINT name#n}. */
    public static final String MARKER = "SFSYNC-CHECKPOINT";
    /** The line printed when a run passes an announced checkpoint: {@code SFSYNC-CHECKPOINT-PASSED name#n}. */
    public static final String PASSED = "SFSYNC-CHECKPOINT-PASSED";

    private static final Checkpoints NONE = new Checkpoints(null, null, null);

    private final Point pause;
    private final Point announce;
    private final boolean armed;
    private final PrintStream out;

    private Checkpoints(Point pause, Point announce, PrintStream out) {
        this.pause = pause;
        this.announce = announce;
        this.armed = pause != null || announce != null;
        this.out = out;
    }

    /** Checkpoints that all pass straight through: what a run gets unless its wiring configures others. */
    public static Checkpoints none() {
        return NONE;
    }

    /**
     * The checkpoints the system properties {@value #PROPERTY} and {@value #ANNOUNCE_PROPERTY} name (see the class
     * comment), printing to standard output; {@link #none()} when neither is set.
     *
     * @throws IllegalArgumentException when a property is not {@code name} or {@code name#n} with n at least 1
     */
    public static Checkpoints fromSystemProperties() {
        return from(System::getProperty, System.out);
    }

    /** The checkpoints these settings name ({@code property} answers the two names); their lines go to {@code out}. */
    static Checkpoints from(Function<String, String> property, PrintStream out) {
        Point pause = Point.parse(PROPERTY, property.apply(PROPERTY));
        Point announce = Point.parse(ANNOUNCE_PROPERTY, property.apply(ANNOUNCE_PROPERTY));
        return pause == null && announce == null ? NONE : new Checkpoints(pause, announce, out);
    }

    /** A named point of a run: passes through, unless these checkpoints name it (see the class comment). */
    public void reach(String name) {
        if (armed) {
            arrive(name);
        }
    }

    private void arrive(String name) {
        if (announce != null && announce.reached(name)) {
            print(PASSED + " " + name + "#" + announce.nth);
        }
        if (pause != null && pause.reached(name)) {
            print(MARKER + " " + name + "#" + pause.nth);
            while (true) {
                LockSupport.park(this);
            }
        }
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** The n-th arrival at a named checkpoint. */
    private static final class Point {
        final String name;
        final int nth;
        final AtomicInteger arrivals = new AtomicInteger();

        private Point(String name, int nth) {
            this.name = name;
            this.nth = nth;
        }

        /** Whether this arrival at {@code at} is the one named (counts arrivals at this point's name). */
        boolean reached(String at) {
            return name.equals(at) && arrivals.incrementAndGet() == nth;
        }

        static Point parse(String property, String setting) {
            if (setting == null || setting.isBlank()) {
                return null;
            }
            setting = setting.trim();
            int hash = setting.lastIndexOf('#');
            if (hash < 0) {
                return new Point(setting, 1);
            }
            try {
                int n = Integer.parseInt(setting.substring(hash + 1));
                if (n < 1) {
                    throw new NumberFormatException("below 1");
                }
                return new Point(setting.substring(0, hash), n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(property + " must be name or name#n with n >= 1, got '"
                        + setting + "'", e);
            }
        }
    }
}
