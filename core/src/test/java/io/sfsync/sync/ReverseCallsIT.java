package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.emulator.TestClient;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.warehouse.TableRef;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.StringReader;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * What each Salesforce call of a reverse sync is sent (records, CSV, job) and what becomes of each answer (counts,
 * failure rows, history), against the offline org over real camel-salesforce: the org's request log says which calls
 * were made, its state and its ingest jobs (read back through the API) say what they carried.
 */
class ReverseCallsIT extends ReverseOrgTestSupport {
    private static final long ORG_UPLOAD_MAX = 64 * 1024;
    /** Calls the org log for a session, not for the work. */
    private static final Set<String> SESSION = Set.of("login", "identity", "userinfo", "versions");

    private void scores() throws Exception {
        sql("CREATE TABLE ANALYTICS.SCORES (External_Id__c VARCHAR, Name VARCHAR, AnnualRevenue DECIMAL(18,2),"
                + " NumberOfEmployees INTEGER, Rating VARCHAR)");
        sql("INSERT INTO ANALYTICS.SCORES VALUES ('A-1', 'Acme', 1000000.00, 120, 'Hot'),"
                + " ('A-2', NULL, 12.50, NULL, NULL)");
    }

    private ReverseResult reverse(Map<String, Object> more) {
        return reverse("Account", "ANALYTICS.SCORES", "External_Id__c", more);
    }

    /** sfsync's calls since {@code after}, session calls left out. */
    private List<RequestLog.Entry> calls(long after) {
        return requests(after).stream().filter(e -> !SESSION.contains(e.operation())).toList();
    }

