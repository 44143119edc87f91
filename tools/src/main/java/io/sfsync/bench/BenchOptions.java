package io.sfsync.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one {@code bench} run measures and where it writes, from the command line.
 *
 * @param sizes the Account volumes N, ascending
 * @param cases the sync methods to run
 * @param limit whether to measure the limit (plain HTTP download plus DuckDB COPY)
 * @param naive whether to measure the naive pipeline (an exchange and an INSERT per record)
 * @param naiveCap most rows the naive pipeline moves
 * @param maxRecords rows per Bulk result page, for the syncs and the limit alike
 * @param changePercent share of the rows changed before the incremental cases
 * @param gzip whether the emulator compresses responses for clients that ask
 * @param syncHeap {@code -Xmx} of every measured JVM
 * @param emulatorHeap {@code -Xmx} of the emulator's JVM
 * @param outDir where benchmarks.md and benchmarks.png go
 * @param workDir where databases, stage files and child logs go
 * @param jfr whether measured JVMs record a Java Flight Recorder profile into the work directory
 * @param keep whether to keep each case's database and stage after it ran
 * @param command the command line as given, for the report
 * @param wide the wide-object section: Account's extra custom fields and what to run on it, or null when not asked
 * @param recordPathCap the largest N at which bulk_api_full is also measured through the record-level path (a route
 *     sfsync-transform that masks a field), next to the fast path; 0: never
 * @param scale the many-objects and realistic-org sections, or null when not asked
 * @param scaleOnly whether the run measures those sections alone (and updates only them in the report)
 */
