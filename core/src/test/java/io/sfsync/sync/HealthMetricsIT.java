package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.bulk.BulkBehaviour;
import io.sfsync.emulator.http.Faults;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sfsync started as {@code run} starts it, with its management server: live and ready over HTTP, readiness following
 * the org's logins and each object's freshness, and the Prometheus text holding the sfsync meters of the runs made.
 */
class HealthMetricsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static SfsyncRuntime runtime(SalesforceEmulator org, Path dir) throws IOException {
        return new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("sfsync.warehouse.duckdb.path", dir.resolve("observe.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString())
                .set("sfsync.bulk.poll-initial-ms", "10")
                .set("sfsync.bulk.poll-max-ms", "20")
                .set("camel.management.enabled", "true")
                .set("camel.management.port", Integer.toString(freePort()))
                .set("sfsync.health.login-check-seconds", "0.2")
                .set("sfsync.health.warehouse-check-seconds", "0.2");
    }

    @Test
    void shouldTurnNotReadyWhileTheOrgRefusesLoginsAndCountEveryRunInPrometheus(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 300)
                .volume("Contact", 120).build()); RunningSfsync sfsync = new RunningSfsync(runtime(org, dir))) {
            String base = managementUrl(sfsync.context());
            Reply live = get(base + "/observe/health/live");
            assertThat(live.status()).as(live.body()).isEqualTo(200);
            assertThat(json(live.body()).path("status").asText()).isEqualTo("UP");
            awaitReady(base, true);

            String fault = "{\"kind\":\"LOGIN_REFUSED\",\"path\":\"/services/oauth2/token\",\"count\":1000000}";
            assertThat(post(org.baseUrl() + "/_emulator/faults", fault).status()).isEqualTo(201);
            Reply down = awaitReady(base, false);
            JsonNode login = check(json(get(base + "/observe/health?exposureLevel=full").body()),
                    "sfsync-salesforce-login");
            assertThat(login.path("status").asText()).isEqualTo("DOWN");
            assertThat(login.path("message").asText()).contains("authentication failure")
                    .doesNotContain(org.config().password()).doesNotContain(org.config().clientSecret());
            assertThat(down.body()).contains("sfsync-salesforce-login");
            assertThat(live = get(base + "/observe/health/live")).extracting(Reply::status).isEqualTo(200);
            assertThat(check(json(get(base + "/observe/health?exposureLevel=full").body()), "sfsync-warehouse")
                    .path("status").asText()).isEqualTo("UP");
            assertThat(delete(org.baseUrl() + "/_emulator/faults").status()).isEqualTo(204);
            awaitReady(base, true);

            IntelligentSync sync = sfsync.sync();
            List<Run> runs = new ArrayList<>();
            SyncRequest accounts = SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS");
            SyncRequest contacts = SyncRequest.of("Contact").withTarget("RAW", "CONTACTS").withThresholds(1L,
                    100_000L);
            runs.add(new Run(sync.sync(accounts), false));
            runs.add(new Run(sync.sync(contacts), false));
            // A run of Contact that sticks in its Bulk job, and a second one of the same target meanwhile: skipped.
            org.bulkNext(new BulkBehaviour(null, 1_000_000), 1);
            long seq = org.requests().lastSeq();
            CompletableFuture<SyncResult> stuck = CompletableFuture.supplyAsync(() -> sync.sync(contacts));
            String jobId = awaitPolledJob(org, seq);
            runs.add(new Run(sync.sync(contacts), true));
            org.bulkJob(jobId, new BulkBehaviour(null, 0));
            runs.add(new Run(stuck.get(60, TimeUnit.SECONDS), false));
            runs.add(new Run(sync.sync(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS")
                    .withMatchField("NoSuchField__c")), false));
            org.limits().set("DailyApiRequests", 15_000, 12_345);
            org.limits().set("DailyBulkV2QueryJobs", 10_000, 777);
            SyncResult last = sync.sync(accounts);
            runs.add(new Run(last, false));

            assertThat(runs.get(0).result().success()).as(runs.get(0).result().logLine()).isTrue();
            assertThat(runs.get(0).result().actualRecords()).isEqualTo(300);
            assertThat(runs.get(1).result().actualRecords()).isEqualTo(120);
            assertThat(runs.get(2).result().error()).contains("still in progress");
            assertThat(runs.get(3).result().success()).as(runs.get(3).result().logLine()).isTrue();
            assertThat(runs.get(4).result().success()).isFalse();
            assertThat(runs.get(4).result().error()).contains("NoSuchField__c");
            assertThat(last.success()).as(last.logLine()).isTrue();

            Reply scrape = get(base + "/observe/metrics");
            assertThat(scrape.status()).isEqualTo(200);
            List<Sample> samples = Sample.parse(scrape.body());
            Instant scraped = Instant.now();
            Map<Map<String, String>, List<Run>> byTags = new HashMap<>();
            for (Run run : runs) {
                byTags.computeIfAbsent(run.tags(), k -> new ArrayList<>()).add(run);
            }
            assertThat(byTags.keySet()).extracting(t -> t.get("outcome"))
                    .contains("success", "failed", "skipped");
            for (var e : byTags.entrySet()) {
                Map<String, String> tags = e.getKey();
                List<Run> group = e.getValue();
                assertThat(value(samples, "sfsync_runs_total", tags)).as("runs %s", tags).isEqualTo(group.size());
                assertThat(value(samples, "sfsync_rows_changed_total", tags)).as("rows changed %s", tags)
                        .isEqualTo(group.stream().mapToLong(r -> r.result().actualRecords()).sum());
                assertThat(value(samples, "sfsync_api_calls_total", tags)).as("API calls %s", tags)
                        .isEqualTo(group.stream().mapToLong(r -> r.result().apiCalls()).sum());
                assertThat(value(samples, "sfsync_retries_total", tags)).as("retries %s", tags)
                        .isEqualTo(group.stream().mapToLong(r -> r.result().retries()).sum());
                assertThat(value(samples, "sfsync_run_duration_seconds_count", tags)).as("durations %s", tags)
                        .isEqualTo(group.size());
                assertThat(value(samples, "sfsync_run_duration_seconds_sum", tags)).as("duration sum %s", tags)
                        .isCloseTo(group.stream().mapToDouble(r -> r.result().syncDurationSeconds()).sum(),
                                within(0.01));
                // Rows read: a full sync reads what it loads; an incremental one reads its overlap window too.
                double read = group.stream().mapToDouble(r -> r.result().rowsPerSecond()
                        * r.result().syncDurationSeconds()).sum();
                assertThat(value(samples, "sfsync_rows_read_total", tags)).as("rows read %s", tags)
                        .isCloseTo(read, within(1.0 * group.size() + read * 0.01));
            }
            Map<String, String> firstAccounts = runs.get(0).tags();
            assertThat(value(samples, "sfsync_rows_read_total", firstAccounts)).isEqualTo(300);
            assertThat(value(samples, "sfsync_rows_read_total", runs.get(1).tags())).isEqualTo(120);
            assertThat(value(samples, "sfsync_runs_total", runs.get(4).tags())).isEqualTo(1);
            assertThat(runs.get(4).tags()).containsEntry("outcome", "failed").containsEntry("method", "none");
            assertThat(runs.get(2).tags()).containsEntry("outcome", "skipped");

            // The last run's /limits call: the org counts the call itself before it answers.
            assertThat(value(samples, "sfsync_daily_api_requests_remaining", Map.of())).isEqualTo(12_344);
            assertThat(value(samples, "sfsync_daily_bulk_jobs_remaining", Map.of())).isEqualTo(777);
            for (SyncResult r : List.of(last, runs.get(3).result())) {
                double lag = Duration.between(r.watermark(), scraped).toMillis() / 1000.0;
                assertThat(value(samples, "sfsync_watermark_lag_seconds", Map.of("sobject", r.sobject(), "target",
                        r.targetTable()))).as("lag of %s", r.targetTable()).isCloseTo(lag, within(5.0));
            }
        }
    }

    @Test
    void shouldTurnNotReadyWhenAnObjectsLastSuccessfulSyncIsOlderThanAllowed(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Opportunity", 50)
                .build())) {
            SfsyncRuntime rt = runtime(org, dir)
                    .set("camel.route-template[sync-opportunity].template-id", "sync-object")
                    .set("camel.route-template[sync-opportunity].sobject", "Opportunity")
                    .set("camel.route-template[sync-opportunity].cron", "0/1 * * * * ?")
                    .set("camel.route-template[sync-opportunity].table", "FRESH_OPPORTUNITIES")
                    .set("sfsync.health.max-age-intervals", "4")
                    .set("sfsync.health.startup-grace-seconds", "0")
                    .set("sfsync.retry.max-retries", "0");
            try (RunningSfsync sfsync = new RunningSfsync(rt)) {
                String base = managementUrl(sfsync.context());
                String id = "sfsync-object-sync-opportunity";
                awaitCheck(base, id, "UP");
                awaitReady(base, true);
                // Every run now fails at its describe call: the last successful sync grows older than 4 x 1 s.
                org.faults().add(Faults.Kind.SERVER_ERROR, "/sobjects/Opportunity/describe", null, 1_000_000, 0);
                JsonNode stale = awaitCheck(base, id, "DOWN");
                // Camel's management server escapes '/' in messages once more than JSON needs.
                assertThat(stale.path("message").asText().replace("\\/", "/")).contains("Opportunity -> RAW.FRESH_OPPORTUNITIES")
                        .contains("last successful sync").contains("4 x the interval of cron '0/1 * * * * ?'");
                assertThat(get(base + "/observe/health/ready").status()).isEqualTo(503);
                org.faults().clear();
                awaitCheck(base, id, "UP");
                awaitReady(base, true);
            }
        }
    }

    private record Run(SyncResult result, boolean skipped) {
        Map<String, String> tags() {
            return Map.of("sobject", result.sobject(), "target", result.targetTable() == null ? "none"
                    : result.targetTable(), "method", result.syncMethod() == null ? "none" : result.syncMethod(),
                    "outcome", skipped ? "skipped" : result.success() ? "success" : "failed");
        }
    }

    /** One line of Prometheus text: name, labels, value. */
    private record Sample(String name, Map<String, String> labels, double value) {
        private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+).*");
        private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

        static List<Sample> parse(String text) {
            List<Sample> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = LINE.matcher(line);
                assertThat(m.matches()).as("Prometheus text line: %s", line).isTrue();
                Map<String, String> labels = new HashMap<>();
                if (m.group(2) != null) {
                    Matcher l = LABEL.matcher(m.group(2));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                out.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
            }
            return out;
        }
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name)
                && s.labels().equals(labels)).toList();
        assertThat(found).as("%s%s among the sfsync samples %s", name, labels, samples.stream()
                .filter(s -> s.name().startsWith("sfsync_")).toList()).hasSize(1);
        return found.get(0).value();
    }

    private static String managementUrl(CamelContext context) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        assertThat(server).as("the management server runs").isNotNull();
        return "http://127.0.0.1:" + server.getRouter().getServer().getPort();
    }

    private static Reply awaitReady(String base, boolean ready) throws Exception {
        return await(base + "/observe/health/ready", r -> (r.status() == 200) == ready
                && json(r.body()).path("status").asText().equals(ready ? "UP" : "DOWN"));
    }

    private static JsonNode awaitCheck(String base, String id, String state) throws Exception {
        Reply r = await(base + "/observe/health?exposureLevel=full", reply -> check(json(reply.body()), id)
                .path("status").asText().equals(state));
        return check(json(r.body()), id);
    }

    private static Reply await(String url, Predicate<Reply> done) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = get(url);
            if (done.test(last)) {
                return last;
            }
            LockSupport.parkNanos(50_000_000L);
        }
        throw new AssertionError("not reached within " + DEADLINE + " at " + url + "; last answer: "
                + (last == null ? null : last.status() + " " + last.body()));
    }

    private static JsonNode check(JsonNode health, String id) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(id)) {
                return c;
            }
        }
        return JSON.createObjectNode().put("status", "ABSENT").put("health", health.toString());
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private record Reply(int status, String body) {
    }

    private static Reply get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static Reply post(String url, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Reply delete(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    private static Reply send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until the org has answered at least two polls of a Bulk job, and returns its id. */
    private static String awaitPolledJob(SalesforceEmulator org, long seq) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            var polls = org.requests().since(seq).stream().filter(e -> e.operation().equals("bulk.get")).toList();
            if (polls.size() >= 2) {
                String path = polls.get(polls.size() - 1).path();
                return path.substring(path.lastIndexOf('/') + 1);
            }
            LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("no Bulk job was polled within " + DEADLINE);
    }
}
