package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.model.DemoData;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.OrgClock;
import io.sfsync.emulator.model.ValueFormats;
import io.sfsync.emulator.soql.EvalContext;
import io.sfsync.emulator.soql.FieldPath;
import io.sfsync.emulator.soql.SoqlParser;
import io.sfsync.emulator.soql.SoqlQuery;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A million Accounts through Bulk API 2.0 from an emulator in its own JVM capped at 1 GiB of heap: twenty pages of
 * 50,000 rows whose every cell parses back to the value the seed generates.
 */
class MillionAccountsBulkIT {
    private static final int ROWS = 1_000_000;
    private static final int PAGE = 50_000;
    private static final long SEED = 7;
    private static final long ONE_GIB = 1024L * 1024 * 1024;

    private static Process child;
    private static String baseUrl;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startEmulatorInItsOwnJvm() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.sfsync.cli.Main", "emulator", "--port", "0", "--seed", Long.toString(SEED),
                "--volume", "Account=" + ROWS, "--bulk-delay", "0").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on (http://\\S+)");
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = listening.matcher(line);
            if (m.find()) {
                baseUrl = m.group(1);
                break;
            }
        }
        assertThat(baseUrl).as("the emulator printed its URL").isNotNull();
        Thread drain = new Thread(() -> {
            try {
                out.lines().forEach(l -> { });
            } catch (java.io.UncheckedIOException e) {
                // The stream closes when the emulator is stopped.
            }
        }, "emulator-output");
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (child != null) {
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldServeAMillionAccountsInTwentyExactPagesUnderOneGibOfHeap() throws Exception {
        String token = TestClient.json(send(HttpRequest.newBuilder(URI.create(baseUrl + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(TestClient.form(Map.of("grant_type", "password",
                        "client_id", EmulatorConfig.DEMO_CLIENT_ID, "client_secret", EmulatorConfig.DEMO_CLIENT_SECRET,
                        "username", EmulatorConfig.DEMO_USERNAME, "password", EmulatorConfig.DEMO_PASSWORD)))),
                null).body()).get("access_token").asText();

        // The same org, in this JVM, without a server: what every cell must be.
        Org expected = new Org(DemoSchema.all(), new DemoData(SEED, Map.of("User", 12, "Account", ROWS,
                "Contact", 12_000, "Opportunity", 800, DemoSchema.KITCHEN_SINK, 250)), new OrgClock(Clock.systemUTC()));
        List<String> columns = new ArrayList<>();
        for (FieldDef f : expected.find("Account").fields()) {
            if (!f.type().isCompound()) {
                columns.add(f.name());
            }
        }
        columns.add("Owner.Name");
        columns.add("Parent.Name");
        String soql = "SELECT " + String.join(", ", columns) + " FROM Account";
        SoqlQuery query = SoqlParser.parse(soql, expected);
        List<FieldPath> paths = query.select();

        String jobs = baseUrl + "/services/data/v62.0/jobs/query";
        JsonNode job = TestClient.json(send(HttpRequest.newBuilder(URI.create(jobs))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        TestClient.JSON.writeValueAsString(Map.of("operation", "query", "query", soql)))), token)
                .body());
        String id = job.get("id").asText();
        String state = "";
        for (int i = 0; i < 100_000 && !state.equals("JobComplete"); i++) {
            state = TestClient.json(send(HttpRequest.newBuilder(URI.create(jobs + "/" + id)), token).body())
                    .get("state").asText();
        }
        assertThat(state).isEqualTo("JobComplete");

        EvalContext ctx = new EvalContext(expected.clock().now(), expected);
        String locator = null;
        int pages = 0;
        int row = 0;
        do {
            HttpResponse<java.io.InputStream> page = HTTP.send(HttpRequest.newBuilder(URI.create(jobs + "/" + id
                    + "/results?maxRecords=" + PAGE + (locator == null ? "" : "&locator=" + locator)))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(page.statusCode()).isEqualTo(200);
            int declared = Integer.parseInt(page.headers().firstValue("Sforce-NumberOfRecords").orElseThrow());
            int inPage = 0;
            try (Reader r = new InputStreamReader(page.body(), StandardCharsets.UTF_8);
                    CSVParser csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
                assertThat(csv.getHeaderNames()).containsExactlyElementsOf(paths.stream()
                        .map(FieldPath::canonicalName).collect(Collectors.toList()));
                for (CSVRecord rec : csv) {
                    var source = expected.table("Account").row(row);
                    for (int c = 0; c < paths.size(); c++) {
                        String want = ValueFormats.csv(paths.get(c).field(), paths.get(c).value(source, ctx));
                        if (!want.equals(rec.get(c))) {
                            throw new AssertionError("row " + row + " column " + paths.get(c).canonicalName()
                                    + ": expected [" + want + "] but got [" + rec.get(c) + "]");
                        }
                    }
                    row++;
                    inPage++;
                }
            }
            assertThat(inPage).isEqualTo(declared).isEqualTo(PAGE);
            locator = page.headers().firstValue("Sforce-Locator").orElseThrow();
            pages++;
        } while (!locator.equals("null"));
        assertThat(pages).isEqualTo(20);
        assertThat(row).isEqualTo(ROWS);

        JsonNode heap = TestClient.json(send(HttpRequest.newBuilder(URI.create(baseUrl + "/_emulator/status")), null)
                .body()).get("heap");
        assertThat(heap.get("maxBytes").asLong()).isLessThanOrEqualTo(ONE_GIB);
        assertThat(heap.get("peakUsedBytes").asLong()).isLessThan(ONE_GIB);
        System.out.printf("1,000,000 Accounts x %d columns: emulator peak heap %d MiB (max %d MiB)%n", paths.size(),
                heap.get("peakUsedBytes").asLong() >> 20, heap.get("maxBytes").asLong() >> 20);
    }
}
