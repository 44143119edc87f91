package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.app.StartupException;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad requests and bad configuration end with one clear error, success=false and nothing touched when a run happens,
 * never with a stack trace, and never with a secret in the message, the result or the log.
 */
class BadInputIT {
    @TempDir
    static Path dir;
    private static SalesforceEmulator org;
    private static RunningSfsync sfsync;
    private static IntelligentSync sync;
    private static DuckDbWarehouse warehouse;
    /** A regular file where the stage root folder should be. */
    private static Path stageRootFile;

    /** Secrets configured by the tests below; none may appear in a message, a result or the log. */
    private static final String SECRET = "Sf-Client-Secret-7731";
    private static final String PASSWORD = "Sf-Password-4410";

    @BeforeAll
    static void start() throws Exception {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 50).build());
        stageRootFile = Files.writeString(dir.resolve("stage-root-is-a-file"), "not a folder");
        sfsync = new RunningSfsync(new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("sfsync.warehouse.duckdb.path", dir.resolve("bad.duckdb").toString())
                .set("sfsync.warehouse.stage-root", stageRootFile.toString()));
        sync = sfsync.sync();
        warehouse = sfsync.warehouse(DuckDbWarehouse.class);
    }

    @AfterAll
    static void stop() throws Exception {
        sfsync.close();
        org.close();
    }

    private static String error(SyncRequest request) {
        SyncResult r = sync.sync(request);
        assertThat(r.success()).as(r.logLine()).isFalse();
        assertThat(r.error()).doesNotContain("Exception").doesNotContain("\n\tat ");
        return r.error();
    }

    @Test
    void shouldNeverWriteAnotherObjectIntoATable() throws Exception {
        SyncResult accounts = sync.sync(SyncRequest.of("Account").withTarget("RAW", "OWNED_BY_ACCOUNT"));
        assertThat(accounts.success()).as(accounts.logLine()).isTrue();
        String expected = "RAW.OWNED_BY_ACCOUNT holds Account (its row in the state table says so), not Contact: a run"
                + " of Contact may not write into it; give Contact a table of its own";
        assertThat(error(SyncRequest.of("Contact").withTarget("RAW", "OWNED_BY_ACCOUNT"))).isEqualTo(expected);
        assertThat(error(SyncRequest.of("Contact").withTarget("raw", "owned_by_account").withForceFullSync(true)))
                .as("a forced full sync, the table spelt in lower case").isEqualTo(expected
                        .replace("RAW.OWNED_BY_ACCOUNT", "raw.owned_by_account"));
        assertThat(OrgTables.count(warehouse, "RAW", "OWNED_BY_ACCOUNT")).as("still the Accounts, untouched")
                .isEqualTo(50);
    }

    /** The error the history table holds for a run. */
    static String recordedError(DuckDbWarehouse warehouse, String runId) throws SQLException {
        try (Connection c = warehouse.connect(); PreparedStatement s = c.prepareStatement("SELECT \"success\","
                + " \"error\" FROM \"SFSYNC_CONTROL\".\"sfsync_history\" WHERE \"run_id\" = ?")) {
            s.setString(1, runId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("run " + runId + " is in the history").isTrue();
                assertThat(rs.getBoolean(1)).isFalse();
                return rs.getString(2);
            }
        }
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** sfsync started with these settings on a DuckDB file of its own. */
    private static SfsyncRuntime runtime(String database) {
        return new SfsyncRuntime().loadConfig(false)
                .set("sfsync.warehouse.duckdb.path", dir.resolve(database).toString());
    }

    /** Salesforce settings with secrets, pointing at a port nothing listens on. */
    private static Map<String, String> unreachableOrg(int port) {
        return Map.of("camel.component.salesforce.loginUrl", "http://127.0.0.1:" + port,
                "camel.component.salesforce.clientId", "sfsync-demo-client",
                "camel.component.salesforce.clientSecret", SECRET,
                "camel.component.salesforce.userName", "integration@demo.sfsync.io",
                "camel.component.salesforce.password", PASSWORD);
    }

    /** The one line sfsync fails to start with; the log has neither a secret nor a stack trace. */
    private static String startupError(SfsyncRuntime runtime) {
        try (LogCapture log = new LogCapture()) {
            Throwable failure = catchThrowable(() -> runtime.run(context -> 0));
            assertThat(failure).as("sfsync must not start").isInstanceOf(StartupException.class);
            assertThat(failure.getCause()).isNull();
            assertThat(failure.getMessage()).doesNotContain("\n").doesNotContain("Exception")
                    .doesNotContain(SECRET).doesNotContain(PASSWORD);
            assertThat(log.text()).doesNotContain(SECRET).doesNotContain(PASSWORD).doesNotContain("\tat ");
            return failure.getMessage();
        }
    }

    @Test
    void shouldRefuseToStartWithAnInvalidCronNamingTheStanzaAndTheExpression() {
        String error = startupError(runtime("cron.duckdb").setAll(org.loginProperties())
                .set("camel.route-template[sync-account].template-id", "sync-object")
                .set("camel.route-template[sync-account].sobject", "Account")
                .set("camel.route-template[sync-account].cron", "0 0/15 * * * ?")
                .set("camel.route-template[sync-case].template-id", "sync-object")
                .set("camel.route-template[sync-case].sobject", "Case")
                .set("camel.route-template[sync-case].cron", "*/5 * * * *"));

        assertThat(error).isEqualTo("camel.route-template[sync-case] (Case): cron '*/5 * * * *' is not a valid"
                + " Quartz cron expression: Unexpected end of expression; it has 5 fields like a Unix cron, but Quartz"
                + " starts with seconds: seconds minutes hours day-of-month month day-of-week [year], with ? in one of"
                + " the two day fields, e.g. '0 0/15 * * * ?'");
    }

    @Test
    void shouldRefuseToStartWithAnIncompleteSalesforceLoginSayingWhatEachFlowLacks() {
        long logins = logins();
        String onlyClientId = startupError(runtime("login1.duckdb")
                .set("camel.component.salesforce.loginUrl", org.baseUrl())
                .set("camel.component.salesforce.clientId", "sfsync-demo-client"));
        assertThat(onlyClientId).startsWith("Salesforce login is not configured completely:"
                + " camel.component.salesforce.clientId is set but no login flow is complete; add, for"
                + " username-password: clientSecret, userName, password; or for a refresh token: refreshToken; or for"
                + " the JWT bearer flow: userName, keystore; or for client credentials: clientSecret")
                .contains("CAMEL_COMPONENT_SALESFORCE_<KEY>");

        String noSecret = startupError(runtime("login2.duckdb")
                .set("camel.component.salesforce.loginUrl", org.baseUrl())
                .set("camel.component.salesforce.clientId", "sfsync-demo-client")
                .set("camel.component.salesforce.userName", "integration@demo.sfsync.io")
                .set("camel.component.salesforce.password", PASSWORD));
        assertThat(noSecret).startsWith("Salesforce login is not configured completely: the username-password flow"
                + " also needs clientSecret (set them under camel.component.salesforce.");

        String noClientId = startupError(runtime("login3.duckdb")
                .set("camel.component.salesforce.clientSecret", SECRET)
                .set("camel.component.salesforce.refreshToken", SECRET + "-refresh"));
        assertThat(noClientId).startsWith("Salesforce login is not configured completely:"
                + " camel.component.salesforce.clientId (the connected app's consumer key) is not set");
        assertThat(logins()).as("no login was attempted").isEqualTo(logins);
    }

    private static long logins() {
        return org.requests().since(0).stream().filter(e -> e.operation().equals("login")).count();
    }

    @Test
    void shouldRefuseToStartWithIncompleteSnowflakeSettingsWithoutConnecting() {
        String error = startupError(runtime("unused.duckdb").setAll(org.loginProperties())
                .set("sfsync.warehouse.type", "snowflake")
                .set("sfsync.warehouse.snowflake.password", PASSWORD));

        assertThat(error).isEqualTo("Snowflake is not configured completely (sfsync.warehouse.type is snowflake): set"
                + " sfsync.warehouse.snowflake.account-url, sfsync.warehouse.snowflake.user,"
                + " sfsync.warehouse.snowflake.database");
        assertThat(Files.exists(dir.resolve("unused.duckdb"))).isFalse();
    }

    @Test
    void shouldRefuseToStartWhenSalesforceCannotBeReached() throws Exception {
        int port = closedPort();
        String error = startupError(runtime("unreachable.duckdb").setAll(unreachableOrg(port)));

        assertThat(error).isEqualTo("cannot reach Salesforce at http://127.0.0.1:" + port + " (connection refused):"
                + " check camel.component.salesforce.loginUrl and that this machine can reach that host (network,"
                + " proxy, firewall)");
    }

    @Test
    void shouldRefuseToStartWhenSalesforceRefusesTheLogin() {
        String error = startupError(runtime("refused.duckdb").setAll(org.loginProperties())
                .set("camel.component.salesforce.password", PASSWORD));

        assertThat(error).startsWith("Salesforce refused the login at " + org.baseUrl() + ": invalid_grant:"
                + " authentication failure (check camel.component.salesforce.clientId")
                .endsWith("(check camel.component.salesforce.clientId, clientSecret, userName and password, or the"
                        + " refresh token or keystore, and that the user may use the connected app)");
    }

    @Test
    void shouldFailARunWhenSalesforceCannotBeReachedAndRecordIt() throws Exception {
        int port = closedPort();
        try (LogCapture log = new LogCapture(); RunningSfsync lazy = new RunningSfsync(runtime("lazy.duckdb")
                .setAll(unreachableOrg(port))
                .set("camel.component.salesforce.lazyLogin", "true")
                .set("sfsync.retry.max-retries", "2")
                .set("sfsync.retry.initial-delay-ms", "10")
                .set("sfsync.retry.max-delay-ms", "20"))) {
            SyncResult r = lazy.sync().sync(SyncRequest.of("Account")
                    .withTarget("RAW", "ACCOUNTS"));

            assertThat(r.success()).isFalse();
            assertThat(r.error()).isEqualTo("cannot reach Salesforce at http://127.0.0.1:" + port
                    + " (connection refused): check camel.component.salesforce.loginUrl and that this machine can"
                    + " reach that host (network, proxy, firewall)");
            assertThat(r.retries()).as("a refused connection is retried like other transient failures")
                    .isEqualTo(2);
            DuckDbWarehouse lazyWarehouse = lazy.warehouse(DuckDbWarehouse.class);
            assertThat(lazyWarehouse.tableExists(new TableRef("RAW", "ACCOUNTS"))).isFalse();
            assertThat(recordedError(lazyWarehouse, r.runId())).isEqualTo(r.error());
            assertThat(r.toString() + r.logLine() + log.text()).doesNotContain(SECRET).doesNotContain(PASSWORD);
        }
    }

    @Test
    void shouldRefuseToStartWhenTheDuckDbPathCannotBeAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        String error = startupError(runtime("unused.duckdb").setAll(org.loginProperties())
                .set("sfsync.warehouse.duckdb.path", file.resolve("sfsync.duckdb").toString()));

        assertThat(error).isEqualTo("cannot open the DuckDB file " + file.resolve("sfsync.duckdb") + ": " + file
                + " is a file, not a folder: set sfsync.warehouse.duckdb.path to a file in a writable folder");
    }

    @Test
    void shouldRefuseToStartWhenAnotherProcessHoldsTheDuckDbFile() throws Exception {
        Path db = dir.resolve("held.duckdb");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DuckDbFileHolder.class.getName(), db.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).as("the other process has the file open").isEqualTo("holding");

            String error = startupError(runtime("unused.duckdb").setAll(org.loginProperties())
                    .set("sfsync.warehouse.duckdb.path", db.toString()));

            assertThat(error).startsWith("the DuckDB file " + db + " is in use by another process (")
                    .contains("(PID " + holder.pid() + "))")
                    .endsWith(" and DuckDB lets only one process write a file: stop that process or set"
                            + " sfsync.warehouse.duckdb.path to another file");
        } finally {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldFailARunIntoAReadOnlyWarehouseAndLeaveTheTableAsItWas() throws Exception {
        Path db = dir.resolve("readonly.duckdb");
        Map<String, Map<String, String>> before;
        try (RunningSfsync writable = new RunningSfsync(runtime("readonly.duckdb").setAll(org.loginProperties()))) {
            SyncResult first = writable.sync().sync(SyncRequest.of("Account")
                    .withTarget("RAW", "ACCOUNTS_RO"));
            assertThat(first.success()).as(first.logLine()).isTrue();
            before = OrgTables.table(writable.warehouse(DuckDbWarehouse.class), "RAW", "ACCOUNTS_RO");
        }
        assertThat(org.org().changeMany("Account", 5)).isEqualTo(5);

        try (LogCapture log = new LogCapture(); RunningSfsync readOnly = new RunningSfsync(runtime("unused.duckdb")
                .setAll(org.loginProperties()).set("sfsync.warehouse.duckdb.path", db + ";access_mode=READ_ONLY"))) {
            SyncResult r = readOnly.sync().sync(SyncRequest.of("Account")
                    .withTarget("RAW", "ACCOUNTS_RO"));

            assertThat(r.success()).isFalse();
            assertThat(r.syncMethod()).isEqualTo("regular_api_incremental");
            assertThat(r.error()).startsWith("the warehouse is read-only, nothing was written: ")
                    .contains(db.toString())
                    .endsWith("(make the warehouse writable, e.g. the DuckDB file and its folder, then run again)");
            assertThat(log.text()).contains("run " + r.runId() + " of Account (failed: the warehouse is read-only")
                    .contains("could not be recorded in the history table");
        }
        try (DuckDbWarehouse after = new DuckDbWarehouse(db)) {
            assertThat(OrgTables.table(after, "RAW", "ACCOUNTS_RO")).isEqualTo(before);
        }
    }

    @Test
    void shouldLoadWithoutTheStageAndSayWhyWhenTheStageFolderCannotBeCreated() throws Exception {
        SyncResult r = sync.sync(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS_NO_STAGE")
                .withThresholds(5L, 10L));

        assertThat(r.success()).as(r.logLine()).isTrue();
        assertThat(r.syncMethod()).isEqualTo("bulk_api_full");
        assertThat(r.reason()).isEqualTo("first sync of 50 records >= stage threshold 10, but stage @SALESFORCE_STAGE"
                + " unavailable: its folder " + stageRootFile.resolve("SALESFORCE_STAGE") + " cannot be created"
                + " because " + stageRootFile + " is a file (check sfsync.warehouse.stage-root), so Bulk API without"
                + " stage");
        assertThat(r.actualRecords()).isEqualTo(50);
        assertThat(Files.isRegularFile(stageRootFile)).isTrue();
    }

    @Test
    void shouldRefuseAMatchFieldThatIsNotUniqueInSalesforceBeforeAnyLoad() throws Exception {
        SyncResult r = sync.sync(SyncRequest.of("Account").withTarget("RAW", "BY_NAME").withMatchField("Name"));

        assertThat(r.success()).isFalse();
        assertThat(r.error()).isEqualTo("match field Name of Account is not unique in Salesforce (describe says it is"
                + " neither the Id nor unique nor an external id), so records sharing a value would be merged into"
                + " one row: use Id or a unique external id field as matchField");
        assertThat(r.syncMethod()).as("refused before the plan").isNull();
        assertThat(warehouse.tableExists(new TableRef("RAW", "BY_NAME"))).isFalse();
        assertThat(recordedError(warehouse, r.runId())).isEqualTo(r.error());
        assertThat(sync.sync(SyncRequest.of("Account").withTarget("RAW", "BY_ID").withMatchField("Id")).success())
                .as("Id is unique").isTrue();
    }

    @Test
    void shouldRefuseAnUnknownObject() {
        assertThat(error(SyncRequest.of("Acount").withTarget("RAW", "ACCOUNTS"))).isEqualTo("unknown sObject "
                + "'Acount': the org has no object of that name (describe answered 404 NOT_FOUND); check the API name,"
                + " custom objects end in __c");
    }

    @Test
    void shouldRefuseAnUnknownOrMalformedMatchField() {
        assertThat(error(SyncRequest.of("Account").withTarget("RAW", "A1").withMatchField("Nope__c")))
                .isEqualTo("the match field Nope__c does not exist on Account");
        assertThat(error(SyncRequest.of("Account").withTarget("RAW", "A2").withMatchField("Id; DROP TABLE x")))
                .startsWith("invalid match field 'Id; DROP TABLE x'");
    }

    @Test
    void shouldRefuseInjectionInSchemaAndTableNamesBeforeAnySql() {
        assertThat(error(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS; DROP TABLE RAW.ACCOUNTS")))
                .contains("the table name 'ACCOUNTS; DROP TABLE RAW.ACCOUNTS' is not a valid identifier");
        assertThat(error(SyncRequest.of("Account").withTarget("RAW\"--", "ACCOUNTS")))
                .contains("the schema name 'RAW\"--' is not a valid identifier");
        assertThat(org.requests().since(0)).noneMatch(e -> e.path().contains("DROP"));
    }

    @Test
    void shouldRefuseThresholdsThatMakeNoSense() {
        assertThat(error(SyncRequest.of("Account").withTarget("RAW", "A3").withThresholds(-5L, 100L)))
                .contains("bulk").contains("-5");
        assertThat(error(SyncRequest.of("Account").withTarget("RAW", "A4").withThresholds(5_000L, 1_000L)))
                .isEqualTo("sfsync.stage-threshold (1000) must not be below sfsync.bulk-api-threshold (5000)");
    }
}
