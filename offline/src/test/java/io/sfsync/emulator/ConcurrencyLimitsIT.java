package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/**
 * The concurrency limits Salesforce documents, over real HTTP: ten open query cursors per user, and the concurrent
 * long-running request limit (small values here: two requests of 200 ms or longer).
 */
class ConcurrencyLimitsIT {
    private static final String LIMITS = TestClient.V + "/limits";
    /** One thread per parallel client, whatever the machine's core count. */
    private static final ExecutorService CLIENTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-client");
        t.setDaemon(true);
        return t;
    });

    @Test
    void shouldReleaseTheOldestCursorWhenTheEleventhOpens() {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 2100)
                .build())) {
            TestClient c = new TestClient(org.baseUrl()).login();
            List<String> next = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                JsonNode page = TestClient.json(c.query("SELECT Id FROM Account").body());
                assertThat(page.get("done").asBoolean()).isFalse();
                next.add(page.get("nextRecordsUrl").asText());
            }

            HttpResponse<String> oldest = c.get(next.get(0));
            assertThat(oldest.statusCode()).isEqualTo(400);
            assertThat(TestClient.json(oldest.body()).get(0).get("errorCode").asText())
                    .isEqualTo("INVALID_QUERY_LOCATOR");
            HttpResponse<String> second = c.get(next.get(1));
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            assertThat(TestClient.json(second.body()).get("records")).hasSize(100);
        }
    }

    @Test
    void shouldRefuseNewRequestsWhileTheLimitOfLongRunningOnesRun() {
        EmulatorConfig config = EmulatorConfig.builder()
                .concurrency(Concurrency.DOCUMENTED.withLongRequests(2, Duration.ofMillis(200)))
                .pacing(Pacing.FAST.withLatency(Duration.ofMillis(1500))).build();
        try (SalesforceEmulator org = SalesforceEmulator.start(config)) {
            TestClient c = new TestClient(org.baseUrl()).login();
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> c.get(LIMITS),
                    CLIENTS);
            CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> c.get(LIMITS),
                    CLIENTS);
            awaitTrue(() -> org.longRunningRequests() == 2, Duration.ofSeconds(10));
            JsonNode status = TestClient.json(c.get("/_emulator/status").body());
            assertThat(status.get("longRunningRequests").asInt()).as("the admin API is neither paced nor limited")
                    .isEqualTo(2);
            assertThat(status.get("requestsInFlight").asInt()).isEqualTo(2);

            HttpResponse<String> third = c.get(LIMITS);

            assertThat(third.statusCode()).isEqualTo(403);
            JsonNode error = TestClient.json(third.body()).get(0);
            assertThat(error.get("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
            assertThat(error.get("message").asText())
                    .isEqualTo("ConcurrentRequests (Concurrent API Requests) Limit exceeded.");
            assertThat(first.join().statusCode()).isEqualTo(200);
            assertThat(second.join().statusCode()).isEqualTo(200);
            awaitTrue(() -> org.longRunningRequests() == 0, Duration.ofSeconds(10));
            assertThat(c.get(LIMITS).statusCode()).as("admitted again once the long requests ended").isEqualTo(200);
        }
    }

    @Test
    void shouldLetShortRequestsRunInParallelWithoutLimitAndOverlapTheirLatency() {
        Duration latency = Duration.ofMillis(400);
        EmulatorConfig config = EmulatorConfig.builder()
                .concurrency(Concurrency.DOCUMENTED.withLongRequests(2, Duration.ofSeconds(30)))
                .pacing(Pacing.FAST.withLatency(latency)).build();
        try (SalesforceEmulator org = SalesforceEmulator.start(config)) {
            TestClient c = new TestClient(org.baseUrl()).login();
            int parallel = 8;
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> c.get(LIMITS), CLIENTS));
            }
            calls.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(elapsedMillis).as("each call waits its latency").isGreaterThanOrEqualTo(latency.toMillis());
            assertThat(elapsedMillis).as("the waits overlap: no lock serialises them")
                    .isLessThan(parallel * latency.toMillis() / 2);
        }
    }

    /** Waits for a condition of the org, checking every few milliseconds, failing after {@code timeout}. */
    static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("condition not met within " + timeout);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }
}
