package io.sfsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a run as {@code benchmarks.md}: the machine, the command, the table, the targets, and how to read them. */
final class MarkdownReport {
    static final String FILE = "benchmarks.md";

    private static final String ABOUT = """
            ## What is measured

            `java -jar target/sfsync.jar bench` (code: `src/main/java/io/sfsync/bench/`) starts the offline org in a
            JVM of its own (`io.sfsync.cli.Main emulator --port 0 --volume Account=N --bulk-delay 0 --no-gzip`,
            `-Xmx1g`) and then runs every case, one after the other, in a JVM of its own with `-Xmx256m`:

            - **the six sync methods**: camel-main with sfsync's configuration and routes (`SfsyncRuntime`), the
              salesforce component pointed at the emulator with its demo credentials, a fresh DuckDB file, and
              `IntelligentSync` with thresholds that force the method. Full cases start from an empty warehouse;
              before the incremental cases, 10 % of the Accounts get a user change, spread over the table (`POST
              /_emulator/sobjects/Account/changes`: a new Description, both stamps move), and each incremental case
              runs on a copy of a fully synced database. The regular API is only run where it reads at most 100,000
              rows.
            - **the pipelined limit**: the same SOQL as a Bulk API 2.0 job over a plain `java.net.http` client; each
              result page (same `maxRecords`) is written to a file unparsed, and a second thread loads the pages into
              a pre-created all-VARCHAR DuckDB table while the next ones download (every page landed since its last
              load in one `read_csv`, all in one transaction committed at the end). Nothing else: no parsing, no
              typing, no MERGE, no history. Its time is the longer of the two streams plus what cannot
              overlap (the job, the first download, the last COPY); its note gives both streams' own times and
              their sum, which is what the two would take one after the other.
            - **the CPU bound**: the CPU seconds the pipelined limit and the org spent, over the cores. On these
              cores no pipeline that moves the same bytes can be faster; a case near it is CPU-bound, one far
              above it waits (for the org, the disk, or itself).
            - **the record-level path** (`bulk_api_full+transform`, at every N up to `--record-path-cap`, 100,000 by
              default): `bulk_api_full` again with a route `sfsync-transform` that masks `Phone` in every record and
              drops none, so that each page is parsed, split into records, passed through the route and aggregated
              again before the load; what editing records in YAML costs next to the fast path, which loads pages
              unparsed.
            - **the naive pipeline** of the original guide's "before" section: REST `queryAll`/`queryMore` pages,
              one Camel exchange per record and one JDBC `INSERT` (autocommit) per exchange, capped at 100,000 rows.
              Capped, it reads the same rows at every N above the cap, so it is measured once, at the first such N,
              and that measurement stands for the larger ones.
            - **the peers** (issue 16), next to the limit at every N: what a user would pick instead of sfsync, each
              loading as its users would. *peer: jsforce bulk2.query*: a Node script with jsforce 3.10.26 (OAuth
              password login, `conn.bulk2.query` with `scanAll`, its records written to one CSV file with
              csv-stringify, the repeated page header rows dropped); *peer: sf data export bulk*: the Salesforce CLI
              2.150.6 (`sf data export bulk --all-rows`, logged in beforehand with `sf org login access-token`, not
              measured), telemetry and update checks off. Then one DuckDB `COPY` into an all-VARCHAR table. Same
              SOQL; neither lets the page size be set, so both read the org's default pages. Wall time from the
              Node process's start (login included for jsforce) to the end of the COPY; the peak heap column shows
              the Node process's peak resident memory (VmHWM), CPU is Node's plus the COPY's. Installed with npm
              into the work directory (`peers/`, kept); skipped with one line without `node` and `npm`.

            Columns of the table:

            - **rows read**: N for full cases; for incremental cases the changed rows (plus the rows at the old
              watermark, which are read again by design); for the naive pipeline at most the cap.
            - **wall s**: the measured work inside the case's JVM, from the first Salesforce call to the end of the
              commit (the `sync` call; JVM start-up, Camel start-up and login are not included).
            - **vs limit**, **vs CPU bound**: the reference's rows/s divided by the case's (1.00x = as fast as it;
              for full cases it is the ratio of the wall times). Incremental cases are compared with the same
              references: they also MERGE into an N-row table, which the limit does not do, and spread a run's fixed
              cost (quota check, describe, COUNT(), job creation, the first poll after
              `sfsync.bulk.poll-initial-ms`) over a tenth of the rows.
            - **vs naive**: the case's rows/s divided by the naive pipeline's at the same N.
            - **CPU s**: CPU time of the case's JVM (all threads, DuckDB's native ones included) and of the
              emulator's JVM during the case. A case whose CPU is well below its wall time was waiting, mostly for the
              org; the org's CPU is what generating and serving the data cost, which no sync can avoid.
            - **peak heap**: the most heap in use at once in the case's JVM: the heap in use when each garbage
              collection started (the heap's highest points), or at the end if higher. The collector lets the heap
              fill towards `-Xmx` before it collects, so this shows how much of the 256 MiB was used, not needed;
              **live heap** is the most heap any garbage collection left in use, the memory the case really
              held. A case that needs more than `-Xmx256m` fails with `OutOfMemoryError` and is shown as failed.
            - **API calls**: what the case counted itself (a sync: `SyncResult.api_calls`; a reference: the calls
              of its measured work) / what the emulator counted (`DailyApiRequests` drawn while the case's JVM ran,
              describe and job deletion included; login is not an API call) / the budget
              `ceil(rows / maxRecords) + 10` for Bulk syncs.

            Logs of every JVM (with timestamps: where the time goes) are kept under the work directory
            (`data/bench/n<N>/<case>.log`); `--jfr` also records a Flight Recorder profile next to each log.
            What was tuned, and the measurements behind each choice: [tuning.md](tuning.md).

            ## Running it

            ```bash
            mvn -q -B package -DskipTests
            java -jar target/sfsync.jar bench                                  # N = 10,000, 100,000 and 1,000,000
            java -jar target/sfsync.jar bench --with-5m                        # also 5,000,000
            java -jar target/sfsync.jar bench --sizes 10000 --methods bulk --no-scale --no-snowflake  # quick
            java -jar target/sfsync.jar bench --scale-only                     # many objects, the realistic org
            java -jar target/sfsync.jar bench --wide-only                      # the 800-field Account alone
            java -jar target/sfsync.jar bench --snowflake-only                 # Snowflake's bill (loopback-only namespace)
            java -jar target/sfsync.jar bench --help                           # every option
            ```

            Run it on a quiet machine: every case competes with the emulator for the same cores, and anything else
            running shows up in the numbers (the load average at the start is recorded above).
            """;

