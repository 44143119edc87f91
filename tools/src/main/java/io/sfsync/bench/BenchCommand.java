package io.sfsync.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code sfsync bench}: runs issue 6's benchmark and writes {@code docs/benchmarks.md} and its chart. */
public final class BenchCommand {
    private BenchCommand() {
    }

    /** Runs the command line {@code args} ({@code args[0]} is {@code bench}); returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        BenchOptions options;
        SnowflakeBench.Options snowflake;
        try {
            for (String a : args) {
                if (a.equals("-h") || a.equals("--help")) {
                    out.println(BenchOptions.USAGE);
                    return 0;
                }
            }
            options = BenchOptions.parse(args);
            snowflake = SnowflakeBench.Options.parse(args);
        } catch (BenchUsageException e) {
            err.println("sfsync bench: " + e.getMessage());
            return 2;
        }
        MachineInfo machine = MachineInfo.current();
        Path report = options.outDir().resolve(MarkdownReport.FILE);
        if (snowflake.only()) {
            SnowflakeBench.Result sf = SnowflakeBench.run(options, snowflake, out);
            SnowflakeReport.write(report, SnowflakeReport.section(sf, options.command(), machine));
            out.println("Wrote the Snowflake section of " + report);
            return sf.complete() ? 0 : 1;
        }
        out.printf("Benchmark: sizes %s, methods %s%s%s%s; %d cores, load average %s%n", options.sizes(),
                options.cases().stream().map(BenchCase::wireName).toList(), options.limit() ? ", limit" : "",
                options.naive() ? ", naive" : "", options.wide() == null ? "" : ", wide Account of "
                        + options.wide().fields() + " fields", machine.cores(), machine.loadAverage());
        Benchmark run = new Benchmark(options, out);
        run.run();
        SnowflakeBench.Result sf = snowflake.enabled() ? SnowflakeBench.run(options, snowflake, out) : null;
        String kept = Files.exists(report) ? SnowflakeReport.existing(Files.readString(report)) : null;
        MarkdownReport.write(options.outDir(), options, machine, run, ThroughputChart.FILE);
        SnowflakeReport.write(report, sf != null ? SnowflakeReport.section(sf, options.command(), machine) : kept);
        if (options.wide() != null && options.wide().only()) {
            out.println("Wrote the wide object's section of " + options.outDir().resolve(MarkdownReport.FILE));
        } else {
            Path chart = options.outDir().resolve(ThroughputChart.FILE);
            ThroughputChart.write(run.measurements(), chart);
            out.println("Wrote " + options.outDir().resolve(MarkdownReport.FILE) + " and " + chart);
        }
        long missed = MarkdownReport.missedTargets(Files.readString(report));
        if (missed > 0) {
            out.println(missed + (missed == 1 ? " target" : " targets") + " missed: see *Targets* in " + report);
        }
        return run.complete() && (sf == null || sf.complete()) && missed == 0 ? 0 : 1;
    }
}
