package io.sfsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline org in a JVM of its own ({@code io.sfsync.cli.Main emulator --port 0 ...}), and the admin calls the
 * benchmark makes to it: the API call counter, its CPU time, and the changes before the incremental cases.
 */
final class EmulatorProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private EmulatorProcess(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /** Starts an org with {@code accounts} Accounts and waits until it prints its URL; its output goes to {@code log}. */
    static EmulatorProcess start(long accounts, String heap, boolean gzip, Path log) throws IOException {
        return start(accounts, 0, false, heap, gzip, log);
    }

    /**
     * Starts an org whose Account has {@code wideFields} filled custom fields (0: none). A Bulk job takes no time
     * unless {@code bulkTiming}: then the emulator's default, the queue and processing time of a small job.
     */
    static EmulatorProcess start(long accounts, int wideFields, boolean bulkTiming, String heap, boolean gzip,
            Path log) throws IOException {
        List<String> args = new ArrayList<>(List.of("--volume", "Account=" + accounts));
        if (!bulkTiming) {
            args.addAll(List.of("--bulk-delay", "0"));
        }
        if (wideFields > 0) {
            args.addAll(List.of("--wide", SyncProbe.SOBJECT + "=" + wideFields));
        }
        if (!gzip) {
            args.add("--no-gzip");
        }
        return start(args, heap, log);
    }

    /** Starts an org with the {@code emulator} command's arguments {@code args} (its port and API limit set here). */
    static EmulatorProcess start(List<String> args, String heap, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaBinary(), "-Xmx" + heap, "-cp",
                System.getProperty("java.class.path"), "io.sfsync.cli.Main", "emulator", "--port", "0",
                "--api-limit", "1000000000"));
        command.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        BufferedWriter file = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
        String url = null;
        while (url == null) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            file.write(line);
            file.newLine();
            Matcher m = LISTENING.matcher(line);
            url = m.find() ? m.group(1) : null;
        }
        if (url == null) {
            file.close();
            p.destroyForcibly();
            throw new IOException("the emulator ended without printing its URL; see " + log);
        }
        file.flush();
        drain(out, file);
        return new EmulatorProcess(p, url);
    }

    private static void drain(BufferedReader out, BufferedWriter file) {
        Thread t = new Thread(() -> {
            try (out; file) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    file.write(line);
                    file.newLine();
                    file.flush();
                }
            } catch (IOException e) {
                // The stream closes when the emulator stops.
            }
        }, "emulator-output");
        t.setDaemon(true);
        t.start();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** CPU seconds the emulator's JVM has used so far, or -1 when the platform cannot tell. */
    double cpuSeconds() {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }

    /** DailyApiRequests drawn so far (admin calls are not counted). */
    long apiCalls() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/counters"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("apiRequestsUsed").asLong();
    }

    /** The sequence number of the last request the org logged. */
    long lastRequest() throws IOException, InterruptedException {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/counters")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("lastSeq").asLong();
    }

    /**
     * The API calls the org refused since request {@code after} (status 400 and above; logins included), by status
     * and operation ({@code 403 bulk.create}), counted: a run within the org's limits has none.
     */
    Map<String, Long> refusals(long after) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/requests?since="
                + after)).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> out = new TreeMap<>();
        for (var e : JSON.readTree(r.body()).path("entries")) {
            if (e.path("status").asInt() >= 400) {
                out.merge(e.path("status").asInt() + " " + e.path("operation").asText(), 1L, Long::sum);
            }
        }
        return out;
    }

    /** Rows of every object of the org whose API name starts with {@code prefix}, by name (the admin status). */
    Map<String, Long> objectSizes(String prefix) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/status"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> out = new TreeMap<>();
        JSON.readTree(r.body()).path("objects").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith(prefix)) {
                out.put(e.getKey(), e.getValue().path("generated").asLong());
            }
        });
        return out;
    }

    /**
     * A user change to {@code count} records of {@code type}, spread evenly over its rows (a text area gets a new
     * value; LastModifiedDate and SystemModstamp move), in one admin call. Returns how many changed.
     */
    long change(String type, long count) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/sobjects/" + type
                + "/changes")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"count\":" + count + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("changing " + count + " " + type + " records answered HTTP " + r.statusCode() + ": "
                    + r.body());
        }
        return JSON.readTree(r.body()).path("changed").asLong();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