    private MarkdownReport() {
    }

    /** Where the wide object's section begins; it ends at {@value #WIDE_END}. */
    static final String WIDE_START = "## Wide object";
    static final String WIDE_END = "<!-- end of the wide object's section -->";
    private static final String ABOUT_HEADING = "## What is measured";
    /** Where the production shapes' sections (many objects, the realistic org) begin and end. */
    static final String SCALE_START = "<!-- production shapes: bench --scale-only regenerates them alone -->";
    static final String SCALE_END = "<!-- end of the production shapes -->";

    /**
     * Writes the report. A run with the wide object writes its section; a run without it keeps the section of the
     * report already there; a {@code --wide-only} run replaces that section alone and leaves the rest as it was.
     */
    static void write(Path dir, BenchOptions options, MachineInfo machine, Benchmark run, String chartFile)
            throws IOException {
        Path file = dir.resolve(FILE);
        String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        String wide = options.wide() != null ? wideSection(options, machine, run) : existingWide(old);
        boolean sectionOnly = options.wide() != null && options.wide().only() || options.scaleOnly();
        String report = sectionOnly && !old.isEmpty() ? old : report(options, machine, run, chartFile);
        String scale = run.scale() != null ? SCALE_START + "\n" + ScaleReport.markdown(run.scale(), options.syncHeap(),
                machine) + SCALE_END : section(old, SCALE_START, SCALE_END);
        if (scale != null) {
            report = splice(report, SCALE_START, SCALE_END, scale);
        }
        Files.createDirectories(dir);
        Files.writeString(file, wide == null ? report : splice(report, wide), StandardCharsets.UTF_8);
    }

