package io.sfsync.cli;

import io.sfsync.api.SyncPlanResult;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.app.StartupException;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.api.SyncHeaders;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code sfsync sync [OBJECT...] [--full | --formulas]} and {@code sfsync plan [OBJECT...]}: camel-main started as
 * {@code run} starts it but without the scheduled routes (the stanzas are taken out of the configuration, so no Quartz
 * trigger exists), then each selected stanza is sent once to {@code direct:sfsync-sync} (or
 * {@code direct:sfsync-refresh-formulas}, or {@code direct:sfsync-plan}) with the headers
 * its scheduled route would send, one after the other; a failing object does not stop the others. With DuckDB it
 * serves the status endpoints while it runs, as {@code run} does (the file is locked meanwhile).
 */
final class SyncCommand {
    private SyncCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return CommandLine.run(args, out, line -> run(line, out));
    }

    private static int run(CommandLine line, PrintStream out) throws Exception {
        boolean plan = line.command().equals("plan");
        // Camel's start-up report would bury the table; set before any logger exists. Logs go to stderr.
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.camel", "warn");
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(true);
        List<ObjectStanzas.Stanza> all = ObjectStanzas.parse(runtime.takeObjectStanzas());
        List<ObjectStanzas.Stanza> selected = ObjectStanzas.select(all, line.objects(), line.command());
        if (selected.isEmpty()) {
            throw new StartupException(java.util.List.of("no objects are configured: add a stanza to"
                    + " config/objects.properties"), true);
        }
        serveStatus(runtime);
        // a one-shot process has no health to probe and no metrics to scrape: its exit status and --json say it all
        runtime.set("camel.management.enabled", "false").set("camel.metrics.enabled", "false");
        EmbeddedOrg.unlessConfigured(runtime);
        return runtime.run(context -> plan ? plan(context, selected, all, line, out)
                : sync(context, selected, all, line, out));
    }

    /**
     * A DuckDB file belongs to the process that opened it, so while this command syncs, {@code sfsync status} can
     * read it only over HTTP: serve the status endpoints as {@code run} does when the port is free. With another
     * warehouse, or the port taken (a running {@code sfsync run} on Snowflake), serve nothing.
     */
    private static void serveStatus(SfsyncRuntime runtime) {
        try (DefaultCamelContext properties = new DefaultCamelContext(false)) {
            Function<String, String> config = ControlTablesCommand.config(properties, runtime.properties());
            String type = config.apply("sfsync.warehouse.type");
            boolean duckdb = type == null || type.equalsIgnoreCase("duckdb");
            boolean enabled = !"false".equalsIgnoreCase(config.apply("camel.server.enabled"));
            String host = config.apply("camel.server.host");
            String port = config.apply("camel.server.port");
            runtime.set("camel.server.enabled", String.valueOf(duckdb && enabled
                    && portFree(host == null ? "0.0.0.0" : host, port == null ? 8080 : Integer.parseInt(port))));
        } catch (IOException | RuntimeException e) {
            runtime.set("camel.server.enabled", "false");
        }
    }

    private static boolean portFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int sync(CamelContext context, List<ObjectStanzas.Stanza> selected,
            List<ObjectStanzas.Stanza> all, CommandLine line, PrintStream out) {
        List<SyncResult> results = each(context, selected, line.formulas() ? "direct:sfsync-refresh-formulas"
                : "direct:sfsync-sync", line.full(), SyncResult.class, SyncCommand::failedSync);
        boolean ok = results.stream().allMatch(SyncResult::success);
        if (line.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", "sync");
            doc.put("success", ok);
            List<Object> maps = new ArrayList<>();
            results.forEach(r -> maps.add(r.asMap()));
            doc.put("results", maps);
            out.println(Output.json(doc));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                SyncResult r = results.get(i);
                rows.add(List.of(ObjectStanzas.label(selected.get(i), all), Output.text(r.targetTable()),
                        Output.text(r.syncMethod()), r.success() ? String.valueOf(r.actualRecords()) : "-",
                        String.valueOf(r.syncDurationSeconds()), r.success() ? "ok" : "FAILED: " + r.error()));
            }
            Output.table(out, List.of("OBJECT", "TARGET", "METHOD", "ROWS", "SECONDS", "RESULT"), rows);
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /**
     * Sends each stanza, one after the other, to {@code endpoint} with the headers its scheduled route would send;
     * a stanza that fails, or answers with something else, gets {@code failed}'s result and the others go on.
     */
    private static <T> List<T> each(CamelContext context, List<ObjectStanzas.Stanza> selected, String endpoint,
            boolean full, Class<T> type, BiFunction<ObjectStanzas.Stanza, String, T> failed) {
        List<T> out = new ArrayList<>();
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            for (ObjectStanzas.Stanza stanza : selected) {
                T result;
                try {
                    Map<String, Object> headers = ObjectStanzas.headers(context, stanza);
                    if (full) {
                        headers.put(SyncHeaders.FORCE_FULL_SYNC, "true");
                    }
                    Object body = producer.requestBodyAndHeaders(endpoint, null, headers);
                    result = type.isInstance(body) ? type.cast(body)
                            : failed.apply(stanza, endpoint + " returned no result");
                } catch (RuntimeException e) {
                    result = failed.apply(stanza, message(e));
                }
                out.add(result);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static int plan(CamelContext context, List<ObjectStanzas.Stanza> selected,
            List<ObjectStanzas.Stanza> all, CommandLine line, PrintStream out) {
        List<SyncPlanResult> plans = each(context, selected, "direct:sfsync-plan", false, SyncPlanResult.class,
                SyncCommand::failedPlan);
        boolean ok = plans.stream().allMatch(SyncPlanResult::success);
        if (line.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", "plan");
            doc.put("success", ok);
            doc.put("planned_at", Instant.now().toString());
            List<Object> maps = new ArrayList<>();
            plans.forEach(p -> maps.add(p.asMap()));
            doc.put("plans", maps);
            out.println(Output.json(doc));
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (int i = 0; i < plans.size(); i++) {
                SyncPlanResult p = plans.get(i);
                rows.add(List.of(ObjectStanzas.label(selected.get(i), all), Output.text(p.targetTable()),
                        p.syncMethod() == null ? "-" : p.full() ? "full" : "incremental", Output.text(p.syncMethod()),
                        p.estimatedRecords() < 0 ? "-" : String.valueOf(p.estimatedRecords()),
                        Output.text(p.watermark()), quota(p.apiRequestsRemaining()), quota(p.bulkJobsRemaining()),
                        p.success() ? Output.text(p.reason()) : "CANNOT RUN: " + p.error()));
            }
            Output.table(out, List.of("OBJECT", "TARGET", "SYNC", "METHOD", "ESTIMATE", "WATERMARK", "API-LEFT",
                    "BULK-LEFT", "REASON"), rows);
        }
        out.flush();
        return ok ? 0 : 1;
    }

    private static String quota(long v) {
        return v < 0 || v == Long.MAX_VALUE ? "-" : String.valueOf(v);
    }

    private static SyncResult failedSync(ObjectStanzas.Stanza stanza, String error) {
        return SyncResult.builder().sobject(stanza.sobject()).syncTimestamp(Instant.now()).error(error).build();
    }

    private static SyncPlanResult failedPlan(ObjectStanzas.Stanza stanza, String error) {
        return new SyncPlanResult(stanza.sobject(), null, false, null, -1, null, null, null, null, -1, -1, false,
                error);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && t.getMessage() != null
                && t.getMessage().startsWith("org.apache.camel")) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
