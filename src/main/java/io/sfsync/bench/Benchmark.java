package io.sfsync.bench;

import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs a benchmark size by size: an emulator with N Accounts in its own JVM; the limit; the full cases; the naive
 * pipeline; then a share of the rows changed and the incremental cases, each on a copy of a fully synced database.
 * Every case runs in a JVM of its own, one after the other, so they never compete with each other.
 */
final class Benchmark {
    /** The API version of every call, as config/application.properties sets it for the syncs. */
    static final String API_VERSION = "62.0";
    private static final String DATABASE = "sfsync.duckdb";

    private final BenchOptions options;
    private final PrintStream out;
    private final ChildJvm jvm;
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private volatile EmulatorProcess org;
    private String columns;
    private boolean complete = true;

    Benchmark(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.jvm = new ChildJvm(options.syncHeap(), options.jfr());
    }

    List<Measurement> measurements() {
        return measurements;
    }

    /** What the run noticed on the way (skipped cases, how long preparing the changes took). */
    List<String> notes() {
        return notes;
    }

    /** Whether every case ran and succeeded. */
    boolean complete() {
        return complete && measurements.stream().allMatch(Measurement::success);
    }

    /** The columns every case moves, as the sync extracts them (null before the first emulator started). */
    String columns() {
        return columns;
    }

    void run() throws IOException, InterruptedException {
        Thread stopChildren = new Thread(this::stop, "bench-stop");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        try {
            for (long n : options.sizes()) {
                try {
                    runSize(n);
                } catch (IOException e) {
                    complete = false;
                    notes.add(String.format(Locale.ROOT, "N = %,d: stopped: %s", n, e.getMessage()));
                    out.println("  stopped: " + e.getMessage());
                }
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopChildren);
        }
    }

    private void stop() {
        jvm.stop();
        EmulatorProcess o = org;
        if (o != null) {
            o.close();
        }
    }

    private void runSize(long n) throws IOException, InterruptedException {
        Path dir = options.workDir().resolve("n" + n);
        delete(dir);
        Files.createDirectories(dir);
        out.printf(Locale.ROOT, "N = %,d Accounts (work files in %s)%n", n, dir);
        try (EmulatorProcess started = EmulatorProcess.start(n, options.emulatorHeap(), options.gzip(),
                dir.resolve("emulator.log"))) {
            org = started;
            SObjectSchema schema = WarmUp.run(started.baseUrl(), n, options.maxRecords(), dir.resolve("warm-up.csv"));
            columns = columns != null ? columns : describe(schema);
            if (options.limit()) {
                measure(Measurement.LIMIT, n, "limit", Map.of("pages", dir.resolve("limit-pages").toString(),
                        "db", dir.resolve("limit.duckdb").toString(), "gzip", Boolean.toString(options.gzip())),
                        dir.resolve("limit.log"));
                cleanUp(dir.resolve("limit-pages"), dir.resolve("limit.duckdb"));
            }
            Path base = runFullCases(n, dir);
            if (options.naive()) {
                long rows = Math.min(n, options.naiveCap());
                Measurement earlier = measurements.stream().filter(m -> m.label().equals(Measurement.NAIVE)
                        && m.success() && m.rows() == rows && m.size() < n).findFirst().orElse(null);
                if (earlier != null) {
                    // Capped, it reads the same rows at every larger N: one measurement is enough (it takes minutes).
                    record(new Measurement(Measurement.NAIVE, n, earlier.rows(), earlier.seconds(),
                            earlier.cpuSeconds(), earlier.orgCpuSeconds(), earlier.peakHeapBytes(),
                            earlier.liveHeapBytes(), earlier.apiCalls(), earlier.emulatorApiCalls(), true,
                            String.format(Locale.ROOT, "as measured at N = %,d (the same %,d rows)", earlier.size(),
                                    rows)));
                } else {
                    measure(Measurement.NAIVE, n, "naive", Map.of("rows", Long.toString(rows),
                            "db", dir.resolve("naive.duckdb").toString()), dir.resolve("naive.log"));
                    cleanUp(dir.resolve("naive.duckdb"));
                }
            }
            runIncrementalCases(n, dir, base);
        } finally {
            org = null;
        }
    }

    private static String describe(SObjectSchema schema) {
        long compound = schema.fields().stream().filter(SfField::isCompound).count();
        return String.format(Locale.ROOT, "%s has %d fields; a sync extracts %d columns (the %d compound address"
                + " fields are left out, their components are columns)", schema.name(), schema.fields().size(),
                schema.extracted().size(), compound);
    }

    /** Runs the selected full cases; returns a database with the synced table for the incremental ones, or null. */
    private Path runFullCases(long n, Path dir) throws IOException, InterruptedException {
        Path base = null;
        for (BenchCase c : options.cases()) {
            if (!c.full()) {
                continue;
            }
            if (!c.runsFor(n)) {
                skipped(c, n, n);
                continue;
            }
            Path caseDir = dir.resolve(c.wireName());
            Measurement m = measureSync(c, n, caseDir);
            if (m.success() && base == null) {
                base = caseDir.resolve(DATABASE);
            } else {
                cleanUp(caseDir);
            }
        }
        return base;
    }

