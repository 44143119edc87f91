package io.sfsync.emulator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;
import io.sfsync.emulator.model.DemoSchema;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** REST query, describe, limits and DML, through plain HTTP. */
class RestApiIT {
    private static SalesforceEmulator emulator;
    private static TestClient c;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 2500).volume("Contact", 40)
                .volume(DemoSchema.KITCHEN_SINK, 30).build());
        c = new TestClient(emulator.baseUrl()).login();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static JsonNode ok(java.net.http.HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : TestClient.json(r.body());
    }

    @Test
    void shouldPageWithNextRecordsUrlAlsoForQueryAllAndHonourBatchSize() {
        JsonNode page = ok(c.queryAll("SELECT Id FROM Account"));
        assertThat(page.get("totalSize").asInt()).isEqualTo(2500);
        assertThat(page.get("records")).hasSize(2000);
        String next = page.get("nextRecordsUrl").asText();
        assertThat(next).matches("/services/data/v62\\.0/query/01g[0-9A-Za-z]{15}-2000");
        JsonNode last = ok(c.get(next.replace("/query/", "/queryAll/")));
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(last.has("nextRecordsUrl")).isFalse();
        assertThat(last.get("records")).hasSize(500);

        var small = c.get(TestClient.V + "/query?q=SELECT+Id+FROM+Account");
        assertThat(small.statusCode()).isEqualTo(200);
        var withBatch = java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUrl() + TestClient.V
                + "/query/?q=SELECT+Id+FROM+Account")).header("Authorization", "Bearer " + c.token())
                .header("Sforce-Query-Options", "batchSize=300").build();
        try {
            var r = java.net.http.HttpClient.newHttpClient().send(withBatch,
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(TestClient.json(r.body()).get("records")).hasSize(300);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(c.get(TestClient.V + "/query/01gNOSUCHCURSOR0000-2000").body()).contains("INVALID_QUERY_LOCATOR");
    }

    @Test
    void shouldDescribeEveryFieldWithTheFullAttributeSet() {
        JsonNode d = ok(c.get(TestClient.V + "/sobjects/" + DemoSchema.KITCHEN_SINK + "/describe/"));
        Set<String> types = new HashSet<>();
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode f : d.get("fields")) {
            types.add(f.get("type").asText());
            byName.put(f.get("name").asText(), f);
            for (String attr : new String[] {"name", "type", "soapType", "length", "precision", "scale", "digits",
                "nillable", "calculated", "compoundFieldName", "referenceTo", "relationshipName", "byteLength",
                "picklistValues", "externalId", "unique", "updateable", "createable", "filterable", "label"}) {
                assertThat(f.has(attr)).as(f.get("name") + "." + attr).isTrue();
            }
        }
        assertThat(types).contains("id", "string", "textarea", "picklist", "multipicklist", "email", "phone", "url",
                "boolean", "int", "long", "double", "currency", "percent", "date", "datetime", "time", "reference",
                "address", "location", "base64", "encryptedstring");
        assertThat(byName.get("Address__City__s").get("compoundFieldName").asText()).isEqualTo("Address__c");
        assertThat(byName.get("Amount__c").get("precision").asInt()).isEqualTo(16);
        assertThat(byName.get("Amount__c").get("scale").asInt()).isEqualTo(2);
        assertThat(byName.get("Formula__c").get("calculated").asBoolean()).isTrue();
        assertThat(byName.get("Account__c").get("relationshipName").asText()).isEqualTo("Account__r");
        assertThat(byName.get("Location__c").get("soapType").asText()).isEqualTo("urn:location");
        assertThat(c.get(TestClient.V + "/sobjects/Nope__c/describe").statusCode()).isEqualTo(404);
        JsonNode global = ok(c.get(TestClient.V + "/sobjects/"));
        assertThat(global.get("sobjects").findValuesAsText("name")).contains("Account", "Contact", "Opportunity",
                "User", DemoSchema.KITCHEN_SINK);
    }

    @Test
    void shouldReportLimitsAsObjectsWithMaxAndRemainingAndCountCalls() {
        JsonNode l1 = ok(c.get(TestClient.V + "/limits/"));
        JsonNode l2 = ok(c.get(TestClient.V + "/limits"));
        assertThat(l1.get("DailyApiRequests").get("Max").asLong()).isEqualTo(100_000);
        assertThat(l1.get("DailyApiRequests").get("Remaining").asLong() - 1)
                .isEqualTo(l2.get("DailyApiRequests").get("Remaining").asLong());
        l2.fields().forEachRemaining(e -> assertThat(e.getValue().has("Max") && e.getValue().has("Remaining"))
                .as(e.getKey()).isTrue());
        var r = c.get(TestClient.V + "/limits");
        assertThat(r.headers().firstValue("Sforce-Limit-Info").orElseThrow()).matches("api-usage=\\d+/100000");
    }

    @Test
    void shouldCreateReadUpdateDeleteAndMoveTheStampsEveryTime() {
        Instant before = emulator.org().clock().now();
        JsonNode created = ok(c.postJson(TestClient.V + "/sobjects/Account",
                "{\"Name\":\"Zoë \\\"Quoted\\\", Ltd.\",\"NumberOfEmployees\":12,\"AnnualRevenue\":1500000}"));
        String id = created.get("id").asText();
        assertThat(created.get("success").asBoolean()).isTrue();
        JsonNode rec = ok(c.get(TestClient.V + "/sobjects/Account/" + id));
        assertThat(rec.get("Name").asText()).isEqualTo("Zoë \"Quoted\", Ltd.");
        assertThat(rec.get("attributes").get("type").asText()).isEqualTo("Account");
        assertThat(rec.get("AnnualRevenue").asText()).isEqualTo("1500000.0");
        assertThat(rec.get("IsDeleted").asBoolean()).isFalse();
        assertThat(Instant.parse(rec.get("CreatedDate").asText().replace("+0000", "Z"))).isAfterOrEqualTo(before);

        emulator.org().clock().advance(Duration.ofSeconds(5));
        assertThat(c.patchJson(TestClient.V + "/sobjects/Account/" + id, "{\"Industry\":\"Energy\"}").statusCode())
                .isEqualTo(204);
        JsonNode updated = ok(c.get(TestClient.V + "/sobjects/Account/" + id + "?fields=Industry,SystemModstamp,"
                + "LastModifiedDate"));
        assertThat(updated.get("Industry").asText()).isEqualTo("Energy");
        assertThat(updated.get("SystemModstamp").asText()).isEqualTo(updated.get("LastModifiedDate").asText())
                .isNotEqualTo(rec.get("SystemModstamp").asText());

        assertThat(c.delete(TestClient.V + "/sobjects/Account/" + id).statusCode()).isEqualTo(204);
        assertThat(c.get(TestClient.V + "/sobjects/Account/" + id).body()).contains("ENTITY_IS_DELETED");
        String soql = "SELECT Id, IsDeleted FROM Account WHERE Id = '" + id + "'";
        assertThat(ok(c.query(soql)).get("totalSize").asInt()).isZero();
        assertThat(ok(c.queryAll(soql)).get("records").get(0).get("IsDeleted").asBoolean()).isTrue();

        emulator.org().undelete(id);
        assertThat(ok(c.query(soql)).get("totalSize").asInt()).isEqualTo(1);
        emulator.org().hardDelete(id);
        assertThat(ok(c.queryAll(soql)).get("totalSize").asInt()).isZero();
        assertThat(c.get(TestClient.V + "/sobjects/Account/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void shouldRejectBadDmlWithSalesforceErrorCodes() {
        var missing = c.postJson(TestClient.V + "/sobjects/Account", "{\"Industry\":\"Energy\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(TestClient.json(missing.body()).get(0).get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(TestClient.json(missing.body()).get(0).get("fields").get(0).asText()).isEqualTo("Name");
        assertThat(c.postJson(TestClient.V + "/sobjects/Account", "{\"Name\":\"x\",\"Nope__c\":1}").body())
                .contains("INVALID_FIELD");
        assertThat(c.postJson(TestClient.V + "/sobjects/Account", "{\"Name\":\"x\",\"SystemModstamp\":\"2020-01-01"
                + "T00:00:00Z\"}").body()).contains("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(c.postJson(TestClient.V + "/sobjects/Account", "{\"Name\":").body()).contains("JSON_PARSER_ERROR");
        assertThat(c.postJson(TestClient.V + "/sobjects/Contact", "{\"LastName\":\"x\",\"Email\":\"not-mail\"}")
                .body()).contains("INVALID_EMAIL_ADDRESS");
    }

    @Test
    void shouldReturnCompoundValuesAndBlobUrlsInRestQueries() {
        JsonNode rec = null;
        for (JsonNode r : ok(c.query("SELECT Id, Address__c, Location__c, Payload__c, Owner.Name, Account__r.Name "
                + "FROM " + DemoSchema.KITCHEN_SINK)).get("records")) {
            if (rec == null && !r.get("Payload__c").isNull()) {
                rec = r;
            }
        }
        assertThat(rec).isNotNull();
        assertThat(rec.get("Payload__c").asText()).endsWith("/" + rec.get("Id").asText() + "/Payload__c");
        var blob = c.getBytes(rec.get("Payload__c").asText());
        assertThat(new String(blob.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("payload of row");
        assertThat(rec.get("Owner").get("attributes").get("type").asText()).isEqualTo("User");
        if (!rec.get("Location__c").isNull()) {
            assertThat(rec.get("Location__c").has("latitude")).isTrue();
        }
    }
}
