package io.sfsync.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a measured JVM reports on its last line of output, as JSON after {@value #PREFIX}.
 *
 * @param success whether the case did what it should
 * @param rows rows the case read
 * @param seconds wall time of the measured work
 * @param cpuSeconds CPU time of the JVM during the measured work (all its threads), or -1
 * @param apiCalls API calls the case counted itself, or -1
 * @param peakHeapBytes the most heap in use at once (HeapWatch)
 * @param liveHeapBytes the most heap a collection left in use (the live set), 0 when none ran
 * @param note method, reason, split of the time, or the error
 * @param pages result pages the case read (REST or Bulk; a field-chunked REST read counts each chunk's pages), or -1
 */
record ProbeResult(boolean success, long rows, double seconds, double cpuSeconds, long apiCalls, long peakHeapBytes,
        long liveHeapBytes, String note, long pages) {
    static final String PREFIX = "BENCH-RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A result whose heap figures the probe's main adds. */
    static ProbeResult of(boolean success, long rows, Stopwatch watch, long apiCalls, String note) {
        return new ProbeResult(success, rows, watch.seconds(), watch.cpuSeconds(), apiCalls, -1, -1, note, -1);
    }

    ProbeResult withPages(long count) {
        return new ProbeResult(success, rows, seconds, cpuSeconds, apiCalls, peakHeapBytes, liveHeapBytes, note,
                count);
    }

    /** This result with {@code bytes} as its peak (a peer: its Node process's peak resident memory), no live set. */
    ProbeResult withPeak(long bytes) {
        return new ProbeResult(success, rows, seconds, cpuSeconds, apiCalls, bytes, -1, note, pages);
    }

    ProbeResult withCpu(double seconds) {
        return new ProbeResult(success, rows, this.seconds, seconds, apiCalls, peakHeapBytes, liveHeapBytes, note,
                pages);
    }

    /** The result of a case that did not get to measure anything. */
    static ProbeResult failed(String note) {
        return new ProbeResult(false, 0, 0, -1, -1, -1, -1, note, -1);
    }

    ProbeResult withHeap(HeapWatch heap) {
        return new ProbeResult(success, rows, seconds, cpuSeconds, apiCalls, heap.peakBytes(), heap.maxLiveBytes(),
                note, pages);
    }

    String line() {
        try {
            return PREFIX + JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the probe result", e);
        }
    }

    /** The result on {@code line}, or null when the line is not a result line. */
    static ProbeResult parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        try {
            return JSON.readValue(line.substring(PREFIX.length()), ProbeResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable probe result: " + line, e);
        }
    }
}
