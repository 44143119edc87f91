package io.sfsync.cli;

import io.sfsync.app.SfsyncRuntime;
import io.sfsync.app.StatusEndpoint;
import io.sfsync.app.Warehouses;
import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.warehouse.ControlTables;
import io.sfsync.warehouse.Warehouse;
import io.sfsync.warehouse.WarehouseException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code sfsync status} and {@code sfsync history}: read the control tables straight from the warehouse; when the
 * DuckDB file is locked by a running {@code sfsync run}, ask that process instead ({@code GET /sfsync/status},
 * {@code /sfsync/history} on {@code camel.server.host:camel.server.port}). Says in one line where it read from.
 */
final class ControlTablesCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ControlTablesCommand() {
    }

    /** Where the document came from, and the document. */
    private record Read(String source, Map<String, Object> document) {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        return CommandLine.run(args, out, line -> run(line, out, err));
    }

    private static int run(CommandLine line, PrintStream out, PrintStream err) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.camel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.io.sfsync.warehouse", "warn");
        boolean status = line.command().equals("status");
        String object = line.objects().isEmpty() ? null : line.objects().get(0);
        Read read;
        try (DefaultCamelContext properties = new DefaultCamelContext(false)) {
            Function<String, String> config = config(properties, new SfsyncRuntime().loadConfig(false).properties());
            read = read(config, status, object, line.last());
        }
        if (read == null) {
            if (line.json()) {
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("command", line.command());
                failed.put("success", false);
                failed.put("error", "neither the warehouse nor the running sfsync process could be read (see stderr)");
                out.println(Output.json(failed));
            }
            return 1;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", line.command());
        doc.put("source", read.source());
        doc.putAll(read.document());
        if (line.json()) {
            err.println("sfsync: read from " + read.source());
            out.println(Output.json(doc));
        } else {
            out.println("read from " + read.source());
            if (status) {
                statusTable(out, doc);
            } else {
                historyTable(out, doc);
            }
        }
        out.flush();
        return 0;
    }

    /** The configuration as camel-main resolves it: placeholders, and environment variables over the files. */
    static Function<String, String> config(DefaultCamelContext context, Properties properties) {
        context.getPropertiesComponent().setInitialProperties(properties);
        context.build();
        return key -> {
            String v = context.getPropertiesComponent().resolveProperty(key).orElse(null);
            return v == null || v.isBlank() ? null : v.trim();
        };
    }

    private static Read read(Function<String, String> config, boolean status, String object, int last) {
        String type = or(config.apply("sfsync.warehouse.type"), "duckdb").toLowerCase(Locale.ROOT);
        String schema = or(config.apply("sfsync.warehouse.control-schema"), "SFSYNC_CONTROL");
        String where = type.equals("duckdb") ? "the warehouse (DuckDB file " + Path.of(or(config.apply(
                "sfsync.warehouse.duckdb.path"), "data/sfsync.duckdb")).toAbsolutePath().normalize() + ")"
                : "the warehouse (" + type + ")";
        if (type.equals("duckdb") && !Files.exists(Path.of(or(config.apply("sfsync.warehouse.duckdb.path"),
                "data/sfsync.duckdb")))) {
            // Nothing synced yet; opening the file would create it.
            Map<String, Object> empty = new LinkedHashMap<>();
            empty.put(status ? "targets" : "runs", List.of());
            return new Read(where + ", which does not exist yet: nothing has been synced", empty);
        }
        Warehouse warehouse;
        try {
            // only read (status, history): no load, so no checkpoint to reach
            warehouse = Warehouses.fromProperties(config, Checkpoints.none());
            warehouse.open();
        } catch (WarehouseException e) {
            if (!locked(e)) {
                throw e;
            }
            return fromProcess(config, status, object, last, e.detail());
        }
        try (warehouse) {
            ControlTables tables = new ControlTables(warehouse, schema);
            return new Read(where, status ? StatusEndpoint.statusDocument(tables, Instant.now())
                    : StatusEndpoint.historyDocument(tables, object, last));
        }
    }

    /** DuckDB lets one process open a file: the running {@code sfsync run} has it. */
    static boolean locked(WarehouseException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("in use by another process") || m.contains("conflicting lock");
    }

    /** The endpoint of the running process; null after one line saying why neither source could be read. */
    private static Read fromProcess(Function<String, String> config, boolean status, String object, int last,
            String lockMessage) {
        String url = endpoint(config, status, object, last);
        String why;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            Map<String, Object> doc = JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() { });
            if (response.statusCode() == 200) {
                return new Read("the running sfsync process at " + url + " (it holds the DuckDB file)", doc);
            }
            why = "it answered HTTP " + response.statusCode() + (doc.get("error") == null ? "" : ": "
                    + doc.get("error"));
        } catch (IOException e) {
            why = "it did not answer (" + e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + e.getMessage()) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        } catch (RuntimeException e) {
            why = "its answer could not be read (" + e.getMessage() + ")";
        }
        System.err.println("sfsync: cannot read the " + (status ? "status" : "history") + ": " + lockMessage
                + "; asked that process at " + url + " instead, but " + why + " (its HTTP server needs"
                + " camel.server.enabled=true, which `sfsync run` sets unless told otherwise)");
        return null;
    }

    /** {@code http://host:port[/path]/sfsync/status} from the camel.server.* settings (loopback by default). */
    static String endpoint(Function<String, String> config, boolean status, String object, int last) {
        String host = or(config.apply("camel.server.host"), "127.0.0.1");
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        String port = or(config.apply("camel.server.port"), "8080");
        String path = or(config.apply("camel.server.path"), "/");
        path = (path.startsWith("/") ? path : "/" + path).replaceAll("/+$", "");
        String url = "http://" + host + ":" + port + path + "/sfsync/" + (status ? "status" : "history");
        if (!status) {
            url += "?last=" + last + (object == null ? "" : "&object=" + URLEncoder.encode(object,
                    StandardCharsets.UTF_8));
        }
        return url;
    }

    private static void statusTable(PrintStream out, Map<String, Object> doc) {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> t : StatusEndpoint.list(doc, "targets")) {
            Object ok = t.get("last_run_success");
            String result = ok == null ? "-" : Boolean.TRUE.equals(ok) ? "ok" : "FAILED: " + t.get("last_run_error");
            rows.add(List.of(Output.text(t.get("sobject")), Output.text(t.get("target_table")),
                    Output.text(t.get("watermark")), Output.text(t.get("last_run_at")),
                    Output.age(t.get("last_run_age_seconds")), Output.text(t.get("rows")),
                    Output.text(t.get("last_success")), result));
        }
        Output.table(out, List.of("OBJECT", "TARGET", "WATERMARK", "LAST RUN", "AGE", "ROWS", "LAST SUCCESS",
                "RESULT"), rows);
    }

    private static void historyTable(PrintStream out, Map<String, Object> doc) {
        List<List<String>> rows = new ArrayList<>();
        for (Map<String, Object> r : StatusEndpoint.list(doc, "runs")) {
            String result = Boolean.TRUE.equals(r.get("success")) ? "ok" : "FAILED: " + r.get("error");
            rows.add(List.of(Output.text(r.get("sync_timestamp")), Output.text(r.get("sobject")),
                    Output.text(r.get("target_table")), Output.text(r.get("sync_method")),
                    Output.text(r.get("actual_records")), Output.text(r.get("sync_duration_seconds")), result));
        }
        Output.table(out, List.of("STARTED", "OBJECT", "TARGET", "METHOD", "ROWS", "SECONDS", "RESULT"), rows);
    }

    private static String or(String v, String fallback) {
        return v == null || v.isBlank() ? fallback : v.trim();
    }
}
