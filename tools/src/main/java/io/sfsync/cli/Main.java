package io.sfsync.cli;

import io.sfsync.app.ConfigSources;
import io.sfsync.app.StartupException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

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
            "  sync [OBJECT...] [--full | --formulas] [--json]   sync the configured objects (or those named) once, or"
                    + " refresh their formula fields, then exit",
            "  plan [OBJECT...] [--json]   what a sync would do (method, estimate, watermark, quota); moves no data",
            "  history [OBJECT] [--last N] [--json]   the newest sync runs from the history table",
            "  status [--json]   per target: watermark, last run and outcome, its age, rows, last success",
            "  reverse SOBJECT --key FIELD (--table S.T | --query SQL) [--dry-run] [--json]   write warehouse rows",
            "             into Salesforce: upsert by an external id, or update by Id (see: reverse --help)",
            "             (each one-shot command: --help; exit status 0 all succeeded, 1 something failed, 2 usage)",
            "  config     show the configuration as sfsync reads it, each key with its source (secrets masked)",
            "  health     ask the running sfsync whether it is ready (exit 0) or not (1): for container health checks",
            "  emulator   run the offline Salesforce demo org (see: emulator --help)",
            "  snowflake-emulator  run the offline Snowflake for the JDBC driver (see: snowflake-emulator --help)",
            "  bench      benchmark the sync methods into docs/benchmarks.md (see: bench --help)",
            "  help       show this text",
            "Options of every command that reads the configuration:",
            "  --config DIR     read application.properties and objects.properties from DIR (default: config/)",
            "  --profile NAME   also read DIR/application-NAME.properties over them",
            "Environment variables override keys: CAMEL_COMPONENT_SALESFORCE_CLIENTID, SFSYNC_BULK_API_THRESHOLD, ...",
            "Exit status: 0 success, 1 failure, 2 usage or configuration error.");

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] arguments, PrintStream out, PrintStream err) {
        String[] args;
        try {
            args = globalOptions(arguments);
        } catch (UsageException e) {
            err.println("sfsync: " + e.getMessage());
            return 2;
        }
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
                case "reverse" -> ReverseCommand.run(args, out);
                case "config" -> ConfigCommand.run(args, out);
                case "health" -> HealthCommand.run(args, out, err);
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
        } catch (StartupException e) {
            e.problems().forEach(p -> err.println("sfsync: " + p));
            return e.configuration() ? 2 : 1;
        } catch (Exception e) {
            err.println("sfsync: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Takes {@code --config DIR} and {@code --profile NAME} out of the arguments, wherever they stand, and hands them
     * to the configuration loader as the system properties it reads first.
     */
    static String[] globalOptions(String[] args) {
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String key = a.equals("--config") || a.startsWith("--config=") ? ConfigSources.CONFIG_DIR
                    : a.equals("--profile") || a.startsWith("--profile=") ? ConfigSources.PROFILE : null;
            if (key == null) {
                rest.add(a);
                continue;
            }
            String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : Args.next(args, ++i, option);
            if (value.isBlank()) {
                throw new UsageException(option + " needs a value");
            }
            System.setProperty(key, value);
        }
        return rest.toArray(String[]::new);
    }
}
