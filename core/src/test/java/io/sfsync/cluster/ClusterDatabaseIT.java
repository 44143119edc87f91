package io.sfsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's use of a real PostgreSQL: Quartz's tables made once by nodes starting together, and the run lock. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterDatabaseIT {
    private static final String PASSWORD = "cluster-it-password";
    @TempDir
    static Path dir;
    private EmbeddedPostgres postgres;

    @BeforeAll
    void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).setCleanDataDirectory(true).start();
    }

    @AfterAll
    void stop() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private ClusterDatabase database(String node, String extra) {
        Map<String, String> p = new HashMap<>();
        p.put("sfsync.cluster.jdbc-url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres" + extra);
        p.put("sfsync.cluster.user", "postgres");
        p.put("sfsync.cluster.password", PASSWORD);
        p.put("sfsync.cluster.node-id", node);
        return new ClusterDatabase(ClusterSettings.from(p::get).orElseThrow());
    }

    private ClusterDatabase database(String node) {
        return database(node, "");
    }

    @Test
    void shouldCreateQuartzTablesOnceWhenNodesStartTogether() throws Exception {
        int nodes = 4;
        CyclicBarrier together = new CyclicBarrier(nodes);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        List<Future<Boolean>> created = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ClusterDatabase db = database("node-" + i);
            Callable<Boolean> start = () -> {
                try (Connection c = db.open("sfsync|setup|test")) {
                    together.await(30, TimeUnit.SECONDS);
                    return QuartzTables.ensure(c, "together_", true, "test");
                }
            };
            created.add(pool.submit(start));
        }
        int made = 0;
        for (Future<Boolean> f : created) {
            made += f.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(made).as("nodes that created the tables").isEqualTo(1);
        try (Connection c = database("check").open("check"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_tables WHERE tablename LIKE 'together\\_%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(11);
        }
    }

    @Test
    void shouldRefuseIncompleteQuartzTablesAndMissingOnesItMayNotCreate() throws Exception {
        ClusterDatabase db = database("node-a");
        try (Connection c = db.open("test")) {
            assertThatThrownBy(() -> QuartzTables.ensure(c, "absent_", false, "the test database"))
                    .hasMessageContaining("the Quartz tables absent_* do not exist in the test database")
                    .hasMessageContaining("create-tables = true");
            assertThat(QuartzTables.ensure(c, "partial_", true, "db")).isTrue();
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE partial_locks");
            }
            assertThatThrownBy(() -> QuartzTables.ensure(c, "partial_", true, "db"))
                    .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code())
                            .isEqualTo(SyncError.INVALID_CONFIGURATION))
                    .hasMessageContaining("are incomplete: partial_locks missing");
        }
    }

    @Test
    void shouldKeepASecondRunOfATargetOutOnAnyNodeAndSayWhoHoldsIt() {
        PostgresRunLock a = new PostgresRunLock(database("node-a"), "snowflake http://x DB");
        PostgresRunLock b = new PostgresRunLock(database("node-b"), "snowflake http://x DB");
        try {
            assertThat(a.tryAcquire("RAW.ACCOUNTS", "20260101120000-aaaaaa", "Account")).isEmpty();
            assertThat(b.tryAcquire("RAW.ACCOUNTS", "20260101120001-bbbbbb", "Account"))
                    .contains("run 20260101120000-aaaaaa of Account (node node-a)");
            assertThat(a.tryAcquire("RAW.ACCOUNTS", "20260101120002-cccccc", "Account"))
                    .as("a second run on the same node").contains("run 20260101120000-aaaaaa of Account (node node-a)");
            assertThat(b.tryAcquire("RAW.CONTACTS", "20260101120003-dddddd", "Contact")).as("another target")
                    .isEmpty();
            a.release("RAW.ACCOUNTS", "20260101120000-aaaaaa");
            assertThat(b.tryAcquire("RAW.ACCOUNTS", "20260101120004-eeeeee", "Account")).isEmpty();
            PostgresRunLock otherWarehouse = new PostgresRunLock(database("node-c"), "snowflake http://y DB");
            assertThat(otherWarehouse.tryAcquire("RAW.ACCOUNTS", "20260101120005-ffffff", "Account"))
                    .as("the same table in another warehouse").isEmpty();
            otherWarehouse.close();
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void shouldFreeTheTargetWhenTheHoldingNodesSessionEnds() throws SQLException {
        PostgresRunLock a = new PostgresRunLock(database("node-a"), "w");
        PostgresRunLock b = new PostgresRunLock(database("node-b"), "w");
        try {
            assertThat(a.tryAcquire("RAW.OPPORTUNITIES", "20260101130000-aaaaaa", "Opportunity")).isEmpty();
            assertThat(b.tryAcquire("RAW.OPPORTUNITIES", "20260101130001-bbbbbb", "Opportunity")).isPresent();
            // What the server does when a node dies: its session ends, and every lock of the session with it.
            try (Connection c = database("admin").open("admin");
                    PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE application_name LIKE 'sfsync|20260101130000-aaaaaa|%'")) {
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
            assertThat(b.tryAcquire("RAW.OPPORTUNITIES", "20260101130002-cccccc", "Opportunity")).isEmpty();
        } finally {
            a.close();
            b.close();
        }
    }

    private void terminate(String runId) throws SQLException {
        try (Connection c = database("admin").open("admin");
                PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name LIKE ?")) {
            s.setString(1, "sfsync|" + runId + "|%");
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("a session of run " + runId).isTrue();
            }
        }
    }

    @Test
    void shouldTakeTheLockAgainWhenItsSessionEndsUnderALiveRun() throws SQLException {
        PostgresRunLock a = new PostgresRunLock(database("node-a"), "w", Duration.ofHours(1));
        PostgresRunLock b = new PostgresRunLock(database("node-b"), "w", Duration.ofHours(1));
        try {
            assertThat(a.tryAcquire("RAW.CASES", "20260101150000-aaaaaa", "Case")).isEmpty();
            terminate("20260101150000-aaaaaa");
            a.checkSessions();
            assertThat(b.tryAcquire("RAW.CASES", "20260101150001-bbbbbb", "Case"))
                    .as("the watch took the lock again for the live run")
                    .contains("run 20260101150000-aaaaaa of Case (node node-a)");
            a.release("RAW.CASES", "20260101150000-aaaaaa");
            assertThat(b.tryAcquire("RAW.CASES", "20260101150002-cccccc", "Case")).isEmpty();
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void shouldNotDisturbTheNewHolderWhenALostLockCannotBeTakenAgain() throws SQLException {
        PostgresRunLock a = new PostgresRunLock(database("node-a"), "w", Duration.ofHours(1));
        PostgresRunLock b = new PostgresRunLock(database("node-b"), "w", Duration.ofHours(1));
        PostgresRunLock c = new PostgresRunLock(database("node-c"), "w", Duration.ofHours(1));
        try {
            assertThat(a.tryAcquire("RAW.LEADS", "20260101160000-aaaaaa", "Lead")).isEmpty();
            terminate("20260101160000-aaaaaa");
            assertThat(b.tryAcquire("RAW.LEADS", "20260101160001-bbbbbb", "Lead")).isEmpty();
            a.checkSessions();
            a.release("RAW.LEADS", "20260101160000-aaaaaa");
            assertThat(c.tryAcquire("RAW.LEADS", "20260101160002-cccccc", "Lead"))
                    .contains("run 20260101160001-bbbbbb of Lead (node node-b)");
        } finally {
            a.close();
            b.close();
            c.close();
        }
    }

    @Test
    void shouldSayWhichDatabaseFailedWithoutThePassword() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("sfsync.cluster.jdbc-url", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/no_such_db");
        p.put("sfsync.cluster.user", "postgres");
        p.put("sfsync.cluster.password", PASSWORD);
        PostgresRunLock lock = new PostgresRunLock(new ClusterDatabase(ClusterSettings.from(p::get).orElseThrow()),
                "w");
        assertThatThrownBy(() -> lock.tryAcquire("RAW.ACCOUNTS", "20260101140000-aaaaaa", "Account"))
                .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code())
                        .isEqualTo(SyncError.CLUSTER_UNAVAILABLE))
                .hasMessageStartingWith("the cluster database jdbc:postgresql://127.0.0.1:" + postgres.getPort()
                        + "/no_such_db (user postgres) did not give the run lock of RAW.ACCOUNTS: ")
                .hasMessageContaining("no_such_db")
                .hasMessageNotContaining(PASSWORD);
    }
}
