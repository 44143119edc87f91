package io.sfsync.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The production shapes of issue 16, each on an org of its own that paces its answers like a real one (the emulator's
 * {@code --pace realistic}): many objects of very different sizes synced together and one by one, and one large
 * object read through one Bulk job and through several over disjoint Id ranges.
 */
final class ScaleCases {
    /** Labels of the many-objects measurements. */
    static final String MANY_TOGETHER = "together";
    static final String MANY_ONE_BY_ONE = "one by one";
    /** Labels of the realistic org's measurements other than the sync methods. */
    static final String ONE_JOB = "pipelined limit, 1 job";

    /**
     * What to run.
     *
     * @param pacing the emulator's arguments that make it pace like a real org
     * @param objects the emulator's arguments that make the many objects
     * @param objectPrefix the start of their API names
     * @param maxConcurrent {@code sfsync.runs.max-concurrent} of the together run
     * @param realisticRows Accounts of the realistic org's one large object (0: that part is not run)
     * @param rangeJobs how many Bulk jobs the Id-range reads use, one measurement each
     */
    record Settings(List<String> pacing, List<String> objects, String objectPrefix, int maxConcurrent,
            long realisticRows, List<Integer> rangeJobs) {
    }

    private final Settings settings;
    private final ChildJvm jvm;
    private final PrintStream out;
    private final String emulatorHeap;
    private final int maxRecords;
    private final List<Measurement> many = new ArrayList<>();
    private final List<Measurement> realistic = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    /** Calls the org refused during a case (by status and operation), by the case's label; none is the norm. */
    private final Map<String, Map<String, Long>> refusals = new LinkedHashMap<>();
    private List<String> objectNames = List.of();
    private long manyRows;

    ScaleCases(Settings settings, ChildJvm jvm, PrintStream out, String emulatorHeap, int maxRecords) {
        this.settings = settings;
        this.jvm = jvm;
        this.out = out;
        this.emulatorHeap = emulatorHeap;
        this.maxRecords = maxRecords;
    }

    Settings settings() {
        return settings;
    }

    List<Measurement> many() {
        return many;
    }

    List<Measurement> realistic() {
        return realistic;
    }

    List<String> notes() {
        return notes;
    }

    List<String> objectNames() {
        return objectNames;
    }

    /** Rows of all the many objects together (their COUNT()s). */
    long manyRows() {
        return manyRows;
    }

    boolean complete() {
        return Stream.concat(many.stream(), realistic.stream()).allMatch(Measurement::success);
    }

    /** Whether the org refused any call of the case with {@code label} (a limit hit, a fault). */
    boolean refused(String label) {
        return refusals.containsKey(label);
    }

    /** How many times faster the together run was than the one-by-one run, or NaN. */
    double speedup() {
        Measurement together = find(many, MANY_TOGETHER);
        Measurement oneByOne = find(many, MANY_ONE_BY_ONE);
        return together == null || oneByOne == null || together.seconds() <= 0 ? Double.NaN
                : oneByOne.seconds() / together.seconds();
    }

    static Measurement find(List<Measurement> list, String label) {
        return list.stream().filter(m -> m.label().equals(label) && m.success()).findFirst().orElse(null);
    }

    void runMany(Path work) throws IOException, InterruptedException {
        Path dir = fresh(work.resolve("many"));
        List<String> args = new ArrayList<>(settings.objects());
        args.addAll(settings.pacing());
        out.printf(Locale.ROOT, "Many objects (%s; work files in %s)%n", String.join(" ", args), dir);
        try (EmulatorProcess org = EmulatorProcess.start(args, emulatorHeap, dir.resolve("emulator.log"))) {
            Map<String, Long> sizes = org.objectSizes(settings.objectPrefix());
            objectNames = sizes.entrySet().stream().sorted(Map.Entry.comparingByValue(Comparator.reverseOrder()))
                    .map(Map.Entry::getKey).toList();
            manyRows = sizes.values().stream().mapToLong(Long::longValue).sum();
            out.printf(Locale.ROOT, "  %d objects, %,d rows in all%n", objectNames.size(), manyRows);
            // Largest first in the request order: the worst order for small objects when nothing keeps them apart.
            for (String mode : List.of(MANY_TOGETHER, MANY_ONE_BY_ONE)) {
                Path caseDir = fresh(dir.resolve(mode.replace(' ', '-')));
                Map<String, String> probe = new LinkedHashMap<>();
                probe.put("mode", mode.equals(MANY_TOGETHER) ? "together" : "one-by-one");
                probe.put("objects", String.join(",", objectNames));
                probe.put("max-concurrent", Integer.toString(mode.equals(MANY_TOGETHER)
                        ? settings.maxConcurrent() : 1));
                probe.put("db", caseDir.resolve("sfsync.duckdb").toString());
                probe.put("stage-root", caseDir.resolve("stage").toString());
                many.add(print(measure(org, mode, manyRows, "many", probe, dir.resolve(mode.replace(' ', '-')
                        + ".log"))));
                delete(caseDir);
            }
        }
    }

