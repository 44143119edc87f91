package io.sfsync.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the emulator puts on the wire, read with a raw socket: header case, gzip, a dropped connection. */
class WireFormatIT {
    private static SalesforceEmulator emulator;
    private static TestClient client;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 300)
                .bulkTiming(Duration.ZERO, Duration.ZERO).build());
        client = new TestClient(emulator.baseUrl()).login();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** Sends a raw HTTP/1.1 request and returns the response head and the raw body bytes read until close. */
    private static String[] raw(String method, String path, String... headers) throws IOException {
        try (Socket s = new Socket("127.0.0.1", emulator.port())) {
            s.setSoTimeout(10_000);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + client.token() + "\r\nConnection: close\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) >= 0) {
                    all.write(buf, 0, n);
                }
            } catch (IOException e) {
                // A reset after a dropped body still leaves what was read.
            }
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            return new String[] {text.substring(0, end), text.substring(end + 4)};
        }
    }

    private static String bulkJob() {
        String body = client.postJson(TestClient.V + "/jobs/query",
                "{\"operation\":\"query\",\"query\":\"SELECT Id, Name FROM Account\"}").body();
        String id = TestClient.json(body).get("id").asText();
        String state = "";
        for (int i = 0; i < 200 && !state.equals("JobComplete"); i++) {
            state = TestClient.json(client.get(TestClient.V + "/jobs/query/" + id).body()).get("state").asText();
        }
        assertThat(state).isEqualTo("JobComplete");
        return id;
    }

    @Test
    void shouldTakeTheEmptySegmentAfterAnInstanceUrlWithATrailingSlashAsOneSlash() throws IOException {
        // The Salesforce CLI stores instance URLs as "http://host:port/" and checks its session with
        // GET <instanceUrl>/services/data/vXX.X before each Bulk results page: "//services/data/...".
        String[] resources = raw("GET", "/" + TestClient.V);
        assertThat(resources[0]).startsWith("HTTP/1.1 200");
        assertThat(resources[1]).contains("\"sobjects\"", "\"limits\"");
        String[] limits = raw("GET", "/services//data/v62.0/limits");
        assertThat(limits[0]).startsWith("HTTP/1.1 200");
        assertThat(limits[1]).contains("\"DailyApiRequests\"");
        assertThat(emulator.requests().counters()).containsKeys("resources", "limits");
    }

    @Test
    void shouldSendSforceHeadersInSalesforcesExactCase() throws IOException {
        String id = bulkJob();
        String head = raw("GET", TestClient.V + "/jobs/query/" + id + "/results?maxRecords=100")[0];
        assertThat(head).startsWith("HTTP/1.1 200");
        String locator = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("100:" + id).getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(head).contains("\r\nSforce-Locator: " + locator + "\r\n", "\r\nSforce-NumberOfRecords: 100\r\n",
                "\r\nSforce-Limit-Info: api-usage=", "\r\nContent-Type: text/csv");
        String last = raw("GET", TestClient.V + "/jobs/query/" + id + "/results?locator="
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(("200:" + id).getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII)) + "&maxRecords=100")[0];
        assertThat(last).contains("\r\nSforce-Locator: null\r\n", "\r\nSforce-NumberOfRecords: 100\r\n");
    }

    @Test
    void shouldGzipResultsForClientsThatAskAndOnlyForThem() throws IOException {
        String id = bulkJob();
        String path = TestClient.V + "/jobs/query/" + id + "/results";
        var zipped = client.getBytes(path, "Accept-Encoding", "gzip");
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String unzipped = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))
                .readAllBytes(), StandardCharsets.UTF_8);
        var plain = client.getBytes(path);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(unzipped).isEqualTo(new String(plain.body(), StandardCharsets.UTF_8)).startsWith("\"Id\",\"Name\"");
        assertThat(unzipped.split("\n")).hasSize(301);
    }

    @Test
    void shouldDropTheConnectionHalfwayThroughTheBodyWhenAsked() throws IOException {
        emulator.faults().add(Faults.Kind.DROP_CONNECTION, "/query", "GET", 1, 0);
        String[] reply = raw("GET", TestClient.V + "/query?q=SELECT+Id,Name+FROM+Account");
        long declared = Long.parseLong(header(reply[0], "Content-Length"));
        assertThat(reply[0]).startsWith("HTTP/1.1 200");
        assertThat((long) reply[1].getBytes(StandardCharsets.ISO_8859_1).length).isLessThan(declared).isPositive();
        String[] next = raw("GET", TestClient.V + "/query?q=SELECT+Id,Name+FROM+Account");
        assertThat((long) next[1].getBytes(StandardCharsets.ISO_8859_1).length)
                .isEqualTo(Long.parseLong(header(next[0], "Content-Length")));
    }

    @Test
    void shouldServeVersionsWithoutAuthenticationAndOldestFirst() {
        var r = new TestClient(emulator.baseUrl()).get("/services/data/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json;charset=UTF-8");
        var list = TestClient.json(r.body());
        List<String> versions = new ArrayList<>();
        list.forEach(v -> versions.add(v.get("version").asText()));
        assertThat(versions).startsWith("31.0").endsWith("67.0").contains("62.0");
        assertThat(list.get(56 - 31).get("label").asText()).isEqualTo("Winter '23");
        assertThat(new TestClient(emulator.baseUrl()).get("/services/data").statusCode()).isEqualTo(200);
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + name + " in " + head);
    }
}
