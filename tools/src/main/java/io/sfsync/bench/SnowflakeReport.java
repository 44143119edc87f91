package io.sfsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Snowflake section of {@code benchmarks.md}: a table per method (a row per size) of what a run sent to Snowflake,
 * the target on COPYs, and how the figures are read. It sits between {@value #START} and {@value #END}; a run
 * without the section keeps the one already in the report.
 */
final class SnowflakeReport {
    static final String START = "## Snowflake's bill";
    static final String END = "<!-- end of the Snowflake section -->";
    private static final String ABOUT_HEADING = "## What is measured";

    private SnowflakeReport() {
    }

    /** One line for the console. */
    static String summary(SnowflakeBillRow r) {
        if (!r.success()) {
            return String.format(Locale.ROOT, "%-27s N = %,d FAILED: %s", r.method(), r.size(), r.note());
        }
        return String.format(Locale.ROOT, "%-27s N = %,d: %,d rows in %.2f s; %d statements, %d COPY (needed %d),"
                + " %d MERGE, %d PUT files, %,d bytes staged, warehouse %.2f s (billed %d s)", r.method(), r.size(),
                r.rows(), r.seconds(), r.statements(), r.copies(), r.copiesNeeded(), r.merges(), r.putFiles(),
                r.bytesStaged(), r.warehouseSeconds(), r.billedSeconds());
    }

    /** The section for a run (markers included). */
    static String section(SnowflakeBench.Result result, String command, MachineInfo machine) {
        StringBuilder b = new StringBuilder(START).append("\n\n");
        b.append("Issue 16: what one run of each method sends to Snowflake, read back the way a Snowflake user reads"
                + " it: `INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER()` for the statements of sfsync's user during the"
                + " run and `COPY_HISTORY()` for the files each COPY loaded (`io.sfsync.snowflakeemulator.RunBill`)."
                + " The runs go into the offline Snowflake through the Snowflake JDBC driver, in one JVM inside a"
                + " network namespace with nothing but loopback (`io.sfsync.bench.SnowflakeBillProbe`, started"
                + " under `unshare`), with an offline org of N Accounts in the same JVM. Full runs start from empty"
                + " tables; then 10 % of the Accounts change and each incremental method runs into the table its full"
                + " method made; `bulk_api_incremental+reconcile_ids` is one more incremental Bulk run after those,"
                + " which also reads every Id (an Id-only Bulk job) and loads them into a table of their own.\n\n");
        b.append(String.format(Locale.ROOT, "- Command: `%s`; %d cores, load average %s\n", command, machine.cores(),
                machine.loadAverage()));
        b.append("- **statements**: every statement of the run (session set-up, metadata, DDL, PUT, COPY, DML,"
                + " transaction control, the run history); **COPYs** with the number needed in brackets (one per table"
                + " loaded per 1,000 files: COPY names at most 1,000 files); **PUT files / MB staged**: what the PUTs"
                + " uploaded (before the driver gzips it); **files copied**: COPY_HISTORY's rows.\n");
        b.append("- **warehouse s**: the elapsed time of the statements that ran on the warehouse (QUERY_HISTORY's"
                + " WAREHOUSE_NAME is set: DML, COPY, SELECTs reading tables or INFORMATION_SCHEMA; DDL, PUT, REMOVE,"
                + " SHOW, USE, ALTER SESSION and transaction control run in Snowflake's cloud services without one),"
                + " on the offline Snowflake (DuckDB on this machine), so a measure of the work, not of Snowflake's"
                + " speed. **billed s**: what that costs if the warehouse resumes once for the run: per second, 60 s"
                + " at least (Snowflake's minimum per resume); runs of several objects in a row share one resume.\n\n");
        if (result.skipped() != null) {
            b.append("Not measured in the last run: ").append(result.skipped()).append(".\n\n");
        }
        Set<String> methods = new LinkedHashSet<>();
        result.rows().forEach(r -> methods.add(r.method()));
        for (String m : methods) {
            b.append("### `").append(m).append("`\n\n");
            b.append("| N | rows | wall s | statements | COPYs (needed) | MERGEs | PUT files | MB staged | files copied"
                    + " | warehouse s | billed s | statements by type |\n");
            b.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (SnowflakeBillRow r : result.rows()) {
                if (r.method().equals(m)) {
                    b.append(row(r)).append('\n');
                }
            }
            b.append('\n');
        }
        b.append("- ").append(Targets.snowflakeCopies(result.rows())).append('\n');
        if (result.note() != null) {
            b.append("- ").append(result.note()).append('\n');
        }
        return b.append('\n').append(END).append('\n').toString();
    }

    static String row(SnowflakeBillRow r) {
        if (!r.success()) {
            return String.format(Locale.ROOT, "| %,d | failed: %s | | | | | | | | | | |", r.size(),
                    r.note().replace("|", "/"));
        }
        return String.format(Locale.ROOT, "| %,d | %,d | %.2f | %d | %d (%d) | %d | %d | %.1f | %d | %.2f | %d | %s |",
                r.size(), r.rows(), r.seconds(), r.statements(), r.copies(), r.copiesNeeded(), r.merges(),
                r.putFiles(), r.bytesStaged() / 1e6, r.copyFiles(), r.warehouseSeconds(), r.billedSeconds(),
                byType(r.byType()));
    }

    private static String byType(Map<String, Long> byType) {
        return byType.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }

    /** {@code report} with {@code section} in place of its Snowflake section, or before "What is measured". */
    static String splice(String report, String section) {
        String body = section.stripTrailing();
        int start = report.indexOf(START);
        int end = report.indexOf(END);
        if (start >= 0 && end > start) {
            return report.substring(0, start) + body + report.substring(end + END.length());
        }
        int about = report.indexOf(ABOUT_HEADING);
        if (about >= 0) {
            return report.substring(0, about) + body + "\n\n" + report.substring(about);
        }
        return report + (report.endsWith("\n\n") || report.isEmpty() ? "" : "\n") + body + "\n";
    }

    /** The Snowflake section of {@code report} (markers included), or null when it has none. */
    static String existing(String report) {
        int start = report.indexOf(START);
        int end = report.indexOf(END);
        return start >= 0 && end > start ? report.substring(start, end + END.length()) : null;
    }

    /** Puts {@code section} (null: nothing) into the report file, creating it when missing. */
    static void write(Path file, String section) throws IOException {
        if (section == null) {
            return;
        }
        String old = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, splice(old, section), StandardCharsets.UTF_8);
    }

    /** The rows as they were measured, for tests. */
    static List<SnowflakeBillRow> rows(String log) {
        return log.lines().map(SnowflakeBillRow::parse).filter(r -> r != null).toList();
    }
}
