package io.sfsync.cli;

import static io.sfsync.testing.PackagedJar.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.app.StartupChecks;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.testing.PackagedJar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run as README tells users to run it: {@code java -jar target/sfsync.jar ...} in a working
 * directory of its own, Salesforce credentials in CAMEL_COMPONENT_SALESFORCE_* variables, settings in config/ or
 * {@code --config DIR}, the exit status and the output as a script sees them.
 */
class PackagedJarIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static SalesforceEmulator org;

    @TempDir
    Path dir;

    @BeforeAll
    static void startOrg() {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Opportunity", 300).volume("Contact", 1500)
                .build());
    }

    @AfterAll
    static void stopOrg() {
        org.close();
    }

    private static Map<String, String> credentials() {
        return PackagedJar.credentials(org);
    }

    private void write(String file, String... lines) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
    }

    private static String stanza(String id, String sobject, String table, String... more) {
        StringBuilder b = new StringBuilder();
        String at = "camel.route-template[" + id + "].";
        b.append(at).append("template-id = sync-object\n").append(at).append("sobject = ").append(sobject).append('\n')
                .append(at).append("cron = 0/2 * * * * ?\n").append(at).append("table = ").append(table).append('\n');
        for (int i = 0; i < more.length; i += 2) {
            b.append(at).append(more[i]).append(" = ").append(more[i + 1]).append('\n');
        }
        return b.toString();
    }

    private void application(String... extra) throws Exception {
        String[] base = {"sfsync.warehouse.duckdb.path = data/sfsync.duckdb", "sfsync.bulk.poll-initial-ms = 20",
            "sfsync.bulk.poll-max-ms = 50"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        write("config/application.properties", all);
    }

    private static long count(Path duckdb, String table) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + duckdb);
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM RAW." + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<RequestLog.Entry> requestsSince(long seq) {
        return org.requests().since(seq);
    }

    @Test
    void shouldRunTheScheduleWithCredentialsGivenOnlyByCamelsEnvironmentVariables() throws Exception {
        application();
        write("config/objects.properties", stanza("opp-a", "Opportunity", "OPP_A"),
                stanza("opp-b", "Opportunity", "OPP_B"), stanza("contacts", "Contact", "CONTACTS"));
        Map<String, String> env = new HashMap<>(credentials());
        env.put("CAMEL_MANAGEMENT_PORT", Integer.toString(freePort()));
        try (PackagedJar run = PackagedJar.start(dir, env, List.of(), "run")) {
            for (String table : List.of("OPP_A", "OPP_B", "CONTACTS")) {
                run.awaitLine(l -> l.contains("sync done:") && l.contains("target_table=RAW." + table)
                        && l.contains("success=true"), START);
            }
            PackagedJar.Result health = PackagedJar.run(dir, env, START, "health");
            assertThat(health.status()).as("the container health check: " + health.stdout() + health.stderr())
                    .isZero();
            assertThat(health.stdout()).contains("UP").doesNotContain("DOWN");
            int status = run.stop(Duration.ofSeconds(60));
            assertThat(status).as("stopped by SIGTERM: the JVM's status for it").isIn(0, 143);
            String output = run.stdout() + run.stderr();
            assertThat(output).doesNotContain("embedded offline demo org")
                    .doesNotContain(org.config().password()).doesNotContain(org.config().clientSecret());
        }
        Path db = dir.resolve("data/sfsync.duckdb");
        assertThat(count(db, "OPP_A")).isEqualTo(300);
        assertThat(count(db, "OPP_B")).as("one sObject into a second table").isEqualTo(300);
        assertThat(count(db, "CONTACTS")).isEqualTo(1500);
    }

    @Test
    void shouldTakeASecretFromAMountedFile() throws Exception {
        Path secret = dir.resolve("run-secrets/sf_client_secret");
        Files.createDirectories(secret.getParent());
        Files.writeString(secret, org.config().clientSecret() + "\n");
        application("camel.component.salesforce.clientSecret = {{file:" + secret + "}}");
        write("config/objects.properties", stanza("opp", "Opportunity", "OPPORTUNITIES"));
        Map<String, String> env = new HashMap<>(credentials());
        env.remove("CAMEL_COMPONENT_SALESFORCE_CLIENTSECRET");
        try (PackagedJar run = PackagedJar.start(dir, env, List.of(), "run")) {
            run.awaitLine(l -> l.contains("sync done:") && l.contains("success=true"), START);
            run.stop(Duration.ofSeconds(60));
            assertThat(run.stdout() + run.stderr()).doesNotContain(org.config().clientSecret());
        }
        assertThat(count(dir.resolve("data/sfsync.duckdb"), "OPPORTUNITIES")).isEqualTo(300);
    }

    @Test
    void shouldRefuseEveryMistakeOfTheConfigurationAtOnceBeforeAnythingStarts() throws Exception {
        application("sfsync.delete-mode = sometimes");
        write("config/objects.properties",
                stanza("account", "Account", "SAME"),
                stanza("contact", "Contact", "SAME"),
                stanza("case", "Case", "CASES", "bulkApiThreshold", "lots", "tabel", "X"),
                stanza("lead", "Lead", "LEADS", "deleteMode", "sometimes", "cron", "0 */15 * * *"));
        long seq = org.requests().lastSeq();
        Map<String, String> env = new HashMap<>(credentials());
        env.put("SFSYNC_BULK_API_TRESHOLD", "10");
        PackagedJar.Result r = PackagedJar.run(dir, env, START, "run");
        assertThat(r.status()).as(r.stderr()).isEqualTo(2);
        assertThat(r.messages()).containsExactlyInAnyOrder(
                "sfsync.delete-mode takes soft or hard, got 'sometimes'",
                "camel.route-template[case] (Case): bulkApiThreshold takes a whole number, got 'lots'",
                "camel.route-template[case] (Case): unknown key 'tabel' (did you mean table?)",
                "camel.route-template[contact] (Contact) writes into RAW.SAME, which camel.route-template[account]"
                        + " (Account) writes into already: each table holds one object; give one of them another"
                        + " table (the same sObject may go to several tables)",
                "camel.route-template[lead] (Lead): cron '0 */15 * * *' is not a valid Quartz cron expression: "
                        + StartupChecks.cronProblem("0 */15 * * *"),
                "camel.route-template[lead] (Lead): deleteMode takes soft or hard, got 'sometimes'");
        assertThat(r.stderr()).contains("environment variable SFSYNC_BULK_API_TRESHOLD is not an sfsync setting and"
                + " is ignored (did you mean SFSYNC_BULK_API_THRESHOLD?)");
        assertThat(requestsSince(seq)).as("not even a login").isEmpty();
        assertThat(dir.resolve("data")).as("nothing written").doesNotExist();
    }

    @Test
    void shouldRefuseObjectsAndFieldsTheOrgDoesNotHaveAfterOneDescribeEach() throws Exception {
        application();
        write("config/objects.properties",
                stanza("acount", "Acount", "ACCOUNTS"),
                stanza("contact", "Contact", "CONTACTS", "matchField", "Emial", "watermarkField", "LastModifiedDate"),
                stanza("opp", "Opportunity", "OPPORTUNITIES", "matchField", "Name"));
        long seq = org.requests().lastSeq();
        PackagedJar.Result r = PackagedJar.run(dir, credentials(), START, "run");
        assertThat(r.status()).as(r.stderr()).isEqualTo(2);
        assertThat(r.messages()).containsExactlyInAnyOrder(
                "camel.route-template[acount]: the org has no sObject 'Acount' (did you mean Account?) (API names of"
                        + " custom objects end in __c)",
                "camel.route-template[contact] (Contact): matchField 'Emial' is not a field of Contact (did you mean"
                        + " Email?)",
                "camel.route-template[opp] (Opportunity): matchField 'Name' is not unique in Salesforce (neither the"
                        + " Id nor unique nor an external id), so records sharing a value would be merged into one"
                        + " row: use Id or a unique external id field");
        Map<String, Long> operations = requestsSince(seq).stream()
                .collect(Collectors.groupingBy(RequestLog.Entry::operation, Collectors.counting()));
        assertThat(operations.keySet()).as("login, describeGlobal, describe; no query, no job")
                .isSubsetOf("login", "describeGlobal", "describe", "revoke");
        assertThat(operations.get("describeGlobal")).isEqualTo(1L);
        assertThat(operations.get("describe")).as("one per object the org has").isEqualTo(2L);
        assertThat(dir.resolve("data")).as("nothing written").doesNotExist();
    }

    @Test
    void shouldRefuseAMisspelledSalesforceVariableAndAMissingConfigurationDirectory() throws Exception {
        Map<String, String> env = new HashMap<>(credentials());
        env.put("CAMEL_COMPONENT_SALESFORCE_CLIENTIDD", "x");
        PackagedJar.Result r = PackagedJar.run(dir, env, START, "run");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.messages()).containsExactly("environment variable CAMEL_COMPONENT_SALESFORCE_CLIENTIDD is not a"
                + " setting of the salesforce component (did you mean CAMEL_COMPONENT_SALESFORCE_CLIENTID?)");
        PackagedJar.Result missing = PackagedJar.run(dir, credentials(), START, "run", "--config", "nowhere");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.messages()).containsExactly("configuration directory nowhere does not exist (from"
                + " --config)");
    }

    @Test
    void shouldReadTheSettingsInTheDocumentedOrderAndNeverPrintASecret() throws Exception {
        write("site/application.properties", "sfsync.bulk-api-threshold = 2000", "sfsync.stage-threshold = 60000",
                "sfsync.overlap-seconds = 120", "sfsync.progress-seconds = 5",
                "camel.component.salesforce.password = {{env:SF_PASSWORD}}");
        write("site/application-prod.properties", "sfsync.stage-threshold = 70000", "sfsync.overlap-seconds = 130",
                "sfsync.progress-seconds = 6");
        write("site/objects.properties", stanza("opp", "Opportunity", "OPPORTUNITIES"));
        Map<String, String> env = new HashMap<>(credentials());
        env.remove("CAMEL_COMPONENT_SALESFORCE_PASSWORD");
        env.put("SF_PASSWORD", "pw-from-the-environment");
        env.put("SFSYNC_OVERLAP_SECONDS", "140");
        env.put("SFSYNC_PROGRESS_SECONDS", "7");
        PackagedJar.Result r;
        try (PackagedJar p = PackagedJar.start(dir, env, List.of("-Dsfsync.progress-seconds=8"), "config", "--json",
                "--config", "site", "--profile", "prod")) {
            assertThat(p.process().waitFor(START.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.process().exitValue()).as(p.stderr()).isZero();
            r = new PackagedJar.Result(0, p.stdout(), p.stderr());
        }
        JsonNode doc = new ObjectMapper().readTree(r.stdout());
        Map<String, JsonNode> settings = new HashMap<>();
        doc.path("settings").forEach(s -> settings.put(s.path("key").asText(), s));
        assertThat(settings.get("sfsync.bulk-api-threshold").path("value").asText()).isEqualTo("2000");
        assertThat(settings.get("sfsync.bulk-api-threshold").path("source").asText())
                .isEqualTo("site/application.properties");
        assertThat(settings.get("sfsync.stage-threshold").path("value").asText()).isEqualTo("70000");
        assertThat(settings.get("sfsync.stage-threshold").path("source").asText())
                .isEqualTo("site/application-prod.properties");
        assertThat(settings.get("sfsync.overlap-seconds").path("value").asText()).isEqualTo("140");
        assertThat(settings.get("sfsync.overlap-seconds").path("source").asText())
                .isEqualTo("environment SFSYNC_OVERLAP_SECONDS");
        assertThat(settings.get("sfsync.progress-seconds").path("value").asText()).isEqualTo("8");
        assertThat(settings.get("sfsync.progress-seconds").path("source").asText())
                .isEqualTo("-Dsfsync.progress-seconds");
        assertThat(settings.get("sfsync.match-field").path("source").asText())
                .isEqualTo("sfsync.jar!/io/sfsync/config/application.properties");
        assertThat(settings.get("camel.component.salesforce.password").path("value").asText())
                .isEqualTo("{{env:SF_PASSWORD}} -> ****");
        assertThat(settings.get("camel.component.salesforce.clientSecret").path("value").asText()).isEqualTo("****");
        assertThat(settings).doesNotContainKey("camel.route-template[sync-account].sobject");
        assertThat(doc.path("problems")).isEmpty();
        assertThat(r.stdout() + r.stderr()).doesNotContain("pw-from-the-environment")
                .doesNotContain(org.config().clientSecret());
    }
}
