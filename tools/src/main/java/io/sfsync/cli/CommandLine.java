package io.sfsync.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The options of the one-shot commands ({@code sync}, {@code plan}, {@code history}, {@code status}), parsed with one
 * clear message per mistake (a {@link UsageException}, exit status 2).
 *
 * @param command the command
 * @param objects the OBJECT arguments (sObject API names or stanza ids), in order
 * @param full {@code sync --full}: force a full sync
 * @param json one JSON document on stdout instead of the table
 * @param help {@code --help}: print the command's usage and exit 0
 * @param last {@code history --last N}
 * @param formulas {@code sync --formulas}: refresh the formula fields instead of syncing
 */
record CommandLine(String command, List<String> objects, boolean full, boolean json, boolean help, int last,
        boolean formulas) {

    static final String SYNC_USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar sync [OBJECT...] [--full | --formulas] [--json]",
            "Syncs the objects of config/objects.properties once each (all, or those named: an sObject such as Account",
            "or a stanza id such as sync-account), then exits. One failing object does not stop the others.",
            "  --full      replace each target with a full sync instead of an incremental one",
            "  --formulas  instead of syncing, re-read the formula fields of every record and update only those",
            "              columns (formula values change without moving their records' stamps); the watermark stays",
            "  --json      print one JSON document on stdout (logs go to stderr)",
            "Exit status: 0 every object synced; 1 an object failed or was skipped, or sfsync could not start;",
            "2 usage error.");
    static final String PLAN_USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar plan [OBJECT...] [--json]",
            "Shows what a sync of each configured object (all, or those named) would do, without moving data: full",
            "or incremental, the COUNT() estimate, the method and why, the watermark, and the org's remaining daily",
            "API requests and Bulk jobs. Spends only the limits, describe and COUNT() calls; writes nothing.",
            "  --json   print one JSON document on stdout (logs go to stderr)",
            "Exit status: 0 every object could be planned and would run; 1 otherwise; 2 usage error.");
    static final String HISTORY_USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar history [OBJECT] [--last N] [--json]",
            "Lists the newest sync runs from the history table (SFSYNC_CONTROL.sfsync_history), newest first; OBJECT",
            "(an sObject or SCHEMA.TABLE) keeps only its runs. When `run` holds the DuckDB file, asks it over HTTP.",
            "  --last N   how many runs (default 20, at most 10000)",
            "  --json     print one JSON document on stdout",
            "Exit status: 0 read; 1 neither the warehouse nor the running process could be read; 2 usage error.");
    static final String STATUS_USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar status [--json]",
            "Per target table: sObject, watermark, last run and its outcome, its age, rows, last success, read from",
            "the control tables (SFSYNC_CONTROL.sfsync_state and sfsync_history). When `run` holds the DuckDB file,",
            "asks it over HTTP (GET /sfsync/status on camel.server.host:camel.server.port).",
            "  --json   print one JSON document on stdout",
            "Exit status: 0 read; 1 neither the warehouse nor the running process could be read; 2 usage error.");

    CommandLine {
        objects = List.copyOf(objects);
    }

    /** The usage text of a one-shot command. */
    static String usage(String command) {
        return switch (command) {
            case "sync" -> SYNC_USAGE;
            case "plan" -> PLAN_USAGE;
            case "history" -> HISTORY_USAGE;
            case "status" -> STATUS_USAGE;
            default -> throw new IllegalArgumentException("not a one-shot command: " + command);
        };
    }

    /** Parses {@code args} ({@code args[0]} is the command). */
    /** What a one-shot command does with its parsed command line; returns the exit status. */
    interface Body {
        int run(CommandLine line) throws Exception;
    }

    /**
     * Parses the arguments and runs the command: {@code --help} prints its usage; a failure is also written as the
     * command's JSON document (with {@code --json}) before it ends the command.
     */
    static int run(String[] args, PrintStream out, Body body) throws Exception {
        CommandLine line = parse(args);
        if (line.help()) {
            out.println(usage(line.command()));
            return 0;
        }
        try {
            return body.run(line);
        } catch (Exception e) {
            Output.failure(line, out, e);
            throw e;
        }
    }

    static CommandLine parse(String[] args) {
        String command = args[0];
        List<String> objects = new ArrayList<>();
        boolean full = false;
        boolean formulas = false;
        boolean json = false;
        boolean help = false;
        int last = io.sfsync.app.StatusEndpoint.DEFAULT_LAST;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> help = true;
                case "--json" -> json = true;
                case "--full" -> {
                    require(command.equals("sync"), command, a);
                    full = true;
                }
                case "--formulas" -> {
                    require(command.equals("sync"), command, a);
                    formulas = true;
                }
                case "--last" -> {
                    require(command.equals("history"), command, a);
                    last = Args.intValue("--last", Args.next(args, ++i, "--last"), 1,
                            io.sfsync.app.StatusEndpoint.MAX_LAST);
                }
                default -> {
                    if (a.startsWith("--last=") && command.equals("history")) {
                        last = Args.intValue("--last", a.substring("--last=".length()), 1,
                                io.sfsync.app.StatusEndpoint.MAX_LAST);
                    } else if (a.startsWith("-")) {
                        throw error(command, "unknown option " + a);
                    } else if (a.isBlank()) {
                        throw error(command, "an empty OBJECT argument");
                    } else {
                        objects.add(a.trim());
                    }
                }
            }
        }
        if (!help) {
            if (full && formulas) {
                throw error(command, "--full and --formulas exclude each other: a full sync reads every formula"
                        + " value already");
            }
            if (command.equals("status") && !objects.isEmpty()) {
                throw error(command, "status takes no OBJECT (it shows every target), got " + objects.get(0));
            }
            if (command.equals("history") && objects.size() > 1) {
                throw error(command, "history takes at most one OBJECT, got " + String.join(" ", objects));
            }
        }
        return new CommandLine(command, objects, full, json, help, last, formulas);
    }

    private static void require(boolean allowed, String command, String option) {
        if (!allowed) {
            throw error(command, option + " is not an option of " + command);
        }
    }

    private static UsageException error(String command, String message) {
        return new UsageException(command + ": " + message + "\n" + usage(command));
    }
}