    /** {@code report} with {@code section} in place of its wide-object section, or before "What is measured". */
    static String splice(String report, String section) {
        return splice(report, WIDE_START, WIDE_END, section);
    }

    /** {@code report} with {@code section} in place of the one from {@code from} to {@code to}, or before the end. */
    static String splice(String report, String from, String to, String section) {
        String body = section.stripTrailing();
        int start = report.indexOf(from);
        int end = report.indexOf(to);
        if (start >= 0 && end > start) {
            return report.substring(0, start) + body + report.substring(end + to.length());
        }
        int about = report.indexOf(ABOUT_HEADING);
        if (about >= 0) {
            return report.substring(0, about) + body + "\n\n" + report.substring(about);
        }
        return report + (report.endsWith("\n\n") || report.isEmpty() ? "" : "\n") + body + "\n";
    }

    /** The wide-object section of {@code report} (markers included), or null when it has none. */
    static String existingWide(String report) {
        return section(report, WIDE_START, WIDE_END);
    }

    /** The section of {@code report} from {@code from} to {@code to} (both included), or null when it has none. */
    static String section(String report, String from, String to) {
        int start = report.indexOf(from);
        int end = report.indexOf(to);
        return start >= 0 && end > start ? report.substring(start, end + to.length()) : null;
    }

    /** The targets a report marks missed (its bullets that start {@code - **missed**}), in every section. */
    static long missedTargets(String report) {
        return report.lines().filter(l -> l.startsWith("- **missed**")).count();
    }

