package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Realistic pacing over real HTTP: per-call latency, Bulk query jobs InProgress for rows / rate, and response bodies
 * trickled at a bandwidth (small values, so the tests stay short). The default stays fast.
 */
class PacingIT {
    private static final String JOBS = TestClient.V + "/jobs/query";

    @Test
    void shouldStayFastByDefault() {
        assertThat(EmulatorConfig.defaults().pacing()).isEqualTo(Pacing.FAST);
        assertThat(EmulatorConfig.defaults().pacing().bulkQueue()).isEqualTo(Duration.ofMillis(50));
        assertThat(Pacing.named("realistic")).isEqualTo(Pacing.REALISTIC);
    }

    @Test
    void shouldAddTheLatencyToEveryApiCall() {
        Duration latency = Duration.ofMillis(300);
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder()
                .pacing(Pacing.FAST.withLatency(latency)).build())) {
            TestClient c = new TestClient(org.baseUrl()).login();
            for (String path : List.of(TestClient.V + "/limits", TestClient.V + "/sobjects/Account/describe")) {
                long start = System.nanoTime();
                HttpResponse<String> r = c.get(path);
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(millis).as(path).isGreaterThanOrEqualTo(latency.toMillis());
            }
        }
    }

    @Test
    void shouldKeepABulkJobInProgressForItsRowsOverTheRate() {
        Pacing pacing = Pacing.FAST.withBulkQueue(Duration.ofMillis(100)).withBulkRowsPerSecond(2_000);
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 1_600)
                .pacing(pacing).build())) {
            TestClient c = new TestClient(org.baseUrl()).login();
            long start = System.nanoTime();
            String id = TestClient.json(c.postJson(JOBS,
                    "{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}").body()).get("id").asText();
            List<String> states = new ArrayList<>();
            JsonNode job = null;
            while (!states.contains("JobComplete")) {
                job = TestClient.json(c.get(JOBS + "/" + id).body());
                String state = job.get("state").asText();
                if (states.isEmpty() || !states.get(states.size() - 1).equals(state)) {
                    states.add(state);
                }
                assertThat(System.nanoTime() - start).as("job done in time").isLessThan(20_000_000_000L);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(states).containsSubsequence("InProgress", "JobComplete");
            assertThat(millis).as("100 ms queued + 1,600 rows at 2,000 a second").isGreaterThanOrEqualTo(900);
            assertThat(job.get("totalProcessingTime").asLong()).isGreaterThanOrEqualTo(800);
            assertThat(job.get("numberRecordsProcessed").asInt()).isEqualTo(1_600);
        }
    }

    @Test
    void shouldTrickleAResultPageAtTheBandwidthNotPauseThenBurst() throws Exception {
        long rate = 100_000;
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 2_000)
                .gzip(false).pacing(Pacing.FAST.withBytesPerSecond(rate)).build())) {
            TestClient c = new TestClient(org.baseUrl()).login();
            String id = TestClient.json(c.postJson(JOBS, "{\"operation\":\"query\",\"query\":"
                    + "\"SELECT Id, Name, Description, BillingStreet FROM Account\"}").body()).get("id").asText();
            while (!TestClient.json(c.get(JOBS + "/" + id).body()).get("state").asText().equals("JobComplete")) {
                Thread.onSpinWait();
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(org.baseUrl() + JOBS + "/" + id
                    + "/results?maxRecords=2000")).header("Authorization", "Bearer " + c.token()).build();
            long start = System.nanoTime();
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            long firstByte;
            long bytes;
            try (InputStream in = r.body()) {
                bytes = in.read() < 0 ? 0 : 1;
                firstByte = System.nanoTime() - start;
                bytes += drain(in);
            }
            long total = System.nanoTime() - start;

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(bytes).as("a page big enough to measure").isGreaterThan(150_000);
            assertThat(total).as("no faster than the bandwidth").isGreaterThanOrEqualTo(bytes * 1_000_000_000L / rate
                    - 50_000_000L);
            assertThat(firstByte).as("the first bytes come at once, not after the whole wait").isLessThan(total / 4);
        }
    }

    @Test
    void shouldThrottleTheCompressedBytesOfAQueryPage() throws Exception {
        long rate = 50_000;
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 2_000)
                .pacing(Pacing.FAST.withBytesPerSecond(rate)).build())) {
            TestClient c = new TestClient(org.baseUrl()).login();
            long start = System.nanoTime();
            HttpResponse<byte[]> r = c.getBytes(TestClient.V + "/query?q=SELECT+Id,Name,Description+FROM+Account",
                    "Accept-Encoding", "gzip");
            long total = System.nanoTime() - start;

            assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
            byte[] json;
            try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
                json = in.readAllBytes();
            }
            assertThat(TestClient.json(new String(json, java.nio.charset.StandardCharsets.UTF_8)).get("records"))
                    .hasSize(2_000);
            assertThat(json.length).as("compression pays").isGreaterThan(2 * r.body().length);
            assertThat(total).as("the gzipped bytes at the bandwidth")
                    .isGreaterThanOrEqualTo(r.body().length * 1_000_000_000L / rate - 50_000_000L);
        }
    }

    @Test
    void shouldRunABulkJobOfABenchObjectUnderTheRealisticPreset() {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().pacing(Pacing.REALISTIC)
                .benchObjects(BenchObject.parse("Tiny__c=100", 42)).build())) {
            TestClient c = new TestClient(org.baseUrl()).login();
            long start = System.nanoTime();
            JsonNode created = TestClient.json(c.postJson(JOBS,
                    "{\"operation\":\"query\",\"query\":\"SELECT Id, Name FROM Tiny__c\"}").body());
            String id = created.get("id").asText();
            List<String> states = new ArrayList<>(List.of(created.get("state").asText()));
            while (!states.get(states.size() - 1).equals("JobComplete")) {
                String state = TestClient.json(c.get(JOBS + "/" + id).body()).get("state").asText();
                if (!states.get(states.size() - 1).equals(state)) {
                    states.add(state);
                }
                assertThat(System.nanoTime() - start).as("job done in time").isLessThan(30_000_000_000L);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            // InProgress lasts 150 ms for 100 rows: a poll every latency (150 ms) may or may not see it.
            assertThat(states).startsWith("UploadComplete").endsWith("JobComplete").doesNotContain("Failed");
            assertThat(millis).as("the realistic 5 s queue").isGreaterThanOrEqualTo(5_000);
            String csv = c.get(JOBS + "/" + id + "/results").body();
            assertThat(csv.lines().count()).as(csv.lines().findFirst().orElse("")).isGreaterThanOrEqualTo(101);
            assertThat(csv).startsWith("\"Id\",\"Name\"");
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
        }
        return n;
    }
}
