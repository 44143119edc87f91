package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.Ids;
import io.sfsync.snowflakeemulator.RunBill;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.warehouse.Warehouse;
import io.sfsync.warehouse.snowflake.SnowflakeSettings;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each method sends to Snowflake in one run, read from the offline Snowflake's QUERY_HISTORY and COPY_HISTORY
 * through the driver, as a Snowflake user would read their bill: one COPY per run (per 1,000 files) that loads every
 * file the run PUT, one MERGE (incremental) and no COUNT that repeats what the load already knows.
 */
@LoopbackOnly
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnowflakeBillIT {
    private static final int ACCOUNTS = 1200;
    private static final int BATCH_ROWS = 100;
    private static final int PAGE_ROWS = 150;
    private static final int CHANGED = 250;

    @TempDir
    static Path dir;
    private SalesforceEmulator emulator;
    private OfflineSnowflake offline;
    private RunningSfsync sfsync;
    private IntelligentSync sync;
    private Warehouse warehouse;

    @BeforeAll
    void start() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", ACCOUNTS)
                .bulkTiming(Duration.ofMillis(10), Duration.ofMillis(20)).build());
        offline = OfflineSnowflake.start(dir.resolve("snowflake"), true, "RAW");
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(emulator.loginProperties())
                .set("sfsync.bulk.poll-initial-ms", "20")
                .set("sfsync.bulk.max-records", Integer.toString(PAGE_ROWS))
                .set("sfsync.batch-rows", Integer.toString(BATCH_ROWS))
                .set(SnowflakeSettings.PREFIX + "warehouse", "SFSYNC_WH");
        offline.configure(runtime, "RAW");
        sfsync = new RunningSfsync(runtime);
        sync = sfsync.sync();
        warehouse = sfsync.warehouse();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (sfsync != null) {
                sfsync.close();
            }
            emulator.close();
        } finally {
            if (offline != null) {
                offline.close();
            }
        }
    }

    /** A run's result, its bill and its statements ({@code QUERY_TYPE: text}, oldest first). */
    private record Billed(SyncResult result, RunBill bill, List<String> statements) {
        long count(String prefix) {
            return statements.stream().filter(s -> s.startsWith(prefix)).count();
        }
    }

    private final List<String> all = new java.util.ArrayList<>();

    private Billed run(String table, long bulk, long stage) throws Exception {
        return run(SyncRequest.of("Account").withTarget("RAW", table).withThresholds(bulk, stage));
    }

    private Billed run(SyncRequest request) throws Exception {
        Instant from = Instant.now();
        SyncResult r = sync.sync(request);
        Instant to = Instant.now();
        assertThat(r.success()).as(r.logLine()).isTrue();
        try (Connection c = warehouse.connect()) {
            RunBill bill = RunBill.read(c, OfflineSnowflake.USER, from, to);
            List<String> statements = RunBill.texts(c, OfflineSnowflake.USER, from, to).stream()
                    .map(t -> t.replaceFirst(" \\[wh [0-9]+ ms\\]", "")).toList();
            System.out.println("BILL " + r.syncMethod() + " " + bill);
            statements.forEach(t -> System.out.println("  " + (t.length() > 160 ? t.substring(0, 160) + "..." : t)));
            all.addAll(statements);
            return new Billed(r, bill, statements);
        }
    }

    @Test
    @Order(1)
    void shouldCopyEveryFileOfAFullRunWithOneCopyAndCountNothingTwice() throws Exception {
        for (Object[] m : new Object[][] {{"ACC_REGULAR", 100_000L, 100_000L, "regular_api_full"},
            {"ACC_BULK", 1L, 100_000L, "bulk_api_full"}, {"ACC_STAGE", 1L, 1L, "bulk_api_stage_full"}}) {
            Billed b = run((String) m[0], (Long) m[1], (Long) m[2]);
            assertThat(b.result().syncMethod()).isEqualTo(m[3]);
            assertThat(b.result().rowsInserted()).isEqualTo(ACCOUNTS);
            assertOneCopyOfEveryFile(b);
            assertThat(b.count("SELECT: SELECT COUNT(*) FROM \"RAW\".\"" + m[0] + "__new_"))
                    .as("no COUNT of the new table: the INSERT said how many rows it has").isZero();
        }
        assertThat(all).filteredOn(s -> s.startsWith("CREATE_TABLE") && s.contains("\"sfsync_history\" ("))
                .as("history table ensured once")
                .hasSize(1);
    }

    @Test
    @Order(2)
    void shouldMergeEachIncrementalRunWithOneCopyAndOneMerge() throws Exception {
        emulator.org().clock().advance(Duration.ofSeconds(2));
        for (int i = 0; i < CHANGED; i++) {
            emulator.org().touch(Ids.of("001", i * 3));
        }
        for (Object[] m : new Object[][] {{"ACC_REGULAR", 100_000L, 100_000L, "regular_api_incremental"},
            {"ACC_BULK", 1L, 100_000L, "bulk_api_incremental"}, {"ACC_STAGE", 1L, 1L, "bulk_api_stage_incremental"}}) {
            Billed b = run((String) m[0], (Long) m[1], (Long) m[2]);
            assertThat(b.result().syncMethod()).isEqualTo(m[3]);
            assertThat(b.result().rowsUpdated()).isEqualTo(CHANGED);
            assertOneCopyOfEveryFile(b);
            assertThat(b.bill().merges()).isEqualTo(1);
            assertThat(b.statements()).filteredOn(t -> (t.startsWith("SELECT: SELECT COUNT")
                    || t.startsWith("SELECT: SELECT MAX")) && t.contains("\"RAW\".\"ACC_"))
                    .as("no COUNT or MAX beside the MERGE but the one scan of staging").hasSize(1);
        }
    }

    @Test
    @Order(3)
    void shouldCopyTheIdBatchesOfAReconcilingRunWithOneCopyToo() throws Exception {
        emulator.org().clock().advance(Duration.ofSeconds(2));
        emulator.org().touch(Ids.of("001", 7));
        Billed b = run(SyncRequest.of("Account").withTarget("RAW", "ACC_BULK").withThresholds(1L, 100_000L)
                .withReconcileIds(true));
        assertThat(b.result().syncMethod()).isEqualTo("bulk_api_incremental");
        assertThat(b.bill().copies()).as("one COPY into staging, one into the Id table").isEqualTo(2)
                .isEqualTo(b.bill().copiesNeeded());
        assertThat(b.bill().copyFiles()).isEqualTo(b.bill().putFiles()).isGreaterThan(2);
        assertThat(b.count("REMOVE_FILES")).as("the run's folder removed once").isEqualTo(1);
    }

    private static void assertOneCopyOfEveryFile(Billed b) {
        RunBill bill = b.bill();
        assertThat(b.count("SELECT: SELECT COUNT(*), COUNT(DISTINCT")).as("one scan of staging").isEqualTo(1);
        assertThat(bill.putFiles()).as("files PUT").isPositive();
        assertThat(bill.copyFiles()).as("files copied: every file PUT").isEqualTo(bill.putFiles());
        assertThat(bill.copies()).as("COPYs: one per table per 1,000 files").isEqualTo(bill.copiesNeeded());
        assertThat(bill.bytesStaged()).isPositive();
        assertThat(bill.warehouseMillis()).isPositive();
    }
}