    static String wideSection(BenchOptions options, MachineInfo machine, Benchmark run) {
        BenchOptions.Wide w = options.wide();
        List<Measurement> all = new ArrayList<>(run.wide());
        all.addAll(run.comparisonRuns());
        Targets targets = new Targets(List.of(), options.maxRecords(), options.syncHeapBytes(), all);
        StringBuilder b = new StringBuilder(4_096);
        b.append(WIDE_START).append(String.format(Locale.ROOT, " (%d fields)\n\n", w.fields()));
        b.append(String.format(Locale.ROOT, "Issue 13: Account widened by %d filled custom fields (the emulator's"
                + " `--wide Account=%d`; [wide-objects.md](wide-objects.md)), %,d rows, the emulator's default Bulk"
                + " timing (a job is 50 ms queued and 150 ms in progress; a real org's queue adds seconds to minutes"
                + " to every Bulk job). Each sync in its own JVM with `-Xmx%s`, next to the limit measured on the"
                + " same wide data in the same run.\n\n", w.fields(), w.fields(), w.rows(), options.syncHeap()));
        b.append(String.format(Locale.ROOT, "- Machine: %d cores, %s RAM, %s; load average at the start %s; %s%n",
                machine.cores(), machine.ram(), machine.java(), machine.loadAverage(), machine.date()));
        b.append("- Command: `").append(options.command()).append("`\n");
        b.append("- Data: ").append(run.wideColumns() == null ? "Account" : run.wideColumns())
                .append(String.format(Locale.ROOT, "; %,.0f bytes of Bulk CSV per row (measured by the warm-up);"
                        + " the limit's Bulk pages of %,d rows; sfsync's pages sized by `sfsync.bulk.page-bytes`\n",
                        run.wideCsvBytesPerRow(), options.maxRecords()));
        b.append("- `regular_api_full` is forced into field chunks joined by Id (`sfsync.rest.wide-strategy=chunk`,"
                + " thresholds raised); `regular_api_incremental` runs under `auto` after ")
                .append(String.format(Locale.ROOT, "%,d", w.restChanges())).append(" changed records and must"
                        + " stay REST; the Bulk incremental cases read ").append(options.changePercent())
                .append(" % of the rows changed since the full sync.\n\n");
        b.append("| case | rows read | wall s | rows/s | MB/s of CSV | vs limit | API calls (run / emulator) | pages"
                + " | peak heap MiB | live heap MiB | result |\n");
        b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Measurement m : run.wide()) {
            b.append(wideRow(m, run.wideCsvBytesPerRow(), targets)).append('\n');
        }
        b.append("\n- ").append(targets.wideHeapLine()).append("\n\n");
        b.append("### Chunk vs Bulk: the rule of `sfsync.rest.wide-strategy=auto`\n\n");
        b.append("Incremental runs of the wide Account: the same changed records read three times from copies of"
                + " the same synced table, forced into field chunks (`chunk`), forced into Bulk (`bulk`), and as"
                + " `auto` decides (chunk when chunks x pages <= a Bulk job's estimated calls), with"
                + " `sfsync.overlap-seconds=0` so that each size reads its own changes alone. Chunk and Bulk take"
                + " turns, " + Benchmark.COMPARISON_RUNS + " runs each; the table shows the faster run of each"
                + " (auto: one run). API calls as the run counted them (`SyncResult.api_calls`), pages as it read"
                + " them (a chunked read counts each chunk's pages); wall time of the `sync` call, and read time:"
                + " the wall time less the commit (`commit took X s` in the run's log), the same MERGE of the same"
                + " rows into the same table either way. Faster is decided by read time.\n\n");
        b.append(ChunkVsBulk.header()).append('\n');
        for (ChunkVsBulk c : run.chunkVsBulk()) {
            b.append(c.row()).append('\n');
        }
        b.append('\n').append(WIDE_END).append('\n');
        return b.toString();
    }

    /** One row of the wide table: MB/s is the row count times the warm-up's CSV bytes per row, per second. */
    static String wideRow(Measurement m, double csvBytesPerRow, Targets targets) {
        return String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %.1f | %s | %s / %s | %s | %s | %s | %s |",
                m.isReference() ? "*" + m.label() + "*" : "`" + m.label() + "`", m.rows(), m.seconds(),
                m.rowsPerSecond(), m.megabytesPerSecond(csvBytesPerRow),
                m.label().equals(Measurement.LIMIT) ? "1.00x" : factor(targets.wideVsLimit(m), "%.2fx"),
                m.apiCalls() < 0 ? "-" : m.apiCalls(), m.emulatorApiCalls() < 0 ? "-" : m.emulatorApiCalls(),
                m.pages() < 0 ? "-" : m.pages(), mib(m.peakHeapBytes()), mib(m.liveHeapBytes()),
                (m.success() ? "ok: " : "**FAILED**: ") + cell(m.note()));
    }

    private static String report(BenchOptions options, MachineInfo machine, Benchmark run, String chartFile) {
        Targets targets = new Targets(run.measurements(), options.maxRecords(), options.syncHeapBytes());
        StringBuilder b = new StringBuilder(8_192);
        b.append("# Benchmarks\n\n");
        b.append("Issue 6's benchmark harness: every sync method against the offline org, next to the limit and the"
                + " naive pipeline. Generated by the command below; see *What is measured* for the columns.\n\n");
        b.append("## Latest run\n\n");
        b.append(String.format(Locale.ROOT, "- Machine: %d cores (`nproc`), %s RAM, %s, %s; load average at the"
                + " start %s\n", machine.cores(), machine.ram(), machine.java(), machine.os(),
                machine.loadAverage()));
        b.append("- Date: ").append(machine.date()).append('\n');
        b.append("- Command: `").append(options.command()).append("`\n");
        b.append("- Data: ").append(run.columns() == null ? "Account" : run.columns())
                .append(String.format(Locale.ROOT, "; Bulk pages of %,d rows; responses %s; %d %% of the rows"
                        + " changed before the incremental cases; measured JVMs `-Xmx%s`, emulator `-Xmx%s`\n",
                        options.maxRecords(), options.gzip() ? "gzipped" : "not compressed",
                        options.changePercent(), options.syncHeap(), options.emulatorHeap()));
        b.append("\n![rows/s against N, per method, with the limit](").append(chartFile).append(")\n\n");
        table(b, run.measurements(), targets);
        timeSplits(b, run);
        b.append("\n### Targets\n\n");
        for (String line : targets.lines()) {
            b.append("- ").append(line).append('\n');
        }
        if (!run.notes().isEmpty()) {
            b.append("\n### Notes\n\n");
            for (String note : run.notes()) {
                b.append("- ").append(note).append('\n');
            }
        }
        b.append('\n').append(ABOUT);
        return b.toString();
    }

    private static void table(StringBuilder b, List<Measurement> all, Targets targets) {
        b.append("| case | N | rows read | wall s | rows/s | vs limit | vs CPU bound | vs naive | CPU s (case / org)"
                + " | peak heap MiB | live heap MiB | API calls (run / emulator / budget) | result |\n");
        b.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Measurement m : all) {
            boolean bulkSync = !m.isReference() && (m.isRecordPath() || BenchCase.ofWireName(m.label()).bulk());
            b.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.2f | %,.0f | %s | %s | %s | %s / %s | %s | %s"
                    + " | %s / %s / %s | %s |\n",
                    m.isReference() ? "*" + m.label() + "*" : "`" + m.label() + "`", m.size(), m.rows(),
                    m.seconds(), m.rowsPerSecond(),
                    m.label().equals(Measurement.LIMIT) ? "1.00x" : factor(targets.vsLimit(m), "%.2fx"),
                    m.label().equals(Measurement.CPU_BOUND) ? "1.00x" : factor(targets.vsCpuBound(m), "%.2fx"),
                    m.label().equals(Measurement.NAIVE) ? "1.0x" : factor(targets.vsNaive(m), "%.1fx"),
                    seconds(m.cpuSeconds()), seconds(m.orgCpuSeconds()),
                    mib(m.peakHeapBytes()), mib(m.liveHeapBytes()), m.apiCalls() < 0 ? "-" : m.apiCalls(),
                    m.emulatorApiCalls() < 0 ? "-" : m.emulatorApiCalls(),
                    bulkSync ? targets.apiBudget(m.rows()) : "-",
                    (m.success() ? "ok: " : "**FAILED**: ") + cell(m.note())));
        }
    }

    /** Where the full Bulk cases' time went at the target size (or the largest size they ran at below it). */
    private static void timeSplits(StringBuilder b, Benchmark run) {
        long n = run.measurements().stream().filter(m -> m.label().equals(BenchCase.BULK_API_FULL.wireName())
                && m.size() <= Targets.TARGET_SIZE && run.split(m.label(), m.size()) != null)
                .mapToLong(Measurement::size).max().orElse(-1);
        if (n < 0) {
            return;
        }
        b.append(String.format(Locale.ROOT, "\n### Where the time goes at N = %,d%n%n", n));
        b.append("From each run's timeline (its debug log): the plan (quota, describe, watermark, `COUNT()`, the run"
                + " slot), the Bulk job (creation and polls), the download (first to last page, each page written as"
                + " it arrives), and what follows the last page (the load's commit, state and history). The JVM's"
                + " and Camel's start come before the measured wall time.\n\n");
        b.append("| case | JVM + Camel start s | plan s | Bulk job s | download s | after the last page s | wall s"
                + " |\n|---|--:|--:|--:|--:|--:|--:|\n");
        for (Measurement m : run.measurements()) {
            TimeSplit t = m.size() == n ? run.split(m.label(), n) : null;
            if (t != null) {
                b.append(String.format(Locale.ROOT, "| `%s` | %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", m.label(),
                        t.startup() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", t.startup()), t.plan(),
                        t.jobWait(), t.download(), t.afterLastPage(), m.seconds()));
            }
        }
        run.measurements().stream().filter(m -> m.label().equals(Measurement.LIMIT) && m.size() == n).findFirst()
                .ifPresent(l -> b.append(String.format(Locale.ROOT, "%nThe pipelined limit at the same N: %.2f s"
                        + " (%s).%n", l.seconds(), cell(l.note()))));
    }

    private static String factor(double x, String format) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, format, x);
    }

    private static String seconds(double s) {
        return s < 0 ? "-" : String.format(Locale.ROOT, "%.1f", s);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : Long.toString(Benchmark.mib(bytes));
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }
}
