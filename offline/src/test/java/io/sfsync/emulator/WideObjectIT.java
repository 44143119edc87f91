package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.sfsync.emulator.model.Ids;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An Account of 800 filled custom fields through every API a replicator uses: describe, REST query pages, Bulk API
 * 2.0 CSV, COUNT, Id-range and SystemModstamp filters, and changes made through REST and the admin API.
 */
class WideObjectIT {
    private static final int ACCOUNTS = 30;
    private static SalesforceEmulator emulator;
    private static TestClient api;
    private static TestClient admin;
    private static Map<String, String> types;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", ACCOUNTS)
                .volume("Contact", 10).volume("Opportunity", 5).wide("Account", 800)
                .bulkTiming(Duration.ZERO, Duration.ZERO).build());
        api = new TestClient(emulator.baseUrl()).login();
        admin = new TestClient(emulator.baseUrl());
        types = new LinkedHashMap<>();
        for (JsonNode f : describe().get("fields")) {
            if (f.get("name").asText().matches("W\\d{3}_.*")) {
                types.put(f.get("name").asText(), f.get("type").asText());
            }
        }
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static JsonNode describe() {
        HttpResponse<String> r = api.get(TestClient.V + "/sobjects/Account/describe");
        assertThat(r.statusCode()).isEqualTo(200);
        return TestClient.json(r.body());
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestClient.json(r.body());
    }

    /** Every record of a REST query, following nextRecordsUrl. */
    private static List<JsonNode> restRecords(String soql) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode page = ok(api.query(soql));
        page.get("records").forEach(out::add);
        while (!page.get("done").asBoolean()) {
            page = ok(api.get(page.get("nextRecordsUrl").asText()));
            page.get("records").forEach(out::add);
        }
        return out;
    }

    /** Every row of a Bulk API 2.0 query job's results, all pages. */
    private static List<CSVRecord> bulkRows(String soql) throws Exception {
        String body = JsonNodeFactory.instance.objectNode().put("operation", "query").put("query", soql).toString();
        HttpResponse<String> created = api.postJson(TestClient.V + "/jobs/query", body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = TestClient.json(created.body()).get("id").asText();
        String state = "";
        for (int i = 0; i < 10_000 && !state.equals("JobComplete"); i++) {
            state = ok(api.get(TestClient.V + "/jobs/query/" + id)).get("state").asText();
            assertThat(state).isIn("UploadComplete", "InProgress", "JobComplete");
        }
        List<CSVRecord> rows = new ArrayList<>();
        String locator = null;
        do {
            HttpResponse<String> page = api.get(TestClient.V + "/jobs/query/" + id + "/results"
                    + (locator == null ? "" : "?locator=" + locator));
            assertThat(page.statusCode()).isEqualTo(200);
            rows.addAll(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(page.body())).getRecords());
            locator = page.headers().firstValue("Sforce-Locator").orElseThrow();
        } while (!locator.equals("null"));
        return rows;
    }

    /** The first wide field whose name ends so. */
    private static String named(String suffix) {
        return types.keySet().stream().filter(n -> n.endsWith(suffix)).findFirst().orElseThrow();
    }

    private static String select(List<String> fields, String rest) {
        return "SELECT Id, " + String.join(", ", fields) + " FROM Account" + rest;
    }

    /** A REST JSON value written as the Bulk CSV writes the same value. */
    private static String asCsv(String type, JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        return switch (type) {
            case "double", "currency", "percent" -> Double.toString(v.asDouble());
            case "datetime" -> v.asText().replace("+0000", "Z");
            default -> v.asText();
        };
    }

    private static String csvNormalised(String type, String v) {
        return switch (type) {
            case "double", "currency", "percent" -> v.isEmpty() ? v : Double.toString(Double.parseDouble(v));
            default -> v;
        };
    }

    @Test
    void shouldDescribeEightHundredCustomFieldsWithTheirLengthsAndPicklists() {
        JsonNode fields = describe().get("fields");
        assertThat(types).hasSize(800);
        assertThat(types.values()).contains("string", "textarea", "double", "currency", "percent", "int", "date",
                "datetime", "boolean", "picklist", "email", "phone", "url");
        int longText = 0;
        int rich = 0;
        for (JsonNode f : fields) {
            String name = f.get("name").asText();
            if (name.endsWith("_LongText__c")) {
                longText++;
                assertThat(f.get("extraTypeInfo").asText()).isEqualTo("plaintextarea");
                assertThat(f.get("length").asInt()).isEqualTo(SalesforceLimits.LONG_TEXT_MAX);
            } else if (name.endsWith("_RichText__c")) {
                rich++;
                assertThat(f.get("extraTypeInfo").asText()).isEqualTo("richtextarea");
                assertThat(f.get("htmlFormatted").asBoolean()).isTrue();
            } else if (name.endsWith("_Pick__c")) {
                assertThat(f.get("picklistValues").size()).as(name).isGreaterThanOrEqualTo(4);
            }
        }
        assertThat(longText).isEqualTo(6);
        assertThat(rich).isEqualTo(6);
    }

    @Test
    void shouldGiveTheSameValuesThroughRestChunksAndOneBulkQueryOfAllFields() throws Exception {
        List<String> names = new ArrayList<>(types.keySet());
        Map<String, Map<String, String>> rest = new HashMap<>();
        for (int from = 0; from < names.size(); from += 400) {
            List<String> chunk = names.subList(from, Math.min(names.size(), from + 400));
            for (JsonNode rec : restRecords(select(chunk, " ORDER BY Id"))) {
                Map<String, String> row = rest.computeIfAbsent(rec.get("Id").asText(), k -> new HashMap<>());
                chunk.forEach(n -> row.put(n, asCsv(types.get(n), rec.get(n))));
            }
        }
        List<CSVRecord> bulk = bulkRows(select(names, ""));
        assertThat(bulk).hasSize(ACCOUNTS);
        assertThat(rest).hasSize(ACCOUNTS);
        long bytes = 0;
        int nonEmpty = 0;
        for (CSVRecord row : bulk) {
            Map<String, String> restRow = rest.get(row.get("Id"));
            for (String n : names) {
                String csv = row.get(n);
                bytes += csv.length();
                nonEmpty += csv.isEmpty() ? 0 : 1;
                assertThat(csvNormalised(types.get(n), csv)).as(row.get("Id") + "." + n).isEqualTo(restRow.get(n));
            }
        }
        // sparse: a nillable filled field is null in 35% of the records (checkboxes never are)
        assertThat(nonEmpty).as("filled values").isBetween(ACCOUNTS * 800 / 2, ACCOUNTS * 800 * 8 / 10);
        assertThat(bytes / ACCOUNTS).as("characters of wide values per row").isGreaterThan(15_000);
    }

    @Test
    void shouldCountFilterByIdRangeAndOrderByIdOnTheWideObject() throws Exception {
        assertThat(ok(api.query("SELECT COUNT() FROM Account")).get("totalSize").asInt()).isEqualTo(ACCOUNTS);
        String low = Ids.of("001", 5);
        String high = Ids.of("001", 14);
        String range = " WHERE Id >= '" + low + "' AND Id <= '" + high + "' ORDER BY Id";
        List<String> fields = List.of("W001_Region_Text__c", named("_LongText__c"), named("_RichText__c"));
        List<String> restIds = restRecords(select(fields, range)).stream().map(r -> r.get("Id").asText()).toList();
        List<String> bulkIds = bulkRows(select(new ArrayList<>(types.keySet()), range)).stream()
                .map(r -> r.get("Id")).toList();
        assertThat(restIds).hasSize(10).isSorted().startsWith(low).endsWith(high);
        assertThat(bulkIds).isEqualTo(restIds);
    }

    @Test
    void shouldKeepWideValuesOfChangedRecordsAndMoveTheirStamps() throws Exception {
        List<String> fields = new ArrayList<>(types.keySet()).subList(0, 300);
        Map<String, JsonNode> before = new HashMap<>();
        restRecords(select(fields, "")).forEach(r -> before.put(r.get("Id").asText(), r));
        Instant start = Instant.parse(ok(admin.get("/_emulator/clock")).get("now").asText());
        String patched = Ids.of("001", 2);
        HttpResponse<String> patch = api.patchJson(TestClient.V + "/sobjects/Account/" + patched,
                "{\"W001_Region_Text__c\":\"patched, \\\"wide\\\"\"}");
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(204);
        assertThat(ok(admin.postJson("/_emulator/sobjects/Account/changes", "{\"count\":5}")).get("changed").asInt())
                .isEqualTo(5);

        String first = Ids.of("001", 0);
        String since = " WHERE SystemModstamp >= " + start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + " AND Id > '" + first + "' ORDER BY Id";
        List<String> withStamp = new ArrayList<>(fields);
        withStamp.add("SystemModstamp");
        List<JsonNode> changed = restRecords(select(withStamp, since));
        List<String> bulkChanged = bulkRows(select(new ArrayList<>(types.keySet()), since)).stream()
                .map(r -> r.get("Id")).toList();
        assertThat(changed).extracting(r -> r.get("Id").asText()).contains(patched).doesNotContain(first)
                .isEqualTo(bulkChanged);
        assertThat(changed).hasSizeBetween(4, 6);
        for (JsonNode rec : changed) {
            String id = rec.get("Id").asText();
            assertThat(rec.get("SystemModstamp").asText()).isGreaterThanOrEqualTo(start.toString().substring(0, 19));
            for (String n : fields) {
                if (id.equals(patched) && n.equals("W001_Region_Text__c")) {
                    assertThat(rec.get(n).asText()).isEqualTo("patched, \"wide\"");
                } else {
                    assertThat(rec.get(n)).as(id + "." + n).isEqualTo(before.get(id).get(n));
                }
            }
        }
    }
}