    void runRealistic(Path work) throws IOException, InterruptedException {
        long n = settings.realisticRows();
        Path dir = fresh(work.resolve("realistic"));
        List<String> args = new ArrayList<>(List.of("--volume", "Account=" + n, "--no-gzip"));
        args.addAll(settings.pacing());
        out.printf(Locale.ROOT, "Realistic org (%s; work files in %s)%n", String.join(" ", args), dir);
        try (EmulatorProcess org = EmulatorProcess.start(args, emulatorHeap, dir.resolve("emulator.log"))) {
            // The references poll as sfsync does (sfsync.bulk.poll-initial-ms and poll-max-ms): a job takes seconds.
            Map<String, String> polling = Map.of("poll-initial-ms", "200", "poll-max-ms", "5000");
            Map<String, String> limit = new LinkedHashMap<>(polling);
            limit.putAll(Map.of("pages", dir.resolve("pages").toString(), "db", dir.resolve("limit.duckdb")
                    .toString(), "gzip", "false"));
            realistic.add(print(measure(org, ONE_JOB, n, "limit", limit, dir.resolve("limit.log"))));
            delete(dir.resolve("pages"), dir.resolve("limit.duckdb"));
            for (int jobs : settings.rangeJobs()) {
                String label = "pipelined limit, " + jobs + " Id-range jobs";
                Map<String, String> ranges = new LinkedHashMap<>(polling);
                ranges.putAll(Map.of("jobs", Integer.toString(jobs), "pages", dir.resolve("pages").toString(), "db",
                        dir.resolve("ranges.duckdb").toString()));
                realistic.add(print(measure(org, label, n, "ranges", ranges, dir.resolve("ranges-" + jobs
                        + ".log"))));
                delete(dir.resolve("pages"), dir.resolve("ranges.duckdb"));
            }
            for (BenchCase c : List.of(BenchCase.BULK_API_FULL, BenchCase.BULK_API_STAGE_FULL)) {
                Path caseDir = fresh(dir.resolve(c.wireName()));
                Map<String, String> probe = new LinkedHashMap<>();
                probe.put("method", c.wireName());
                probe.put("db", caseDir.resolve("sfsync.duckdb").toString());
                probe.put("stage-root", caseDir.resolve("stage").toString());
                realistic.add(print(measure(org, c.wireName(), n, "sync", probe, dir.resolve(c.wireName()
                        + ".log"))));
                delete(caseDir);
            }
        }
    }

    private Measurement measure(EmulatorProcess org, String label, long n, String probe, Map<String, String> args,
            Path log) throws IOException, InterruptedException {
        Map<String, String> all = new LinkedHashMap<>(args);
        all.put("url", org.baseUrl());
        all.put("api-version", Benchmark.API_VERSION);
        all.put("max-records", Integer.toString(maxRecords));
        long before = org.apiCalls();
        long lastRequest = org.lastRequest();
        double orgCpu = org.cpuSeconds();
        ProbeResult r = jvm.run(probe, all, log);
        long calls = org.apiCalls() - before;
        orgCpu = orgCpu < 0 ? -1 : org.cpuSeconds() - orgCpu;
        Map<String, Long> refused = org.refusals(lastRequest);
        if (!refused.isEmpty()) {
            refusals.put(label, refused);
        }
        String note = r.note() + (refused.isEmpty() ? "; the org refused no call" : "; the org refused " + refused);
        return new Measurement(label, n, r.rows(), r.seconds(), r.cpuSeconds(), orgCpu, r.peakHeapBytes(),
                r.liveHeapBytes(), r.apiCalls(), calls, r.success(), note, r.pages(), -1);
    }

    private Measurement print(Measurement m) {
        out.printf(Locale.ROOT, "  %-34s %,10d rows %8.2f s  CPU %6.2f s, org %6.2f s  heap %3d MiB  API %d  %s%n",
                m.label(), m.rows(), m.seconds(), m.cpuSeconds(), m.orgCpuSeconds(), Benchmark.mib(m.peakHeapBytes()),
                m.emulatorApiCalls(), m.success() ? "ok: " + m.note() : "FAILED: " + m.note());
        return m;
    }

    private static Path fresh(Path dir) throws IOException {
        delete(dir);
        return Files.createDirectories(dir);
    }

    private static void delete(Path... paths) throws IOException {
        for (Path path : paths) {
            Benchmark.delete(path);
        }
    }
}