record BenchOptions(List<Long> sizes, Set<BenchCase> cases, boolean limit, boolean naive, long naiveCap,
        int maxRecords, int changePercent, boolean gzip, String syncHeap, String emulatorHeap, Path outDir,
        Path workDir, boolean jfr, boolean keep, String command, Wide wide, long recordPathCap,
        ScaleCases.Settings scale, boolean scaleOnly) {

    static final List<Long> DEFAULT_SIZES = List.of(10_000L, 100_000L, 1_000_000L);
    static final long FIVE_MILLION = 5_000_000L;
    static final int DEFAULT_WIDE_FIELDS = 800;
    static final long DEFAULT_WIDE_ROWS = 100_000;
    static final long DEFAULT_WIDE_REST_CHANGES = 300;
    static final List<Long> DEFAULT_WIDE_CHANGES = List.of(10L, 100L, 400L, 1_000L, 3_000L);
    /**
     * The emulator's pacing of a real org, and its many objects: 30 from 100 to 300,000 rows (at the realistic
     * 10,000 rows/s of Bulk processing a 2,000,000-row object alone takes over three minutes, the set one by one
     * half an hour).
     */
    static final List<String> PACING = List.of("--pace", "realistic");
    static final String DEFAULT_MANY = "30:100-300000";
    static final String MANY_PREFIX = "Bench_";
    static final long DEFAULT_REALISTIC_ROWS = 250_000;
    static final List<Long> DEFAULT_RANGE_JOBS = List.of(2L, 4L);

    /**
     * The wide-object section of a run (issue 13): Account with {@code fields} filled custom fields.
     *
     * @param fields custom fields added to Account (the emulator's {@code --wide Account=fields})
     * @param rows Accounts in the org
     * @param restChanges records changed before {@code regular_api_incremental} (under wide-strategy auto)
     * @param changes the incremental sizes read once in field chunks and once through Bulk, ascending
     * @param only whether the run measures the wide object alone (and updates only its section of the report)
     */
    record Wide(int fields, long rows, long restChanges, List<Long> changes, boolean only) {
    }

    static final String USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar bench [options]",
            "Measures every sync method against the emulator (each sync in its own JVM) next to two references, the",
            "limit (plain HTTP download of the Bulk pages + DuckDB COPY) and the naive pipeline (an exchange and an",
            "INSERT per record), and writes docs/benchmarks.md and docs/benchmarks.png.",
            "  --sizes N,N,...       Account volumes (default 10000,100000,1000000; k and m suffixes allowed)",
            "  --with-5m             add 5,000,000 to the sizes",
            "  --methods M,M,...     sync methods: regular_api_full, bulk_api_full, bulk_api_stage_full and the three",
            "                        *_incremental, or groups: regular, bulk, stage, full, incremental, all (default),",
            "                        none (references only)",
            "  --no-limit            skip the limit reference",
            "  --no-naive            skip the naive reference",
            "  --record-path-cap N   measure bulk_api_full through sfsync-transform up to N rows (default 100000;"
                    + " 0: never)",
            "  --naive-cap N         most rows the naive pipeline moves (default 100000)",
            "  --max-records N       rows per Bulk result page (default 20000, as sfsync.bulk.max-records)",
            "  --change-percent P    rows changed before the incremental cases (default 10)",
            "  --gzip                let the emulator gzip responses (default off: loopback, the same bytes for all)",
            "  --sync-heap SIZE      -Xmx of each measured JVM (default 256m)",
            "  --emulator-heap SIZE  -Xmx of the emulator JVM (default 1g)",
            "  --out DIR             where benchmarks.md and benchmarks.png go (default docs)",
            "  --work DIR            databases, stage files and logs of the run (default data/bench)",
            "  --jfr                 record a Flight Recorder profile of each measured JVM into the work directory",
            "  --keep                keep each case's database and stage files (default: deleted after the case)",
            "Wide object (issue 13; not part of a default run, it moves about 3 GB of CSV per full case):",
            "  --wide FIELDS         after the sizes, measure an Account widened by FIELDS filled custom fields (1 to",
            "                        800): the limit and the selected methods (regular_api_full read in field chunks,",
            "                        regular_api_incremental under wide-strategy auto), then incremental runs read",
            "                        once in field chunks and once through Bulk (chunk vs Bulk, the rule of auto)",
            "  --wide-only           measure the wide object alone (--wide 800 unless given) and replace only the",
            "                        \"Wide object\" section of benchmarks.md (the rest of the report and the chart stay)",
            "  --wide-rows N         Accounts in the wide org (default 100000)",
            "  --wide-rest-changes N records changed before regular_api_incremental on the wide object (default 300)",
            "  --wide-changes N,...  changed records of the chunk-vs-Bulk runs (default 10,100,400,1000,3000)",
            "Production shapes (issue 16; part of a default run), each on an org paced like a real one (--pace realistic):",
            "  --many SPEC           the emulator's --objects spec of the many-objects case (default " + DEFAULT_MANY + ")",
            "  --many-concurrency K  sfsync.runs.max-concurrent of the together run (default 4)",
            "  --realistic-rows N    Accounts of the realistic org's large object (default 250000)",
            "  --range-jobs N,...    Bulk jobs of the Id-range reads (default 2,4)",
            "  --no-scale            skip both; --scale-only: run them alone and replace only their sections",
            SnowflakeBench.Options.USAGE,
            "Example, a quick run: java -jar target/sfsync.jar bench --sizes 10000 --methods bulk --no-scale"
                    + " --no-snowflake",
            "Example, the wide object: java -jar target/sfsync.jar bench --wide-only",
            "Exit status: 0 when every sfsync case and reference ran and no target of the report is missed; 1",
            "otherwise (a peer that fails is a finding, reported in its row, and does not count); 2 on a bad option.");

    /** The measured JVMs' heap cap in bytes. */
    long syncHeapBytes() {
        return heapBytes(syncHeap);
    }

    static long heapBytes(String size) {
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        String digits = Character.isDigit(unit) ? size : size.substring(0, size.length() - 1);
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        return Long.parseLong(digits) << shift;
    }

    static BenchOptions parse(String[] args) {
        List<Long> sizes = new ArrayList<>(DEFAULT_SIZES);
        boolean with5m = false;
        Set<BenchCase> cases = EnumSet.allOf(BenchCase.class);
        boolean limit = true;
        boolean naive = true;
        long naiveCap = 100_000;
        long recordPathCap = 100_000;
        int maxRecords = 20_000;
        int changePercent = 10;
        boolean gzip = false;
        String syncHeap = "256m";
        String emulatorHeap = "1g";
        Path out = Path.of("docs");
        Path work = Path.of("data", "bench");
        boolean jfr = false;
        boolean keep = false;
        int wideFields = 0;
        boolean wideOnly = false;
        long wideRows = DEFAULT_WIDE_ROWS;
        long wideRestChanges = DEFAULT_WIDE_REST_CHANGES;
        List<Long> wideChanges = DEFAULT_WIDE_CHANGES;
        boolean scale = true;
        boolean scaleOnly = false;
        String many = DEFAULT_MANY;
        int manyConcurrency = 4;
        long realisticRows = DEFAULT_REALISTIC_ROWS;
        List<Long> rangeJobs = DEFAULT_RANGE_JOBS;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--sizes" -> sizes = sizes(value(args, ++i, a));
                case "--with-5m" -> with5m = true;
                case "--methods" -> cases = cases(value(args, ++i, a));
                case "--no-limit" -> limit = false;
                case "--no-naive" -> naive = false;
                case "--naive-cap" -> naiveCap = count(a, value(args, ++i, a), 1, Integer.MAX_VALUE);
                case "--record-path-cap" -> recordPathCap = count(a, value(args, ++i, a), 0, Long.MAX_VALUE);
                case "--max-records" -> maxRecords = (int) count(a, value(args, ++i, a), 1, 1_000_000);
                case "--change-percent" -> changePercent = (int) count(a, value(args, ++i, a), 1, 100);
                case "--gzip" -> gzip = true;
                case "--sync-heap" -> syncHeap = heap(a, value(args, ++i, a));
                case "--emulator-heap" -> emulatorHeap = heap(a, value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--work" -> work = Path.of(value(args, ++i, a));
                case "--jfr" -> jfr = true;
                case "--keep" -> keep = true;
                case "--wide" -> wideFields = (int) count(a, value(args, ++i, a), 1, DEFAULT_WIDE_FIELDS);
                case "--wide-only" -> wideOnly = true;
                case "--wide-rows" -> wideRows = count(a, value(args, ++i, a), 1, Integer.MAX_VALUE);
                case "--wide-rest-changes" -> wideRestChanges = count(a, value(args, ++i, a), 1, Integer.MAX_VALUE);
                case "--wide-changes" -> wideChanges = List.copyOf(new TreeSet<>(counts(a, value(args, ++i, a))));
                case "--many" -> many = value(args, ++i, a);
                case "--many-concurrency" -> manyConcurrency = (int) count(a, value(args, ++i, a), 1, 10);
                case "--realistic-rows" -> realisticRows = count(a, value(args, ++i, a), 1, Integer.MAX_VALUE);
                case "--range-jobs" -> rangeJobs = List.copyOf(new TreeSet<>(counts(a, value(args, ++i, a))));
                case "--no-scale" -> scale = false;
                case "--scale-only" -> scaleOnly = true;
                // the Snowflake section's own options (SnowflakeBench.Options)
                case "--snowflake", "--no-snowflake", "--snowflake-only", "--snowflake-with-1m" -> { }
                case "--snowflake-sizes" -> value(args, ++i, a);
                default -> throw new BenchUsageException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        if (with5m && !sizes.contains(FIVE_MILLION)) {
            sizes.add(FIVE_MILLION);
        }
        if (scaleOnly) {
            sizes.clear();
            scale = true;
        }
        if (wideOnly) {
            sizes.clear();
            scale = false;
            wideFields = wideFields == 0 ? DEFAULT_WIDE_FIELDS : wideFields;
        }
        if (cases.isEmpty() && !limit && !naive && wideFields == 0) {
            throw new BenchUsageException("nothing to measure: no method, and both references are off");
        }
        if (wideFields > 0 && wideRestChanges > wideRows) {
            throw new BenchUsageException("--wide-rest-changes must not exceed --wide-rows (" + wideRows + ")");
        }
        Wide wide = wideFields == 0 ? null : new Wide(wideFields, wideRows, wideRestChanges, wideChanges, wideOnly);
        ScaleCases.Settings scales = !scale ? null : new ScaleCases.Settings(PACING, List.of("--objects", many),
                MANY_PREFIX, manyConcurrency, realisticRows, rangeJobs.stream().map(Long::intValue).toList());
        return new BenchOptions(List.copyOf(new TreeSet<>(sizes)), cases, limit, naive, naiveCap, maxRecords,
                changePercent, gzip, syncHeap, emulatorHeap, out, work, jfr, keep,
                "java -jar target/sfsync.jar " + String.join(" ", args), wide, recordPathCap, scales, scaleOnly);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new BenchUsageException(option + " needs a value");
        }
        return args[i];
    }

    private static List<Long> sizes(String list) {
        return counts("--sizes", list);
    }

    private static List<Long> counts(String option, String list) {
        List<Long> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(count(option, s, 1, Integer.MAX_VALUE));
            }
        }
        if (out.isEmpty()) {
            throw new BenchUsageException(option + " needs at least one number, e.g. " + option + " 10000,100000");
        }
        return out;
    }

    /** A count such as {@code 100000}, {@code 100_000}, {@code 100k} or {@code 1m}. */
    static long count(String option, String text, long min, long max) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "");
        long unit = 1;
        if (t.endsWith("k") || t.endsWith("m")) {
            unit = t.endsWith("k") ? 1_000 : 1_000_000;
            t = t.substring(0, t.length() - 1);
        }
        long v;
        try {
            v = Math.multiplyExact(Long.parseLong(t), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BenchUsageException(option + " takes a number such as 100000 or 100k, got '" + text + "'");
        }
        if (v < min || v > max) {
            throw new BenchUsageException(option + " must be between " + min + " and " + max + ", got " + text);
        }
        return v;
    }

    private static Set<BenchCase> cases(String list) {
        Set<BenchCase> out = EnumSet.noneOf(BenchCase.class);
        for (String raw : list.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "" -> { }
                case "all" -> out.addAll(EnumSet.allOf(BenchCase.class));
                case "none" -> { }
                case "full", "incremental" -> EnumSet.allOf(BenchCase.class).stream()
                        .filter(c -> c.full() == name.equals("full")).forEach(out::add);
                case "regular" -> out.addAll(EnumSet.of(BenchCase.REGULAR_API_FULL,
                        BenchCase.REGULAR_API_INCREMENTAL));
                case "bulk" -> out.addAll(EnumSet.of(BenchCase.BULK_API_FULL, BenchCase.BULK_API_INCREMENTAL));
                case "stage" -> out.addAll(EnumSet.of(BenchCase.BULK_API_STAGE_FULL,
                        BenchCase.BULK_API_STAGE_INCREMENTAL));
                default -> {
                    try {
                        out.add(BenchCase.ofWireName(name));
                    } catch (IllegalArgumentException e) {
                        throw new BenchUsageException("--methods: " + e.getMessage() + "; use the method names of"
                                + " SyncResult (bulk_api_full, ...) or regular, bulk, stage, full, incremental, all,"
                                + " none");
                    }
                }
            }
        }
        return out;
    }

    private static String heap(String option, String text) {
        if (!text.matches("[0-9]+[kmgKMG]?")) {
            throw new BenchUsageException(option + " takes a JVM heap size such as 256m or 1g, got '" + text + "'");
        }
        return text;
    }
}
