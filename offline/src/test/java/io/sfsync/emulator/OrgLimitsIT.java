package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.query.QueryEngine;
import io.sfsync.emulator.soql.SoqlException;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the offline org refuses as Salesforce does, each just over its limit, and what it accepts just under: SOQL
 * length, page size with long text, field lengths and the number of custom fields.
 */
class OrgLimitsIT {
    private static SalesforceEmulator emulator;
    private static TestClient api;
    private static TestClient admin;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 20).volume("Contact", 20)
                .volume("Opportunity", 20).volume(DemoSchema.KITCHEN_SINK, 250).wide("Contact", 799)
                .bulkTiming(Duration.ZERO, Duration.ZERO).build());
        api = new TestClient(emulator.baseUrl()).login();
        admin = new TestClient(emulator.baseUrl());
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static JsonNode error(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        return TestClient.json(r.body()).get(0);
    }

    private static HttpResponse<String> bulkJob(String soql) {
        return api.postJson(TestClient.V + "/jobs/query", JsonNodeFactory.instance.objectNode()
                .put("operation", "query").put("query", soql).toString());
    }

    /** A valid statement of exactly {@code length} characters. */
    private static String soqlOf(int length) {
        String q = "SELECT Id FROM Account";
        return q + " ".repeat(length - q.length());
    }

    @Test
    void shouldRefuseABulkQueryOfMoreThanOneHundredThousandCharactersWithoutEchoingIt() {
        assertThat(bulkJob(soqlOf(SalesforceLimits.SOQL_CHARACTERS)).statusCode()).isEqualTo(200);
        JsonNode e = error(bulkJob(soqlOf(SalesforceLimits.SOQL_CHARACTERS + 1)));
        assertThat(e.get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.get("message").asText()).isEqualTo("SOQL statements can not be longer than 100000 characters");
    }

    @Test
    void shouldRefuseALongRestQueryInTheEngineThatRestAndBulkShare() {
        QueryEngine engine = new QueryEngine(emulator.org());
        assertThat(engine.parse(soqlOf(SalesforceLimits.SOQL_CHARACTERS)).sobject().name()).isEqualTo("Account");
        assertThatThrownBy(() -> engine.parse(soqlOf(SalesforceLimits.SOQL_CHARACTERS + 1)))
                .isInstanceOf(SoqlException.class).hasMessage(SalesforceLimits.SOQL_TOO_LONG)
                .extracting(e -> ((SoqlException) e).errorCode()).isEqualTo("MALFORMED_QUERY");
    }

    private static JsonNode page(String pathOrSoql, boolean soql, int batchSize) {
        String path = soql ? TestClient.V + "/query?q=" + URLEncoder.encode(pathOrSoql, StandardCharsets.UTF_8)
                : pathOrSoql;
        HttpResponse<byte[]> r = api.getBytes(path, "Sforce-Query-Options", "batchSize=" + batchSize);
        assertThat(r.statusCode()).isEqualTo(200);
        return TestClient.json(new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldPageTwoHundredRowsWhenTwoCustomLongTextFieldsAreSelected() {
        JsonNode first = page("SELECT Id, Long_Text__c, Rich_Text__c FROM Kitchen_Sink__c", true, 2000);
        assertThat(first.get("totalSize").asInt()).isEqualTo(250);
        assertThat(first.get("records").size()).isEqualTo(SalesforceLimits.QUERY_BATCH_LONG_TEXT);
        JsonNode second = page(first.get("nextRecordsUrl").asText(), false, 2000);
        assertThat(second.get("records").size()).isEqualTo(50);
        assertThat(second.get("done").asBoolean()).isTrue();

        JsonNode asked = page("SELECT Id, Long_Text__c, Rich_Text__c FROM Kitchen_Sink__c", true, 300);
        assertThat(asked.get("records").size()).isEqualTo(200);
        JsonNode one = page("SELECT Id, Long_Text__c, Text_Area__c FROM Kitchen_Sink__c", true, 2000);
        assertThat(one.get("records").size()).as("one long text field: the asked batch").isEqualTo(250);
        JsonNode standard = page("SELECT Id, Description FROM Account", true, 2000);
        assertThat(standard.get("records").size()).isEqualTo(20);
    }

    private static HttpResponse<String> addField(String type, String json) {
        return admin.postJson("/_emulator/sobjects/" + type + "/fields", json);
    }

    @Test
    void shouldRefuseFieldLengthsSetupRefusesAndAcceptTheirBounds() {
        String[][] refused = {
            {"Text0__c", "string", "0", null}, {"Text256__c", "string", "256", null},
            {"Area254__c", "textarea", "254", null}, {"Long255__c", "textarea", "255", "plaintextarea"},
            {"Long131073__c", "textarea", "131073", "plaintextarea"}, {"Rich131073__c", "textarea", "131073",
                "richtextarea"}, {"Odd__c", "string", "20", "plaintextarea"}};
        for (String[] f : refused) {
            JsonNode e = error(addField("Opportunity", fieldJson(f)));
            assertThat(e.get("errorCode").asText()).as(f[0]).isEqualTo("INVALID_FIELD");
        }
        String[][] accepted = {
            {"Text1__c", "string", "1", null}, {"Text255__c", "string", "255", null},
            {"Area255__c", "textarea", "255", null}, {"Long256__c", "textarea", "256", "plaintextarea"},
            {"Rich131072__c", "textarea", "131072", "richtextarea"}};
        for (String[] f : accepted) {
            HttpResponse<String> r = addField("Opportunity", fieldJson(f));
            assertThat(r.statusCode()).as(f[0] + ": " + r.body()).isEqualTo(201);
        }
        JsonNode describe = TestClient.json(api.get(TestClient.V + "/sobjects/Opportunity/describe").body());
        JsonNode rich = null;
        for (JsonNode f : describe.get("fields")) {
            if (f.get("name").asText().equals("Rich131072__c")) {
                rich = f;
            }
        }
        assertThat(rich).isNotNull();
        assertThat(rich.get("extraTypeInfo").asText()).isEqualTo("richtextarea");
        assertThat(rich.get("length").asInt()).isEqualTo(131_072);
    }

    private static String fieldJson(String[] f) {
        var o = JsonNodeFactory.instance.objectNode().put("name", f[0]).put("type", f[1])
                .put("length", Integer.parseInt(f[2]));
        if (f[3] != null) {
            o.put("extraTypeInfo", f[3]);
        }
        return o.toString();
    }

    @Test
    void shouldFillGeneratedRowsOnlyWhenAsked() {
        assertThat(addField("Account", "{\"name\":\"Filled_Tier__c\",\"type\":\"picklist\",\"fill\":true,"
                + "\"picklistValues\":[\"Gold\",\"Silver, plated\"]}").statusCode()).isEqualTo(201);
        assertThat(addField("Account", "{\"name\":\"Empty_Tier__c\",\"type\":\"picklist\"}").statusCode())
                .isEqualTo(201);
        JsonNode rows = TestClient.json(api.query("SELECT Id, Filled_Tier__c, Empty_Tier__c FROM Account").body());
        int filled = 0;
        for (JsonNode r : rows.get("records")) {
            assertThat(r.get("Empty_Tier__c").isNull()).isTrue();
            if (!r.get("Filled_Tier__c").isNull()) {
                filled++;
                assertThat(r.get("Filled_Tier__c").asText()).isIn("Gold", "Silver, plated");
            }
        }
        assertThat(filled).isGreaterThan(8);
    }

    @Test
    void shouldRefuseTheEightHundredAndFirstCustomField() {
        HttpResponse<String> last = addField("Contact", "{\"name\":\"Field800__c\",\"type\":\"string\",\"length\":10}");
        assertThat(last.statusCode()).as(last.body()).isEqualTo(201);
        JsonNode e = error(addField("Contact", "{\"name\":\"Field801__c\",\"type\":\"string\",\"length\":10}"));
        assertThat(e.get("errorCode").asText()).isEqualTo("LIMIT_EXCEEDED");
        assertThat(e.get("message").asText()).contains("800 custom fields").contains("Field801__c");
        assertThat(emulator.org().find("Contact").field("Field801__c")).isNull();
    }

    @Test
    void shouldNotStartAnOrgWithMoreWideFieldsThanFit() {
        assertThatThrownBy(() -> SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 1)
                .wide("Account", 801).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("800 custom fields");
    }
}
