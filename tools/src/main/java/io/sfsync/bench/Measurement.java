package io.sfsync.bench;

import java.util.Locale;

/**
 * One measured case of a benchmark run.
 *
 * @param label the sync method ({@code bulk_api_full}) or a reference ({@value #LIMIT}, {@value #CPU_BOUND},
 *     {@value #NAIVE}, a peer's)
 * @param size N, the Account rows in the org
 * @param rows rows the case read (N for full cases, the changed rows for incremental ones, the cap for the naive one)
 * @param seconds wall time of the case inside its JVM (JVM and Camel start-up excluded)
 * @param cpuSeconds CPU time of the case's JVM meanwhile (all threads), or -1
 * @param orgCpuSeconds CPU time of the emulator's JVM meanwhile, or -1
 * @param peakHeapBytes peak heap of the case's JVM (the most in use at once, see HeapWatch), or -1 when unknown
 * @param liveHeapBytes the most heap a collection left in use in the case's JVM, or -1 when unknown
 * @param apiCalls Salesforce API calls the run counted itself (SyncResult.api_calls), or -1 when it does not count
 * @param emulatorApiCalls API calls the emulator counted while the case ran (DailyApiRequests drawn)
 * @param success whether the case did what it should (for a sync: success and the expected method)
 * @param note what else there is to say: the reason of a failure, the split of the time, the cap
 * @param pages result pages the case read, or -1 when it does not say
 * @param commitSeconds of {@code seconds}, the warehouse commit (the sync's log: "commit took X s"), or -1
 */
record Measurement(String label, long size, long rows, double seconds, double cpuSeconds,
        double orgCpuSeconds, long peakHeapBytes, long liveHeapBytes,
        long apiCalls,
        long emulatorApiCalls, boolean success, String note, long pages, double commitSeconds) {
    static final String LIMIT = "pipelined limit";
    /** The pipelined limit's CPU (its JVM's and the org's) spread over every core: no pipeline on them is faster. */
    static final String CPU_BOUND = "CPU bound";
    static final String NAIVE = "naive";
    /** The peers (issue 16): jsforce's Bulk API 2.0 query, and the Salesforce CLI's Bulk export, each plus COPY. */
    static final String JSFORCE = "peer: jsforce bulk2.query";
    static final String SF_CLI = "peer: sf data export bulk";
    /** bulk_api_full with every record through a route sfsync-transform (the record-level path). */
    static final String RECORD_PATH = "bulk_api_full+transform";

    Measurement(String label, long size, long rows, double seconds, double cpuSeconds, double orgCpuSeconds,
            long peakHeapBytes, long liveHeapBytes, long apiCalls, long emulatorApiCalls, boolean success,
            String note) {
        this(label, size, rows, seconds, cpuSeconds, orgCpuSeconds, peakHeapBytes, liveHeapBytes, apiCalls,
                emulatorApiCalls, success, note, -1, -1);
    }

    /** Wall time less the commit: reading from Salesforce and staging the rows, or -1 when the commit is unknown. */
    double readSeconds() {
        return commitSeconds < 0 ? -1 : Math.max(0, seconds - commitSeconds);
    }

    /**
     * The CPU bound at the pipelined limit's N: the CPU seconds the limit and the org spent on it, over {@code cores};
     * no pipeline that moves the same bytes on these cores can take less wall time. Null when a figure is missing.
     */
    static Measurement cpuBound(Measurement limit, int cores) {
        if (!limit.success() || limit.cpuSeconds() < 0 || limit.orgCpuSeconds() < 0) {
            return null;
        }
        double cpu = limit.cpuSeconds() + limit.orgCpuSeconds();
        return new Measurement(CPU_BOUND, limit.size(), limit.rows(), cpu / cores, limit.cpuSeconds(),
                limit.orgCpuSeconds(), -1, -1, -1, -1, true, String.format(Locale.ROOT, "(limit %.1f + org %.1f) CPU"
                        + " s / %d cores", limit.cpuSeconds(), limit.orgCpuSeconds(), cores));
    }

    static Measurement failed(String label, long size, String note) {
        return new Measurement(label, size, 0, 0, -1, -1, -1, -1, -1, -1, false, note);
    }

    /** Megabytes (10^6 bytes) of CSV per second, for rows of {@code csvBytesPerRow} bytes each. */
    double megabytesPerSecond(double csvBytesPerRow) {
        return seconds > 0 ? rows * csvBytesPerRow / seconds / 1e6 : 0;
    }

    double rowsPerSecond() {
        return seconds > 0 ? rows / seconds : 0;
    }

    boolean isRecordPath() {
        return label.equals(RECORD_PATH);
    }

    boolean isReference() {
        return label.equals(LIMIT) || label.equals(CPU_BOUND) || label.equals(NAIVE) || isPeer();
    }

    boolean isPeer() {
        return label.equals(JSFORCE) || label.equals(SF_CLI);
    }
}
