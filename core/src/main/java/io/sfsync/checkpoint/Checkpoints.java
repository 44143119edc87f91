package io.sfsync.checkpoint;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fault-injection seam for crash tests: named points in a sync run (plan done, each Bulk page, each batch loaded,
 * after the MERGE, after the state row, after COMMIT, ...) where a test can freeze the process and kill it with
 * SIGKILL exactly there.
 *
 * <p><b>It costs nothing in production.</b> Unless the JVM is started with the system property
 * {@value #PROPERTY} (or {@value #ANNOUNCE_PROPERTY}), {@link #reach(String)} is one test of a
 * {@code static final boolean} that is false, which the JIT folds away.
 *
 * <p>With {@code -Dsfsync.checkpoint.pause=<name>} (the first time {@code name} is reached) or {@code <name>#<n>} (the
 * n-th time), the thread that reaches it prints one line {@code SFSYNC-CHECKPOINT <name>#<n>} to standard output,
 * flushes it, and blocks for ever; the test waits for that line and then kills the process
 * ({@code Process.destroyForcibly()}, SIGKILL on Linux). Every other checkpoint, and every other arrival at the named
 * one, passes straight through. {@code -Dsfsync.checkpoint.announce=<name>#<n>} instead prints
 * {@code SFSYNC-CHECKPOINT-PASSED <name>#<n>} and goes on, so that a test can kill the run at a random moment after a
 * point (inside the COMMIT that follows the state row, say), where no checkpoint can stop it.
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

    private static final Point PAUSE = Point.parse(PROPERTY);
    private static final Point ANNOUNCE = Point.parse(ANNOUNCE_PROPERTY);
    private static final boolean ARMED = PAUSE != null || ANNOUNCE != null;

    private Checkpoints() {
    }

    /** A named point of a run: passes through, unless a system property names it (see the class comment). */
    public static void reach(String name) {
        if (ARMED) {
            arrive(name);
        }
    }

    private static void arrive(String name) {
        if (ANNOUNCE != null && ANNOUNCE.reached(name)) {
            print(PASSED + " " + name + "#" + ANNOUNCE.nth);
        }
        if (PAUSE != null && PAUSE.reached(name)) {
            print(MARKER + " " + name + "#" + PAUSE.nth);
            while (true) {
                LockSupport.park(Checkpoints.class);
            }
        }
    }

    private static void print(String line) {
        synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
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

        static Point parse(String property) {
            String setting = System.getProperty(property);
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
