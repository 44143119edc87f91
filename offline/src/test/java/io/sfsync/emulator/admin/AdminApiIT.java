package io.sfsync.emulator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API over HTTP, as a test in another process or a curl user would drive it. */
class AdminApiIT {
    private static SalesforceEmulator emulator;
    private static TestClient admin;
    private TestClient api;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 50).build());
        admin = new TestClient(emulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void login() {
        admin.delete("/_emulator/faults");
        api = new TestClient(emulator.baseUrl()).login();
    }

    private static String code(HttpResponse<String> r) {
        return TestClient.json(r.body()).get(0).get("errorCode").asText();
    }

    @Test
    void shouldFailTheNextMatchingRequestsWithEachFaultKindThenRecover() {
        String[][] cases = {{"INVALID_SESSION", "401", "INVALID_SESSION_ID"}, {"SERVER_ERROR", "500",
            "UNKNOWN_EXCEPTION"}, {"SERVICE_UNAVAILABLE", "503", "SERVER_UNAVAILABLE"}, {"REQUEST_LIMIT_EXCEEDED",
            "403", "REQUEST_LIMIT_EXCEEDED"}, {"TOO_MANY_REQUESTS", "429", "REQUEST_LIMIT_EXCEEDED"}};
        for (String[] c : cases) {
            var armed = admin.postJson("/_emulator/faults", "{\"kind\":\"" + c[0] + "\",\"path\":\"/limits\",\"count\":2}");
            assertThat(armed.statusCode()).isEqualTo(201);
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = api.get(TestClient.V + "/limits");
                assertThat(r.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(code(r)).isEqualTo(c[2]);
            }
            assertThat(api.get(TestClient.V + "/limits").statusCode()).isEqualTo(200);
            assertThat(api.get(TestClient.V + "/sobjects").statusCode()).isEqualTo(200);
        }
        assertThat(TestClient.json(admin.get("/_emulator/faults").body())).isEmpty();
        assertThat(admin.postJson("/_emulator/faults", "{\"kind\":\"NOPE\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldMatchFaultsByMethodAndPathOnly() {
        admin.postJson("/_emulator/faults", "{\"kind\":\"SERVER_ERROR\",\"path\":\"/sobjects/Account$\",\"method\":"
                + "\"POST\"}");
        assertThat(api.get(TestClient.V + "/sobjects/Account").statusCode()).isEqualTo(200);
        assertThat(api.postJson(TestClient.V + "/sobjects/Account", "{\"Name\":\"x\"}").statusCode()).isEqualTo(500);
        assertThat(api.postJson(TestClient.V + "/sobjects/Account", "{\"Name\":\"x\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void shouldSetLimitsAndAnswer403WhenSpent() {
        var set = admin.send("PUT", "/_emulator/limits", "{\"DailyApiRequests\":{\"Max\":15000,\"Remaining\":1}}");
        assertThat(set.statusCode()).isEqualTo(200);
        HttpResponse<String> last = api.get(TestClient.V + "/limits");
        assertThat(TestClient.json(last.body()).get("DailyApiRequests").get("Remaining").asLong()).isZero();
        HttpResponse<String> refused = api.get(TestClient.V + "/limits");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(code(refused)).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(refused.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=15000/15000");
        admin.send("PUT", "/_emulator/limits", "{\"DailyApiRequests\":{\"Max\":100000,\"Remaining\":100000}}");
        assertThat(api.get(TestClient.V + "/limits").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldMoveTheClockSoThatChangesCarryTheNewTime() {
        JsonNode clock = TestClient.json(admin.postJson("/_emulator/clock", "{\"set\":\"2030-05-01T12:00:00Z\"}")
                .body());
        assertThat(Instant.parse(clock.get("now").asText())).isBetween(Instant.parse("2030-05-01T12:00:00Z"),
                Instant.parse("2030-05-01T12:01:00Z"));
        String id = TestClient.json(api.postJson(TestClient.V + "/sobjects/Account", "{\"Name\":\"Future\"}").body())
                .get("id").asText();
        JsonNode rec = TestClient.json(api.get(TestClient.V + "/sobjects/Account/" + id).body());
        assertThat(rec.get("CreatedDate").asText()).startsWith("2030-05-01T12:0");
        TestClient.json(admin.postJson("/_emulator/clock", "{\"advanceSeconds\":86400}").body());
        admin.postJson("/_emulator/records/" + id + "/touch", "");
        JsonNode touched = TestClient.json(api.get(TestClient.V + "/sobjects/Account/" + id).body());
        assertThat(touched.get("SystemModstamp").asText()).startsWith("2030-05-02T12:0");
        assertThat(touched.get("LastModifiedDate").asText()).isEqualTo(rec.get("LastModifiedDate").asText());
        emulator.org().clock().set(Instant.now());
    }

    @Test
    void shouldHardDeleteUndeleteAndAddFieldsBehindTheApisBack() {
        String id = TestClient.json(api.postJson(TestClient.V + "/sobjects/Account", "{\"Name\":\"Gone\"}").body())
                .get("id").asText();
        assertThat(api.delete(TestClient.V + "/sobjects/Account/" + id).statusCode()).isEqualTo(204);
        assertThat(admin.postJson("/_emulator/records/" + id + "/undelete", "").statusCode()).isEqualTo(204);
        assertThat(api.get(TestClient.V + "/sobjects/Account/" + id).statusCode()).isEqualTo(200);
        assertThat(admin.delete("/_emulator/records/" + id).statusCode()).isEqualTo(204);
        assertThat(TestClient.json(api.queryAll("SELECT Id FROM Account WHERE Id = '" + id + "'").body())
                .get("totalSize").asInt()).isZero();

        assertThat(admin.postJson("/_emulator/sobjects/Account/fields", "{\"name\":\"Tier__c\",\"type\":\"picklist\"}")
                .statusCode()).isEqualTo(201);
        JsonNode rows = TestClient.json(api.query("SELECT Id, Tier__c FROM Account LIMIT 2").body());
        assertThat(rows.get("records").get(0).get("Tier__c").isNull()).isTrue();
        String created = TestClient.json(api.postJson(TestClient.V + "/sobjects/Account",
                "{\"Name\":\"Tiered\",\"Tier__c\":\"Gold\"}").body()).get("id").asText();
        assertThat(TestClient.json(api.get(TestClient.V + "/sobjects/Account/" + created).body()).get("Tier__c")
                .asText()).isEqualTo("Gold");
        assertThat(admin.delete("/_emulator/sobjects/Account/fields/Tier__c").statusCode()).isEqualTo(204);
        assertThat(code(api.query("SELECT Tier__c FROM Account"))).isEqualTo("INVALID_FIELD");
    }

    @Test
    void shouldAddAnExternalIdThatUpsertsMatchOn() {
        assertThat(admin.postJson("/_emulator/sobjects/Account/fields", "{\"name\":\"External_Id__c\",\"type\":"
                + "\"string\",\"length\":80,\"externalId\":true,\"unique\":true,\"label\":\"External ID\"}")
                .statusCode()).isEqualTo(201);
        assertThat(admin.postJson("/_emulator/sobjects/Account/fields", "{\"name\":\"Flag__c\",\"type\":"
                + "\"boolean\",\"externalId\":true}").statusCode()).isEqualTo(400);
        JsonNode describe = TestClient.json(api.get(TestClient.V + "/sobjects/Account/describe").body());
        JsonNode field = null;
        for (JsonNode f : describe.get("fields")) {
            if (f.get("name").asText().equals("External_Id__c")) {
                field = f;
            }
        }
        assertThat(field).isNotNull();
        assertThat(field.get("externalId").asBoolean()).isTrue();
        assertThat(field.get("unique").asBoolean()).isTrue();
        String path = TestClient.V + "/composite/sobjects/Account/External_Id__c";
        String body = "{\"records\":[{\"attributes\":{\"type\":\"Account\"},\"External_Id__c\":\"ADM-1\","
                + "\"Name\":\"Admin keyed\"}]}";
        assertThat(TestClient.json(api.patchJson(path, body).body()).get(0).get("created").asBoolean()).isTrue();
        assertThat(TestClient.json(api.patchJson(path, body).body()).get(0).get("created").asBoolean()).isFalse();
        assertThat(admin.delete("/_emulator/sobjects/Account/fields/External_Id__c").statusCode()).isEqualTo(204);
    }

    @Test
    void shouldServeFormulaFieldsComputedWhenReadAndRefuseWritingThem() {
        assertThat(admin.postJson("/_emulator/sobjects/Contact/fields", "{\"name\":\"Account_Name__c\","
                + "\"type\":\"string\",\"length\":255,\"formula\":\"Account.Name\"}").statusCode()).isEqualTo(201);
        assertThat(admin.postJson("/_emulator/sobjects/Contact/fields", "{\"name\":\"Age_Days__c\","
                + "\"type\":\"double\",\"precision\":18,\"formula\":\"TODAY() - Birthdate\"}").statusCode())
                .isEqualTo(201);
        try {
            var bad = admin.postJson("/_emulator/sobjects/Contact/fields", "{\"name\":\"Bad__c\",\"type\":\"string\","
                    + "\"length\":255,\"formula\":\"Account.Industry\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(code(bad)).isEqualTo("INVALID_FIELD");
            JsonNode field = null;
            for (JsonNode f : TestClient.json(api.get(TestClient.V + "/sobjects/Contact/describe").body()).get("fields")) {
                if (f.get("name").asText().equals("Account_Name__c")) {
                    field = f;
                }
            }
            assertThat(field).isNotNull();
            assertThat(field.get("calculated").asBoolean()).isTrue();
            assertThat(field.get("calculatedFormula").asText()).isEqualTo("Account.Name");
            assertThat(field.get("createable").asBoolean()).isFalse();
            assertThat(field.get("updateable").asBoolean()).isFalse();

            String soql = "SELECT Id, AccountId, Account_Name__c, Age_Days__c, SystemModstamp FROM Contact"
                    + " WHERE AccountId != null AND Birthdate != null LIMIT 1";
            JsonNode before = TestClient.json(api.query(soql).body()).get("records").get(0);
            String account = before.get("AccountId").asText();
            assertThat(before.get("Account_Name__c").asText()).isEqualTo(TestClient.json(api.get(TestClient.V
                    + "/sobjects/Account/" + account).body()).get("Name").asText());
            assertThat(api.patchJson(TestClient.V + "/sobjects/Account/" + account, "{\"Name\":\"Formula Parent\"}")
                    .statusCode()).isEqualTo(204);
            assertThat(admin.postJson("/_emulator/clock", "{\"advanceSeconds\":172800}").statusCode()).isEqualTo(200);
            JsonNode after = TestClient.json(api.query(soql.replace("LIMIT 1", "AND Id = '" + before.get("Id").asText()
                    + "'")).body()).get("records").get(0);
            assertThat(after.get("Account_Name__c").asText()).isEqualTo("Formula Parent");
            assertThat(after.get("Age_Days__c").asLong()).isEqualTo(before.get("Age_Days__c").asLong() + 2);
            assertThat(after.get("SystemModstamp").asText()).isEqualTo(before.get("SystemModstamp").asText());

            var write = api.patchJson(TestClient.V + "/sobjects/Contact/" + before.get("Id").asText(),
                    "{\"Account_Name__c\":\"x\"}");
            assertThat(write.statusCode()).isEqualTo(400);
            assertThat(code(write)).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
            assertThat(write.body()).contains("Account_Name__c");
        } finally {
            admin.postJson("/_emulator/clock", "{\"advanceSeconds\":-172800}");
            admin.delete("/_emulator/sobjects/Contact/fields/Account_Name__c");
            admin.delete("/_emulator/sobjects/Contact/fields/Age_Days__c");
        }
    }

    @Test
    void shouldChangeManyRecordsAtOnceMovingTheirStamps() {
        JsonNode r = TestClient.json(admin.postJson("/_emulator/sobjects/Account/changes", "{\"count\":10}").body());
        assertThat(r.get("changed").asInt()).isEqualTo(10);
        JsonNode all = TestClient.json(api.query("SELECT Id, Description, SystemModstamp FROM Account").body());
        int changed = 0;
        for (JsonNode rec : all.get("records")) {
            if (rec.get("Description").asText().startsWith("changed at ")) {
                changed++;
                assertThat(rec.get("SystemModstamp").asText()).isGreaterThan("2026-01-01");
            }
        }
        assertThat(changed).isEqualTo(10);
        assertThat(admin.postJson("/_emulator/sobjects/Account/changes", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void shouldLogRequestsWithoutSecretsAndCountThemByOperation() {
        long since = TestClient.json(admin.get("/_emulator/counters").body()).get("lastSeq").asLong();
        api.query("SELECT Id FROM Account");
        new TestClient(emulator.baseUrl()).get("/services/oauth2/revoke?token=" + api.token());
        JsonNode log = TestClient.json(admin.get("/_emulator/requests?since=" + since).body());
        assertThat(log.get("entries").findValuesAsText("operation")).containsExactly("query", "revoke");
        assertThat(log.toString()).doesNotContain(api.token()).contains("token=****");
        JsonNode counters = TestClient.json(admin.get("/_emulator/counters").body());
        assertThat(counters.get("byOperation").get("login").asLong()).isPositive();
        assertThat(counters.get("apiRequestsUsed").asLong()).isPositive();
        JsonNode status = TestClient.json(admin.get("/_emulator/status").body());
        assertThat(status.get("objects").get("Account").get("generated").asInt()).isEqualTo(50);
        assertThat(status.get("heap").get("peakUsedBytes").asLong()).isPositive();
    }
}
