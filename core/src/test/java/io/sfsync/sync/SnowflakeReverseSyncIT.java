package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.warehouse.Warehouse;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reverse sync reading from Snowflake (the offline Snowflake through the real JDBC driver) and writing its
 * refused rows there: upper-case column names match the fields, Snowflake's numbers, dates and timestamps are sent in
 * Salesforce's formats, through sObject Collections and a Bulk ingest job.
 */
@LoopbackOnly
class SnowflakeReverseSyncIT {

    @Test
    void shouldUpsertRowsReadFromSnowflakeAndKeepTheRefusedOnesThere(@TempDir Path dir) throws Exception {
        try (OfflineSnowflake offline = OfflineSnowflake.start(dir.resolve("snowflake"), true, "RAW");
                SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 1)
                        .volume(DemoSchema.KITCHEN_SINK, 0).bulkTiming(Duration.ZERO, Duration.ofMillis(20))
                        .build())) {
            SfsyncRuntime runtime = offline.configure(new SfsyncRuntime().loadConfig(false)
                    .setAll(org.loginProperties()), "RAW")
                    .set("sfsync.bulk.poll-initial-ms", "10").set("sfsync.bulk.poll-max-ms", "50");
            try (RunningSfsync sfsync = new RunningSfsync(runtime)) {
                Warehouse warehouse = sfsync.warehouse();
                for (String table : List.of("REST_SINKS", "BULK_SINKS")) {
                    sql(warehouse, "CREATE TABLE RAW." + table + " (EXTERNAL_KEY__C VARCHAR, NAME VARCHAR,"
                            + " AMOUNT__C NUMBER(16,2), DATE__C DATE, DATE_TIME__C TIMESTAMP_TZ, CHECKBOX__C BOOLEAN)");
                    String prefix = table.substring(0, 1);
                    sql(warehouse, "INSERT INTO RAW." + table + " VALUES ('" + prefix + "-1', 'From Snowflake',"
                            + " 1234.50, '2024-02-29', '2024-03-01T10:15:30+02:00', TRUE), ('" + prefix
                            + "-2', NULL, NULL, NULL, NULL, FALSE)");
                }
                ReverseResult rest = reverse(sfsync, "RAW.REST_SINKS", 1_000);
                ReverseResult bulk = reverse(sfsync, "RAW.BULK_SINKS", 1);

                assertThat(rest.path()).as(rest.logLine()).isEqualTo("rest");
                assertThat(bulk.path()).as(bulk.logLine()).isEqualTo("bulk");
                TestClient client = new TestClient(org.baseUrl()).login();
                for (ReverseResult r : List.of(rest, bulk)) {
                    assertThat(r.success()).as(r.logLine()).isTrue();
                    assertThat(r.succeeded()).isEqualTo(1);
                    assertThat(r.failed()).isEqualTo(1);
                    String key = r.source().equals("RAW.REST_SINKS") ? "R-1" : "B-1";
                    HttpResponse<String> q = client.query("SELECT Name, Amount__c, Date__c, Date_Time__c,"
                            + " Checkbox__c FROM Kitchen_Sink__c WHERE External_Key__c = '" + key + "'");
                    JsonNode rec = TestClient.json(q.body()).get("records").get(0);
                    assertThat(rec.get("Name").asText()).isEqualTo("From Snowflake");
                    assertThat(rec.get("Amount__c").decimalValue()).isEqualByComparingTo("1234.5");
                    assertThat(rec.get("Date__c").asText()).isEqualTo("2024-02-29");
                    assertThat(OffsetDateTime.parse(rec.get("Date_Time__c").asText().replace("+0000", "Z"))
                            .toInstant()).isEqualTo(OffsetDateTime.parse("2024-03-01T08:15:30Z").toInstant());
                    assertThat(rec.get("Checkbox__c").asBoolean()).isTrue();
                }
                assertThat(rows(warehouse, "SELECT KEY_VALUE, STATUS_CODE FROM RAW.REST_SINKS_SF_FAILURES"))
                        .containsExactly(List.of("R-2", "REQUIRED_FIELD_MISSING"));
                assertThat(rows(warehouse, "SELECT KEY_VALUE, STATUS_CODE FROM RAW.BULK_SINKS_SF_FAILURES"))
                        .containsExactly(List.of("B-2", "REQUIRED_FIELD_MISSING"));
            }
        }
    }

    private static ReverseResult reverse(RunningSfsync sfsync, String table, long bulkThreshold) throws Exception {
        try (ProducerTemplate producer = sfsync.context().createProducerTemplate()) {
            Object reply = producer.requestBodyAndHeaders("direct:sfsync-reverse", null, Map.of(SyncHeaders.SOBJECT,
                    DemoSchema.KITCHEN_SINK, SyncHeaders.REVERSE_TABLE, table, SyncHeaders.REVERSE_KEY,
                    "External_Key__c", SyncHeaders.REVERSE_BULK_THRESHOLD, bulkThreshold));
            assertThat(reply).isInstanceOf(ReverseResult.class);
            return (ReverseResult) reply;
        }
    }

    private static void sql(Warehouse warehouse, String statement) throws Exception {
        try (Connection c = warehouse.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static List<List<String>> rows(Warehouse warehouse, String query) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }
}
