package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;

import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad requests end with one clear error, success=false and nothing touched, never with a stack trace. */
class BadInputIT {
    @TempDir
    static Path dir;
    private static SalesforceEmulator org;
    private static RunningSfsync sfsync;
    private static IntelligentSync sync;
    private static DuckDbWarehouse warehouse;

    @BeforeAll
    static void start() throws Exception {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 50).build());
        sfsync = new RunningSfsync(new SfsyncRuntime().loadConfig(false).useOrg(org)
                .set("sfsync.warehouse.duckdb.path", dir.resolve("bad.duckdb").toString()));
        sync = new IntelligentSync(sfsync.context());
        warehouse = sfsync.context().getRegistry().lookupByNameAndType("warehouse", DuckDbWarehouse.class);
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
