package io.sfsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code sfsync demo}: starts the offline demo org in-process and walks through the API surface a replicator uses:
 * OAuth login, describe, COUNT(), REST paging, a Bulk API 2.0 job read page by page, and a change that moves
 * {@code SystemModstamp}.
 */
final class DemoCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V = "/services/data/v62.0";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final PrintStream out;
    private String base;
    private String token;

    private DemoCommand(PrintStream out) {
        this.out = out;
    }

    static int run(String[] args, PrintStream out) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start()) {
            DemoCommand demo = new DemoCommand(out);
            demo.base = org.baseUrl();
            demo.tour(org);
        }
        return 0;
    }

    private void tour(SalesforceEmulator org) throws Exception {
        out.println("== Offline Salesforce org started at " + base);
        JsonNode login = send(HttpRequest.newBuilder(URI.create(base + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id="
                        + EmulatorConfig.DEMO_CLIENT_ID + "&client_secret=" + EmulatorConfig.DEMO_CLIENT_SECRET
                        + "&username=" + enc(EmulatorConfig.DEMO_USERNAME) + "&password="
                        + EmulatorConfig.DEMO_PASSWORD)));
        token = login.get("access_token").asText();
        out.println("== Logged in with the OAuth password flow; identity " + login.get("id").asText());
        for (String type : List.of("Account", "Contact", "Opportunity", "Kitchen_Sink__c")) {
            JsonNode describe = get(V + "/sobjects/" + type + "/describe");
            JsonNode count = get(V + "/query?q=" + enc("SELECT COUNT() FROM " + type));
            out.printf("   %-16s %7d records, %3d fields%n", type, count.get("totalSize").asInt(),
                    describe.get("fields").size());
        }
        JsonNode page = get(V + "/query?q=" + enc("SELECT Id, Name, Owner.Name FROM Account ORDER BY Name LIMIT 3"));
        out.println("== REST query, first rows:");
        for (JsonNode r : page.get("records")) {
            out.println("   " + r.get("Id").asText() + "  " + r.get("Name").asText() + "  (owner "
                    + r.get("Owner").get("Name").asText() + ")");
        }
        JsonNode job = send(HttpRequest.newBuilder(URI.create(base + V + "/jobs/query")).header("Authorization",
                "Bearer " + token).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers
                .ofString("{\"operation\":\"query\",\"query\":\"SELECT Id, Name, Industry FROM Account\"}")));
        String id = job.get("id").asText();
        String state = job.get("state").asText();
        out.println("== Bulk API 2.0 job " + id + ": " + state);
        while (!state.equals("JobComplete")) {
            Thread.sleep(50);
            state = get(V + "/jobs/query/" + id).get("state").asText();
        }
        String locator = null;
        int pages = 0;
        long rows = 0;
        do {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + V + "/jobs/query/" + id
                    + "/results?maxRecords=2000" + (locator == null ? "" : "&locator=" + locator)))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            rows += Long.parseLong(r.headers().firstValue("Sforce-NumberOfRecords").orElse("0"));
            locator = r.headers().firstValue("Sforce-Locator").orElse("null");
            pages++;
        } while (!"null".equals(locator));
        out.println("   read " + rows + " rows in " + pages + " CSV pages (Sforce-Locator paging)");
        String first = page.get("records").get(0).get("Id").asText();
        http.send(HttpRequest.newBuilder(URI.create(base + V + "/sobjects/Account/" + first))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"Rating\":\"Hot\"}")).build(),
                HttpResponse.BodyHandlers.discarding());
        JsonNode changed = get(V + "/query?q=" + enc("SELECT Id, Rating, SystemModstamp FROM Account "
                + "WHERE SystemModstamp >= " + org.org().clock().now().minusSeconds(60)));
        out.println("== Updated " + first + "; records changed in the last minute: " + changed.get("totalSize")
                .asInt() + " (SystemModstamp " + changed.get("records").get(0).get("SystemModstamp").asText() + ")");
        out.println("== API calls spent: " + org.requests().counters());
        out.println("Done. Run the org on its own with: java -jar target/sfsync.jar emulator");
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token));
    }

    private JsonNode send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("the demo org answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