    /** The operations of the calls, repeated polls of a job counted once. */
    private static List<String> operations(List<RequestLog.Entry> calls) {
        List<String> out = new ArrayList<>();
        for (RequestLog.Entry e : calls) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(e.operation())) {
                out.add(e.operation());
            }
        }
        return out;
    }

    private JsonNode job(String id) {
        HttpResponse<String> r = client.get(TestClient.V + "/jobs/ingest/" + id);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestClient.json(r.body());
    }

    private List<CSVRecord> results(String id, String which) throws IOException {
        HttpResponse<String> r = client.get(TestClient.V + "/jobs/ingest/" + id + "/" + which + "/");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(r.body())).getRecords();
    }

    private List<List<String>> history() throws Exception {
        return warehouse().tableExists(new TableRef("SFSYNC_CONTROL", "sfsync_history"))
                ? rows("SELECT \"sync_method\", \"actual_records\", \"success\" FROM SFSYNC_CONTROL.sfsync_history"
                        + " WHERE \"target_table\" = 'salesforce:Account' ORDER BY \"sync_timestamp\"")
                : List.of();
    }

    @Test
    void shouldUpsertFewRowsThroughOneCollectionsRequestAndKeepTheRefusedOne() throws Exception {
        start(ORG_UPLOAD_MAX, Map.of());
        scores();
        long before = org.requests().lastSeq();

        ReverseResult r = reverse(Map.of());

        List<RequestLog.Entry> calls = calls(before);
        assertThat(operations(calls)).containsExactly("describe", "collections.upsert");
        assertThat(calls.get(1).method()).isEqualTo("PATCH");
        assertThat(calls.get(1).path()).endsWith("/composite/sobjects/Account/External_Id__c");
        JsonNode one = records("SELECT Name, AnnualRevenue, NumberOfEmployees, Rating FROM Account WHERE"
                + " External_Id__c = 'A-1'").get(0);
        assertThat(one.get("Name").asText()).isEqualTo("Acme");
        assertThat(one.get("AnnualRevenue").decimalValue()).isEqualByComparingTo("1000000");
        assertThat(one.get("NumberOfEmployees").asInt()).isEqualTo(120);
        assertThat(one.get("Rating").asText()).isEqualTo("Hot");
        assertThat(records("SELECT Id FROM Account WHERE External_Id__c = 'A-2'")).isEmpty();
        assertThat(r.success()).as(r.logLine()).isTrue();
        assertThat(r.path()).isEqualTo("rest");
        assertThat(r.rowsSent()).isEqualTo(2);
        assertThat(r.succeeded()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.apiCalls()).isEqualTo(calls.size());
        assertThat(rows("SELECT RUN_ID, KEY_FIELD, KEY_VALUE, STATUS_CODE, FIELDS FROM ANALYTICS.SCORES_SF_FAILURES"))
                .containsExactly(List.of(r.runId(), "External_Id__c", "A-2", "REQUIRED_FIELD_MISSING", "Name"));
        assertThat(rows("SELECT ROW_VALUES FROM ANALYTICS.SCORES_SF_FAILURES").get(0).get(0))
                .contains("\"External_Id__c\":\"A-2\"", "\"Name\":null", "\"AnnualRevenue\":\"12.5\"");
        assertThat(history()).containsExactly(List.of("reverse_rest_upsert", "1", "true"));
    }

    @Test
    void shouldUpsertThroughAnIngestJobSendingTheJobAndCsvSalesforceDocuments() throws Exception {
        start(ORG_UPLOAD_MAX, Map.of());
        scores();
        reverse(Map.of());
        sql("INSERT INTO ANALYTICS.SCORES VALUES ('A-3', 'Third, \"quoted\"', 3, NULL, NULL)");
        long before = org.requests().lastSeq();

        ReverseResult r = reverse(Map.of(SyncHeaders.REVERSE_BULK_THRESHOLD, "1"));

        List<RequestLog.Entry> calls = calls(before);
        assertThat(operations(calls)).containsExactly("describe", "ingest.create", "ingest.upload", "ingest.state",
                "ingest.get", "ingest.successfulResults", "ingest.failedResults", "ingest.unprocessedrecords");
        assertThat(r.apiCalls()).isEqualTo(calls.size());
        JsonNode job = job(r.jobIds());
        assertThat(job.path("object").asText()).isEqualTo("Account");
        assertThat(job.path("operation").asText()).isEqualTo("upsert");
        assertThat(job.path("externalIdFieldName").asText()).isEqualTo("External_Id__c");
        assertThat(job.path("contentType").asText()).isEqualTo("CSV");
        assertThat(job.path("lineEnding").asText()).isEqualTo("LF");
        assertThat(job.path("state").asText()).isEqualTo("JobComplete");
        // the results repeat the uploaded columns: what the CSV carried
        List<CSVRecord> ok = results(r.jobIds(), "successfulResults");
        assertThat(ok).extracting(c -> c.get("External_Id__c")).containsExactlyInAnyOrder("A-1", "A-3");
        assertThat(ok).filteredOn(c -> c.get("External_Id__c").equals("A-3")).singleElement()
                .satisfies(c -> assertThat(c.get("Name")).isEqualTo("Third, \"quoted\""));
        assertThat(results(r.jobIds(), "failedResults")).singleElement()
                .satisfies(c -> assertThat(c.get("sf__Error")).startsWith("REQUIRED_FIELD_MISSING"));
        assertThat(records("SELECT Name FROM Account WHERE External_Id__c = 'A-3'").get(0).get("Name").asText())
                .isEqualTo("Third, \"quoted\"");
        assertThat(r.path()).isEqualTo("bulk");
        assertThat(r.succeeded()).isEqualTo(2);
        assertThat(r.inserted()).isEqualTo(1);
        assertThat(r.updated()).isEqualTo(1);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(rows("SELECT KEY_VALUE, STATUS_CODE, FIELDS FROM ANALYTICS.SCORES_SF_FAILURES WHERE RUN_ID = '"
                + r.runId() + "'")).containsExactly(List.of("A-2", "REQUIRED_FIELD_MISSING", "Name"));
        assertThat(history()).extracting(h -> h.get(0)).containsExactly("reverse_rest_upsert", "reverse_bulk_upsert");
    }

    @Test
    void shouldOpenOneIngestJobPerUploadWhenTheRowsExceedTheUploadRows() throws Exception {
        start(ORG_UPLOAD_MAX, Map.of("sfsync.reverse.bulk.upload-rows", "2"));
        scores();
        sql("INSERT INTO ANALYTICS.SCORES VALUES ('A-3', 'x', 3, NULL, NULL), ('A-4', 'y', 4, NULL, NULL),"
                + " ('A-5', 'z', 5, NULL, NULL)");
        long before = org.requests().lastSeq();

        ReverseResult r = reverse(Map.of(SyncHeaders.REVERSE_BULK_THRESHOLD, "1"));

        Map<String, Long> ops = new java.util.HashMap<>();
        calls(before).forEach(e -> ops.merge(e.operation(), 1L, Long::sum));
        assertThat(ops).containsEntry("ingest.create", 3L).containsEntry("ingest.upload", 3L);
        String[] jobs = r.jobIds().split(",");
        assertThat(jobs).hasSize(3).doesNotHaveDuplicates();
        List<String> keys = new ArrayList<>();
        for (String id : jobs) {
            List<String> ofJob = new ArrayList<>();
            results(id, "successfulResults").forEach(c -> ofJob.add(c.get("External_Id__c")));
            results(id, "failedResults").forEach(c -> ofJob.add(c.get("External_Id__c")));
            assertThat(ofJob).hasSizeLessThanOrEqualTo(2);
            keys.addAll(ofJob);
        }
        assertThat(keys).containsExactly("A-1", "A-2", "A-3", "A-4", "A-5");
        assertThat(r.rowsSent()).isEqualTo(5);
        assertThat(r.succeeded()).isEqualTo(4);
        try (Stream<java.nio.file.Path> spool = Files.list(dir.resolve("spool"))) {
            assertThat(spool).as("each chunk file deleted after its upload").isEmpty();
        }
    }

    @Test
    void shouldRefuseUnwritableColumnsBeforeSendingAnything() throws Exception {
        start(ORG_UPLOAD_MAX, Map.of());
        scores();
        sql("ALTER TABLE ANALYTICS.SCORES ADD COLUMN CREATEDDATE TIMESTAMPTZ");
        long before = org.requests().lastSeq();

        ReverseResult r = reverse(Map.of());

        assertThat(operations(calls(before))).containsExactly("describe");
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("CreatedDate is not writable");
        assertThat(warehouse().tableExists(new TableRef("ANALYTICS", "SCORES_SF_FAILURES"))).isFalse();
    }

    @Test
    void shouldLookTheKeysUpInADryRunAndWriteNothing() throws Exception {
        start(ORG_UPLOAD_MAX, Map.of());
        sql("CREATE TABLE ANALYTICS.ONE (External_Id__c VARCHAR, Name VARCHAR)");
        sql("INSERT INTO ANALYTICS.ONE VALUES ('A-2', 'Exists')");
        reverse("Account", "ANALYTICS.ONE", "External_Id__c", Map.of());
        scores();
        List<List<String>> historyBefore = history();
        long before = org.requests().lastSeq();

        ReverseResult r = reverse(Map.of(SyncHeaders.REVERSE_DRY_RUN, "true"));

        List<RequestLog.Entry> calls = calls(before);
        assertThat(operations(calls)).containsExactly("describe", "query");
        assertThat(URLDecoder.decode(calls.get(1).query(), StandardCharsets.UTF_8))
                .isEqualTo("q=SELECT External_Id__c FROM Account WHERE External_Id__c IN ('A-1','A-2')");
        assertThat(r.dryRun()).isTrue();
        assertThat(r.inserted()).isEqualTo(1);
        assertThat(r.updated()).isEqualTo(1);
        assertThat(r.path()).isEqualTo("rest");
        assertThat(records("SELECT Name FROM Account WHERE External_Id__c = 'A-2'").get(0).get("Name").asText())
                .isEqualTo("Exists");
        assertThat(warehouse().tableExists(new TableRef("ANALYTICS", "SCORES_SF_FAILURES"))).isFalse();
        assertThat(history()).as("a dry run is not recorded").isEqualTo(historyBefore);
    }

    @Test
    void shouldAbortTheOpenIngestJobWhenItsUploadIsRefusedAndReturnTheFailedResult() throws Exception {
        // the org takes 2 KiB of base64 an upload; sfsync is told it may send 8 KiB
        start(2048, Map.of("sfsync.reverse.bulk.upload-bytes", "8192"));
        sql("CREATE TABLE ANALYTICS.SCORES AS SELECT 'B-' || i AS External_Id__c, repeat('n', 100) AS Name"
                + " FROM range(30) t(i)");
        long before = org.requests().lastSeq();

        ReverseResult r = reverse(Map.of(SyncHeaders.REVERSE_BULK_THRESHOLD, "1"));

        List<RequestLog.Entry> calls = calls(before);
        assertThat(operations(calls)).containsExactly("describe", "ingest.create", "ingest.upload", "ingest.state");
        assertThat(calls.get(2).status()).isEqualTo(413);
        assertThat(calls.get(3).method()).isEqualTo("PATCH");
        assertThat(job(r.jobIds()).path("state").asText()).isEqualTo("Aborted");
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("REQUEST_ENTITY_TOO_LARGE");
        assertThat(history()).containsExactly(List.of("reverse_bulk_upsert", "0", "false"));
        assertThat(records("SELECT Id FROM Account WHERE External_Id__c = 'B-1'")).isEmpty();
        try (Stream<java.nio.file.Path> spool = Files.list(dir.resolve("spool"))) {
            assertThat(spool).as("the failed run's chunk file deleted").isEmpty();
        }
    }

    @Test
    void shouldUpdateByIdThroughTheUpdateCollection() throws Exception {
        start(ORG_UPLOAD_MAX, Map.of());
        sql("CREATE TABLE ANALYTICS.RENAMES AS SELECT '" + account + "' AS ID, 'Renamed' AS NAME");
        long before = org.requests().lastSeq();

        ReverseResult r = reverse("Account", "ANALYTICS.RENAMES", "Id", Map.of());

        List<RequestLog.Entry> calls = calls(before);
        assertThat(operations(calls)).containsExactly("describe", "collections.update");
        assertThat(calls.get(1).path()).endsWith("/composite/sobjects");
        assertThat(records("SELECT Name FROM Account WHERE Id = '" + account + "'").get(0).get("Name").asText())
                .isEqualTo("Renamed");
        assertThat(r.operation()).isEqualTo("update");
        assertThat(r.succeeded()).isEqualTo(1);
        assertThat(r.failuresTable()).isEqualTo("ANALYTICS.RENAMES_SF_FAILURES");
    }
}
