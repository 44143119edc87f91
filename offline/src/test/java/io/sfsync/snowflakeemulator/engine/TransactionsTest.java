package io.sfsync.snowflakeemulator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transactions as Snowflake keeps them: a session's open transaction outlives its client and holds its table locks;
 * a writer of a locked table waits up to its LOCK_TIMEOUT and then fails with 000625 (DuckDB alone would fail at once
 * with a transaction conflict); SHOW TRANSACTIONS, SHOW LOCKS and SYSTEM$ABORT_TRANSACTION as documented; a detached
 * transaction is rolled back when it blocks another while idle for the limit (Snowflake: 5 minutes), or when older than
 * the age limit (Snowflake: 4 hours), on the engine's clock.
 */
class TransactionsTest extends EngineTestSupport {
    private final MutableClock clock = new MutableClock();
    /** The session of a client that begins a transaction, writes, and dies: it is never used or closed again. */
    private EngineSession killed;
    private EngineSession rerun;

    @BeforeEach
    void twoSessions() throws SnowflakeError {
        engine.transactions().clock(clock);
        run("CREATE TABLE T (ID NUMBER, V VARCHAR(10))");
        run("INSERT INTO T VALUES (1, 'old'), (2, 'old')");
        killed = engine.openSession("ADMIN", null, "SFDB", "PUBLIC", null);
        rerun = engine.openSession("ADMIN", null, "SFDB", "PUBLIC", null);
        run(rerun, "ALTER SESSION SET LOCK_TIMEOUT = 1");
    }

    /** The killed client's transaction: named, one UPDATE done, never committed; returns its id. */
    private long killInsideTransaction() throws SnowflakeError {
        run(killed, "ALTER SESSION SET AUTOCOMMIT = FALSE");
        run(killed, "BEGIN TRANSACTION NAME \"sfsync load SFDB.PUBLIC.T\"");
        run(killed, "UPDATE T SET V = 'killed' WHERE ID = 1");
        List<List<Object>> tx = rows("SHOW TRANSACTIONS");
        assertThat(tx).hasSize(1);
        return ((Number) tx.get(0).get(0)).longValue();
    }

    @Test
    void aDetachedTransactionKeepsItsLockAndAWriterFailsAfterItsLockTimeoutWithSnowflakesError() throws Exception {
        long id = killInsideTransaction();
        String holder = engine.queryHistory().stream().filter(q -> q.sqlText().startsWith("UPDATE T SET V = 'killed'"))
                .findFirst().orElseThrow().queryId();

        long t0 = System.nanoTime();
        SnowflakeError e = error(rerun, "UPDATE T SET V = 'new' WHERE ID = 2");
        long waitedMillis = (System.nanoTime() - t0) / 1_000_000;

        assertThat(waitedMillis).isGreaterThanOrEqualTo(900);
        assertThat(e.errorCode()).isEqualTo("000625");
        assertThat(e.sqlState()).isEqualTo("57014");
        assertThat(e.getMessage()).startsWith("Statement '" + holder + "' has locked table 'T' in transaction " + id
                + " and this lock has not yet been released.\nYour statement '");
        assertThat(e.getMessage()).contains("LOCK_TIMEOUT of 1 seconds");
        // Readers are not blocked and see only committed rows.
        assertThat(rows(rerun, "SELECT V FROM T ORDER BY ID")).containsExactly(List.of("old"), List.of("old"));
        assertThat(rows("SHOW TRANSACTIONS")).extracting(r -> r.get(0)).containsExactly(id);
    }

    @Test
    void showTransactionsAndShowLocksListTheUsersTransactionsWithTheirNameSessionAndLocks() throws Exception {
        long id = killInsideTransaction();

        QueryResult tx = run(rerun, "SHOW TRANSACTIONS");
        assertThat(tx.columns()).extracting(ColumnMeta::name)
                .containsExactly("id", "user", "session", "name", "started_on", "state", "scope");
        assertThat(tx.rows()).hasSize(1);
        Object[] row = tx.rows().get(0);
        assertThat(List.of(row[0], row[1], row[2], row[3], row[5], row[6])).containsExactly(id, "ADMIN",
                String.valueOf(killed.id()), "sfsync load SFDB.PUBLIC.T", "running", 0L);

        QueryResult locks = run(rerun, "SHOW LOCKS");
        assertThat(locks.columns()).extracting(ColumnMeta::name).containsExactly("resource", "type", "transaction",
                "transaction_started_on", "status", "acquired_on", "query_id", "session");
        assertThat(locks.rows()).hasSize(1);
        assertThat(List.of(locks.rows().get(0)[0], locks.rows().get(0)[1], locks.rows().get(0)[2],
                locks.rows().get(0)[4])).containsExactly("SFDB.PUBLIC.T", "PARTITIONS", id, "HOLDING");

        // An implicit transaction gets a generated name; another user sees neither unless an administrator asks.
        run("CREATE USER OTHER PASSWORD = 'pw' DEFAULT_ROLE = PUBLIC");
        EngineSession other = engine.openSession("OTHER", null, null, null, null);
        assertThat(rows(other, "SHOW TRANSACTIONS")).isEmpty();
        assertThat(error(other, "SHOW TRANSACTIONS IN ACCOUNT").errorCode()).isEqualTo("003001");
        assertThat(error(other, "SELECT SYSTEM$ABORT_TRANSACTION(" + id + ")").errorCode()).isEqualTo("003001");
        assertThat(rows("SHOW TRANSACTIONS IN ACCOUNT")).hasSize(1);
    }

