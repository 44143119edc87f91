package io.sfsync.warehouse.snowflake;

import static io.sfsync.warehouse.snowflake.FakeSnowflake.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.api.SyncResult;
import io.sfsync.warehouse.RunHistory;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Metadata queries, stage checks, run history and the connection pool, against {@link FakeSnowflake}: the exact
 * statements and bound values sent, and nothing opened before it is needed.
 */
class SnowflakeWarehouseTest {
    private static final TableRef ACCOUNTS = new TableRef("RAW", "ACCOUNTS");

    private final FakeSnowflake fake = new FakeSnowflake();

    @Test
    void shouldOpenNoConnectionUntilOneIsNeeded() {
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of()), fake)) {
            assertThat(w.dialect().name()).isEqualTo("snowflake");
            assertThat(w.toString()).doesNotContain("not-a-real-password");
        }
        assertThat(fake.opened).hasValue(0);
    }

    @Test
    void shouldLookUpTablesAndColumnsByTheirExactNames() {
        fake.answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND TABLE_TYPE = 'BASE TABLE' [RAW, ACCOUNTS]", row(1L))
                .answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES", row(0L))
                .answer("SELECT COLUMN_NAME", row("Id"), row("SystemModstamp"));
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of()), fake)) {
            assertThat(w.tableExists(ACCOUNTS)).isTrue();
            assertThat(w.tableExists(new TableRef("raw", "accounts"))).as("quoted names are case-sensitive").isFalse();
            assertThat(w.columns(ACCOUNTS)).containsExactly("Id", "SystemModstamp");
        }
        assertThat(fake.statements()).containsExactly(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                        + " AND TABLE_TYPE = 'BASE TABLE' [RAW, ACCOUNTS]",
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                        + " AND TABLE_TYPE = 'BASE TABLE' [raw, accounts]",
                "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                        + " ORDER BY ORDINAL_POSITION [RAW, ACCOUNTS]");
    }

    @Test
    void shouldReadTheWatermarkOfAnExactlyNamedColumnOnly() {
        Instant newest = Instant.parse("2024-03-01T08:00:00.250Z");
        fake.answer("SELECT COLUMN_NAME", row("Id"), row("SystemModstamp"))
                .answer("SELECT MAX(\"SystemModstamp\") FROM \"RAW\".\"ACCOUNTS\"", row(Timestamp.from(newest)));
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of()), fake)) {
            assertThat(w.maxWatermark(ACCOUNTS, "SystemModstamp")).contains(newest);
            assertThat(w.maxWatermark(ACCOUNTS, "SYSTEMMODSTAMP")).isEmpty();
            assertThat(w.maxWatermark(ACCOUNTS, "LastModifiedDate")).isEmpty();
            assertThatThrownBy(() -> w.maxWatermark(ACCOUNTS, "x\"); DROP TABLE y; --"))
                    .isInstanceOf(WarehouseException.class);
        }
        assertThat(fake.statements()).filteredOn(s -> s.startsWith("SELECT MAX")).hasSize(1);
    }

    @Test
    void shouldParseAWatermarkGivenAsText() {
        fake.answer("SELECT COLUMN_NAME", row("SystemModstamp"))
                .answer("SELECT MAX", row("2024-03-01 08:00:00.250 +0000"));
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of()), fake)) {
            assertThat(w.maxWatermark(ACCOUNTS, "SystemModstamp")).contains(Instant.parse("2024-03-01T08:00:00.250Z"));
        }
    }

    @Test
    void shouldUseAnExistingStageWithoutCreatingIt() {
        fake.answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.STAGES", row(1L));
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of()), fake)) {
            assertThat(w.stageAvailable("@SALESFORCE_STAGE")).isTrue();
        }
        assertThat(fake.statements()).containsExactly("SELECT COUNT(*) FROM INFORMATION_SCHEMA.STAGES"
                + " WHERE STAGE_SCHEMA = COALESCE(?, CURRENT_SCHEMA()) AND STAGE_NAME = ? [RAW, SALESFORCE_STAGE]");
    }

    @Test
    void shouldCreateAMissingStageOnlyWhenAllowed() {
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of()), fake)) {
            assertThat(w.stageAvailable("@RAW.SALESFORCE_STAGE")).isFalse();
        }
        assertThat(fake.statements()).noneMatch(s -> s.startsWith("CREATE STAGE"));

        fake.log.clear();
        String lookup = "SELECT COUNT(*) FROM INFORMATION_SCHEMA.STAGES"
                + " WHERE STAGE_SCHEMA = COALESCE(?, CURRENT_SCHEMA()) AND STAGE_NAME = ? [RAW, SALESFORCE_STAGE]";
        fake.watch(s -> {
            if (s.startsWith("CREATE STAGE")) {
                fake.answerFirst("SELECT COUNT(*) FROM INFORMATION_SCHEMA.STAGES", row(1L));
            }
        });
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of(
                "sfsync.warehouse.snowflake.create-stage", "true")), fake)) {
            assertThat(w.stageAvailable("@RAW.SALESFORCE_STAGE")).isTrue();
        }
        assertThat(fake.statements()).containsExactly(lookup, "CREATE STAGE IF NOT EXISTS \"RAW\".\"SALESFORCE_STAGE\"",
                lookup);
    }

    @Test
    void shouldNotUseAStageThatExistsButThatTheRoleCannotSee() {
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of(
                "sfsync.warehouse.snowflake.create-stage", "true")), fake)) {
            assertThat(w.stageAvailable("@RAW.SALESFORCE_STAGE")).isFalse();
        }
        assertThat(fake.statements()).contains("CREATE STAGE IF NOT EXISTS \"RAW\".\"SALESFORCE_STAGE\"");
    }

    @Test
    void shouldReportAStageItCannotCreateAsUnavailableAndABadNameAsAnError() {
        fake.fail("CREATE STAGE", "SQL access control error: Insufficient privileges to operate on schema 'RAW'");
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of(
                "sfsync.warehouse.snowflake.create-stage", "true")), fake)) {
            assertThat(w.stageAvailable("@SALESFORCE_STAGE")).isFalse();
            assertThatThrownBy(() -> w.stageAvailable("@../escape"))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
        }
    }

    @Test
    void shouldListTheFilesOfAStageFolder() {
        fake.answer("LIST @\"RAW\".\"SALESFORCE_STAGE\"/Account/r1/",
                row("salesforce_stage/Account/r1/Account_r1_000001.csv.gz", 10L),
                row("salesforce_stage/Account/r1/Account_r1_000000.csv.gz", 10L));
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of()), fake)) {
            assertThat(w.stagedFiles("@SALESFORCE_STAGE", "Account/r1"))
                    .containsExactly("Account_r1_000000.csv.gz", "Account_r1_000001.csv.gz");
        }
    }

    @Test
    void shouldRecordTheRunInTheControlSchemaCreatingWhatIsMissing() {
        Instant started = Instant.parse("2024-05-01T12:00:00Z");
        SyncResult result = SyncResult.builder().runId("r1").sobject("Account").targetTable("RAW.ACCOUNTS")
                .syncMethod("bulk_api_full").estimatedRecords(1200).actualRecords(1200).syncDurationSeconds(4.5)
                .syncTimestamp(started).success(true).bulkJobId("750x").rowsInserted(1200).apiCalls(7)
                .reason("first sync").build();
        Object[][] olderTable = RunHistory.COLUMNS.stream().filter(c -> !c.name().equals("reason"))
                .map(c -> row(c.name())).toArray(Object[][]::new);
        fake.answer("SELECT COLUMN_NAME", olderTable);
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of(
                "sfsync.warehouse.control-schema", "SFSYNC_CONTROL")), fake)) {
            w.recordHistory(result);
            assertThat(w.historyTable()).isEqualTo(new TableRef("SFSYNC_CONTROL", "sfsync_history"));
        }

        List<String> s = fake.statements();
        assertThat(s.get(0)).isEqualTo("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?"
                + " [SFSYNC_CONTROL]");
        assertThat(s.get(1)).isEqualTo("CREATE SCHEMA IF NOT EXISTS \"SFSYNC_CONTROL\"");
        assertThat(s.get(2)).as("CREATE SCHEMA made it current: back to the configured schema")
                .isEqualTo("USE SCHEMA \"RAW\"");
        s = s.subList(1, s.size());
        assertThat(s.get(2)).startsWith("CREATE TABLE IF NOT EXISTS \"SFSYNC_CONTROL\".\"sfsync_history\""
                + " (\"run_id\" VARCHAR, ");
        assertThat(s.get(3)).isEqualTo("SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ?"
                + " AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION [SFSYNC_CONTROL, sfsync_history]");
        assertThat(s.get(4)).as("a table made by an older sfsync gets the columns added since")
                .isEqualTo("ALTER TABLE \"SFSYNC_CONTROL\".\"sfsync_history\" ADD COLUMN \"reason\" VARCHAR");
        assertThat(s.get(5)).startsWith("INSERT INTO \"SFSYNC_CONTROL\".\"sfsync_history\" (\"run_id\", \"sobject\",")
                .contains("VALUES (?, ?, ?")
                .endsWith("[r1, Account, RAW.ACCOUNTS, bulk_api_full, 1200, 1200, 4.5, null, "
                        + Timestamp.from(started) + ", true, null, 750x, 1200, 0, 7, first sync, 0, 0.0, 0, null, null, 0, 0.0,"
                        + " 0, 0, 0, null]");
        assertThat(s).hasSize(6);
    }

    @Test
    void shouldNotCreateTheControlSchemaWhenItExists() {
        fake.answer("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA", row(1L))
                .fail("INSERT INTO", "Table 'sfsync_history' is read-only");
        SyncResult result = SyncResult.builder().runId("r2").sobject("Account").targetTable("RAW.ACCOUNTS")
                .syncDurationSeconds(0.1).syncTimestamp(Instant.EPOCH).error("boom").build();
        try (SnowflakeWarehouse w = new SnowflakeWarehouse(settings(Map.of()), fake)) {
            assertThatThrownBy(() -> w.recordHistory(result))
                    .isInstanceOfSatisfying(WarehouseException.class,
                            e -> assertThat(e.code()).isEqualTo(WarehouseError.HISTORY_FAILED))
                    .hasMessageContaining("cannot record run r2 of Account");
        }
        assertThat(fake.statements()).noneMatch(s -> s.startsWith("CREATE SCHEMA"));
    }

    @Test
    void poolShouldSetUpEachSessionOnceAndReuseIt() throws Exception {
        SnowflakeConnectionPool pool = pool(2);
        try (Connection a = pool.borrow(); Statement s = a.createStatement()) {
            s.execute("SELECT 1");
        }
        try (Connection b = pool.borrow()) {
            assertThat(b.isClosed()).isFalse();
        }

        assertThat(fake.opened).hasValue(1);
        assertThat(fake.log).containsExactly("ALTER SESSION SET JDBC_QUERY_RESULT_FORMAT = 'JSON'",
                "ALTER SESSION SET TIMEZONE = 'UTC'", "ALTER SESSION SET QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE",
                "SELECT 1");
        pool.close();
        assertThat(fake.closed).hasValue(1);
    }

    @Test
    void poolShouldBoundTheConnectionsLent() throws Exception {
        SnowflakeConnectionPool pool = pool(1);
        Connection held = pool.borrow();

        assertThatThrownBy(pool::borrow)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.UNREACHABLE))
                .hasMessageContaining("all 1 Snowflake connections stayed busy")
                .hasMessageContaining("pool-size");
        held.close();
        held.close();
        try (Connection again = pool.borrow()) {
            assertThat(again).isNotNull();
        }
        assertThatThrownBy(() -> held.createStatement()).as("a returned session cannot be used")
                .hasMessageContaining("Connection is closed");
        pool.close();
    }

    @Test
    void poolShouldRollBackAnOpenTransactionOnReturn() throws Exception {
        SnowflakeConnectionPool pool = pool(1);
        try (Connection c = pool.borrow(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("DELETE FROM \"RAW\".\"ACCOUNTS\"");
        }
        try (Connection c = pool.borrow()) {
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(fake.log).containsSubsequence("-- autocommit false", "-- rollback", "-- autocommit true");
        pool.close();
    }

    @Test
    void poolShouldReplaceASessionThatSnowflakeEndedWhileIdle() throws Exception {
        // Hikari checks a session on borrow once it sat idle longer than its bypass window (500 ms by default): -1,
        // so that the session just returned is checked too
        String window = System.setProperty("com.zaxxer.hikari.aliveBypassWindowMs", "-1");
        SnowflakeConnectionPool pool;
        try {
            pool = pool(1);
        } finally {
            restore("com.zaxxer.hikari.aliveBypassWindowMs", window);
        }
        pool.borrow().close();
        fake.endSessions();

        pool.borrow().close();

        assertThat(fake.opened).hasValue(2);
        assertThat(pool.idleCount()).isEqualTo(1);
        pool.close();
        // Hikari closes a dead session on its own thread; its shutdown waits for that thread, then closes the idle one
        assertThat(fake.closed).hasValue(2);
    }

    @Test
    void poolShouldReportAFailedLoginAsUnreachableWithoutTheSecret() {
        SnowflakeConnectionPool pool = new SnowflakeConnectionPool(() -> {
            throw new java.sql.SQLException("JWT token is invalid.\nmore detail");
        }, List.of(), 1, Duration.ofMillis(250), Duration.ofMinutes(30));

        assertThatThrownBy(pool::borrow)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.UNREACHABLE))
                .hasMessageContaining("cannot connect to Snowflake: JWT token is invalid.")
                .hasMessageNotContaining("more detail");
        assertThatThrownBy(pool::borrow).as("the permit was given back").hasMessageContaining("cannot connect");
    }

    @Test
    void poolShouldReportAFailedLoginWithoutWaitingOutTheBorrowTimeout() {
        SnowflakeConnectionPool pool = new SnowflakeConnectionPool(() -> {
            throw new java.sql.SQLException("Incorrect username or password was specified.");
        }, List.of(), 1, Duration.ofMinutes(2), Duration.ofMinutes(30));
        long started = System.nanoTime();

        assertThatThrownBy(pool::borrow).hasMessageContaining("cannot connect to Snowflake: Incorrect username");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the two minutes a busy pool is waited for")
                .isLessThan(Duration.ofSeconds(30));
        pool.close();
    }

    private SnowflakeConnectionPool pool(int size) {
        return new SnowflakeConnectionPool(fake, new SnowflakeDialect().sessionSetup(), size, Duration.ofMillis(250),
                Duration.ofMinutes(30));
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    static SnowflakeSettings settings(Map<String, String> extra) {
        Map<String, String> p = new java.util.HashMap<>();
        p.put("sfsync.warehouse.snowflake.account-url", "https://acme-prod.snowflakecomputing.com");
        p.put("sfsync.warehouse.snowflake.user", "SFSYNC");
        p.put("sfsync.warehouse.snowflake.password", "not-a-real-password");
        p.put("sfsync.warehouse.snowflake.database", "ANALYTICS");
        p.put("sfsync.warehouse.snowflake.schema", "RAW");
        p.putAll(extra);
        return SnowflakeSettings.from(p::get);
    }
}
