package io.sfsync.bench;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.salesforce.DescribeParser;
import io.sfsync.salesforce.SObjectSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The few Salesforce calls the references need, over a plain {@code java.net.http} client: a password login with the
 * emulator's demo credentials, describe, and a Bulk API 2.0 query job whose result pages go straight to files. Safe
 * for several threads at once (the Id-range jobs).
 */
final class SalesforceHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;
    private final String token;
    private final AtomicInteger calls = new AtomicInteger();

    /** One result page as it landed on disk. */
    record Page(Path file, long rows, String nextLocator) {
    }

    private SalesforceHttp(HttpClient http, String instanceUrl, String apiVersion, String token) {
        this.http = http;
        this.base = instanceUrl + "/services/data/v" + apiVersion;
        this.token = token;
    }

    /** Logs in with the demo credentials of the offline org (EmulatorConfig.DEMO_*). */
    static SalesforceHttp login(String loginUrl, String apiVersion) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<String, String> form = Map.of("grant_type", "password", "client_id", EmulatorConfig.DEMO_CLIENT_ID,
                "client_secret", EmulatorConfig.DEMO_CLIENT_SECRET, "username", EmulatorConfig.DEMO_USERNAME,
                "password", EmulatorConfig.DEMO_PASSWORD);
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(loginUrl + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode token = json(r, "login at " + loginUrl);
        return new SalesforceHttp(http, token.path("instance_url").asText(loginUrl), apiVersion,
                token.path("access_token").asText());
    }

    /** The session's access token (the Salesforce CLI peer logs in with it; never logged). */
    String accessToken() {
        return token;
    }

    /** The API calls made since login. */
    int calls() {
        return calls.get();
    }

    SObjectSchema describe(String sobject) throws IOException, InterruptedException {
        return DescribeParser.parse(json(send(get("/sobjects/" + sobject + "/describe")), "describe " + sobject));
    }

    /** Creates a CSV query job (queryAll: deleted rows too, as the syncs read) and returns its id. */
    String createQueryJob(String soql) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("operation", "queryAll", "query", soql, "contentType", "CSV",
                "columnDelimiter", "COMMA", "lineEnding", "LF"));
        HttpRequest post = authorized("/jobs/query").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return json(send(post), "create a Bulk query job").path("id").asText();
    }

    /** Polls the job every 20 ms until it is complete; fails when it ends any other way. */
    void awaitCompletion(String jobId) throws IOException, InterruptedException {
        awaitCompletion(jobId, 20, 20);
    }

    /**
     * Polls the job until it is complete, first after {@code initialMs}, then twice as long each time up to
     * {@code maxMs} (sfsync's own polling: sfsync.bulk.poll-initial-ms, poll-max-ms); fails when it ends another way.
     */
    void awaitCompletion(String jobId, long initialMs, long maxMs) throws IOException, InterruptedException {
        long wait = initialMs;
        while (true) {
            String state = json(send(get("/jobs/query/" + jobId)), "poll Bulk job " + jobId).path("state").asText();
            switch (state) {
                case "JobComplete":
                    return;
                case "Failed", "Aborted":
                    throw new IOException("Bulk job " + jobId + " ended " + state);
                default:
                    Thread.sleep(wait);
                    wait = Math.min(maxMs, wait * 2);
            }
        }
    }

    /** Writes one result page into {@code file} as the server sent it (gzip bytes too, when asked for). */
    Page downloadPage(String jobId, int maxRecords, String locator, Path file, boolean gzip)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = authorized("/jobs/query/" + jobId + "/results?maxRecords=" + maxRecords
                + (locator == null ? "" : "&locator=" + encode(locator)));
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        calls.incrementAndGet();
        HttpResponse<Path> r = http.send(b.build(), HttpResponse.BodyHandlers.ofFile(file));
        if (r.statusCode() != 200) {
            throw new IOException("Bulk results of job " + jobId + " answered HTTP " + r.statusCode() + " (see "
                    + file + ")");
        }
        String next = r.headers().firstValue("Sforce-Locator").orElse("null");
        long rows = Long.parseLong(r.headers().firstValue("Sforce-NumberOfRecords").orElse("0"));
        return new Page(file, rows, next.equals("null") ? null : next);
    }

    /** One REST query page (the first), as text. */
    String query(String soql) throws IOException, InterruptedException {
        return json(send(get("/query?q=" + encode(soql))), "query").toString();
    }

    void deleteJob(String jobId) throws IOException, InterruptedException {
        send(authorized("/jobs/query/" + jobId).DELETE().build());
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token);
    }

    private HttpRequest get(String path) {
        return authorized(path).GET().build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        calls.incrementAndGet();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> r, String what) throws IOException {
        if (r.statusCode() / 100 != 2) {
            throw new IOException(what + " answered HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
