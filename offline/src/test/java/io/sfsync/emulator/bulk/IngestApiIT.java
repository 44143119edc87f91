package io.sfsync.emulator.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;
import io.sfsync.emulator.http.Limits;
import io.sfsync.emulator.model.DemoSchema;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bulk API 2.0 ingest jobs through plain HTTP: the job lifecycle, every operation, the per-row errors Salesforce
 * reports, job-level failures, the upload limits, and that writes reach queries.
 */
class IngestApiIT {
    private static final String JOBS = TestClient.V + "/jobs/ingest";
    private static final long UPLOAD_MAX = 64 * 1024;
    private static SalesforceEmulator emulator;
    private static TestClient c;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 40).volume("Contact", 20)
                .volume("Opportunity", 5).volume(DemoSchema.KITCHEN_SINK, 10)
                .bulkTiming(Duration.ofMillis(20), Duration.ofMillis(40)).ingestUploadMaxBytes(UPLOAD_MAX).build());
        emulator.org().defineField("Account", DemoSchema.accountExternalId());
        c = new TestClient(emulator.baseUrl()).login();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static JsonNode create(String object, String operation, String extra) {
        HttpResponse<String> r = c.postJson(JOBS, "{\"object\":\"" + object + "\",\"operation\":\"" + operation
                + "\",\"contentType\":\"CSV\"" + extra + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode job = TestClient.json(r.body());
        assertThat(job.get("state").asText()).isEqualTo("Open");
        return job;
    }

    /** Creates a job, uploads {@code csv}, closes it and waits for its end; returns the job's final info. */
    private static JsonNode run(String object, String operation, String extra, String csv) {
        String id = create(object, operation, extra).get("id").asText();
        upload(id, csv);
        close(id);
        return await(id, new ArrayList<>());
    }

    private static void upload(String id, String csv) {
        HttpResponse<String> r = c.put(JOBS + "/" + id + "/batches", "text/csv", csv);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    private static void close(String id) {
        HttpResponse<String> r = c.patchJson(JOBS + "/" + id, "{\"state\":\"UploadComplete\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestClient.json(r.body()).get("state").asText()).isEqualTo("UploadComplete");
    }

    private static JsonNode await(String id, List<String> states) {
        for (int i = 0; i < 100_000; i++) {
            JsonNode info = TestClient.json(c.get(JOBS + "/" + id).body());
            String s = info.get("state").asText();
            if (states.isEmpty() || !states.get(states.size() - 1).equals(s)) {
                states.add(s);
            }
            if (s.equals("JobComplete") || s.equals("Failed") || s.equals("Aborted")) {
                return info;
            }
        }
        throw new AssertionError("job " + id + " did not finish: " + states);
    }

    private static List<CSVRecord> results(String id, String which) {
        HttpResponse<String> r = c.get(JOBS + "/" + id + "/" + which);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        try {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(new StringReader(r.body())).getRecords();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String header(String id, String which) {
        String body = c.get(JOBS + "/" + id + "/" + which).body();
        return body.substring(0, body.indexOf('\n'));
    }

    private static JsonNode records(String soql) {
        HttpResponse<String> r = c.queryAll(soql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestClient.json(r.body()).get("records");
    }

    private static String errorCode(HttpResponse<String> r) {
        return TestClient.json(r.body()).get(0).get("errorCode").asText();
    }

    @Test
    void shouldInsertThroughTheWholeLifecycleAndReportEachRow() {
        JsonNode job = create("Account", "insert", "");
        String id = job.get("id").asText();
        assertThat(job.get("contentUrl").asText()).isEqualTo("services/data/v62.0/jobs/ingest/" + id + "/batches");
        upload(id, "Name,NumberOfEmployees\nIngest Alpha,12\n,5\nIngest Beta,\n");
        close(id);
        List<String> states = new ArrayList<>();
        JsonNode info = await(id, states);
        assertThat(states).containsSubsequence("UploadComplete", "InProgress", "JobComplete");
        assertThat(info.get("jobType").asText()).isEqualTo("V2Ingest");
        assertThat(info.get("numberRecordsProcessed").asInt()).isEqualTo(3);
        assertThat(info.get("numberRecordsFailed").asInt()).isEqualTo(1);

        assertThat(header(id, "successfulResults")).isEqualTo("\"sf__Id\",\"sf__Created\",\"Name\",\"NumberOfEmployees\"");
        List<CSVRecord> ok = results(id, "successfulResults");
        assertThat(ok).extracting(r -> r.get("Name")).containsExactly("Ingest Alpha", "Ingest Beta");
        assertThat(ok).extracting(r -> r.get("sf__Created")).containsOnly("true");
        List<CSVRecord> failed = results(id, "failedResults");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("sf__Id")).isEmpty();
        assertThat(failed.get(0).get("sf__Error"))
                .isEqualTo("REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --");
        assertThat(failed.get(0).get("NumberOfEmployees")).isEqualTo("5");
        assertThat(results(id, "unprocessedrecords")).isEmpty();

        JsonNode rows = records("SELECT Id, Name, NumberOfEmployees FROM Account WHERE Name LIKE 'Ingest %'"
                + " ORDER BY Name");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("Id").asText()).isEqualTo(ok.get(0).get("sf__Id"));
        assertThat(rows.get(0).get("NumberOfEmployees").asInt()).isEqualTo(12);
        assertThat(rows.get(1).get("NumberOfEmployees").isNull()).isTrue();
    }

    @Test
    void shouldUpsertOnAnExternalIdCreatingThenUpdating() {
        JsonNode first = run("Account", "upsert", ",\"externalIdFieldName\":\"External_Id__c\"",
                "External_Id__c,Name\nUP-1,Upsert One\nUP-2,Upsert Two\n");
        assertThat(first.get("state").asText()).isEqualTo("JobComplete");
        assertThat(first.get("externalIdFieldName").asText()).isEqualTo("External_Id__c");
        List<CSVRecord> created = results(first.get("id").asText(), "successfulResults");
        assertThat(created).extracting(r -> r.get("sf__Created")).containsExactly("true", "true");
        String before = records("SELECT LastModifiedDate FROM Account WHERE External_Id__c = 'UP-1'").get(0)
                .get("LastModifiedDate").asText();
        emulator.org().clock().advance(Duration.ofMinutes(5));

        JsonNode second = run("Account", "upsert", ",\"externalIdFieldName\":\"External_Id__c\"",
                "External_Id__c,Name\nup-1,Upsert One Renamed\nUP-3,Upsert Three\n");
        List<CSVRecord> ok = results(second.get("id").asText(), "successfulResults");
        assertThat(ok).extracting(r -> r.get("sf__Created")).containsExactly("false", "true");
        assertThat(ok.get(0).get("sf__Id")).isEqualTo(created.get(0).get("sf__Id"));
        JsonNode one = records("SELECT Name, LastModifiedDate FROM Account WHERE External_Id__c = 'UP-1'");
        assertThat(one).hasSize(1);
        assertThat(one.get(0).get("Name").asText()).isEqualTo("Upsert One Renamed");
        assertThat(one.get(0).get("LastModifiedDate").asText()).isGreaterThan(before);
    }

    @Test
    void shouldFailEveryRowSharingAnExternalIdWithinOneJob() {
        JsonNode job = run("Account", "upsert", ",\"externalIdFieldName\":\"External_Id__c\"",
                "External_Id__c,Name\nDUP-1,A\nDUP-1,B\nDUP-2,C\n");
        List<CSVRecord> failed = results(job.get("id").asText(), "failedResults");
        assertThat(failed).extracting(r -> r.get("sf__Error")).containsOnly(
                "DUPLICATE_VALUE:Duplicate external id specified: DUP-1:External_Id__c --");
        assertThat(failed).hasSize(2);
        assertThat(records("SELECT Id FROM Account WHERE External_Id__c = 'DUP-1'")).isEmpty();
        assertThat(records("SELECT Id FROM Account WHERE External_Id__c = 'DUP-2'")).hasSize(1);
    }

    @Test
    void shouldLeaveEmptyCellsAloneAndNullOnNotApplicable() {
        JsonNode acct = records("SELECT Id, Phone, Website FROM Account WHERE IsDeleted = false AND Phone != null"
                + " AND Website != null LIMIT 1").get(0);
        String id = acct.get("Id").asText();
        JsonNode job = run("Account", "update", "", "Id,Phone,Website,Site\n" + id + ",,#N/A,Main Office\n");
        assertThat(job.get("numberRecordsFailed").asInt()).as(job.toString()).isZero();
        JsonNode after = records("SELECT Phone, Website, Site FROM Account WHERE Id = '" + id + "'").get(0);
        assertThat(after.get("Phone").asText()).isEqualTo(acct.get("Phone").asText());
        assertThat(after.get("Website").isNull()).isTrue();
        assertThat(after.get("Site").asText()).isEqualTo("Main Office");
    }

    @Test
    void shouldReportBadIdsPerRow() {
        String deleted = records("SELECT Id FROM Account WHERE IsDeleted = false LIMIT 1 OFFSET 30").get(0)
                .get("Id").asText();
        assertThat(c.delete(TestClient.V + "/sobjects/Account/" + deleted).statusCode()).isEqualTo(204);
        String contact = records("SELECT Id FROM Contact LIMIT 1").get(0).get("Id").asText();
        JsonNode job = run("Account", "update", "", "Id,Site\nnot-an-id,x\n" + deleted + ",x\n" + contact
                + ",x\n001000000009999AAA,x\n,x\n");
        List<CSVRecord> failed = results(job.get("id").asText(), "failedResults");
        assertThat(failed).extracting(r -> r.get("sf__Error").substring(0, r.get("sf__Error").indexOf(':')))
                .containsExactly("MALFORMED_ID", "ENTITY_IS_DELETED", "MALFORMED_ID", "INVALID_CROSS_REFERENCE_KEY",
                        "MISSING_ARGUMENT");
        assertThat(failed.get(1).get("sf__Id")).isEqualTo(deleted);
    }

    @Test
    void shouldTypeEveryWritableFieldAndRefuseWhatItsTypeCannotHold() {
        String account = records("SELECT Id FROM Account WHERE IsDeleted = false LIMIT 1").get(0).get("Id").asText();
        String header = "Name,External_Key__c,Checkbox__c,Quantity__c,Big_Number__c,Number__c,Amount__c,Percent__c,"
                + "Date__c,Date_Time__c,Time__c,Email__c,Phone__c,Url__c,Picklist__c,Multi_Picklist__c,Text_Area__c,"
                + "Account__c\n";
        String good = "Typed,K-1,true,42,9000000000,3.25,12.5,7.5,2024-01-15,2024-01-15T10:30:00.000+0200,"
                + "10:30:00.000Z,a@b.io,+1 555,https://x.io,Beta,Red;Blue,\"two\nlines\"," + account + "\n";
        String csv = header + good
                + "Bad int,K-2,,abc,,,,,,,,,,,,,,\n"
                + "Bad date,K-3,,,,,,,2024-13-45,,,,,,,,,\n"
                + "Bad email,K-4,,,,,,,,,,nope,,,,,,\n"
                + "Too long," + "X".repeat(41) + ",,,,,,,,,,,,,,,,\n"
                + "Bad bool,K-6,maybe,,,,,,,,,,,,,,,\n"
                + "Bad ref,K-7,,,,,,,,,,,,,,,,zzz\n"
                + "Out of range,K-8,,,,,,999999,,,,,,,,,,\n";
        JsonNode job = run(DemoSchema.KITCHEN_SINK, "insert", "", csv);
        List<CSVRecord> failed = results(job.get("id").asText(), "failedResults");
        assertThat(failed).extracting(r -> r.get("Name") + "=" + r.get("sf__Error").substring(0,
                r.get("sf__Error").indexOf(':'))).containsExactly("Bad int=INVALID_TYPE_ON_FIELD_IN_RECORD",
                        "Bad date=INVALID_TYPE_ON_FIELD_IN_RECORD", "Bad email=INVALID_EMAIL_ADDRESS",
                        "Too long=STRING_TOO_LONG", "Bad bool=INVALID_TYPE_ON_FIELD_IN_RECORD", "Bad ref=MALFORMED_ID",
                        "Out of range=NUMBER_OUTSIDE_VALID_RANGE");
        assertThat(failed.get(0).get("sf__Error"))
                .isEqualTo("INVALID_TYPE_ON_FIELD_IN_RECORD:Quantity: value not of required type: abc:Quantity__c --");
        JsonNode r = records("SELECT Checkbox__c, Quantity__c, Big_Number__c, Number__c, Amount__c, Percent__c,"
                + " Date__c, Date_Time__c, Time__c, Email__c, Phone__c, Url__c, Picklist__c, Multi_Picklist__c,"
                + " Text_Area__c, Account__c FROM Kitchen_Sink__c WHERE External_Key__c = 'K-1'").get(0);
        assertThat(r.get("Checkbox__c").asBoolean()).isTrue();
        assertThat(r.get("Quantity__c").isInt()).isTrue();
        assertThat(r.get("Quantity__c").asInt()).isEqualTo(42);
        assertThat(r.get("Big_Number__c").asLong()).isEqualTo(9_000_000_000L);
        assertThat(r.get("Amount__c").asDouble()).isEqualTo(12.5);
        assertThat(r.get("Date__c").asText()).isEqualTo("2024-01-15");
        assertThat(r.get("Date_Time__c").asText()).isEqualTo("2024-01-15T08:30:00.000+0000");
        assertThat(r.get("Time__c").asText()).isEqualTo("10:30:00.000Z");
        assertThat(r.get("Multi_Picklist__c").asText()).isEqualTo("Red;Blue");
        assertThat(r.get("Text_Area__c").asText()).isEqualTo("two\nlines");
        assertThat(r.get("Account__c").asText()).isEqualTo(account);
    }

    @Test
    void shouldRefuseReadOnlyFieldsPerRow() {
        JsonNode job = run(DemoSchema.KITCHEN_SINK, "insert", "",
                "Name,External_Key__c,CreatedDate,Formula__c\nRO 1,RO-1,2024-01-01T00:00:00Z,\nRO 2,RO-2,,5\n");
        List<CSVRecord> failed = results(job.get("id").asText(), "failedResults");
        assertThat(failed).extracting(r -> r.get("sf__Error")).containsExactly(
                "INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create/update fields: CreatedDate. Please check the security"
                        + " settings of this field and verify that it is read/write for your profile or permission"
                        + " set.:CreatedDate --",
                "INVALID_FIELD_FOR_INSERT_UPDATE:Unable to create/update fields: Formula__c. Please check the security"
                        + " settings of this field and verify that it is read/write for your profile or permission"
                        + " set.:Formula__c --");
    }

    @Test
    void shouldFailTheJobOnAnUnknownColumnAndLeaveEveryRowUnprocessed() {
        JsonNode job = run("Account", "insert", "", "Name,Nope__c\nA,1\nB,2\n");
        assertThat(job.get("state").asText()).isEqualTo("Failed");
        assertThat(job.get("errorMessage").asText()).isEqualTo("InvalidBatch : Field name not found : Nope__c");
        assertThat(job.get("numberRecordsProcessed").asInt()).isZero();
        List<CSVRecord> unprocessed = results(job.get("id").asText(), "unprocessedrecords");
        assertThat(unprocessed).extracting(r -> r.get("Name")).containsExactly("A", "B");
    }

    @Test
    void shouldFailTheJobWhenTheDataHasAnotherLineEnding() {
        JsonNode job = run("Account", "insert", "", "Name\r\nCRLF Row\r\n");
        assertThat(job.get("state").asText()).isEqualTo("Failed");
        assertThat(job.get("errorMessage").asText())
                .isEqualTo("ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF");
        JsonNode crlf = run("Account", "insert", ",\"lineEnding\":\"CRLF\",\"columnDelimiter\":\"PIPE\"",
                "Name|Site\r\nCRLF Row|\"a|b\"\r\n");
        assertThat(crlf.get("state").asText()).isEqualTo("JobComplete");
        String body = c.get(JOBS + "/" + crlf.get("id").asText() + "/successfulResults").body();
        assertThat(body).startsWith("\"sf__Id\"|\"sf__Created\"|\"Name\"|\"Site\"\r\n").contains("|\"a|b\"\r\n");
    }

    @Test
    void shouldDeleteToTheRecycleBinAndHardDeleteForGood() {
        JsonNode ids = records("SELECT Id FROM Contact WHERE IsDeleted = false ORDER BY Id LIMIT 2");
        String soft = ids.get(0).get("Id").asText();
        String hard = ids.get(1).get("Id").asText();
        JsonNode d = run("Contact", "delete", "", "Id\n" + soft + "\n");
        assertThat(results(d.get("id").asText(), "successfulResults")).extracting(r -> r.get("sf__Id"))
                .containsExactly(soft);
        JsonNode h = run("Contact", "hardDelete", "", "Id\n" + hard + "\n");
        assertThat(h.get("numberRecordsFailed").asInt()).isZero();
        assertThat(records("SELECT Id, IsDeleted FROM Contact WHERE Id = '" + soft + "'").get(0).get("IsDeleted")
                .asBoolean()).isTrue();
        assertThat(records("SELECT Id FROM Contact WHERE Id = '" + hard + "'")).isEmpty();
        assertThat(TestClient.json(c.query("SELECT Id FROM Contact WHERE Id = '" + soft + "'").body())
                .get("totalSize").asInt()).isZero();
        JsonNode again = run("Contact", "delete", "", "Id\n" + soft + "\n");
        assertThat(results(again.get("id").asText(), "failedResults").get(0).get("sf__Error"))
                .isEqualTo("ENTITY_IS_DELETED:entity is deleted:--");
    }

    @Test
    void shouldRefuseASecondUploadAnOversizedOneAndUploadsToAClosedJob() {
        String id = create("Account", "insert", "").get("id").asText();
        upload(id, "Name\nOnce\n");
        HttpResponse<String> twice = c.put(JOBS + "/" + id + "/batches", "text/csv", "Name\nTwice\n");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(TestClient.json(twice.body()).get(0).get("message").asText())
                .startsWith("Found multiple contents for job: <" + id + ">");
        close(id);
        HttpResponse<String> closed = c.put(JOBS + "/" + id + "/batches", "text/csv", "Name\nLate\n");
        assertThat(closed.statusCode()).isEqualTo(409);

        String big = create("Account", "insert", "").get("id").asText();
        String csv = "Name\n" + "Oversized row\n".repeat((int) (UPLOAD_MAX / 14));
        HttpResponse<String> tooBig = c.put(JOBS + "/" + big + "/batches", "text/csv", csv);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        HttpResponse<String> json = c.put(JOBS + "/" + big + "/batches", "application/json", "[]");
        assertThat(json.statusCode()).isEqualTo(400);
        assertThat(errorCode(json)).isEqualTo("INVALIDCONTENTTYPE");
    }

    @Test
    void shouldRefuseInvalidJobs() {
        Map<String, String> refused = Map.of(
                "{\"object\":\"Account\",\"operation\":\"upsert\"}",
                "InvalidJob : External ID was blank for Account. An External ID must be specified for upsert.",
                "{\"object\":\"Account\",\"operation\":\"upsert\",\"externalIdFieldName\":\"Name\"}",
                "InvalidJob : Field name provided, Name does not match an External ID, Salesforce Id, or indexed"
                        + " field for Account",
                "{\"object\":\"Nope__c\",\"operation\":\"insert\"}", "InvalidJob : Unable to find object: Nope__c",
                "{\"object\":\"Account\",\"operation\":\"merge\"}",
                "InvalidJob : Invalid job operation: 'merge'. Valid values are insert, update, upsert, delete and"
                        + " hardDelete.",
                "{\"object\":\"Account\",\"operation\":\"insert\",\"contentType\":\"JSON\"}",
                "InvalidJob : Unsupported content type: JSON");
        refused.forEach((body, message) -> {
            HttpResponse<String> r = c.postJson(JOBS, body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(errorCode(r)).isEqualTo("INVALIDJOB");
            assertThat(TestClient.json(r.body()).get(0).get("message").asText()).isEqualTo(message);
        });
        HttpResponse<String> stage = c.postJson(JOBS, "{\"object\":\"OpportunityStage\",\"operation\":\"insert\"}");
        assertThat(errorCode(stage)).isEqualTo("INVALIDENTITY");
    }

    @Test
    void shouldAbortDeleteAndListJobs() {
        String open = create("Account", "insert", "").get("id").asText();
        HttpResponse<String> notYet = c.delete(JOBS + "/" + open);
        assertThat(notYet.statusCode()).isEqualTo(400);
        HttpResponse<String> abort = c.patchJson(JOBS + "/" + open, "{\"state\":\"Aborted\"}");
        assertThat(TestClient.json(abort.body()).get("state").asText()).isEqualTo("Aborted");
        HttpResponse<String> reclose = c.patchJson(JOBS + "/" + open, "{\"state\":\"UploadComplete\"}");
        assertThat(errorCode(reclose)).isEqualTo("INVALIDJOBSTATE");

        JsonNode done = run("Account", "insert", "", "Name\nListed\n");
        JsonNode list = TestClient.json(c.get(JOBS).body());
        assertThat(list.get("done").asBoolean()).isTrue();
        List<String> listed = new ArrayList<>();
        list.get("records").forEach(j -> listed.add(j.get("id").asText()));
        assertThat(listed).contains(open, done.get("id").asText());
        assertThat(c.delete(JOBS + "/" + done.get("id").asText()).statusCode()).isEqualTo(204);
        assertThat(c.get(JOBS + "/" + done.get("id").asText()).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldCountCallsAndBatchesAgainstTheOrgsLimits() {
        long calls = emulator.limits().remaining(Limits.API_REQUESTS);
        long batches = emulator.limits().remaining(Limits.BULK_BATCHES);
        run("Account", "insert", "", "Name\nCounted\n");
        assertThat(emulator.limits().remaining(Limits.BULK_BATCHES)).isEqualTo(batches - 1);
        assertThat(emulator.limits().remaining(Limits.API_REQUESTS)).isLessThanOrEqualTo(calls - 4);
    }
}
