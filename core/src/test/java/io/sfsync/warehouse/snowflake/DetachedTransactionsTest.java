package io.sfsync.warehouse.snowflake;

import static io.sfsync.warehouse.snowflake.FakeSnowflake.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.warehouse.TableRef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which transactions a load aborts before its own: exactly those named for a load of the same target in the same
 * database, in a session none of this process's loads holds. Against {@link FakeSnowflake}; end to end (a child JVM
 * killed inside its transaction, the rerun through the driver) in {@code SnowflakeCrashSafetyIT}.
 */
class DetachedTransactionsTest {
    private static final TableRef ACCOUNTS = new TableRef("RAW", "ACCOUNTS");
    private static final List<String> COLUMNS = List.of("id", "user", "session", "name", "started_on", "state",
            "scope");
    private final SnowflakeDialect dialect = new SnowflakeDialect();

    @Test
    void shouldAbortOnlyTheKilledLoadOfTheSameTargetAndDatabaseAndSayWhy() throws SQLException {
        FakeSnowflake fake = new FakeSnowflake()
                .answerWithLabels("SHOW TRANSACTIONS", COLUMNS,
                        // the killed load of this target: another session, no load of this process
                        row(1700000000001L, "SFSYNC", "2002", "sfsync load ANALYTICS.RAW.ACCOUNTS", "t1", "running",
                                0L),
                        // a load of another target (another process syncing it now, or killed): left alone
                        row(1700000000002L, "SFSYNC", "2003", "sfsync load ANALYTICS.RAW.CONTACTS", "t2", "running",
                                0L),
                        // the same table in another database: another deployment's
                        row(1700000000003L, "SFSYNC", "2004", "sfsync load OTHER.RAW.ACCOUNTS", "t3", "running", 0L),
                        // not sfsync's
                        row(1700000000004L, "SFSYNC", "2005", "8f14e45f-ceea-467f-a0e6-3f1a7c2b9d10", "t4", "running",
                                0L),
                        // the checking load's own session
                        row(1700000000005L, "SFSYNC", "1001", "sfsync load ANALYTICS.RAW.ACCOUNTS", "t5", "running",
                                0L))
                .answer("SELECT SYSTEM$ABORT_TRANSACTION(", row("Aborted transaction id: 1700000000001"));
        Connection c = fake.open();

        List<String> notes = DetachedTransactions.abortDetached(c, dialect, "1001", "ANALYTICS", ACCOUNTS);

        assertThat(fake.log).containsExactly("SHOW TRANSACTIONS", "SELECT SYSTEM$ABORT_TRANSACTION(1700000000001)");
        assertThat(notes).singleElement().asString().contains("aborted transaction 1700000000001", "session 2002",
                "RAW.ACCOUNTS", "rolled back", "Aborted transaction id: 1700000000001");
    }

    @Test
    void shouldNeverAbortATransactionInASessionOfAnotherLoadOfThisProcess() throws SQLException {
        FakeSnowflake fake = new FakeSnowflake()
                .answerWithLabels("SHOW TRANSACTIONS", COLUMNS,
                        row(1700000000007L, "SFSYNC", "3003", "sfsync load ANALYTICS.RAW.ACCOUNTS", "t", "running",
                                0L));
        Connection c = fake.open();
        // A load of this process registered session 3003 and is inside its transaction.
        DetachedTransactions.abortDetached(fake.open(), dialect, "3003", "ANALYTICS", new TableRef("RAW", "CONTACTS"));

        assertThat(DetachedTransactions.abortDetached(c, dialect, "1001", "ANALYTICS", ACCOUNTS)).isEmpty();
        assertThat(fake.log).noneMatch(s -> s.contains("ABORT"));

        // Once that load is over, the session is no longer a load's: a transaction left in it would be aborted.
        DetachedTransactions.release("3003");
        fake.answer("SELECT SYSTEM$ABORT_TRANSACTION(", row("Aborted transaction id: 1700000000007"));
        assertThat(DetachedTransactions.abortDetached(c, dialect, "1001", "ANALYTICS", ACCOUNTS)).hasSize(1);
    }

    @Test
    void shouldRefuseAnAnswerWithoutTheColumnsItMatchesOn() {
        FakeSnowflake fake = new FakeSnowflake().answerWithLabels("SHOW TRANSACTIONS", List.of("id", "user"));

        assertThatThrownBy(() -> DetachedTransactions.abortDetached(fake.open(), dialect, "1001", "ANALYTICS",
                ACCOUNTS))
                .isInstanceOf(SQLException.class).hasMessageContaining("id, session and name");
    }

    @Test
    void shouldSayWhoHoldsTheLockAndHowToEndItWhenAStatementGaveUpWaiting() {
        String message = "Statement '01b00000-0000-0001-0000-000000000042' has locked table 'sfsync_state' in"
                + " transaction 1700000000009 and this lock has not yet been released.";

        assertThat(DetachedTransactions.lockHint(message)).contains("transaction 1700000000009 holds a lock on"
                + " sfsync_state", "SHOW TRANSACTIONS", "SELECT SYSTEM$ABORT_TRANSACTION(1700000000009)",
                "lock-timeout-seconds");
        assertThat(DetachedTransactions.lockHint("Numeric value 'abc' is not recognized")).isEmpty();
    }

    @Test
    void shouldNameEachTargetsTransactionWithItsDatabaseSchemaAndTable() {
        assertThat(DetachedTransactions.name("ANALYTICS", ACCOUNTS)).isEqualTo("sfsync load ANALYTICS.RAW.ACCOUNTS");
        assertThat(DetachedTransactions.name("ANALYTICS", new TableRef("raw", "Accounts")))
                .isNotEqualTo(DetachedTransactions.name("ANALYTICS", ACCOUNTS));
    }
}
