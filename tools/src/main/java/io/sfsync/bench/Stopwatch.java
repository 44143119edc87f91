package io.sfsync.bench;

import java.lang.management.ManagementFactory;

/**
 * Wall time and this process's CPU time (all threads, DuckDB's native ones included) since it was started: CPU well
 * below wall time means the case waited, mostly for the org.
 */
final class Stopwatch {
    private final long startNanos = System.nanoTime();
    private final long startCpuNanos = cpuNanos();
    private long wallNanos = -1;
    private long cpuNanos = -1;

    static Stopwatch start() {
        return new Stopwatch();
    }

    /** Stops the watch; later reads return the stopped figures. */
    Stopwatch stop() {
        wallNanos = System.nanoTime() - startNanos;
        cpuNanos = cpuNanos() < 0 ? -1 : cpuNanos() - startCpuNanos;
        return this;
    }

    double seconds() {
        return (wallNanos < 0 ? System.nanoTime() - startNanos : wallNanos) / 1e9;
    }

    /** CPU seconds of this process while the watch ran, or -1 when the JVM cannot tell. */
    double cpuSeconds() {
        return cpuNanos < 0 ? -1 : cpuNanos / 1e9;
    }

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }
}
