package io.sfsync.emulator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sObject Collections through plain HTTP: create, update, upsert and delete, allOrNone, and their errors. */
class CollectionsIT {
    private static final String COLLECTIONS = TestClient.V + "/composite/sobjects";
    private static SalesforceEmulator emulator;
    private static TestClient c;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 30).volume("Contact", 10)
                .volume("Opportunity", 5).volume("Kitchen_Sink__c", 5).build());
        emulator.org().defineField("Account", DemoSchema.accountExternalId());
        c = new TestClient(emulator.baseUrl()).login();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestClient.json(r.body());
    }

    private static JsonNode records(String soql) {
        return TestClient.json(c.queryAll(soql).body()).get("records");
    }

    private static String account(String fields) {
        return "{\"attributes\":{\"type\":\"Account\"}," + fields + "}";
    }

    private static String body(boolean allOrNone, String... records) {
        return "{\"allOrNone\":" + allOrNone + ",\"records\":[" + String.join(",", records) + "]}";
    }

    private static String firstCode(JsonNode result) {
        return result.get("errors").get(0).get("statusCode").asText();
    }

    @Test
    void shouldCreateEachValidRecordAndReportTheOthers() {
        JsonNode out = ok(c.postJson(COLLECTIONS, body(false, account("\"Name\":\"Coll One\""),
                account("\"NumberOfEmployees\":3"), account("\"Name\":\"Coll Two\",\"Site\":\"" + "S".repeat(81)
                        + "\""), account("\"Name\":\"Coll Three\""))));
        assertThat(out).hasSize(4);
        assertThat(out.get(0).get("success").asBoolean()).isTrue();
        assertThat(out.get(0).get("errors")).isEmpty();
        JsonNode missing = out.get(1).get("errors").get(0);
        assertThat(missing.get("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(missing.get("message").asText()).isEqualTo("Required fields are missing: [Name]");
        assertThat(missing.get("fields").get(0).asText()).isEqualTo("Name");
        assertThat(out.get(1).has("id")).isFalse();
        assertThat(firstCode(out.get(2))).isEqualTo("STRING_TOO_LONG");
        JsonNode rows = records("SELECT Id, Name FROM Account WHERE Name LIKE 'Coll %' ORDER BY Name");
        assertThat(rows).extracting(r -> r.get("Name").asText()).containsExactly("Coll One", "Coll Three");
        assertThat(rows.get(0).get("Id").asText()).isEqualTo(out.get(0).get("id").asText());
    }

    @Test
    void shouldWriteNothingWhenAllOrNoneAndOneRecordFails() {
        JsonNode out = ok(c.postJson(COLLECTIONS, body(true, account("\"Name\":\"Atomic One\""),
                account("\"Name\":\"Atomic Two\",\"CreatedDate\":\"2024-01-01T00:00:00Z\""))));
        assertThat(out.get(0).get("success").asBoolean()).isFalse();
        assertThat(out.get(0).has("id")).isFalse();
        assertThat(firstCode(out.get(0))).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(out.get(0).get("errors").get(0).get("message").asText()).isEqualTo("Record rolled back because"
                + " not all records were valid and the request was using AllOrNone header");
        assertThat(firstCode(out.get(1))).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(records("SELECT Id FROM Account WHERE Name LIKE 'Atomic %'")).isEmpty();
    }

    @Test
    void shouldRefuseMoreThan200RecordsAndUnreadableBodies() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            many.add(account("\"Name\":\"Many " + i + "\""));
        }
        HttpResponse<String> tooMany = c.postJson(COLLECTIONS, body(false, many.toArray(String[]::new)));
        assertThat(tooMany.statusCode()).isEqualTo(400);
        JsonNode error = TestClient.json(tooMany.body()).get(0);
        assertThat(error.get("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
        assertThat(error.get("message").asText())
                .isEqualTo("record limit reached. cannot submit more than 200 records into this call");
        HttpResponse<String> unknownField = c.postJson(COLLECTIONS, body(false, account("\"Nope__c\":1")));
        assertThat(unknownField.statusCode()).isEqualTo(400);
        assertThat(TestClient.json(unknownField.body()).get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        HttpResponse<String> noType = c.postJson(COLLECTIONS, body(false, "{\"Name\":\"typeless\"}"));
        assertThat(firstCode(ok(noType).get(0))).isEqualTo("INVALID_TYPE");
        HttpResponse<String> old = c.postJson("/services/data/v41.0/composite/sobjects", body(false));
        assertThat(old.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldUpdateByIdAndMoveLastModifiedDate() {
        JsonNode two = records("SELECT Id, LastModifiedDate FROM Account WHERE IsDeleted = false ORDER BY Id LIMIT 2");
        String id = two.get(0).get("Id").asText();
        emulator.org().clock().advance(Duration.ofMinutes(3));
        JsonNode out = ok(c.patchJson(COLLECTIONS, body(false, account("\"id\":\"" + id + "\",\"Site\":\"Updated\""),
                account("\"Site\":\"no id\""), account("\"id\":\"001000000000999AAA\",\"Site\":\"x\""))));
        assertThat(out.get(0).get("success").asBoolean()).isTrue();
        assertThat(out.get(0).get("id").asText()).isEqualTo(id);
        assertThat(firstCode(out.get(1))).isEqualTo("MISSING_ARGUMENT");
        assertThat(out.get(1).get("errors").get(0).get("message").asText())
                .isEqualTo("Id not specified in an update call");
        assertThat(firstCode(out.get(2))).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        JsonNode after = records("SELECT Site, LastModifiedDate, SystemModstamp FROM Account WHERE Id = '" + id + "'")
                .get(0);
        assertThat(after.get("Site").asText()).isEqualTo("Updated");
        assertThat(after.get("LastModifiedDate").asText()).isGreaterThan(two.get(0).get("LastModifiedDate").asText());
        assertThat(after.get("SystemModstamp").asText()).isEqualTo(after.get("LastModifiedDate").asText());
    }

    @Test
    void shouldUpsertOnAnExternalId() {
        String path = COLLECTIONS + "/Account/External_Id__c";
        JsonNode first = ok(c.patchJson(path, body(false, account("\"External_Id__c\":\"C-1\",\"Name\":\"Up One\""),
                account("\"External_Id__c\":\"C-2\",\"Name\":\"Up Two\""))));
        assertThat(first).extracting(r -> r.get("created").asBoolean()).containsExactly(true, true);
        JsonNode second = ok(c.patchJson(path, body(false, account("\"External_Id__c\":\"c-1\",\"Name\":\"Up 1\""),
                account("\"External_Id__c\":\"C-3\",\"Name\":\"Up Three\""), account("\"Name\":\"keyless\""))));
        assertThat(second.get(0).get("created").asBoolean()).isFalse();
        assertThat(second.get(0).get("id").asText()).isEqualTo(first.get(0).get("id").asText());
        assertThat(second.get(1).get("created").asBoolean()).isTrue();
        assertThat(firstCode(second.get(2))).isEqualTo("MISSING_ARGUMENT");
        assertThat(records("SELECT Name FROM Account WHERE External_Id__c = 'C-1'").get(0).get("Name").asText())
                .isEqualTo("Up 1");

        JsonNode dup = ok(c.patchJson(path, body(false, account("\"External_Id__c\":\"D-1\",\"Name\":\"a\""),
                account("\"External_Id__c\":\"D-1\",\"Name\":\"b\""))));
        assertThat(dup).extracting(r -> r.get("errors").get(0).get("statusCode").asText())
                .containsOnly("DUPLICATE_VALUE");
        assertThat(dup.get(0).get("errors").get(0).get("message").asText())
                .isEqualTo("Duplicate external id specified: D-1");

        HttpResponse<String> notExternal = c.patchJson(COLLECTIONS + "/Account/Name", body(false));
        assertThat(notExternal.statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = c.patchJson(COLLECTIONS + "/Account/Nope__c", body(false));
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRefuseAnExternalIdThatMatchesSeveralRecords() {
        emulator.org().defineField("Contact", FieldDef.builder("Legacy_Key__c", FieldType.STRING).length(20)
                .externalId().label("Legacy Key").build());
        JsonNode two = records("SELECT Id FROM Contact WHERE IsDeleted = false ORDER BY Id LIMIT 2");
        String a = two.get(0).get("Id").asText();
        String b = two.get(1).get("Id").asText();
        for (String id : List.of(a, b)) {
            assertThat(c.patchJson(TestClient.V + "/sobjects/Contact/" + id, "{\"Legacy_Key__c\":\"SHARED\"}")
                    .statusCode()).isEqualTo(204);
        }
        JsonNode out = ok(c.patchJson(COLLECTIONS + "/Contact/Legacy_Key__c", body(false,
                "{\"attributes\":{\"type\":\"Contact\"},\"Legacy_Key__c\":\"SHARED\",\"LastName\":\"X\"}")));
        JsonNode error = out.get(0).get("errors").get(0);
        assertThat(error.get("statusCode").asText()).isEqualTo("DUPLICATE_EXTERNAL_ID");
        assertThat(error.get("message").asText())
                .isEqualTo("Legacy Key: more than one record found for external id field: [" + a + ", " + b + "]");
        assertThat(out.get(0).get("created").asBoolean()).isFalse();
    }

    @Test
    void shouldDeleteToTheRecycleBinPerId() {
        JsonNode two = records("SELECT Id FROM Opportunity WHERE IsDeleted = false ORDER BY Id LIMIT 2");
        String id = two.get(0).get("Id").asText();
        StringJoiner ids = new StringJoiner(",");
        ids.add(id).add("bogus").add(id);
        JsonNode out = ok(c.delete(COLLECTIONS + "?ids=" + ids));
        assertThat(out.get(0).get("success").asBoolean()).isTrue();
        assertThat(firstCode(out.get(1))).isEqualTo("MALFORMED_ID");
        assertThat(out.get(1).get("id").asText()).isEqualTo("bogus");
        assertThat(records("SELECT IsDeleted FROM Opportunity WHERE Id = '" + id + "'").get(0).get("IsDeleted")
                .asBoolean()).isTrue();
        JsonNode again = ok(c.delete(COLLECTIONS + "?ids=" + id + "&allOrNone=true"));
        assertThat(firstCode(again.get(0))).isEqualTo("ENTITY_IS_DELETED");
        String other = two.get(1).get("Id").asText();
        JsonNode atomic = ok(c.delete(COLLECTIONS + "?ids=" + other + ",bogus&allOrNone=true"));
        assertThat(firstCode(atomic.get(0))).isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(records("SELECT IsDeleted FROM Opportunity WHERE Id = '" + other + "'").get(0).get("IsDeleted")
                .asBoolean()).isFalse();
    }
}
