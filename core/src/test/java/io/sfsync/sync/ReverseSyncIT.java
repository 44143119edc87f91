package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.emulator.TestClient;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.warehouse.TableRef;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reverse sync end to end: real camel-salesforce over HTTP against the offline org (sObject Collections and Bulk
 * API 2.0 ingest jobs), DuckDB, the YAML routes of {@code routes/}. Rows are read back through the REST query API and
 * compared value by value; rows Salesforce refuses are in the failures table with its codes; both paths give the same
 * end state; a dry run writes nothing.
 */
class ReverseSyncIT extends ReverseOrgTestSupport {
    /** Every writable field of Kitchen_Sink__c and the value Salesforce's REST API gives back for the first row. */
    private static final String COLUMNS = "External_Key__c VARCHAR, Name VARCHAR, Text__c VARCHAR, Text_Area__c VARCHAR,"
            + " Long_Text__c VARCHAR, Picklist__c VARCHAR, Multi_Picklist__c VARCHAR, Email__c VARCHAR,"
            + " Phone__c VARCHAR, Url__c VARCHAR, Checkbox__c BOOLEAN, Quantity__c INTEGER, Big_Number__c BIGINT,"
            + " Number__c DECIMAL(18,6), Amount__c DECIMAL(16,2), Percent__c DECIMAL(5,2), Date__c DATE,"
            + " Date_Time__c TIMESTAMPTZ, Time__c TIME, Account__c VARCHAR, Address__Street__s VARCHAR,"
            + " Address__City__s VARCHAR, Location__Latitude__s DOUBLE, Secret__c VARCHAR";
    private static final List<String> FIELDS = List.of("Name", "Text__c", "Text_Area__c", "Long_Text__c",
            "Picklist__c", "Multi_Picklist__c", "Email__c", "Phone__c", "Url__c", "Checkbox__c", "Quantity__c",
            "Big_Number__c", "Number__c", "Amount__c", "Percent__c", "Date__c", "Date_Time__c", "Time__c",
            "Account__c", "Address__Street__s", "Address__City__s", "Location__Latitude__s", "Secret__c");

    private static final long UPLOAD_MAX = 64 * 1024;

    @BeforeEach
    void start() throws Exception {
        // this org takes uploads of at most 64 KiB base64-encoded (Salesforce: 150 MB), 48 KiB of CSV; sfsync cuts its
        // CSV below that, as its default (100 MB of CSV) stays below Salesforce's
        start(UPLOAD_MAX, Map.of("sfsync.reverse.bulk-threshold", "1000",
                "sfsync.reverse.bulk.upload-bytes", String.valueOf(UPLOAD_MAX * 3 / 4 - 1024)));
    }

    private ReverseResult reverse(String sobject, String table, String key, boolean dryRun) {
        return reverse(sobject, table, key, dryRun, Map.of());
    }

    private ReverseResult reverse(String sobject, String table, String key, boolean dryRun, Map<String, Object> more) {
        Map<String, Object> headers = new HashMap<>(more);
        headers.put(SyncHeaders.REVERSE_DRY_RUN, String.valueOf(dryRun));
        return reverse(sobject, table, key, headers);
    }

    /** Two rows of every writable type, keyed {@code prefix}-1 and -2, and one Salesforce refuses ({@code -3}). */
    private void sinks(String table, String prefix) throws Exception {
        sql("CREATE TABLE ANALYTICS." + table + " (" + COLUMNS + ")");
        sql("INSERT INTO ANALYTICS." + table + " VALUES ('" + prefix + "-1', 'Full', 'text, with comma',"
                + " 'two\nlines', 'long \"quoted\" text', 'Gamma, Delta', 'Red;Blue', 'a@b.io', '+1 555 0100',"
                + " 'https://x.io', true, 42, 9000000000, 3.250000, 1000000.00, 7.50, DATE '2024-02-29',"
                + " TIMESTAMPTZ '2024-03-01 10:15:30.120+02', TIME '10:15:30.5', '" + account + "', '1 Main St',"
                + " 'Springfield', 37.123456, 's3cr3t')");
        sql("INSERT INTO ANALYTICS." + table + " VALUES ('" + prefix + "-2', 'Sparse', NULL, NULL, NULL, NULL, NULL,"
                + " NULL, NULL, NULL, false, 0, NULL, 0.000001, 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                + " NULL)");
        // Salesforce refuses this one: Name is required
        sql("INSERT INTO ANALYTICS." + table + " (External_Key__c, Name) VALUES ('" + prefix + "-3', NULL)");
        // and this one: an email that is none
        sql("INSERT INTO ANALYTICS." + table + " (External_Key__c, Name, Email__c) VALUES ('" + prefix + "-4',"
                + " 'Bad email', 'nope')");
    }

