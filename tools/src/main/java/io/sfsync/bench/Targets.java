package io.sfsync.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Issue 6's targets, checked against a run's measurements. A target set for a size the run did not measure says so
 * and shows the sizes it did measure, so a quick run is never mistaken for a verdict.
 */
final class Targets {
    static final long TARGET_SIZE = 1_000_000;
    static final long NAIVE_SIZE = 100_000;
    static final double NAIVE_FACTOR = 20;
    static final int API_CALL_SLACK = 10;
    /** The full Bulk methods at 1,000,000 rows: at most this many times the pipelined limit's time. */
    static final double PIPELINED_FACTOR = 1.2;

    private final List<Measurement> all;
    private final int maxRecords;
    private final long heapCapBytes;
    private final List<Measurement> wide;

    Targets(List<Measurement> all, int maxRecords, long heapCapBytes) {
        this(all, maxRecords, heapCapBytes, List.of());
    }

    /** @param wide every sync and reference of the wide object (its chunk-vs-Bulk runs included) */
    Targets(List<Measurement> all, int maxRecords, long heapCapBytes, List<Measurement> wide) {
        this.all = all;
        this.maxRecords = maxRecords;
        this.heapCapBytes = heapCapBytes;
        this.wide = wide;
    }

    /** The wide object's target, one markdown bullet: the heap of every wide sync under the cap. */
    String wideHeapLine() {
        return heap(wide, "wide object: peak heap of every sync JVM (full, incremental and chunk-vs-Bulk runs) at"
                + " most ");
    }

    /** How many times longer per row than the wide object's limit (1.0: as fast), or NaN. */
    double wideVsLimit(Measurement m) {
        return wide.stream().filter(l -> l.label().equals(Measurement.LIMIT) && l.success()).findFirst()
                .filter(l -> m.rowsPerSecond() > 0).map(l -> l.rowsPerSecond() / m.rowsPerSecond())
                .orElse(Double.NaN);
    }

