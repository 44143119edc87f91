package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.snowflakeemulator.engine.QueryRecord;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sfsync as README's least-privilege role runs it on Snowflake: the administrator created the schemas and granted
 * USAGE and CREATE TABLE on them, and no CREATE SCHEMA on the database. Snowflake checks that privilege even for
 * {@code CREATE SCHEMA IF NOT EXISTS} of an existing schema, so sfsync must look the schema up first; and the driver
 * binds no {@code java.time} value, so the state row's instants must go as timestamps. Both broke every load before.
 */
@LoopbackOnly
class SnowflakeLeastPrivilegeIT {
    @TempDir
    static Path dir;
    private static SalesforceEmulator org;
    private static OfflineSnowflake offline;
    private static RunningSfsync sfsync;
    private static IntelligentSync sync;

    @BeforeAll
    static void start() throws Exception {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 300).volume("Contact", 0)
                .volume("Opportunity", 0).volume("Kitchen_Sink__c", 0)
                .bulkTiming(Duration.ZERO, Duration.ZERO).build());
        offline = OfflineSnowflake.start(dir.resolve("snowflake"), false, "RAW", "SFSYNC_CONTROL");
        SfsyncRuntime runtime = offline.configure(new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties()), "RAW")
                .set("sfsync.bulk.poll-initial-ms", "5");
        sfsync = new RunningSfsync(runtime);
        sync = sfsync.sync();
    }

    @AfterAll
    static void stop() throws Exception {
        if (sfsync != null) {
            sfsync.close();
        }
        if (org != null) {
            org.close();
        }
        if (offline != null) {
            offline.close();
        }
    }

    @Test
    void shouldLoadAndRecordStateAndHistoryWithoutTheCreateSchemaPrivilege() throws Exception {
        SyncResult full = sync.sync(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS").withThresholds(100L,
                200L));
        assertThat(full.success()).as(full.logLine()).isTrue();
        assertThat(full.syncMethod()).isEqualTo("bulk_api_stage_full");
        org.org().clock().advance(Duration.ofSeconds(2));
        org.org().touch(io.sfsync.emulator.model.Ids.of("001", 7));
        SyncResult incremental = sync.sync(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS")
                .withThresholds(100L, 200L));
        assertThat(incremental.success()).as(incremental.logLine()).isTrue();
        assertThat(incremental.syncMethod()).isEqualTo("regular_api_incremental");
        assertThat(incremental.watermark()).isAfterOrEqualTo(full.watermark());

        List<Object[]> state = offline.adminQuery("SELECT \"watermark\", \"last_run_id\" FROM"
                + " \"SFSYNC_CONTROL\".\"sfsync_state\" WHERE \"target_table\" = 'RAW.ACCOUNTS'");
        assertThat(state).hasSize(1);
        assertThat(state.get(0)[1]).isEqualTo(incremental.runId());
        List<Object[]> history = offline.adminQuery("SELECT COUNT(*) FROM \"SFSYNC_CONTROL\".\"sfsync_history\"");
        assertThat(((Number) history.get(0)[0]).longValue()).isEqualTo(2L);

        List<QueryRecord> sfsyncStatements = offline.emulator().engine().queryHistory().stream()
                .filter(q -> q.user().equals(OfflineSnowflake.USER)).toList();
        assertThat(sfsyncStatements).noneMatch(q -> q.sqlText().startsWith("CREATE SCHEMA"));
        assertThat(sfsyncStatements).noneMatch(q -> q.errorCode() != null && q.sqlText().startsWith("CREATE"));
        assertThat(sfsyncStatements.stream().filter(q -> q.sqlText().startsWith("MERGE INTO")))
                .isNotEmpty()
                .allSatisfy(q -> assertThat(q.queryTag()).startsWith("sfsync Account -> RAW.ACCOUNTS run "));
    }
}