    /** The record's writable values as the REST API gives them back, by field. */
    private Map<String, JsonNode> readBack(String key) {
        JsonNode r = records("SELECT " + String.join(", ", FIELDS) + " FROM Kitchen_Sink__c WHERE External_Key__c = '"
                + key + "'").get(0);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        FIELDS.forEach(f -> out.put(f, r.get(f)));
        return out;
    }

    private void assertFullRow(Map<String, JsonNode> r) {
        assertThat(r.get("Name").asText()).isEqualTo("Full");
        assertThat(r.get("Text__c").asText()).isEqualTo("text, with comma");
        assertThat(r.get("Text_Area__c").asText()).isEqualTo("two\nlines");
        assertThat(r.get("Long_Text__c").asText()).isEqualTo("long \"quoted\" text");
        assertThat(r.get("Picklist__c").asText()).isEqualTo("Gamma, Delta");
        assertThat(r.get("Multi_Picklist__c").asText()).isEqualTo("Red;Blue");
        assertThat(r.get("Email__c").asText()).isEqualTo("a@b.io");
        assertThat(r.get("Phone__c").asText()).isEqualTo("+1 555 0100");
        assertThat(r.get("Url__c").asText()).isEqualTo("https://x.io");
        assertThat(r.get("Checkbox__c").asBoolean()).isTrue();
        assertThat(r.get("Quantity__c").asInt()).isEqualTo(42);
        assertThat(r.get("Big_Number__c").asLong()).isEqualTo(9_000_000_000L);
        assertThat(r.get("Number__c").decimalValue()).isEqualByComparingTo("3.25");
        assertThat(r.get("Amount__c").decimalValue()).isEqualByComparingTo("1000000");
        assertThat(r.get("Percent__c").decimalValue()).isEqualByComparingTo("7.5");
        assertThat(r.get("Date__c").asText()).isEqualTo("2024-02-29");
        // sent as 2024-03-01T08:15:30.120Z; Salesforce keeps a datetime field to the second
        assertThat(OffsetDateTime.parse(r.get("Date_Time__c").asText().replace("+0000", "Z")).toInstant())
                .isEqualTo(OffsetDateTime.parse("2024-03-01T08:15:30Z").toInstant());
        assertThat(r.get("Time__c").asText()).isEqualTo("10:15:30.500Z");
        assertThat(r.get("Account__c").asText()).isEqualTo(account);
        assertThat(r.get("Address__Street__s").asText()).isEqualTo("1 Main St");
        assertThat(r.get("Address__City__s").asText()).isEqualTo("Springfield");
        assertThat(r.get("Location__Latitude__s").decimalValue()).isEqualByComparingTo(new BigDecimal("37.123456"));
        assertThat(r.get("Secret__c").asText()).isNotBlank();
    }

    private void assertSparseRow(Map<String, JsonNode> r) {
        assertThat(r.get("Name").asText()).isEqualTo("Sparse");
        assertThat(r.get("Checkbox__c").asBoolean()).isFalse();
        assertThat(r.get("Quantity__c").asInt()).isZero();
        assertThat(r.get("Number__c").decimalValue()).isEqualByComparingTo("0.000001");
        for (String f : List.of("Text__c", "Picklist__c", "Email__c", "Date__c", "Date_Time__c", "Time__c",
                "Account__c", "Big_Number__c")) {
            assertThat(r.get(f).isNull()).as(f).isTrue();
        }
    }

