package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thirty synthetic custom objects from 100 to 2,000,000 rows (the spec {@code 30:100-2000000}): each is describable,
 * COUNT()-able, REST- and Bulk-queryable as Account is, and its rows stay generated, not stored.
 */
class BenchObjectsIT {
    private static final List<BenchObject> OBJECTS = BenchObject.parse("30:100-2000000", 42);
    private static SalesforceEmulator org;
    private static TestClient c;

    @BeforeAll
    static void start() {
        org = SalesforceEmulator.start(EmulatorConfig.builder().benchObjects(OBJECTS).build());
        c = new TestClient(org.baseUrl()).login();
    }

    @AfterAll
    static void stop() {
        org.close();
    }

    private static BenchObject bySize(int rank) {
        List<BenchObject> sorted = new ArrayList<>(OBJECTS);
        sorted.sort(Comparator.comparingInt(BenchObject::rows));
        return sorted.get(rank);
    }

    @Test
    void shouldDescribeEveryBenchObjectAsACustomObject() {
        JsonNode global = TestClient.json(c.get(TestClient.V + "/sobjects").body());
        List<String> names = new ArrayList<>();
        global.get("sobjects").forEach(o -> names.add(o.get("name").asText()));
        assertThat(names).containsAll(OBJECTS.stream().map(BenchObject::name).toList());

        JsonNode describe = TestClient.json(c.get(TestClient.V + "/sobjects/Bench_07__c/describe").body());
        assertThat(describe.get("custom").asBoolean()).isTrue();
        List<String> fields = new ArrayList<>();
        describe.get("fields").forEach(f -> fields.add(f.get("name").asText()));
        assertThat(fields).contains("Id", "Name", "OwnerId", "IsDeleted", "CreatedDate", "LastModifiedDate",
                "SystemModstamp", "Status__c", "Amount__c", "Start_Date__c", "Last_Activity__c", "Account__c");
        assertThat(fields.stream().filter(f -> f.endsWith("__c")).count()).isEqualTo(16);
    }

    @Test
    void shouldCountTheConfiguredRowsOfTheSmallestAndTheLargest() {
        for (BenchObject o : List.of(bySize(0), bySize(15), bySize(29))) {
            JsonNode count = TestClient.json(c.query("SELECT COUNT() FROM " + o.name()).body());
            assertThat(count.get("totalSize").asInt()).as(o.name()).isEqualTo(o.rows());
        }
        assertThat(bySize(29).rows()).isEqualTo(2_000_000);
    }

    @Test
    void shouldServeARestPageWithFilledValues() {
        BenchObject small = bySize(0);
        HttpResponse<String> r = c.query("SELECT Id, Name, Status__c, Amount__c, Account__c, SystemModstamp FROM "
                + small.name());
        JsonNode page = TestClient.json(r.body());
        assertThat(page.get("totalSize").asInt()).isEqualTo(100);
        JsonNode first = page.get("records").get(0);
        assertThat(first.get("attributes").get("type").asText()).isEqualTo(small.name());
        assertThat(first.get("Id").asText()).startsWith("aA").hasSize(18);
        assertThat(first.get("Name").asText()).isEqualTo(small.name().replace("__c", "").replace('_', ' ') + " 0");
        assertThat(first.get("SystemModstamp").asText()).startsWith("202");
        long filled = 0;
        for (JsonNode rec : page.get("records")) {
            filled += rec.get("Status__c").isNull() ? 0 : 1;
            filled += rec.get("Account__c").isNull() ? 0 : 1;
        }
        assertThat(filled).as("picklist and lookup mostly filled").isGreaterThan(100);
    }

    @Test
    void shouldAnswerABulkJobWithTheObjectsCsv() throws Exception {
        BenchObject o = bySize(3);
        String jobs = TestClient.V + "/jobs/query";
        String id = TestClient.json(c.postJson(jobs, "{\"operation\":\"query\",\"query\":\"SELECT Id, Name, Code__c,"
                + " Is_Active__c, Quantity__c, Start_Date__c FROM " + o.name() + "\"}").body()).get("id").asText();
        while (!TestClient.json(c.get(jobs + "/" + id).body()).get("state").asText().equals("JobComplete")) {
            Thread.onSpinWait();
        }
        String csv = c.get(jobs + "/" + id + "/results?maxRecords=" + o.rows()).body();
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(csv)).getRecords();
        assertThat(rows).hasSize(o.rows());
        assertThat(rows.get(0).toMap().keySet()).containsExactly("Id", "Name", "Code__c", "Is_Active__c",
                "Quantity__c", "Start_Date__c");
        assertThat(rows.get(1).get("Name")).endsWith(" 1");
        assertThat(rows).extracting(r -> r.get("Is_Active__c")).contains("true", "false");
    }

    @Test
    void shouldKeepRowsGeneratedNotStoredAfterBeingRead() {
        c.query("SELECT Id, Name, Notes__c FROM " + bySize(29).name());
        Map<String, Map<String, Integer>> stats = org.org().stats();
        for (BenchObject o : OBJECTS) {
            assertThat(stats.get(o.name())).containsEntry("generated", o.rows()).containsEntry("stored", 0);
        }
    }
}
