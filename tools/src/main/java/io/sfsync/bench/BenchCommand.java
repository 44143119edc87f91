package io.sfsync.bench;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code sfsync bench}: runs issue 6's benchmark and writes {@code docs/benchmarks.md} and its chart. */
public final class BenchCommand {
    private BenchCommand() {
    }

    /** Runs the command line {@code args} ({@code args[0]} is {@code bench}); returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        BenchOptions options;
        try {
            for (String a : args) {
                if (a.equals("-h") || a.equals("--help")) {
                    out.println(BenchOptions.USAGE);
                    return 0;
                }
            }
            options = BenchOptions.parse(args);
        } catch (BenchUsageException e) {
            err.println("sfsync bench: " + e.getMessage());
            return 2;
        }
        MachineInfo machine = MachineInfo.current();
        out.printf("Benchmark: sizes %s, methods %s%s%s%s; %d cores, load average %s%n", options.sizes(),
                options.cases().stream().map(BenchCase::wireName).toList(), options.limit() ? ", limit" : "",
                options.naive() ? ", naive" : "", options.wide() == null ? "" : ", wide Account of "
                        + options.wide().fields() + " fields", machine.cores(), machine.loadAverage());
        Benchmark run = new Benchmark(options, out);
        run.run();
        MarkdownReport.write(options.outDir(), options, machine, run, ThroughputChart.FILE);
        if (options.wide() != null && options.wide().only()) {
            out.println("Wrote the wide object's section of " + options.outDir().resolve(MarkdownReport.FILE));
        } else {
            Path chart = options.outDir().resolve(ThroughputChart.FILE);
            ThroughputChart.write(run.measurements(), chart);
            out.println("Wrote " + options.outDir().resolve(MarkdownReport.FILE) + " and " + chart);
        }
        return run.complete() ? 0 : 1;
    }
}