    /** One markdown bullet per target. */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(vsLimit(BenchCase.BULK_API_STAGE_FULL, PIPELINED_FACTOR));
        out.add(vsLimit(BenchCase.BULK_API_FULL, PIPELINED_FACTOR));
        out.add(vsLimit(BenchCase.BULK_API_STAGE_INCREMENTAL, 2));
        out.add(heap());
        out.add(naive());
        out.add(apiCalls());
        out.add(peers());
        return out;
    }

    /** The sizes at which sfsync must beat every peer (issue 16). */
    static final List<Long> PEER_SIZES = List.of(100_000L, TARGET_SIZE);
    private static final List<BenchCase> AGAINST_PEERS = List.of(BenchCase.BULK_API_FULL,
            BenchCase.BULK_API_STAGE_FULL);

    /**
     * Issue 16: {@code bulk_api_full} and {@code bulk_api_stage_full} each faster (rows/s) than every peer pipeline at
     * 100,000 and 1,000,000 rows. A peer that failed at a size is named and beaten; a size without both is not
     * measured.
     */
    String peers() {
        String target = String.format(Locale.ROOT, "sfsync faster than every peer pipeline (%s, %s) at N = %s:"
                + " `%s` and `%s` against each", Measurement.JSFORCE, Measurement.SF_CLI, PEER_SIZES.stream()
                        .map(n -> String.format(Locale.ROOT, "%,d", n)).collect(Collectors.joining(" and ")),
                AGAINST_PEERS.get(0).wireName(), AGAINST_PEERS.get(1).wireName());
        List<String> compared = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean met = true;
        for (long n : PEER_SIZES) {
            List<Measurement> peers = all.stream().filter(m -> m.isPeer() && m.size() == n).toList();
            for (BenchCase c : AGAINST_PEERS) {
                Optional<Measurement> s = find(c.wireName(), n);
                if (s.isEmpty() || peers.isEmpty()) {
                    missing.add(String.format(Locale.ROOT, "`%s` at %,d", c.wireName(), n));
                    continue;
                }
                for (Measurement p : peers) {
                    if (!p.success() || p.rowsPerSecond() <= 0) {
                        compared.add(String.format(Locale.ROOT, "`%s` at %,d: %s failed", c.wireName(), n,
                                p.label()));
                        continue;
                    }
                    double x = s.get().rowsPerSecond() / p.rowsPerSecond();
                    met &= x > 1;
                    compared.add(String.format(Locale.ROOT, "`%s` at %,d: %.1fx %s", c.wireName(), n, x,
                            p.label()));
                }
            }
        }
        if (!missing.isEmpty()) {
            return notMeasured(target, "") + ": no sync or no peer for " + String.join(", ", missing)
                    + (compared.isEmpty() ? "" : "; measured: " + String.join("; ", compared));
        }
        return verdict(met) + target + ": " + String.join("; ", compared);
    }

    Optional<Measurement> find(String label, long size) {
        return all.stream().filter(m -> m.label().equals(label) && m.size() == size && m.success()).findFirst();
    }

    /** How many times longer per row than the limit at the same N (1.0: as fast as the limit), or NaN. */
    double vsLimit(Measurement m) {
        return find(Measurement.LIMIT, m.size()).filter(l -> m.rowsPerSecond() > 0)
                .map(l -> l.rowsPerSecond() / m.rowsPerSecond()).orElse(Double.NaN);
    }

    /** How many times longer than the CPU bound at the same N (1.0: no pipeline on these cores is faster), or NaN. */
    double vsCpuBound(Measurement m) {
        return find(Measurement.CPU_BOUND, m.size()).filter(l -> m.rowsPerSecond() > 0)
                .map(l -> l.rowsPerSecond() / m.rowsPerSecond()).orElse(Double.NaN);
    }

    /** How many times the naive pipeline's rows/s at the same N, or NaN. */
    double vsNaive(Measurement m) {
        return find(Measurement.NAIVE, m.size()).filter(nv -> nv.rowsPerSecond() > 0)
                .map(nv -> m.rowsPerSecond() / nv.rowsPerSecond()).orElse(Double.NaN);
    }

    /** Most API calls a Bulk sync that reads {@code rows} rows may spend. */
    long apiBudget(long rows) {
        return (rows + maxRecords - 1) / maxRecords + API_CALL_SLACK;
    }

    private String vsLimit(BenchCase c, double factor) {
        String target = String.format(Locale.ROOT, "`%s` at N = %,d within %sx the pipelined limit's time per row",
                c.wireName(), TARGET_SIZE, trim(factor));
        Optional<Measurement> at = find(c.wireName(), TARGET_SIZE);
        if (at.isPresent() && !Double.isNaN(vsLimit(at.get()))) {
            double x = vsLimit(at.get());
            return verdict(x <= factor) + target + String.format(Locale.ROOT, ": %.2fx", x);
        }
        String measured = all.stream().filter(m -> m.label().equals(c.wireName()) && m.success()
                && !Double.isNaN(vsLimit(m))).map(m -> String.format(Locale.ROOT, "%,d: %.2fx", m.size(),
                        vsLimit(m))).collect(Collectors.joining(", "));
        return notMeasured(target, measured);
    }

    private String heap() {
        return heap(all, "peak heap of every sync JVM at most ");
    }

    private String heap(List<Measurement> measured, String what) {
        String target = what + Benchmark.mib(heapCapBytes) + " MiB";
        List<Measurement> syncs = measured.stream().filter(m -> !m.isReference()).toList();
        if (syncs.isEmpty()) {
            return notMeasured(target, "");
        }
        List<String> over = syncs.stream().filter(m -> !m.success() && m.note().contains("OutOfMemoryError")
                || m.peakHeapBytes() > heapCapBytes).map(m -> String.format(Locale.ROOT, "%s at %,d", m.label(),
                        m.size())).distinct().toList();
        long peak = syncs.stream().mapToLong(Measurement::peakHeapBytes).max().orElse(-1);
        long live = syncs.stream().mapToLong(Measurement::liveHeapBytes).max().orElse(-1);
        return verdict(over.isEmpty()) + target + String.format(Locale.ROOT, ": highest %d MiB (most in use at"
                + " once), largest live set after a collection %d MiB", Benchmark.mib(peak), Benchmark.mib(live))
                + (over.isEmpty() ? "" : "; over the cap: " + String.join(", ", over));
    }

    private String naive() {
        BenchCase c = BenchCase.BULK_API_STAGE_FULL;
        String target = String.format(Locale.ROOT, "`%s` at N = %,d at least %sx the naive pipeline's rows/s",
                c.wireName(), NAIVE_SIZE, trim(NAIVE_FACTOR));
        Optional<Measurement> at = find(c.wireName(), NAIVE_SIZE);
        if (at.isPresent() && !Double.isNaN(vsNaive(at.get()))) {
            double x = vsNaive(at.get());
            return verdict(x >= NAIVE_FACTOR) + target + String.format(Locale.ROOT, ": %.1fx", x);
        }
        String measured = all.stream().filter(m -> m.label().equals(c.wireName()) && m.success()
                && !Double.isNaN(vsNaive(m))).map(m -> String.format(Locale.ROOT, "%,d: %.1fx", m.size(),
                        vsNaive(m))).collect(Collectors.joining(", "));
        return notMeasured(target, measured);
    }

    private String apiCalls() {
        String target = String.format(Locale.ROOT, "API calls of every Bulk sync at most ceil(rows / %,d) + %d",
                maxRecords, API_CALL_SLACK);
        List<Measurement> bulk = all.stream().filter(m -> !m.isReference() && m.success()
                && (m.isRecordPath() || BenchCase.ofWireName(m.label()).bulk())).toList();
        if (bulk.isEmpty()) {
            return notMeasured(target, "");
        }
        List<String> over = bulk.stream().filter(m -> m.emulatorApiCalls() > apiBudget(m.rows()))
                .map(m -> String.format(Locale.ROOT, "%s at %,d: %d > %d", m.label(), m.size(),
                        m.emulatorApiCalls(), apiBudget(m.rows()))).toList();
        long most = bulk.stream().mapToLong(Measurement::emulatorApiCalls).max().orElse(0);
        return verdict(over.isEmpty()) + target + " (as the emulator counts them): "
                + (over.isEmpty() ? "most " + most + ", every case within its budget" : String.join("; ", over));
    }

    /** Issue 16's target, one markdown bullet: on Snowflake at most one COPY per run per 1,000 files (per table). */
    static String snowflakeCopies(List<SnowflakeBillRow> rows) {
        String target = "on Snowflake at most one COPY per run per 1,000 files (per table the run loads)";
        List<SnowflakeBillRow> ran = rows.stream().filter(SnowflakeBillRow::success).toList();
        if (ran.isEmpty()) {
            return notMeasured(target, "");
        }
        List<String> over = ran.stream().filter(r -> !r.copiesWithinTarget()).map(r -> String.format(Locale.ROOT,
                "%s at %,d: %d COPYs for %d files", r.method(), r.size(), r.copies(), r.copyFiles())).toList();
        long most = ran.stream().mapToLong(SnowflakeBillRow::copies).max().orElse(0);
        return verdict(over.isEmpty()) + target + ": " + (over.isEmpty() ? "every run within it, at most " + most
                + " COPY" + (most == 1 ? "" : "s") + " per run" : String.join("; ", over));
    }

    private static String notMeasured(String target, String measured) {
        return "**not measured** " + target + (measured.isEmpty() ? "" : " (measured at N = " + measured + ")");
    }

    private static String verdict(boolean met) {
        return met ? "**met** " : "**missed** ";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