    @Test
    void shouldUpsertEveryWritableTypeThroughCollectionsAndKeepTheRefusedRows() throws Exception {
        sinks("SINKS", "R");

        ReverseResult r = reverse(DemoSchema.KITCHEN_SINK, "ANALYTICS.SINKS", "External_Key__c", false);

        assertThat(r.success()).as(r.logLine()).isTrue();
        assertThat(r.path()).isEqualTo("rest");
        assertThat(r.rowsSent()).isEqualTo(4);
        assertThat(r.succeeded()).isEqualTo(2);
        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.inserted()).as("the upsert's answer says each record was created").isEqualTo(2);
        assertThat(r.updated()).isZero();
        assertFullRow(readBack("R-1"));
        assertSparseRow(readBack("R-2"));
        assertThat(records("SELECT Id FROM Kitchen_Sink__c WHERE External_Key__c IN ('R-3','R-4')")).isEmpty();
        assertThat(rows("SELECT KEY_VALUE, STATUS_CODE, RUN_ID FROM ANALYTICS.SINKS_SF_FAILURES ORDER BY KEY_VALUE"))
                .containsExactly(List.of("R-3", "REQUIRED_FIELD_MISSING", r.runId()),
                        List.of("R-4", "INVALID_EMAIL_ADDRESS", r.runId()));
    }

    @Test
    void shouldGiveTheSameEndStateThroughABulkIngestJob() throws Exception {
        sinks("REST_SINKS", "S");
        sinks("BULK_SINKS", "S");
        ReverseResult rest = reverse(DemoSchema.KITCHEN_SINK, "ANALYTICS.REST_SINKS", "External_Key__c", false);
        Map<String, JsonNode> afterRest = readBack("S-1");
        Map<String, JsonNode> sparseAfterRest = readBack("S-2");
        // the same rows again, now as updates through a Bulk ingest job (threshold 1): the records must not change
        ReverseResult bulk = reverse(DemoSchema.KITCHEN_SINK, "ANALYTICS.BULK_SINKS", "External_Key__c", false,
                Map.of(SyncHeaders.REVERSE_BULK_THRESHOLD, "1"));

        assertThat(rest.path()).isEqualTo("rest");
        assertThat(rest.inserted()).isEqualTo(2);
        assertThat(bulk.path()).as(bulk.logLine()).isEqualTo("bulk");
        assertThat(bulk.jobIds()).isNotNull();
        assertThat(bulk.succeeded()).isEqualTo(2);
        assertThat(bulk.updated()).isEqualTo(2);
        assertThat(bulk.inserted()).isZero();
        assertThat(readBack("S-1")).isEqualTo(afterRest);
        assertThat(readBack("S-2")).isEqualTo(sparseAfterRest);
        assertFullRow(readBack("S-1"));
        assertThat(rows("SELECT KEY_VALUE, STATUS_CODE FROM ANALYTICS.BULK_SINKS_SF_FAILURES ORDER BY KEY_VALUE"))
                .isEqualTo(rows("SELECT KEY_VALUE, STATUS_CODE FROM ANALYTICS.REST_SINKS_SF_FAILURES ORDER BY"
                        + " KEY_VALUE"));
    }

    @Test
    void shouldUpsertAccountsByExternalIdThenUpdateThemById() throws Exception {
        sql("CREATE TABLE ANALYTICS.SCORES (External_Id__c VARCHAR, Name VARCHAR, AnnualRevenue DECIMAL(18,2),"
                + " NumberOfEmployees INTEGER, Rating VARCHAR)");
        sql("INSERT INTO ANALYTICS.SCORES VALUES ('X-1', 'Scored One', 2500000, 120, 'Hot'),"
                + " ('X-2', 'Scored Two', NULL, NULL, NULL)");

        ReverseResult upsert = reverse("Account", "ANALYTICS.SCORES", "External_Id__c", false);

        assertThat(upsert.success()).as(upsert.logLine()).isTrue();
        assertThat(upsert.succeeded()).isEqualTo(2);
        JsonNode one = records("SELECT Id, Name, AnnualRevenue, NumberOfEmployees, Rating FROM Account WHERE"
                + " External_Id__c = 'X-1'").get(0);
        assertThat(one.get("Name").asText()).isEqualTo("Scored One");
        assertThat(one.get("AnnualRevenue").decimalValue()).isEqualByComparingTo("2500000");
        assertThat(one.get("NumberOfEmployees").asInt()).isEqualTo(120);
        assertThat(one.get("Rating").asText()).isEqualTo("Hot");

        sql("CREATE TABLE ANALYTICS.RENAMES AS SELECT '" + one.get("Id").asText() + "' AS Id, 'Renamed' AS Name,"
                + " CAST(NULL AS VARCHAR) AS Rating");
        ReverseResult update = reverse("Account", "ANALYTICS.RENAMES", "Id", false);

        assertThat(update.operation()).isEqualTo("update");
        assertThat(update.succeeded()).as(update.logLine()).isEqualTo(1);
        assertThat(update.updated()).isEqualTo(1);
        assertThat(update.inserted()).isZero();
        JsonNode renamed = records("SELECT Name, Rating, NumberOfEmployees FROM Account WHERE External_Id__c = 'X-1'")
                .get(0);
        assertThat(renamed.get("Name").asText()).isEqualTo("Renamed");
        assertThat(renamed.get("Rating").isNull()).as("a null nulls the field").isTrue();
        assertThat(renamed.get("NumberOfEmployees").asInt()).as("a field the source leaves out is kept").isEqualTo(120);
    }

    @Test
    void shouldCutManyRowsIntoIngestJobsThatEachFitTheOrgsUploadLimit() throws Exception {
        sql("CREATE TABLE ANALYTICS.MANY AS SELECT 'M-' || lpad(CAST(i AS VARCHAR), 5, '0') AS External_Id__c,"
                + " 'Account number ' || i AS Name, CAST(i AS DECIMAL(18,0)) AS NumberOfEmployees"
                + " FROM range(5000) t(i)");

        ReverseResult r = reverse("Account", "ANALYTICS.MANY", "External_Id__c", false);

        assertThat(r.success()).as(r.logLine()).isTrue();
        assertThat(r.path()).isEqualTo("bulk");
        assertThat(r.jobIds().split(",")).as("5,000 rows of about 40 bytes do not fit one 47 KiB upload")
                .hasSizeGreaterThan(2);
        assertThat(r.succeeded()).isEqualTo(5_000);
        assertThat(r.inserted()).isEqualTo(5_000);
        assertThat(r.failed()).isZero();
        JsonNode count = TestClient.json(client.query("SELECT COUNT() FROM Account WHERE External_Id__c LIKE 'M-%'")
                .body());
        assertThat(count.path("totalSize").asInt()).isEqualTo(5_000);
        assertThat(records("SELECT NumberOfEmployees, Name FROM Account WHERE External_Id__c = 'M-04999'").get(0)
                .path("NumberOfEmployees").asInt()).isEqualTo(4_999);
    }

    @Test
    void shouldWriteNothingInADryRun() throws Exception {
        sinks("SINKS", "D");
        reverse(DemoSchema.KITCHEN_SINK, "ANALYTICS.SINKS", "External_Key__c", false);
        sql("INSERT INTO ANALYTICS.SINKS (External_Key__c, Name) VALUES ('D-5', 'New')");
        sql("UPDATE ANALYTICS.SINKS SET Name = 'Changed' WHERE External_Key__c = 'D-1'");
        sql("DROP TABLE ANALYTICS.SINKS_SF_FAILURES");

        ReverseResult dry = reverse(DemoSchema.KITCHEN_SINK, "ANALYTICS.SINKS", "External_Key__c", true);

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.success()).as(dry.logLine()).isTrue();
        assertThat(dry.updated()).as("D-1 and D-2 exist").isEqualTo(2);
        assertThat(dry.inserted()).as("D-3, D-4 and D-5 do not").isEqualTo(3);
        assertThat(readBack("D-1").get("Name").asText()).isEqualTo("Full");
        assertThat(records("SELECT Id FROM Kitchen_Sink__c WHERE External_Key__c = 'D-5'")).isEmpty();
        assertThat(warehouse().tableExists(new TableRef("ANALYTICS", "SINKS_SF_FAILURES"))).isFalse();
    }
}
