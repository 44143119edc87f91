package io.sfsync.emulator.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;
import io.sfsync.emulator.model.DemoSchema;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bulk API 2.0 query jobs through plain HTTP: the state machine, paging, formats, abort, delete and list. */
class BulkApiIT {
    private static SalesforceEmulator emulator;
    private static TestClient c;
    private static final String JOBS = TestClient.V + "/jobs/query";

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 1200)
                .volume(DemoSchema.KITCHEN_SINK, 200).bulkTiming(Duration.ofMillis(30), Duration.ofMillis(60))
                .bulkDefaultPageBytes(20_000).build());
        c = new TestClient(emulator.baseUrl()).login();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String create(String body) {
        HttpResponse<String> r = c.postJson(JOBS, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode job = TestClient.json(r.body());
        assertThat(job.get("state").asText()).isEqualTo("UploadComplete");
        assertThat(job.get("apiVersion").isNumber()).isTrue();
        return job.get("id").asText();
    }

    private static List<String> awaitStates(String id) {
        List<String> states = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String s = TestClient.json(c.get(JOBS + "/" + id).body()).get("state").asText();
            if (states.isEmpty() || !states.get(states.size() - 1).equals(s)) {
                states.add(s);
            }
            if (s.equals("JobComplete") || s.equals("Failed") || s.equals("Aborted")) {
                return states;
            }
        }
        throw new AssertionError("job " + id + " did not finish: " + states);
    }

    private static String errorCode(HttpResponse<String> r) {
        return TestClient.json(r.body()).get(0).get("errorCode").asText();
    }

    @Test
    void shouldWalkUploadCompleteInProgressJobComplete() {
        String id = create("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}");
        List<String> states = awaitStates(id);
        assertThat(states).containsSubsequence("UploadComplete", "InProgress", "JobComplete");
        JsonNode info = TestClient.json(c.get(JOBS + "/" + id).body());
        assertThat(info.get("numberRecordsProcessed").asInt()).isEqualTo(1200);
        assertThat(info.get("jobType").asText()).isEqualTo("V2Query");
    }

    @Test
    void shouldAnswer412BeforeCompletionAnd409ForAnotherVersion() {
        // held in progress until its first poll, so that "before completion" does not depend on the machine's speed
        emulator.bulkNext(new BulkBehaviour(null, 1), 1);
        String id = create("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}");
        HttpResponse<String> early = c.get(JOBS + "/" + id + "/results");
        assertThat(early.statusCode()).isEqualTo(412);
        assertThat(errorCode(early)).isEqualTo("JOB_NOT_COMPLETE");
        awaitStates(id);
        HttpResponse<String> other = c.get("/services/data/v61.0/jobs/query/" + id + "/results");
        assertThat(other.statusCode()).isEqualTo(409);
    }

    @Test
    void shouldPageByLocatorAndMaxRecordsWithAHeaderRowOnEveryPage() throws Exception {
        String id = create("{\"operation\":\"query\",\"query\":\"SELECT Id, Name FROM Account\"}");
        awaitStates(id);
        List<String> ids = new ArrayList<>();
        String locator = "";
        int pages = 0;
        do {
            HttpResponse<String> page = c.get(JOBS + "/" + id + "/results?maxRecords=500"
                    + (locator.isEmpty() ? "" : "&locator=" + locator));
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/csv");
            List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(page.body())).getRecords();
            assertThat(page.headers().firstValue("Sforce-NumberOfRecords")).hasValue(Integer.toString(rows.size()));
            rows.forEach(r -> ids.add(r.get("Id")));
            locator = page.headers().firstValue("Sforce-Locator").orElseThrow();
            pages++;
        } while (!locator.equals("null"));
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(1200).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void shouldPickASizeBasedPageWhenMaxRecordsIsMissing() {
        String id = create("{\"operation\":\"query\",\"query\":\"SELECT Id, Name, Description FROM Account\"}");
        awaitStates(id);
        HttpResponse<String> page = c.get(JOBS + "/" + id + "/results");
        int n = Integer.parseInt(page.headers().firstValue("Sforce-NumberOfRecords").orElseThrow());
        assertThat(n).isPositive().isLessThan(1200);
        assertThat(page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isBetween(20_000, 40_000);
        assertThat(page.headers().firstValue("Sforce-Locator").orElseThrow()).isNotEqualTo("null");
    }

    @Test
    void shouldHonourDelimiterAndLineEnding() throws Exception {
        String id = create("{\"operation\":\"query\",\"query\":\"SELECT Id, Text__c FROM " + DemoSchema.KITCHEN_SINK
                + "\",\"columnDelimiter\":\"PIPE\",\"lineEnding\":\"CRLF\"}");
        awaitStates(id);
        String body = c.get(JOBS + "/" + id + "/results?maxRecords=200").body();
        assertThat(body).startsWith("\"Id\"|\"Text__c\"\r\n");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setDelimiter('|').setHeader().setSkipHeaderRecord(true)
                .get().parse(new StringReader(body)).getRecords();
        assertThat(rows).hasSize(200);
        var sink = emulator.org().table(DemoSchema.KITCHEN_SINK);
        var text = sink.def().field("Text__c");
        for (int i = 0; i < rows.size(); i++) {
            Object expected = sink.row(i).get(text);
            assertThat(rows.get(i).get("Text__c")).isEqualTo(expected == null ? "" : expected);
        }
    }

    @Test
    void shouldReturnOnlyTheHeaderForZeroRows() {
        String id = create("{\"operation\":\"query\",\"query\":\"SELECT Id, Name FROM Account WHERE Name = 'none'\"}");
        awaitStates(id);
        HttpResponse<String> page = c.get(JOBS + "/" + id + "/results?maxRecords=100");
        assertThat(page.body()).isEqualTo("\"Id\",\"Name\"\n");
        assertThat(page.headers().firstValue("Sforce-Locator")).hasValue("null");
        assertThat(page.headers().firstValue("Sforce-NumberOfRecords")).hasValue("0");
    }

    @Test
    void shouldAbortDeleteAndListJobs() {
        emulator.bulkNext(new BulkBehaviour(null, 1000), 1);
        String id = create("{\"operation\":\"queryAll\",\"query\":\"SELECT Id FROM Account\"}");
        assertThat(TestClient.json(c.get(JOBS + "/" + id).body()).get("state").asText()).isEqualTo("InProgress");
        HttpResponse<String> notYet = c.delete(JOBS + "/" + id);
        assertThat(notYet.statusCode()).isEqualTo(400);
        assertThat(TestClient.json(notYet.body()).get(0).get("message").asText()).contains("not terminated");
        assertThat(TestClient.json(c.get(JOBS).body()).get("records").findValuesAsText("id")).contains(id);
        HttpResponse<String> aborted = c.patchJson(JOBS + "/" + id, "{\"state\":\"Aborted\"}");
        assertThat(TestClient.json(aborted.body()).get("state").asText()).isEqualTo("Aborted");
        assertThat(c.patchJson(JOBS + "/" + id, "{\"state\":\"Aborted\"}").statusCode()).isEqualTo(400);
        assertThat(c.delete(JOBS + "/" + id).statusCode()).isEqualTo(204);
        assertThat(c.get(JOBS + "/" + id).statusCode()).isEqualTo(404);
        assertThat(TestClient.json(c.get(JOBS).body()).get("records").findValuesAsText("id")).doesNotContain(id);
    }

    @Test
    void shouldServeAPageAgainByItsLocatorUntilTheJobIsDeleted() {
        String id = create("{\"operation\":\"query\",\"query\":\"SELECT Id, Name FROM Account\"}");
        awaitStates(id);
        HttpResponse<String> first = c.get(JOBS + "/" + id + "/results?maxRecords=500");
        String locator = first.headers().firstValue("Sforce-Locator").orElseThrow();
        HttpResponse<String> second = c.get(JOBS + "/" + id + "/results?maxRecords=500&locator=" + locator);
        HttpResponse<String> again = c.get(JOBS + "/" + id + "/results?maxRecords=500&locator=" + locator);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(second.body()).isNotEqualTo(first.body());
        assertThat(c.delete(JOBS + "/" + id).statusCode()).isEqualTo(204);
        for (HttpResponse<String> gone : List.of(c.get(JOBS + "/" + id),
                c.get(JOBS + "/" + id + "/results?maxRecords=500&locator=" + locator))) {
            assertThat(gone.statusCode()).isEqualTo(404);
            // Salesforce's body for an unknown id (a deleted job), compared as JSON
            assertThat(TestClient.json(gone.body())).isEqualTo(TestClient.json(
                    "[{\"errorCode\":\"NOT_FOUND\",\"message\":\"The requested resource does not exist\"}]"));
        }
    }

    @Test
    void shouldRefuseALocatorOfAnotherJobOrGarbage() {
        String one = create("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}");
        String other = create("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}");
        awaitStates(one);
        awaitStates(other);
        String locator = c.get(JOBS + "/" + one + "/results?maxRecords=100").headers().firstValue("Sforce-Locator")
                .orElseThrow();
        assertThat(c.get(JOBS + "/" + one + "/results?maxRecords=100&locator=" + locator).statusCode())
                .isEqualTo(200);
        for (String bad : List.of(locator, "MTAw", "not-a-locator", locator.substring(0, locator.length() - 2))) {
            HttpResponse<String> refused = c.get(JOBS + "/" + other + "/results?maxRecords=100&locator=" + bad);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(errorCode(refused)).isEqualTo("INVALIDLOCATOR");
        }
    }

    @Test
    void shouldForgetAJobOlderThanSevenDaysByTheOrgClock() {
        String id = create("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}");
        awaitStates(id);
        emulator.org().clock().advance(BulkApi.RETENTION.minusMinutes(1));
        assertThat(c.get(JOBS + "/" + id + "/results?maxRecords=100").statusCode()).isEqualTo(200);
        emulator.org().clock().advance(Duration.ofMinutes(2));
        HttpResponse<String> gone = c.get(JOBS + "/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(errorCode(gone)).isEqualTo("NOT_FOUND");
        assertThat(c.get(JOBS + "/" + id + "/results?maxRecords=100").statusCode()).isEqualTo(404);
        assertThat(TestClient.json(c.get(JOBS).body()).get("records").findValuesAsText("id")).doesNotContain(id);
        assertThat(emulator.bulkJobIds()).doesNotContain(id);
    }

    @Test
    void shouldStayInProgressForTheRequestedPollsThenFailWithTheMessage() {
        emulator.bulkNext(new BulkBehaviour("Retried more than 15 times", 3), 1);
        String id = create("{\"operation\":\"query\",\"query\":\"SELECT Id FROM Account\"}");
        for (int i = 0; i < 3; i++) {
            assertThat(TestClient.json(c.get(JOBS + "/" + id).body()).get("state").asText()).isEqualTo("InProgress");
        }
        awaitStates(id);
        JsonNode failed = TestClient.json(c.get(JOBS + "/" + id).body());
        assertThat(failed.get("state").asText()).isEqualTo("Failed");
        assertThat(failed.get("errorMessage").asText()).isEqualTo("Retried more than 15 times");
    }

    @Test
    void shouldRejectWhatBulkCannotQuery() {
        assertThat(errorCode(c.postJson(JOBS, "{\"operation\":\"query\",\"query\":\"SELECT Id FROM OpportunityStage\"}")))
                .isEqualTo("INVALIDENTITY");
        HttpResponse<String> compound = c.postJson(JOBS,
                "{\"operation\":\"query\",\"query\":\"SELECT Id, BillingAddress FROM Account\"}");
        assertThat(errorCode(compound)).isEqualTo("API_ERROR");
        assertThat(compound.body()).contains("compound data not supported");
        assertThat(c.postJson(JOBS, "{\"operation\":\"query\",\"query\":\"SELECT Id, Payload__c FROM "
                + DemoSchema.KITCHEN_SINK + "\"}").body()).contains("Binary field not supported");
        assertThat(errorCode(c.postJson(JOBS, "{\"operation\":\"query\",\"query\":\"SELECT COUNT() FROM Account\"}")))
                .isEqualTo("API_ERROR");
        assertThat(errorCode(c.postJson(JOBS, "{\"operation\":\"query\",\"query\":\"SELECT Nope FROM Account\"}")))
                .isEqualTo("INVALID_FIELD");
        assertThat(errorCode(c.postJson(JOBS, "{\"operation\":\"upsert\",\"query\":\"SELECT Id FROM Account\"}")))
                .isEqualTo("INVALIDJOB");
    }

    @Test
    void shouldSeeDeletedRowsOnlyWithQueryAll() {
        String victim = TestClient.json(c.query("SELECT Id FROM Account WHERE Name != null LIMIT 1").body())
                .get("records").get(0).get("Id").asText();
        emulator.org().delete(victim);
        try {
            String plain = create("{\"operation\":\"query\",\"query\":\"SELECT Id, IsDeleted FROM Account WHERE Id = '"
                    + victim + "'\"}");
            String all = create("{\"operation\":\"queryAll\",\"query\":\"SELECT Id, IsDeleted FROM Account WHERE Id = '"
                    + victim + "'\"}");
            awaitStates(plain);
            awaitStates(all);
            assertThat(c.get(JOBS + "/" + plain + "/results").body()).isEqualTo("\"Id\",\"IsDeleted\"\n");
            assertThat(c.get(JOBS + "/" + all + "/results").body()).isEqualTo("\"Id\",\"IsDeleted\"\n\"" + victim
                    + "\",\"true\"\n");
        } finally {
            emulator.org().undelete(victim);
        }
    }
}
