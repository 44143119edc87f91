package io.sfsync.cli;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.app.SfsyncRuntime;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;

/**
 * {@code sfsync reverse SOBJECT --key FIELD (--table SCHEMA.TABLE | --query SQL) [--failures-table SCHEMA.TABLE]
 * [--bulk-threshold N] [--dry-run] [--json]}: camel-main started as {@code sync} starts it (no scheduled routes), one
 * reverse sync sent to {@code direct:sfsync-reverse}, its result printed.
 */
final class ReverseCommand {
    static final String USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar reverse SOBJECT --key FIELD (--table SCHEMA.TABLE | --query SQL)",
            "           [--failures-table SCHEMA.TABLE] [--bulk-threshold N] [--dry-run] [--json]",
            "Writes the rows of a warehouse table or query into SOBJECT: upserts by FIELD (an External ID field), or",
            "updates by Id when FIELD is Id. Columns are named after the fields they write (any case); a column that",
            "is not a writable field stops the run before anything is sent. Fewer rows than sfsync.reverse.bulk-threshold",
            "go through sObject Collections, more through Bulk API 2.0 ingest jobs. Rows Salesforce refuses land in",
            "the failures table (default: the source table's name + sfsync.reverse.failures-suffix) with its error.",
            "  --key FIELD              the external id field to upsert on, or Id to update",
            "  --table SCHEMA.TABLE     the rows to write (or --query)",
            "  --query SQL              a SELECT in the warehouse's SQL giving the rows (or --table)",
            "  --failures-table S.T     where refused rows land",
            "  --bulk-threshold N       this run's threshold instead of sfsync.reverse.bulk-threshold",
            "  --dry-run                look the keys up and count inserts and updates; write nothing",
            "  --json                   print one JSON document on stdout (logs go to stderr)",
            "Exit status: 0 every row written (or a dry run); 1 a row was refused or the run failed; 2 usage error.");

    private ReverseCommand() {
    }

    /** The parsed arguments. */
    record Options(String sobject, String key, String table, String query, String failuresTable, Long bulkThreshold,
            boolean dryRun, boolean json, boolean help) {
        /** The request headers of {@code direct:sfsync-reverse}. */
        Map<String, Object> headers() {
            Map<String, Object> h = new HashMap<>();
            h.put(SyncHeaders.SOBJECT, sobject);
            h.put(SyncHeaders.REVERSE_KEY, key);
            if (table != null) {
                h.put(SyncHeaders.REVERSE_TABLE, table);
            }
            if (query != null) {
                h.put(SyncHeaders.REVERSE_QUERY, query);
            }
            if (failuresTable != null) {
                h.put(SyncHeaders.REVERSE_FAILURES_TABLE, failuresTable);
            }
            if (bulkThreshold != null) {
                h.put(SyncHeaders.REVERSE_BULK_THRESHOLD, bulkThreshold);
            }
            h.put(SyncHeaders.REVERSE_DRY_RUN, String.valueOf(dryRun));
            return h;
        }
    }

    static Options parse(String[] args) {
        String sobject = null;
        String key = null;
        String table = null;
        String query = null;
        String failures = null;
        Long threshold = null;
        boolean dryRun = false;
        boolean json = false;
        boolean help = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--help", "-h" -> help = true;
                case "--json" -> json = true;
                case "--dry-run" -> dryRun = true;
                case "--key" -> key = Args.next(args, ++i, a);
                case "--table" -> table = Args.next(args, ++i, a);
                case "--query" -> query = Args.next(args, ++i, a);
                case "--failures-table" -> failures = Args.next(args, ++i, a);
                case "--bulk-threshold" -> threshold = Args.longValue(a, Args.next(args, ++i, a));
                default -> {
                    if (a.startsWith("-")) {
                        throw error("unknown option " + a);
                    }
                    if (sobject != null) {
                        throw error("one SOBJECT only, got " + sobject + " and " + a);
                    }
                    sobject = a.trim();
                }
            }
        }
        if (!help) {
            if (sobject == null || sobject.isBlank()) {
                throw error("name the SOBJECT to write");
            }
            if (key == null || key.isBlank()) {
                throw error("--key FIELD is required (an External ID field to upsert on, or Id to update)");
            }
            if ((table == null) == (query == null)) {
                throw error("give exactly one of --table and --query");
            }
            if (threshold != null && threshold < 0) {
                throw error("--bulk-threshold must be at least 0");
            }
        }
        return new Options(sobject, key, table, query, failures, threshold, dryRun, json, help);
    }

    private static UsageException error(String message) {
        return new UsageException("reverse: " + message + "\n" + USAGE);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Options options = parse(args);
        if (options.help()) {
            out.println(USAGE);
            return 0;
        }
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.camel", "warn");
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(true);
        // no Quartz trigger: the stanzas are taken out, as sync does
        runtime.takeObjectStanzas();
        runtime.set("camel.management.enabled", "false").set("camel.metrics.enabled", "false")
                .set("camel.server.enabled", "false");
        EmbeddedOrg.unlessConfigured(runtime);
        return runtime.run(context -> {
            Object reply;
            try (ProducerTemplate producer = context.createProducerTemplate()) {
                reply = producer.requestBodyAndHeaders("direct:sfsync-reverse", null, options.headers());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (!(reply instanceof ReverseResult r)) {
                throw new IllegalStateException("direct:sfsync-reverse returned no result");
            }
            print(r, options.json(), out);
            return r.success() && r.failed() == 0 ? 0 : 1;
        });
    }

    static void print(ReverseResult r, boolean json, PrintStream out) {
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", "reverse");
            doc.put("success", r.success());
            doc.put("result", r.asMap());
            out.println(Output.json(doc));
        } else {
            Output.table(out, List.of("SOBJECT", "SOURCE", "OPERATION", "PATH", "READ", "SENT", "WRITTEN", "INSERTED",
                    "UPDATED", "REFUSED", "SECONDS", "RESULT"), List.of(List.of(r.sobject(), Output.text(r.source()),
                            Output.text(r.operation()), Output.text(r.path()) + (r.dryRun() ? " (dry run)" : ""),
                            String.valueOf(r.rowsRead()), String.valueOf(r.rowsSent()), String.valueOf(r.succeeded()),
                            count(r.inserted()), count(r.updated()), String.valueOf(r.failed()),
                            String.valueOf(r.durationSeconds()), r.success() ? "ok" : "FAILED: " + r.error())));
            if (r.failed() > 0 && !r.dryRun()) {
                out.println(r.failed() + " refused rows are in " + r.failuresTable() + " (run_id " + r.runId() + ")");
            }
        }
        out.flush();
    }

    private static String count(long n) {
        return n < 0 ? "-" : String.valueOf(n);
    }
}