    private void runIncrementalCases(long n, Path dir, Path syncedBase) throws IOException, InterruptedException {
        long changed = Math.max(1, n * options.changePercent() / 100);
        List<BenchCase> cases = new ArrayList<>();
        for (BenchCase c : options.cases()) {
            if (c.full()) {
                continue;
            }
            if (c.runsFor(changed)) {
                cases.add(c);
            } else {
                skipped(c, n, changed);
            }
        }
        if (cases.isEmpty()) {
            cleanUp(syncedBase == null ? null : syncedBase.getParent());
            return;
        }
        Path base = syncedBase != null ? syncedBase : prepareBase(n, dir);
        if (base == null) {
            for (BenchCase c : cases) {
                record(Measurement.failed(c.wireName(), n, "no fully synced table to start from: the preparing"
                        + " full sync failed, see " + dir.resolve("prepare.log")));
            }
            return;
        }
        Stopwatch watch = Stopwatch.start();
        long done = org.change(SyncProbe.SOBJECT, changed);
        watch.stop();
        notes.add(String.format(Locale.ROOT, "N = %,d: changed %,d Accounts before the incremental cases (one admin"
                + " call, POST /_emulator/sobjects/Account/changes) in %.1f s.", n, done, watch.seconds()));
        out.printf(Locale.ROOT, "  changed %,d Accounts in %.1f s%n", done, watch.seconds());
        for (BenchCase c : cases) {
            Path caseDir = dir.resolve(c.wireName());
            copyDatabase(base, caseDir.resolve(DATABASE));
            measureSync(c, n, caseDir);
            cleanUp(caseDir);
        }
        cleanUp(base.getParent());
    }

    /** A full sync that is not measured, for incremental cases run without the full ones. */
    private Path prepareBase(long n, Path dir) throws IOException, InterruptedException {
        Path caseDir = dir.resolve("prepare");
        out.println("  preparing: a full sync (not measured) for the incremental cases to start from");
        ProbeResult r = jvm.run("sync", withOrg(syncArgs(BenchCase.BULK_API_STAGE_FULL, caseDir)),
                dir.resolve("prepare.log"));
        return r.success() ? caseDir.resolve(DATABASE) : null;
    }

    private Measurement measureSync(BenchCase c, long n, Path caseDir) throws IOException, InterruptedException {
        Files.createDirectories(caseDir);
        return measure(c.wireName(), n, "sync", syncArgs(c, caseDir), caseDir.resolveSibling(c.wireName() + ".log"));
    }

    private Map<String, String> syncArgs(BenchCase c, Path caseDir) {
        Map<String, String> args = new LinkedHashMap<>();
        args.put("method", c.wireName());
        args.put("db", caseDir.resolve(DATABASE).toString());
        args.put("stage-root", caseDir.resolve("stage").toString());
        return args;
    }

    /** A probe's arguments plus what every probe needs: the org, the API version, the Bulk page size. */
    private Map<String, String> withOrg(Map<String, String> probeArgs) {
        Map<String, String> args = new LinkedHashMap<>(probeArgs);
        args.put("url", org.baseUrl());
        args.put("api-version", API_VERSION);
        args.put("max-records", Integer.toString(options.maxRecords()));
        return args;
    }

    private Measurement measure(String label, long n, String probe, Map<String, String> probeArgs, Path log)
            throws IOException, InterruptedException {
        long before = org.apiCalls();
        double orgCpu = org.cpuSeconds();
        ProbeResult r = jvm.run(probe, withOrg(probeArgs), log);
        long calls = org.apiCalls() - before;
        orgCpu = orgCpu < 0 ? -1 : org.cpuSeconds() - orgCpu;
        return record(new Measurement(label, n, r.rows(), r.seconds(), r.cpuSeconds(), orgCpu, r.peakHeapBytes(),
                r.liveHeapBytes(), r.apiCalls(), calls, r.success(), r.note()));
    }

    private Measurement record(Measurement m) {
        measurements.add(m);
        out.printf(Locale.ROOT, "  %-27s %,10d rows %8.2f s %,9.0f rows/s  CPU %6.2f s, org %6.2f s  heap %3d MiB"
                + " (live %3d)  API %d  %s%n", m.label(), m.rows(), m.seconds(), m.rowsPerSecond(), m.cpuSeconds(),
                m.orgCpuSeconds(), mib(m.peakHeapBytes()), mib(m.liveHeapBytes()), m.emulatorApiCalls(),
                m.success() ? "ok" : "FAILED: " + m.note());
        return m;
    }

    private void skipped(BenchCase c, long n, long rows) {
        notes.add(String.format(Locale.ROOT, "N = %,d: %s not run: it would read %,d rows, and the regular API is"
                + " benchmarked up to %,d.", n, c.wireName(), rows, BenchCase.REGULAR_API_MAX_ROWS));
    }

    static long mib(long bytes) {
        return bytes < 0 ? -1 : bytes >> 20;
    }

    private static void copyDatabase(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Path wal = from.resolveSibling(from.getFileName() + ".wal");
        if (Files.exists(wal)) {
            Files.copy(wal, to.resolveSibling(to.getFileName() + ".wal"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void cleanUp(Path... paths) throws IOException {
        if (options.keep()) {
            return;
        }
        for (Path p : paths) {
            delete(p);
        }
    }

    private static void delete(Path path) throws IOException {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
