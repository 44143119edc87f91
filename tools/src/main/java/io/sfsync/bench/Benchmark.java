package io.sfsync.bench;

import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private final List<Measurement> wide = new ArrayList<>();
    private final List<ChunkVsBulk> chunkVsBulk = new ArrayList<>();
    private final List<Measurement> comparisonRuns = new ArrayList<>();
    private final Peers peers;
    private volatile EmulatorProcess org;
    private String columns;
    private String wideColumns;
    private double wideCsvBytesPerRow;
    private boolean complete = true;
    private ScaleCases scale;
    private final Map<String, TimeSplit> splits = new LinkedHashMap<>();

    Benchmark(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.jvm = new ChildJvm(options.syncHeap(), options.jfr());
        this.peers = new Peers(options.workDir().resolve("peers"), out, notes, options.keep());
    }

    List<Measurement> measurements() {
        return measurements;
    }

    /** What the run noticed on the way (skipped cases, how long preparing the changes took). */
    List<String> notes() {
        return notes;
    }

    /** The wide object's cases (their own limit, at their own N), apart from the narrow ones. */
    List<Measurement> wide() {
        return wide;
    }

    /** The wide object's incremental runs read in field chunks and through Bulk, by changed records. */
    List<ChunkVsBulk> chunkVsBulk() {
        return chunkVsBulk;
    }

    /** Every chunk-vs-Bulk run, the slower repeats included (for the heap target). */
    List<Measurement> comparisonRuns() {
        return comparisonRuns;
    }

    /** The wide object's columns, as {@link #columns()} (null when the wide section did not run). */
    String wideColumns() {
        return wideColumns;
    }

    /** Bytes of Bulk CSV per wide row, as the warm-up measured them (0 when the wide section did not run). */
    double wideCsvBytesPerRow() {
        return wideCsvBytesPerRow;
    }

    /** Whether every case ran and succeeded. */
    boolean complete() {
        // A peer that fails (jsforce losing rows, say) is a finding about the peer, reported in its row, not a
        // failure of the run.
        return complete && (scale == null || scale.complete())
                && measurements.stream().filter(m -> !m.isPeer()).allMatch(Measurement::success)
                && wide.stream().allMatch(Measurement::success) && chunkVsBulk.stream().allMatch(c ->
                        c.chunk().success() && c.bulk().success() && c.auto().success());
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
            if (options.scale() != null) {
                scale = new ScaleCases(options.scale(), jvm, out, options.emulatorHeap(), options.maxRecords());
                runScale();
            }
            if (options.wide() != null) {
                try {
                    runWide(options.wide());
                } catch (IOException e) {
                    complete = false;
                    notes.add("Wide object: stopped: " + e.getMessage());
                    out.println("  stopped: " + e.getMessage());
                }
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopChildren);
        }
    }

    /** The production shapes: many objects, then the realistic org; a failure of one still runs the other. */
    private void runScale() throws InterruptedException {
        try {
            scale.runMany(options.workDir());
        } catch (IOException e) {
            complete = false;
            scale.notes().add("Many objects: stopped: " + e.getMessage());
            out.println("  stopped: " + e.getMessage());
        }
        if (options.scale().realisticRows() > 0) {
            try {
                scale.runRealistic(options.workDir());
            } catch (IOException e) {
                complete = false;
                scale.notes().add("Realistic org: stopped: " + e.getMessage());
                out.println("  stopped: " + e.getMessage());
            }
        }
    }

    /** Where a sync's time went (its log's timeline), or null when it has none. */
    TimeSplit split(String label, long n) {
        return splits.get(label + "@" + n);
    }

    /** The many-objects and realistic-org cases, or null when the run did not measure them. */
    ScaleCases scale() {
        return scale;
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
                Measurement limit = measure(Measurement.LIMIT, n, "limit", Map.of("pages",
                        dir.resolve("limit-pages").toString(),
                        "db", dir.resolve("limit.duckdb").toString(), "gzip", Boolean.toString(options.gzip())),
                        dir.resolve("limit.log"));
                cleanUp(dir.resolve("limit-pages"), dir.resolve("limit.duckdb"));
                Measurement bound = Measurement.cpuBound(limit, Runtime.getRuntime().availableProcessors());
                if (bound != null) {
                    record(bound);
                }
                peers.measure(n, dir, started.baseUrl(), schema, (label, probe, args, log) -> measure(label, n, probe,
                        args, log));
            }
            Path base = runFullCases(n, dir);
            if (n <= options.recordPathCap() && options.cases().contains(BenchCase.BULK_API_FULL)) {
                runRecordPath(n, dir);
            }
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

    /**
     * bulk_api_full again, with a route sfsync-transform that masks one field of every record and drops none: what
     * editing records in YAML costs against the fast path (pages loaded unparsed).
     */
    private void runRecordPath(long n, Path dir) throws IOException, InterruptedException {
        Path caseDir = dir.resolve("record-path");
        Files.createDirectories(caseDir);
        Path route = caseDir.resolve("transform.camel.yaml");
        Files.writeString(route, String.join("\n",
                "- route:",
                "    id: sfsync-transform",
                "    from:",
                "      uri: direct:sfsync-transform",
                "      steps:",
                "        - bean:",
                "            ref: sfsync-record",
                "            method: \"mask(*, 'Phone')\"",
                ""), StandardCharsets.UTF_8);
        Map<String, String> args = syncArgs(BenchCase.BULK_API_FULL, caseDir);
        args.put("transform", route.toString());
        measure(Measurement.RECORD_PATH, n, "sync", args, dir.resolve("record-path.log"));
        cleanUp(caseDir);
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
        return record(run(label, n, probe, probeArgs, log));
    }

    private Measurement run(String label, long n, String probe, Map<String, String> probeArgs, Path log)
            throws IOException, InterruptedException {
        long before = org.apiCalls();
        double orgCpu = org.cpuSeconds();
        ProbeResult r = jvm.run(probe, withOrg(probeArgs), log);
        long calls = org.apiCalls() - before;
        orgCpu = orgCpu < 0 ? -1 : org.cpuSeconds() - orgCpu;
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        TimeSplit split = r.success() ? TimeSplit.parse(lines, r.seconds()) : null;
        if (split != null) {
            splits.put(label + "@" + n, split);
        }
        return new Measurement(label, n, r.rows(), r.seconds(), r.cpuSeconds(), orgCpu, r.peakHeapBytes(),
                r.liveHeapBytes(), r.apiCalls(), calls, r.success(), r.note(), r.pages(), commitSeconds(lines));
    }

    private static final Pattern COMMIT = Pattern.compile("commit took ([0-9]+(?:\\.[0-9]+)?) s");

    /** The last "commit took X s" of a sync's log, or -1 when it has none (a reference, a failed run). */
    static double commitSeconds(List<String> log) {
        for (int i = log.size() - 1; i >= 0; i--) {
            Matcher m = COMMIT.matcher(log.get(i));
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        return -1;
    }

    private Measurement record(Measurement m) {
        measurements.add(m);
        return print(m);
    }

    private Measurement print(Measurement m) {
        out.printf(Locale.ROOT, "  %-27s %,10d rows %8.2f s %,9.0f rows/s  CPU %6.2f s, org %6.2f s  heap %3d MiB"
                + " (live %3d)  API %d, pages %d  %s%n", m.label(), m.rows(), m.seconds(), m.rowsPerSecond(),
                m.cpuSeconds(), m.orgCpuSeconds(), mib(m.peakHeapBytes()), mib(m.liveHeapBytes()),
                m.emulatorApiCalls(), m.pages(), m.success() ? "ok" : "FAILED: " + m.note());
        return m;
    }

    /**
     * The wide object (issue 13): an org whose Account has {@code w.fields()} filled custom fields and the emulator's
     * default Bulk timing; the limit on that data; the full cases (the regular API read in field chunks, as
     * {@code sfsync.rest.wide-strategy=chunk} forces); {@code regular_api_incremental} of a few hundred changed
     * records under {@code auto}; the Bulk incremental cases of the usual share; then the chunk-vs-Bulk runs.
     */
    private void runWide(BenchOptions.Wide w) throws IOException, InterruptedException {
        long n = w.rows();
        Path dir = options.workDir().resolve("wide" + w.fields());
        delete(dir);
        Files.createDirectories(dir);
        out.printf(Locale.ROOT, "Wide object: %,d Accounts with %d custom fields (work files in %s)%n", n, w.fields(),
                dir);
        try (EmulatorProcess started = EmulatorProcess.start(n, w.fields(), true, options.emulatorHeap(),
                options.gzip(), dir.resolve("emulator.log"))) {
            org = started;
            WarmUp.Warm warm = WarmUp.run(started.baseUrl(), n, Math.min(n, WarmUp.WIDE_ROWS), options.maxRecords(),
                    dir.resolve("warm-up.csv"));
            wideColumns = describe(warm.schema());
            wideCsvBytesPerRow = warm.csvBytesPerRow();
            out.printf(Locale.ROOT, "  %s; %,.0f bytes of Bulk CSV per row%n", wideColumns, wideCsvBytesPerRow);
            if (options.limit()) {
                wide.add(print(run(Measurement.LIMIT, n, "limit", Map.of("pages", dir.resolve("limit-pages")
                        .toString(), "db", dir.resolve("limit.duckdb").toString(), "gzip",
                        Boolean.toString(options.gzip())), dir.resolve("limit.log"))));
                cleanUp(dir.resolve("limit-pages"), dir.resolve("limit.duckdb"));
            }
            Path base = null;
            for (BenchCase c : options.cases()) {
                if (c.full()) {
                    Path caseDir = dir.resolve(c.wireName());
                    Measurement m = wideSync(c, n, caseDir, WIDE_CHUNK_STRATEGY, c.wireName());
                    if (m.success() && base == null) {
                        base = caseDir.resolve(DATABASE);
                    } else {
                        cleanUp(caseDir);
                    }
                }
            }
            if (base == null) {
                base = prepareBase(n, dir);
                if (base == null) {
                    throw new IOException("no fully synced wide table to start from: the preparing full sync failed,"
                            + " see " + dir.resolve("prepare.log"));
                }
            }
            Path current = runWideIncrementals(w, dir, base);
            runChunkVsBulk(w, dir, current);
        } finally {
            org = null;
            cleanUpDatabases(dir);
        }
    }

    /** Deletes the databases and stage files under {@code dir} and keeps the logs (unless {@code --keep}). */
    private void cleanUpDatabases(Path dir) throws IOException {
        if (options.keep() || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : all.filter(Files::isDirectory).toList()) {
                delete(p);
            }
        }
    }

    /** The regular API's wide strategy in the full case: field chunks, which auto would not pick for N rows. */
    static final String WIDE_CHUNK_STRATEGY = "chunk";

    private Measurement wideSync(BenchCase c, long n, Path caseDir, String strategy, String expect)
            throws IOException, InterruptedException {
        Files.createDirectories(caseDir);
        Map<String, String> args = syncArgs(c, caseDir);
        args.put("wide-strategy", c.bulk() ? "auto" : strategy);
        args.put("expect", expect);
        Measurement m = print(run(c.wireName(), n, "sync", args, caseDir.resolveSibling(caseDir.getFileName()
                + ".log")));
        wide.add(m);
        return m;
    }

    /**
     * Runs the wide incremental cases from copies of {@code base}; returns a database that has every change made so
     * far (for the chunk-vs-Bulk runs to start from).
     */
    private Path runWideIncrementals(BenchOptions.Wide w, Path dir, Path base)
            throws IOException, InterruptedException {
        long n = w.rows();
        Path current = base;
        long changedSoFar = 0;
        if (options.cases().contains(BenchCase.REGULAR_API_INCREMENTAL)) {
            changedSoFar += change(n, w.restChanges(), "before regular_api_incremental (wide-strategy auto)");
            BenchCase c = BenchCase.REGULAR_API_INCREMENTAL;
            Path caseDir = dir.resolve(c.wireName());
            copyDatabase(base, caseDir.resolve(DATABASE));
            Measurement m = wideSync(c, n, caseDir, "auto", c.wireName());
            current = m.success() ? caseDir.resolve(DATABASE) : null;
        }
        List<BenchCase> bulk = options.cases().stream().filter(c -> !c.full() && c.bulk()).toList();
        if (!bulk.isEmpty()) {
            long target = Math.max(1, n * options.changePercent() / 100);
            changedSoFar += change(n, Math.max(1, target - changedSoFar), "more before the Bulk incremental cases"
                    + " (their share of the rows in all)");
            current = null;
            for (BenchCase c : bulk) {
                Path caseDir = dir.resolve(c.wireName());
                copyDatabase(base, caseDir.resolve(DATABASE));
                Measurement m = wideSync(c, n, caseDir, "auto", c.wireName());
                if (m.success() && current == null) {
                    current = caseDir.resolve(DATABASE);
                }
            }
        }
        if (current == null) {
            Path caseDir = dir.resolve("catch-up");
            copyDatabase(base, caseDir.resolve(DATABASE));
            out.println("  catching up: an incremental sync (not measured) for the chunk-vs-Bulk runs to start from");
            ProbeResult r = jvm.run("sync", withOrg(syncArgs(BenchCase.BULK_API_INCREMENTAL, caseDir)),
                    dir.resolve("catch-up.log"));
            current = r.success() ? caseDir.resolve(DATABASE) : null;
        }
        if (current == null) {
            throw new IOException("no wide table synced up to the changes: see the logs under " + dir);
        }
        return current;
    }

    private long change(long n, long count, String why) throws IOException, InterruptedException {
        Stopwatch watch = Stopwatch.start();
        long done = org.change(SyncProbe.SOBJECT, count);
        watch.stop();
        notes.add(String.format(Locale.ROOT, "Wide object, N = %,d: changed %,d Accounts %s in %.1f s.", n, done,
                why, watch.seconds()));
        out.printf(Locale.ROOT, "  changed %,d Accounts %s in %.1f s%n", done, why, watch.seconds());
        return done;
    }

    /**
     * For each size of {@code w.changes()}: that many records changed, then the same incremental run from a copy of
     * the synced table three times: in field chunks, through Bulk, and under auto. The chunked run's table is the
     * next size's start, so every size reads just its own changes.
     */
    private void runChunkVsBulk(BenchOptions.Wide w, Path dir, Path start) throws IOException, InterruptedException {
        BenchCase c = BenchCase.REGULAR_API_INCREMENTAL;
        String bulk = BenchCase.BULK_API_INCREMENTAL.wireName();
        // Rows stamped at a table's watermark are read again by design (SystemModstamp >= watermark), and after
        // thousands of changes in one admin call they are thousands: one record changed and read first moves the
        // watermark past them, so that the first size reads its own changes alone.
        change(w.rows(), 1, "before a settling run");
        Path settled = dir.resolve("settle");
        out.println("  settling: an incremental run (not in the table) so that the first size reads its changes alone");
        Measurement settle = comparisonRun(c, start, settled, "chunk", c.wireName() + "|" + bulk);
        if (!settle.success()) {
            throw new IOException("the settling run before the chunk-vs-Bulk runs failed: see " + settled + ".log");
        }
        Path current = settled.resolve(DATABASE);
        for (long changed : w.changes()) {
            long done = change(w.rows(), changed, "before the chunk-vs-Bulk runs");
            Path chunkDir = dir.resolve("chunk-" + changed);
            Measurement chunk = null;
            Measurement viaBulk = null;
            // Chunk and Bulk take turns, each run COMPARISON_RUNS times; the faster run of each counts, so that a
            // moment of load from elsewhere on the machine does not decide between them.
            for (int i = 1; i <= COMPARISON_RUNS; i++) {
                Path chunkRun = i == 1 ? chunkDir : dir.resolve("chunk-" + changed + "-" + i);
                Path bulkRun = dir.resolve("bulk-" + changed + "-" + i);
                chunk = faster(chunk, comparisonRun(c, current, chunkRun, "chunk", c.wireName()));
                viaBulk = faster(viaBulk, comparisonRun(c, current, bulkRun, "bulk", bulk));
                if (i > 1) {
                    cleanUp(chunkRun);
                }
                cleanUp(bulkRun);
            }
            Path autoDir = dir.resolve("auto-" + changed);
            Measurement auto = comparisonRun(c, current, autoDir, "auto", c.wireName() + "|" + bulk);
            cleanUp(autoDir);
            chunkVsBulk.add(new ChunkVsBulk(done, chunk, viaBulk, auto));
            if (!Files.exists(chunkDir.resolve(DATABASE)) || !chunk.success()) {
                throw new IOException("the chunked run of " + changed + " changed records failed: see " + chunkDir
                        + ".log");
            }
            cleanUp(current.getParent());
            current = chunkDir.resolve(DATABASE);
        }
    }

    /** Runs of each strategy per size in the chunk-vs-Bulk measurement. */
    static final int COMPARISON_RUNS = 2;

    /**
     * The successful run of the two with the shorter read time (wall time when either did not log its commit); a
     * failed one only when both failed.
     */
    static Measurement faster(Measurement a, Measurement b) {
        if (a == null) {
            return b;
        }
        if (a.success() != b.success()) {
            return a.success() ? a : b;
        }
        boolean reads = a.readSeconds() >= 0 && b.readSeconds() >= 0;
        return (reads ? b.readSeconds() < a.readSeconds() : b.seconds() < a.seconds()) ? b : a;
    }

    private Measurement comparisonRun(BenchCase c, Path from, Path caseDir, String strategy, String expect)
            throws IOException, InterruptedException {
        copyDatabase(from, caseDir.resolve(DATABASE));
        Map<String, String> args = syncArgs(c, caseDir);
        args.put("wide-strategy", strategy);
        args.put("expect", expect);
        // Each size reads its own changes alone: not those of the sizes before it, minutes ago.
        args.put("overlap-seconds", "0");
        out.printf("  %-6s", strategy);
        Measurement m = print(run(c.wireName(), options.wide().rows(), "sync", args,
                caseDir.resolveSibling(caseDir.getFileName() + ".log")));
        comparisonRuns.add(m);
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

    /** Deletes a file or a folder with everything in it; nothing happens when it does not exist. */
    static void delete(Path path) throws IOException {
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