    @Test
    void abortTransactionRollsItBackReleasesItsLockAndTellsItsSession() throws Exception {
        long id = killInsideTransaction();

        assertThat(rows(rerun, "SELECT SYSTEM$ABORT_TRANSACTION(" + id + ")"))
                .containsExactly(List.of("Aborted transaction id: " + id));

        assertThat(rows(rerun, "SHOW TRANSACTIONS")).isEmpty();
        assertThat(rows(rerun, "SHOW LOCKS")).isEmpty();
        run(rerun, "UPDATE T SET V = 'new' WHERE ID = 1");
        assertThat(rows(rerun, "SELECT V FROM T ORDER BY ID")).containsExactly(List.of("new"), List.of("old"));
        // A client that was not dead after all learns it at its next statement; then it may go on.
        assertThat(error(killed, "COMMIT").getMessage()).contains("Transaction " + id + " was aborted");
        assertThat(rows(killed, "SELECT COUNT(*) FROM T")).containsExactly(List.of(2L));
        // Aborting it again changes nothing.
        assertThat(rows(rerun, "SELECT SYSTEM$ABORT_TRANSACTION(" + id + ")"))
                .containsExactly(List.of("Aborted transaction id: " + id));
    }

    @Test
    void aWriterWaitingForALockGoesOnWhenTheHolderCommits() throws Exception {
        killInsideTransaction();
        run(rerun, "ALTER SESSION SET LOCK_TIMEOUT = 60");
        CompletableFuture<QueryResult> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return run(rerun, "UPDATE T SET V = 'after' WHERE ID = 1");
            } catch (SnowflakeError e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (rows("SHOW LOCKS").stream().noneMatch(r -> "WAITING".equals(r.get(4)))) {
            assertThat(System.nanoTime()).as("the UPDATE waits for the lock").isLessThan(deadline);
            assertThat(waiting).isNotDone();
            Thread.onSpinWait();
        }

        run(killed, "COMMIT");

        assertThat(waiting.get(30, TimeUnit.SECONDS).rows().get(0)[0]).isEqualTo(1L);
        assertThat(rows("SELECT V FROM T ORDER BY ID")).containsExactly(List.of("after"), List.of("old"));
    }

    @Test
    void aTransactionIdleWhileBlockingAnotherForTheLimitIsRolledBack() throws Exception {
        long id = killInsideTransaction();
        // Not idle long enough yet: the writer times out.
        clock.advance(Duration.ofMinutes(4));
        assertThat(error(rerun, "UPDATE T SET V = 'new' WHERE ID = 1").errorCode()).isEqualTo("000625");

        clock.advance(Duration.ofMinutes(1));
        run(rerun, "UPDATE T SET V = 'new' WHERE ID = 1");

        assertThat(rows("SHOW TRANSACTIONS")).isEmpty();
        assertThat(rows("SELECT V FROM T ORDER BY ID")).containsExactly(List.of("new"), List.of("old"));
        assertThat(error(killed, "SELECT 1").getMessage()).contains("Transaction " + id + " was aborted because it"
                + " blocked another transaction while idle for 300 s");
    }

    @Test
    void aTransactionOlderThanTheAgeLimitIsRolledBackEvenWhenItBlocksNothing() throws Exception {
        engine.transactions().maxAge(Duration.ofHours(4));
        killInsideTransaction();
        clock.advance(Duration.ofHours(4).minusSeconds(1));
        assertThat(rows("SHOW TRANSACTIONS")).hasSize(1);

        clock.advance(Duration.ofSeconds(1));

        assertThat(rows("SHOW TRANSACTIONS")).isEmpty();
        assertThat(rows("SELECT V FROM T ORDER BY ID")).containsExactly(List.of("old"), List.of("old"));
    }

    @Test
    void autocommitWritesLockOnlyWhileTheyRunAndBeginIsIgnoredInsideATransaction() throws Exception {
        run(rerun, "UPDATE T SET V = 'auto' WHERE ID = 2");
        assertThat(rows("SHOW TRANSACTIONS")).isEmpty();
        run(killed, "BEGIN");
        run(killed, "BEGIN TRANSACTION NAME second");
        run(killed, "DELETE FROM T WHERE ID = 2");
        List<List<Object>> tx = rows("SHOW TRANSACTIONS");
        assertThat(tx).hasSize(1);
        assertThat((String) tx.get(0).get(3)).doesNotStartWith("second").hasSize(36);
        run(killed, "ROLLBACK");
        assertThat(rows("SELECT ID, V FROM T ORDER BY ID")).containsExactly(List.of(new BigDecimal("1"), "old"),
                List.of(new BigDecimal("2"), "auto"));
    }

    /** A clock that moves only when told. */
    private static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-15T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
