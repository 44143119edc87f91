package io.sfsync.bench;

import java.util.List;
import java.util.Locale;

/** The report's sections of {@link ScaleCases}: many objects, and the realistic org's one large object. */
final class ScaleReport {
    /** Together at least this many times faster than one by one (issue 16). */
    static final double MANY_SPEEDUP = 1.6;

    private ScaleReport() {
    }

    static String markdown(ScaleCases scale, String syncHeap, MachineInfo machine) {
        StringBuilder b = new StringBuilder(4_096);
        ScaleCases.Settings s = scale.settings();
        b.append(String.format(Locale.ROOT, "Measured %s on %d cores, %s RAM; load average at the start %s.%n%n",
                machine.date(), machine.cores(), machine.ram(), machine.loadAverage()));
        if (!scale.many().isEmpty()) {
            b.append("## Many objects\n\n");
            b.append(String.format(Locale.ROOT, "%d objects of very different sizes (%,d rows in all; the emulator's"
                    + " `%s`) synced by one sfsync process into DuckDB, each object into a table of its own, with the"
                    + " product's own decision per object. *together*: every run is started at once, as a schedule"
                    + " whose crons fire together starts them, and `sfsync.runs.max-concurrent = %d` bounds them"
                    + " (docs/tuning.md, *Many objects*); *one by one*: the same runs one after the other in the same"
                    + " process. The org paces its answers like a real one (`%s`, [emulator-pacing.md]"
                    + "(emulator-pacing.md)) and enforces Salesforce's concurrency limits (query cursors, concurrent"
                    + " long requests); every call it refused is counted in the result. One JVM with `-Xmx%s` per"
                    + " case.\n\n", scale.objectNames().size(), scale.manyRows(),
                    String.join(" ", s.objects()), s.maxConcurrent(), String.join(" ", s.pacing()), syncHeap));
            b.append("| case | rows | wall s | rows/s | CPU s (case / org) | peak heap MiB | live heap MiB | API calls"
                    + " (run / emulator) | result |\n|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
            for (Measurement m : scale.many()) {
                row(b, m);
            }
            b.append('\n').append("- ").append(manyTarget(scale)).append("\n\n");
        }
        if (!scale.realistic().isEmpty()) {
            b.append("## Realistic org: one large object, one Bulk job or several\n\n");
            b.append(String.format(Locale.ROOT, "%,d Accounts on an org that paces like a real one (`%s`). The"
                    + " pipelined limit with one Bulk job, then with several jobs over disjoint Id ranges read at once"
                    + " (the first and last Id by two REST queries split the record numbers evenly, as Salesforce's PK"
                    + " chunking does), then sfsync's two full Bulk methods, which use one job.\n\n",
                    s.realisticRows(), String.join(" ", s.pacing())));
            b.append("| case | rows | wall s | rows/s | vs 1 job | CPU s (case / org) | peak heap MiB | API calls"
                    + " (run / emulator) | result |\n|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
            Measurement one = ScaleCases.find(scale.realistic(), ScaleCases.ONE_JOB);
            for (Measurement m : scale.realistic()) {
                b.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s | %s / %s | %s | %s / %s | %s"
                        + " |\n", label(m), m.rows(), m.seconds(), m.rowsPerSecond(), one == null || m.seconds() <= 0
                                ? "-" : String.format(Locale.ROOT, "%.2fx", m.seconds() / one.seconds()),
                        seconds(m.cpuSeconds()), seconds(m.orgCpuSeconds()), mib(m.peakHeapBytes()),
                        calls(m.apiCalls()), calls(m.emulatorApiCalls()), result(m)));
            }
            b.append('\n').append("- ").append(rangesVerdict(scale.realistic())).append("\n\n");
        }
        for (String note : scale.notes()) {
            b.append("- ").append(note).append('\n');
        }
        return b.toString();
    }

    /** The target line of the many-objects case. */
    static String manyTarget(ScaleCases scale) {
        String target = String.format(Locale.ROOT, "the %d objects together at least %sx faster than one by one, on"
                + " %d cores, within the org's concurrency limits", scale.objectNames().size(), MANY_SPEEDUP,
                Runtime.getRuntime().availableProcessors());
        double x = scale.speedup();
        if (Double.isNaN(x)) {
            return "**not measured** " + target + (scale.many().isEmpty() ? "" : ": a case failed");
        }
        boolean withinLimits = !scale.refused(ScaleCases.MANY_TOGETHER);
        return (x >= MANY_SPEEDUP && withinLimits ? "**met** " : "**missed** ") + target + String.format(Locale.ROOT,
                ": %.2fx, %s", x, withinLimits ? "the org refused no call" : "the org refused calls (see the table)");
    }

    /** Whether several Id-range jobs beat one: the fastest of them against one job, in time and API calls. */
    static String rangesVerdict(List<Measurement> realistic) {
        Measurement one = ScaleCases.find(realistic, ScaleCases.ONE_JOB);
        Measurement best = realistic.stream().filter(m -> m.success() && m.label().contains("Id-range"))
                .min(java.util.Comparator.comparingDouble(Measurement::seconds)).orElse(null);
        if (one == null || best == null) {
            return "Id-range jobs: not measured";
        }
        double x = best.seconds() / one.seconds();
        long moreCalls = best.emulatorApiCalls() - one.emulatorApiCalls();
        boolean wins = x < 0.9 && moreCalls <= 0;
        return String.format(Locale.ROOT, "Id-range jobs: the fastest (%s) took %.2fx the time of one job and %d %s"
                + " API calls; %s", best.label().replace("pipelined limit, ", ""), x, Math.abs(moreCalls),
                moreCalls >= 0 ? "more" : "fewer", wins ? "it wins on both, so sfsync should read large objects that"
                        + " way" : "sfsync keeps one job per run: the split must win by more than a tenth and cost"
                        + " no more API calls to be worth its extra jobs (each is a create, polls and a delete, and"
                        + " counts against the daily Bulk job allocation)");
    }

    private static void row(StringBuilder b, Measurement m) {
        b.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s / %s | %s | %s | %s / %s | %s |\n",
                label(m), m.rows(), m.seconds(), m.rowsPerSecond(), seconds(m.cpuSeconds()),
                seconds(m.orgCpuSeconds()), mib(m.peakHeapBytes()), mib(m.liveHeapBytes()), calls(m.apiCalls()),
                calls(m.emulatorApiCalls()), result(m)));
    }

    private static String label(Measurement m) {
        return m.label().contains("_api_") ? "`" + m.label() + "`" : "*" + m.label() + "*";
    }

    private static String result(Measurement m) {
        return (m.success() ? "ok: " : "**FAILED**: ") + (m.note() == null ? "" : m.note().replace("|", "\\|")
                .replace("\n", " "));
    }

    private static String seconds(double s) {
        return s < 0 ? "-" : String.format(Locale.ROOT, "%.1f", s);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : Long.toString(Benchmark.mib(bytes));
    }

    private static String calls(long n) {
        return n < 0 ? "-" : Long.toString(n);
    }
}
