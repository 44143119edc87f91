package io.sfsync.cli;

import java.io.PrintStream;

/** Command-line entry point: {@code java -jar target/sfsync.jar <command> [options]}. */
public final class Main {
    static final String USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar <command> [options]",
            "Commands:",
            "  demo [DIR] sync the offline demo org into DuckDB (DIR, default data/demo) and print the results;",
            "             run it again to change some records and sync incrementally;",
            "             --warehouse snowflake: into the offline Snowflake through the real driver (loopback-only",
            "             network needed; data/demo-snowflake)",
            "  run        sync the objects of config/objects.properties on their schedules (camel-main)",
            "  sync [OBJECT...] [--full] [--json]   sync the configured objects (or those named) once, then exit",
            "  plan [OBJECT...] [--json]   what a sync would do (method, estimate, watermark, quota); moves no data",
            "  history [OBJECT] [--last N] [--json]   the newest sync runs from the history table",
            "  status [--json]   per target: watermark, last run and outcome, its age, rows, last success",
            "             (each one-shot command: --help; exit status 0 all succeeded, 1 something failed, 2 usage)",
            "  emulator   run the offline Salesforce demo org (see: emulator --help)",
            "  snowflake-emulator  run the offline Snowflake for the JDBC driver (see: snowflake-emulator --help)",
            "  bench      benchmark the sync methods into docs/benchmarks.md (see: bench --help)",
            "  help       show this text");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "help" : args[0];
        if (command.equals("demo")) {
            // The demo prints its own table; Camel's start-up report would bury it. Set before any logger exists.
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.camel", "warn");
            System.setProperty("org.slf4j.simpleLogger.log.io.sfsync.warehouse", "warn");
        }
        try {
            return switch (command) {
                case "emulator" -> EmulatorCommand.run(args, out, err);
                case "snowflake-emulator" -> SnowflakeEmulatorCommand.run(args, out, err);
                case "demo" -> DemoCommand.run(args, out);
                case "run" -> RunCommand.run(args);
                case "sync", "plan" -> SyncCommand.run(args, out, err);
                case "history", "status" -> ControlTablesCommand.run(args, out, err);
                case "bench" -> io.sfsync.bench.BenchCommand.run(args, out, err);
                case "help", "-h", "--help" -> {
                    out.println(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command '" + command + "'\n" + USAGE);
            };
        } catch (UsageException e) {
            err.println("sfsync: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("sfsync: " + e.getMessage());
            return 1;
        }
    }
}
