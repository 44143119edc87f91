package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sfsync.app.StartupChecks.Login;
import io.sfsync.sync.NetworkFailures;
import io.sfsync.sync.Secrets;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class StartupChecksTest {

    @Test
    void shouldAcceptEveryCompleteLoginFlow() {
        assertThat(new Login("cid", true, true, true, false, false, null).problem()).isNull();
        assertThat(new Login("cid", false, false, false, true, false, null).problem()).isNull();
        assertThat(new Login("cid", false, true, false, false, true, null).problem()).isNull();
        assertThat(new Login("cid", true, false, false, false, false, null).problem()).as("client credentials")
                .isNull();
        assertThat(new Login("cid", false, true, false, false, true, "JWT").problem()).isNull();
    }

    @Test
    void shouldNameWhatTheChosenFlowLacks() {
        assertThat(new Login("cid", false, true, true, false, false, null).problem())
                .startsWith("Salesforce login is not configured completely: the username-password flow also needs"
                        + " clientSecret (");
        assertThat(new Login("cid", true, false, false, false, false, "JWT").problem())
                .startsWith("Salesforce login is not configured completely: the JWT bearer flow also needs userName,"
                        + " keystore (");
        assertThat(new Login("cid", true, false, false, false, false, "REFRESH_TOKEN").problem())
                .contains("the refresh token flow also needs refreshToken");
        assertThat(new Login("cid", true, true, false, false, false, "SAML").problem())
                .endsWith("authenticationType 'SAML' is not one of USERNAME_PASSWORD, REFRESH_TOKEN, JWT,"
                        + " CLIENT_CREDENTIALS");
    }

    @Test
    void shouldListWhatEachFlowLacksWhenNoneIsChosen() {
        assertThat(new Login("cid", false, true, false, false, false, null).problem())
                .startsWith("Salesforce login is not configured completely: camel.component.salesforce.clientId is"
                        + " set but no login flow is complete; add, for username-password: clientSecret, password;"
                        + " or for a refresh token: refreshToken; or for the JWT bearer flow: keystore; or for client"
                        + " credentials: clientSecret (");
        assertThat(new Login(" ", true, true, true, false, false, null).problem())
                .contains("camel.component.salesforce.clientId (the connected app's consumer key) is not set");
        assertThat(new Login("cid", true, true, true, true, false, null).problem())
                .contains("more than one login flow is configured (password, refreshToken): remove all but one, or"
                        + " set camel.component.salesforce.authenticationType");
    }

    @Test
    void shouldExplainABadCronAndIgnoreGoodOnesAndOtherTemplates() {
        UnaryOperator<String> same = UnaryOperator.identity();
        assertThat(StartupChecks.objectProblems(Map.of(
                "camel.route-template[a].template-id", "sync-object",
                "camel.route-template[a].sobject", "Account",
                "camel.route-template[a].cron", "0 0/15 * * * ?",
                "camel.route-template[b].template-id", "something-else",
                "camel.route-template[b].cron", "never"), same)).isEmpty();
        assertThat(StartupChecks.objectProblems(Map.of(
                "camel.route-template[c].template-id", "sync-object",
                "camel.route-template[c].sobject", "Contact",
                "camel.route-template[c].cron", "0 0 25 * * ?"), same)).containsExactly(
                        "camel.route-template[c] (Contact): cron '0 0 25 * * ?' is not a valid Quartz cron expression:"
                        + " Hour values must be between 0 and 23; Quartz cron is seconds minutes hours day-of-month"
                        + " month day-of-week [year], with ? in one of the two day fields, e.g. '0 0/15 * * * ?'");
        assertThat(StartupChecks.objectProblems(Map.of(
                "camel.route-template[d].template-id", "sync-object",
                "camel.route-template[d].cron", "0 0 * * * ?"), same)).containsExactly(
                        "camel.route-template[d] has no sobject: add camel.route-template[d].sobject = <API name,"
                        + " e.g. Account>");
        assertThat(StartupChecks.objectProblems(Map.of(
                "camel.route-template[e].template-id", "sync-object",
                "camel.route-template[e].sobject", "Case",
                "camel.route-template[e].cron", "{{case.cron}}"), v -> v.replace("{{case.cron}}", "0 0 * * * ?")))
                .isEmpty();
    }

    @Test
    void shouldCheckTheStanzasOfAFormulaRefreshOnItsOwnCron() {
        UnaryOperator<String> same = v -> v;
        assertThat(StartupChecks.objectProblems(Map.of(
                "camel.route-template[c].template-id", "sync-object",
                "camel.route-template[c].sobject", "Contact",
                "camel.route-template[c].table", "CONTACTS",
                "camel.route-template[c].formulaRefreshEvery", "4",
                "camel.route-template[f].template-id", "refresh-formulas-object",
                "camel.route-template[f].sobject", "Contact",
                "camel.route-template[f].table", "CONTACTS",
                "camel.route-template[f].cron", "0 30 2 * * ?"), same)).as("one table, a sync and a refresh").isEmpty();
        assertThat(StartupChecks.objectProblems(Map.of(
                "camel.route-template[f].template-id", "refresh-formulas-object",
                "camel.route-template[f].sobject", "Contact",
                "camel.route-template[f].deleteMode", "hard"), same)).containsExactly(
                        "camel.route-template[f] (Contact, refresh-formulas-object) has no cron: a formula refresh of"
                        + " its own runs on a schedule; add camel.route-template[f].cron = <Quartz cron, e.g."
                        + " 0 30 2 * * ?>",
                        "camel.route-template[f] (Contact, refresh-formulas-object): unknown key 'deleteMode' (known:"
                        + " template-id, sobject, cron, schema, table, matchField, bulkApiThreshold)");
        assertThat(StartupChecks.objectProblems(Map.of(
                "camel.route-template[f].template-id", "refresh-formulas-object",
                "camel.route-template[f].sobject", "Contact",
                "camel.route-template[f].cron", "0 0 25 * * ?",
                "camel.route-template[f].bulkApiThreshold", "lots"), same)).hasSize(2)
                .anyMatch(p -> p.contains("cron '0 0 25 * * ?' is not a valid Quartz cron expression"))
                .anyMatch(p -> p.contains("bulkApiThreshold"));
        assertThat(StartupChecks.objectProblems(Map.of(
                "camel.route-template[c].template-id", "sync-object",
                "camel.route-template[c].sobject", "Contact",
                "camel.route-template[c].formulaRefreshEvery", "-1"), same)).hasSize(1)
                .allMatch(p -> p.contains("formulaRefreshEvery"));
    }

    @Test
    void shouldSayWhySalesforceCannotBeReached() {
        assertThat(NetworkFailures.describe(new RuntimeException("wrapped", new ConnectException("Connection refused")),
                "http://127.0.0.1:9")).startsWith("cannot reach Salesforce at http://127.0.0.1:9 (connection refused):");
        assertThat(NetworkFailures.describe(new UnknownHostException("login.example.invalid"), "https://x"))
                .startsWith("cannot reach Salesforce at https://x (unknown host login.example.invalid):");
        assertThat(NetworkFailures.describe(new IllegalStateException("other"), "https://x")).isNull();
        assertThat(NetworkFailures.describe(new WarehouseException(WarehouseError.UNREACHABLE, "snowflake",
                new ConnectException("Connection refused")), "https://x")).as("the warehouse's, not Salesforce's")
                .isNull();
    }

    @Test
    void shouldMaskSecretValuesButNotFileNamesOrShortValues() {
        Map<String, String> config = Map.of("camel.component.salesforce.clientSecret", "abc-secret-1",
                "camel.component.salesforce.password", "pw-12345678", "SF_REFRESH_TOKEN", "tok-56789012",
                "sfsync.warehouse.snowflake.private-key-file", "/keys/rsa.p8",
                "sfsync.warehouse.snowflake.password", "true", "camel.component.salesforce.userName", "someone");
        List<String> secrets = Secrets.values(config);
        assertThat(secrets).containsExactlyInAnyOrder("abc-secret-1", "pw-12345678", "tok-56789012", "true");
        assertThat(Secrets.mask("login abc-secret-1 pw-12345678 tok-56789012 /keys/rsa.p8 true someone", secrets))
                .isEqualTo("login **** **** **** /keys/rsa.p8 true someone");
    }

    @Test
    void shouldNotUseTheDemoOrgWhenAnyLoginSettingIsConfigured() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(k -> k.startsWith("CAMEL_COMPONENT_SALESFORCE_")),
                "Salesforce settings in the environment");
        assertThat(new SfsyncRuntime().hasSalesforceCredentials()).isFalse();
        assertThat(new SfsyncRuntime().set("camel.component.salesforce.password", "pw").hasSalesforceCredentials())
                .isTrue();
        assertThat(new SfsyncRuntime().set("camel.component.salesforce.clientId", "{{env:SF_CLIENT_ID}}")
                .hasSalesforceCredentials()).as("an unresolved placeholder").isFalse();
        assertThat(new SfsyncRuntime().set("sfsync.salesforce.refreshToken", "rt").hasSalesforceCredentials())
                .as("sfsync's own component's keys").isTrue();
    }

    private static Map<String, String> stanza(String id, String... keyValues) {
        Map<String, String> out = new java.util.TreeMap<>();
        out.put("camel.route-template[" + id + "].template-id", "sync-object");
        for (int i = 0; i < keyValues.length; i += 2) {
            out.put("camel.route-template[" + id + "]." + keyValues[i], keyValues[i + 1]);
        }
        return out;
    }

    @Test
    void shouldRefuseTwoStanzasWritingOneTableButLetOneObjectGoToSeveralTables() {
        Map<String, String> config = new java.util.TreeMap<>();
        config.putAll(stanza("a", "sobject", "Account", "table", "SAME"));
        config.putAll(stanza("c", "sobject", "Contact", "table", "same", "schema", "RAW"));
        config.putAll(stanza("o1", "sobject", "Opportunity", "table", "OPP_A"));
        config.putAll(stanza("o2", "sobject", "Opportunity", "table", "OPP_B"));
        assertThat(StartupChecks.objectProblems(config, v -> v.replace("{{sfsync.default-schema:RAW}}", "RAW")))
                .containsExactly("camel.route-template[c] (Contact) writes into RAW.same, which"
                        + " camel.route-template[a] (Account) writes into already: each table holds one object; give"
                        + " one of them another table (the same sObject may go to several tables)");
    }

    @Test
    void shouldNameEveryBadValueOfAStanzaAtOnce() {
        Map<String, String> config = new java.util.TreeMap<>();
        config.putAll(stanza("x", "sobject", "Case", "bulkApiThreshold", "lots", "deleteMode", "sometimes",
                "tabel", "CASES", "useStage", "yes", "table", "my-cases", "matchField", "Id;drop"));
        config.putAll(stanza("y", "sobject", "Lead", "bulkApiThreshold", "5000", "stageThreshold", "100"));
        assertThat(StartupChecks.objectProblems(config, UnaryOperator.identity())).containsExactlyInAnyOrder(
                "camel.route-template[x] (Case): bulkApiThreshold takes a whole number, got 'lots'",
                "camel.route-template[x] (Case): deleteMode takes soft or hard, got 'sometimes'",
                "camel.route-template[x] (Case): unknown key 'tabel' (did you mean table?)",
                "camel.route-template[x] (Case): useStage takes true or false, got 'yes'",
                "camel.route-template[x] (Case): table must be a plain identifier (a letter, then letters, digits and"
                        + " underscores), got 'my-cases'",
                "camel.route-template[x] (Case): matchField must be a Salesforce API name (a letter, then letters,"
                        + " digits and underscores), got 'Id;drop'",
                "camel.route-template[y] (Lead): stageThreshold (100) must not be below bulkApiThreshold (5000)");
    }

    @Test
    void shouldCheckTheGlobalSettings() {
        Map<String, String> config = Map.of("sfsync.bulk-api-threshold", "lots", "sfsync.delete-mode", "sometimes",
                "sfsync.rest.batch-size", "50", "sfsync.warehouse.type", "postgres", "sfsync.use-stage", "true",
                "sfsync.stage-treshold", "5", "sfsync.my-own-key", "x", "sfsync.overlap-seconds", "{{other}}");
        List<String> unknown = new java.util.ArrayList<>();
        assertThat(StartupChecks.settingProblems(config, UnaryOperator.identity(), unknown))
                .containsExactlyInAnyOrder("sfsync.bulk-api-threshold takes a whole number, got 'lots'",
                        "sfsync.delete-mode takes soft or hard, got 'sometimes'",
                        "sfsync.rest.batch-size must be between 200 and 2,000, got 50",
                        "sfsync.warehouse.type takes duckdb or snowflake, got 'postgres'");
        assertThat(unknown).containsExactly("sfsync.stage-treshold is not an sfsync setting (did you mean"
                + " sfsync.stage-threshold?)");
    }

    @Test
    void shouldTakeEveryOptionOfTheSalesforceComponentUnderSfsyncSalesforceAndNameAMisspeltOne() {
        Map<String, String> config = Map.of("sfsync.salesforce.clientId", "cid", "sfsync.salesforce.keystore.resource",
                "file:k.p12", "sfsync.salesforce.HTTPMAXCONTENTLENGTH", "1048576", "sfsync.salesforce.clientSecrett",
                "a-secret-value");
        List<String> unknown = new java.util.ArrayList<>();
        assertThat(StartupChecks.settingProblems(config, UnaryOperator.identity(), unknown)).containsExactly(
                "sfsync.salesforce.clientSecrett is not an option of the salesforce component (did you mean"
                        + " sfsync.salesforce.clientSecret?)");
        assertThat(unknown).isEmpty();
    }
}
