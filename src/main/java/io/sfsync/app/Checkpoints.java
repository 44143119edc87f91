package io.sfsync.app;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fault-injection seam for crash tests: named points in a sync run (plan done, each Bulk page, each batch loaded,
 * after the MERGE, after the state row, after COMMIT, ...) where a test can freeze the process and kill it with
 * SIGKILL exactly there.
 *
 * <p><b>It costs nothing in production.</b> Unless the JVM is started with the system property
 * {@value #PROPERTY}, {@link #reach(String)} is one test of a {@code static final boolean} that is false, which the JIT
 * folds away. With {@code -Dsfsync.checkpoint.pause=<name>} (the first time {@code name} is reached) or
 * {@code <name>#<n>} (the n-th time), the thread that reaches it prints one line {@code SFSYNC-CHECKPOINT <name>#<n>}
 * to standard output, flushes it, and blocks for ever; the test waits for that line and then kills the process
 * ({@code Process.destroyForcibly()}, SIGKILL on Linux). Every other checkpoint, and every other arrival at the named
 * one, passes straight through.
 *
 * <p>Checkpoint names: {@code plan.done}, {@code extract.rest-page}, {@code extract.bulk-job-created},
 * {@code extract.bulk-page}, {@code load.batch}, {@code load.before-commit}, {@code load.staged},
 * {@code target.ddl}, {@code target.inserted}, {@code target.merged}, {@code target.swapped}, {@code state.written},
 * {@code target.committed}, {@code load.cleaned-up}, {@code history.recorded} ({@code CrashSafetyIT} kills at each).
 */
public final class Checkpoints {
    /** The system property naming the checkpoint to pause at: {@code name} or {@code name#n}. */
    public static final String PROPERTY = "sfsync.checkpoint.pause";
    /** The line printed when a run pauses: {@code SFSYNC-CHECKPOINT name#n}. */
    public static final String MARKER = "SFSYNC-CHECKPOINT";

    private static final String SETTING = System.getProperty(PROPERTY);
    private static final boolean ARMED = SETTING != null && !SETTING.isBlank();
    private static final String NAME = ARMED ? name(SETTING.trim()) : null;
    private static final int NTH = ARMED ? nth(SETTING.trim()) : 0;
    private static final AtomicInteger ARRIVALS = new AtomicInteger();

    private Checkpoints() {
    }

    /** A named point of a run: passes through, unless {@value #PROPERTY} names it (then never returns). */
    public static void reach(String name) {
        if (ARMED) {
            arrive(name);
        }
    }

    private static void arrive(String name) {
        if (!NAME.equals(name)) {
            return;
        }
        int n = ARRIVALS.incrementAndGet();
        if (n != NTH) {
            return;
        }
        synchronized (System.out) {
            System.out.println(MARKER + " " + name + "#" + n);
            System.out.flush();
        }
        while (true) {
            LockSupport.park(Checkpoints.class);
        }
    }

    private static String name(String setting) {
        int hash = setting.lastIndexOf('#');
        return hash < 0 ? setting : setting.substring(0, hash);
    }

    private static int nth(String setting) {
        int hash = setting.lastIndexOf('#');
        if (hash < 0) {
            return 1;
        }
        try {
            int n = Integer.parseInt(setting.substring(hash + 1));
            if (n < 1) {
                throw new NumberFormatException("below 1");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be name or name#n with n >= 1, got '" + setting
                    + "'", e);
        }
    }
}
