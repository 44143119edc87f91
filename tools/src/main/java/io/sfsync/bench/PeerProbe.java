package io.sfsync.bench;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.warehouse.TableRef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A peer pipeline, measured: a tool a user would pick instead of sfsync (jsforce in a Node script, or the Salesforce
 * CLI's {@code sf data export bulk}) writes the object's rows to one CSV file, then one DuckDB {@code COPY} loads it
 * into a pre-created all-VARCHAR table, as the limit loads its pages. Measured from the start of the Node process to
 * the end of the COPY; the Node process's peak resident memory (VmHWM, polled from {@code /proc}, or what the script
 * reports of itself) stands in the heap column.
 */
final class PeerProbe {
    static final TableRef TABLE = new TableRef(SyncProbe.SCHEMA, "ACCOUNTS_PEER");
    static final String RESULT_PREFIX = "PEER-RESULT ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MILLIS = 20;

    private PeerProbe() {
    }

    /** What the Node process left behind: its exit status, its last result line, its peak memory and CPU. */
    record NodeRun(int exit, JsonNode result, long peakRssBytes, double cpuSeconds, List<String> output) {
    }

    static ProbeResult run(ProbeArgs a) throws Exception {
        String tool = a.text("tool");
        List<String> columns = Files.readAllLines(a.path("columns"), StandardCharsets.UTF_8);
        Path csv = a.path("out");
        Files.createDirectories(csv.toAbsolutePath().getParent());
        Files.deleteIfExists(csv);
        long expected = a.number("rows");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + a.path("db").toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute(BenchSql.createSchema(TABLE.schema()));
            s.execute(BenchSql.createVarcharTable(TABLE, columns));

            Stopwatch watch = Stopwatch.start();
            NodeRun node = switch (tool) {
                case Peers.JSFORCE -> jsforce(a, csv);
                case Peers.SF_CLI -> sfCli(a, csv);
                default -> throw new IllegalArgumentException("unknown peer '" + tool + "'");
            };
            double exported = watch.seconds();
            if (node.exit() != 0 || !Files.exists(csv)) {
                watch.stop();
                List<String> said = node.output().stream().filter(l -> !isNodeWarning(l)).toList();
                String tail = String.join(" | ", said.subList(Math.max(0, said.size() - 3), said.size()));
                return ProbeResult.failed(tool + " ended with exit " + node.exit() + " after " + String.format(
                        Locale.ROOT, "%.1f s", exported) + ": " + tail).withPeak(node.peakRssBytes());
            }
            s.execute(BenchSql.copyFrom(TABLE, csv));
            watch.stop();
            long loaded = count(s);
            long written = node.result() == null ? -1 : node.result().path(tool.equals(Peers.JSFORCE) ? "rows"
                    : "totalSize").asLong(-1);
            boolean ok = loaded == expected && (written < 0 || written == loaded);
            String note = note(tool, node, exported, watch.seconds() - exported, csv)
                    + (ok ? "" : String.format(Locale.ROOT, "; COPY loaded %,d rows, %,d expected", loaded,
                            expected));
            if (!a.flag("keep")) {
                Files.deleteIfExists(csv);
            }
            ProbeResult r = ProbeResult.of(ok, loaded, watch, -1, note).withPeak(node.peakRssBytes());
            return r.withCpu(r.cpuSeconds() < 0 || node.cpuSeconds() < 0 ? -1 : r.cpuSeconds() + node.cpuSeconds());
        }
    }

    private static NodeRun jsforce(ProbeArgs a, Path csv) throws IOException, InterruptedException {
        Path peers = a.path("peers");
        ProcessBuilder pb = new ProcessBuilder(a.text("node"), peers.resolve(Peers.JSFORCE_SCRIPT).toString(),
                a.text("soql"), csv.toString()).directory(peers.toFile());
        Map<String, String> env = Peers.environment(pb.environment(), a.text("node"), peers.resolve("home"));
        env.put("PEER_LOGIN_URL", a.text("url"));
        env.put("PEER_API_VERSION", a.text("api-version"));
        env.put("PEER_CLIENT_ID", EmulatorConfig.DEMO_CLIENT_ID);
        env.put("PEER_CLIENT_SECRET", EmulatorConfig.DEMO_CLIENT_SECRET);
        env.put("PEER_USERNAME", EmulatorConfig.DEMO_USERNAME);
        env.put("PEER_PASSWORD", EmulatorConfig.DEMO_PASSWORD);
        return watch(pb, RESULT_PREFIX);
    }

    private static NodeRun sfCli(ProbeArgs a, Path csv) throws IOException, InterruptedException {
        Path peers = a.path("peers");
        ProcessBuilder pb = new ProcessBuilder(a.text("node"), peers.resolve(Peers.SF_CLI_RUN).toString(), "data",
                "export", "bulk", "--target-org", Peers.SF_ALIAS, "--query-file", a.text("soql"), "--all-rows",
                "--output-file", csv.toString(), "--result-format", "csv", "--wait", "60", "--line-ending", "LF",
                "--api-version", a.text("api-version"), "--json").directory(peers.toFile());
        Peers.environment(pb.environment(), a.text("node"), a.path("sf-home"));
        return watch(pb, "");
    }

    /**
     * Runs the Node process with its output in this JVM's log, polling its peak resident set (VmHWM, a high-water
     * mark the kernel keeps) and CPU time until it ends. The result is the last output line that starts with
     * {@code prefix} and parses as JSON (the CLI's --json output spans lines: then the whole output).
     */
    static NodeRun watch(ProcessBuilder pb, String prefix) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (var in = p.inputReader(StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    System.out.println(line);
                    synchronized (output) {
                        output.add(line);
                    }
                }
            } catch (IOException e) {
                // The stream closes when the process ends.
            }
        }, "peer-output");
        reader.start();
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        long peak = -1;
        double cpu = -1;
        while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, highWaterMark(status));
            cpu = p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(cpu);
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        List<String> lines;
        synchronized (output) {
            lines = List.copyOf(output);
        }
        JsonNode result = result(lines, prefix);
        if (result != null && result.has("maxRssKb")) {
            peak = Math.max(peak, result.path("maxRssKb").asLong() * 1024);
        }
        if (result != null && result.has("cpuMs")) {
            cpu = result.path("cpuMs").asLong() / 1000.0;
        }
        return new NodeRun(p.exitValue(), result, peak, cpu, lines);
    }

    /** The JSON result in a Node process's output: its last {@code prefix} line, or (empty prefix) all of it. */
    static JsonNode result(List<String> lines, String prefix) {
        try {
            if (!prefix.isEmpty()) {
                for (int i = lines.size() - 1; i >= 0; i--) {
                    if (lines.get(i).startsWith(prefix)) {
                        return JSON.readTree(lines.get(i).substring(prefix.length()));
                    }
                }
                return null;
            }
            String all = String.join("\n", lines);
            int start = all.indexOf("{\n");
            JsonNode json = start < 0 ? null : JSON.readTree(all.substring(start));
            return json == null ? null : json.path("result");
        } catch (IOException e) {
            return null;
        }
    }

    /** The VmHWM of a {@code /proc/<pid>/status} in bytes, or -1 when the file is gone or has none. */
    static long highWaterMark(Path status) {
        try {
            return highWaterMark(Files.readAllLines(status, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return -1;
        }
    }

    static long highWaterMark(List<String> status) {
        for (String line : status) {
            if (line.startsWith("VmHWM:")) {
                String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return -1;
    }

    private static String note(String tool, NodeRun node, double exported, double copy, Path csv) throws IOException {
        String size = String.format(Locale.ROOT, "%.0f MB of CSV", Files.size(csv) / 1e6);
        JsonNode r = node.result();
        if (tool.equals(Peers.JSFORCE) && r != null) {
            return String.format(Locale.ROOT, "node + jsforce %.2f s (login %.2f s incl. Node start, bulk2.query"
                    + " %.2f s: job, polls, every page fetched and held, records written %.2f s; %d repeated page"
                    + " header rows dropped), COPY %.2f s; %s; peak heap = Node's peak RSS", exported,
                    r.path("loginMs").asLong() / 1e3, r.path("queryMs").asLong() / 1e3,
                    r.path("writeMs").asLong() / 1e3, r.path("repeatedHeaders").asLong(), copy, size);
        }
        return String.format(Locale.ROOT, "%s %.2f s, COPY %.2f s; %s; peak heap = Node's peak RSS",
                tool.equals(Peers.SF_CLI) ? "sf data export bulk" : tool, exported, copy, size);
    }

    /** Node's own warnings ({@code (node:PID) MaxListenersExceededWarning: ...} and its hint), not the tool's words. */
    static boolean isNodeWarning(String line) {
        return line.startsWith("(node:") || line.startsWith("(Use `node --trace-warnings");
    }

    private static long count(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery(BenchSql.countRows(TABLE))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
