package io.sfsync.snowflakeemulator.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The running transactions of the account and the table locks they hold, as Snowflake keeps them (docs:
 * "Transactions": "Resource locking", "Aborting transactions"; SHOW TRANSACTIONS, SHOW LOCKS,
 * SYSTEM$ABORT_TRANSACTION).
 *
 * <ul>
 *   <li>A transaction belongs to its session, not to the client: a client that dies leaves it running, detached, with
 *   its locks, until it is aborted.</li>
 *   <li>UPDATE, DELETE and MERGE lock the tables they write until their transaction ends (INSERT and COPY only add
 *   partitions and take no lock here). A statement of another transaction that needs a locked table waits up to its
 *   session's {@code LOCK_TIMEOUT} seconds (0: not at all), then fails with 000625.</li>
 *   <li>A transaction that blocks another and has been idle for {@link #blockingIdleLimit} (Snowflake: 5 minutes) is
 *   aborted and rolled back; one older than {@link #maxAge} (Snowflake: 4 hours) is aborted when anything next looks at
 *   the transactions. Both are configurable, and the clock too, so tests can show them.</li>
 *   <li>{@code SYSTEM$ABORT_TRANSACTION(id)} rolls a transaction back, for the user who started it or an account
 *   administrator; its session's next statement learns that its transaction is gone.</li>
 * </ul>
 * Temporary tables are private to their session and never locked.
 */
public final class Transactions {

    /** A running transaction. */
    static final class Txn {
        final long id;
        final EngineSession session;
        final String user;
        final String name;
        final Instant startedOn;
        volatile Instant lastActive;
        /** Locked tables (id) and the statement that took each lock. */
        final Map<Long, Lock> locks = new LinkedHashMap<>();

        Txn(long id, EngineSession session, String name, Instant startedOn) {
            this.id = id;
            this.session = session;
            this.user = session.user();
            this.name = name;
            this.startedOn = startedOn;
            this.lastActive = startedOn;
        }
    }

    record Lock(String table, String queryId, Instant acquiredOn) {
    }

    /** A statement waiting for a lock, for SHOW LOCKS. */
    private record Waiter(Txn txn, long tableId, String table, String queryId) {
    }

    private final Object monitor = new Object();
    private final Map<Long, Txn> running = new LinkedHashMap<>();
    private final Map<Long, Txn> holders = new LinkedHashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private volatile Clock clock;
    private volatile Duration blockingIdleLimit;
    private volatile Duration maxAge;
    private long lastId;
    private boolean shutDown;

    Transactions(Clock clock, Duration blockingIdleLimit, Duration maxAge) {
        this.clock = clock;
        this.blockingIdleLimit = blockingIdleLimit;
        this.maxAge = maxAge;
    }

    /** Changes the clock that idle times and ages are measured with (tests). */
    public void clock(Clock clock) {
        this.clock = clock;
    }

    /** How long a transaction that blocks another may stay idle before it is aborted (Snowflake: 5 minutes). */
    public void blockingIdleLimit(Duration limit) {
        this.blockingIdleLimit = limit;
    }

    /** How old a transaction may get before it is aborted (Snowflake: 4 hours). */
    public void maxAge(Duration age) {
        this.maxAge = age;
    }

    Instant now() {
        return clock.instant();
    }

    /** Starts a transaction of {@code session}; {@code name} null: a system-generated one (a UUID), as Snowflake. */
    Txn begin(EngineSession session, String name) {
        synchronized (monitor) {
            Instant now = now();
            // Snowflake's ids are the start time, to the nanosecond; unique here.
            long id = Math.max(lastId + 1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
            lastId = id;
            Txn t = new Txn(id, session, name != null ? name : UUID.randomUUID().toString(), now);
            running.put(id, t);
            return t;
        }
    }

    /** A statement of {@code t} starts or ends: it is not idle. */
    void touch(Txn t) {
        if (t != null) {
            t.lastActive = now();
        }
    }

    /** Ends a transaction (commit or rollback done): its locks go, waiters wake. */
    void end(Txn t) {
        if (t == null) {
            return;
        }
        synchronized (monitor) {
            running.remove(t.id);
            holders.values().removeIf(h -> h == t);
            monitor.notifyAll();
        }
    }

    /**
     * Locks {@code tables} for {@code t} (the statement {@code queryId}), waiting up to {@code timeoutSeconds} for a
     * lock another transaction holds; a holder idle for the blocking limit is aborted instead of waited for.
     *
     * @throws SnowflakeError 000625 when the wait runs out
     */
    void lock(Txn t, List<Catalog.Table> tables, String queryId, long timeoutSeconds) throws SnowflakeError {
        long deadline = System.nanoTime() + Math.max(0, timeoutSeconds) * 1_000_000_000L;
        for (Catalog.Table table : tables) {
            if (table.temporary()) {
                continue;
            }
            String name = EngineSession.display(List.of(table.schema.database.name, table.schema.name, table.name));
            Waiter waiter = new Waiter(t, table.id, name, queryId);
            while (true) {
                Txn idle = null;
                synchronized (monitor) {
                    if (shutDown) {
                        waiters.remove(waiter);
                        throw new SnowflakeError("000604", "57014", "SQL execution canceled");
                    }
                    Txn holder = holders.get(table.id);
                    if (holder == null || holder == t) {
                        holders.put(table.id, t);
                        t.locks.putIfAbsent(table.id, new Lock(name, queryId, now()));
                        waiters.remove(waiter);
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        waiters.remove(waiter);
                        Lock held = holder.locks.get(table.id);
                        throw new SnowflakeError("000625", "57014", "Statement '" + (held == null ? "?"
                                : held.queryId()) + "' has locked table '" + table.name + "' in transaction "
                                + holder.id + " and this lock has not yet been released.\nYour statement '" + queryId
                                + "' was aborted because it waited for this lock longer than the LOCK_TIMEOUT of "
                                + timeoutSeconds + " seconds.");
                    }
                    if (!holder.session.executing()
                            && !Duration.between(holder.lastActive, now()).minus(blockingIdleLimit).isNegative()) {
                        idle = holder;
                    } else {
                        if (!waiters.contains(waiter)) {
                            waiters.add(waiter);
                        }
                        try {
                            // Woken when a lock is released; at least every 100 ms to see an idle holder.
                            monitor.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            waiters.remove(waiter);
                            throw new SnowflakeError("000604", "57014", "SQL execution canceled");
                        }
                    }
                }
                if (idle != null) {
                    // Outside the monitor: the holder's session rolls back on its own connection.
                    idle.session.abortTransaction(idle.id, "it blocked another transaction while idle for "
                            + blockingIdleLimit.toSeconds() + " s");
                }
            }
        }
    }

    /** Aborts the transactions older than the age limit (what Snowflake does to those that block nothing). */
    void sweep() {
        List<Txn> old = new ArrayList<>();
        synchronized (monitor) {
            Instant now = now();
            for (Txn t : running.values()) {
                if (!Duration.between(t.startedOn, now).minus(maxAge).isNegative()) {
                    old.add(t);
                }
            }
        }
        for (Txn t : old) {
            t.session.abortTransaction(t.id, "it was older than " + maxAge.toMinutes() + " minutes");
        }
    }

    /**
     * {@code SYSTEM$ABORT_TRANSACTION(id)}: rolls the transaction back when it is running and {@code caller} may
     * (the user who started it, or an account administrator); answers as Snowflake does.
     */
    String abort(EngineSession caller, long id) throws SnowflakeError {
        Txn t;
        synchronized (monitor) {
            t = running.get(id);
        }
        if (t != null) {
            if (!t.user.equals(caller.user()) && !caller.roles().contains(SnowflakeEngine.ACCOUNTADMIN)) {
                throw new SnowflakeError("003001", "42501", "SQL access control error:\nInsufficient privileges to"
                        + " abort transaction " + id + ".");
            }
            t.session.abortTransaction(id, "SYSTEM$ABORT_TRANSACTION by " + caller.user());
        }
        return "Aborted transaction id: " + id;
    }

    /** SHOW TRANSACTIONS: the caller's running transactions, or every user's ({@code IN ACCOUNT}). */
    List<Object[]> show(EngineSession caller, boolean inAccount) {
        sweep();
        List<Object[]> rows = new ArrayList<>();
        synchronized (monitor) {
            for (Txn t : running.values()) {
                if (inAccount || t.user.equals(caller.user())) {
                    rows.add(new Object[] {t.id, t.user, String.valueOf(t.session.id()), t.name,
                        t.startedOn.atZone(caller.zone()).toOffsetDateTime(), "running", 0L});
                }
            }
        }
        return rows;
    }

    /** SHOW LOCKS: held and awaited table locks of the caller's transactions, or of every user's. */
    List<Object[]> locks(EngineSession caller, boolean inAccount) {
        sweep();
        boolean admin = caller.roles().contains(SnowflakeEngine.ACCOUNTADMIN);
        List<Object[]> rows = new ArrayList<>();
        synchronized (monitor) {
            for (Txn t : running.values()) {
                if (!inAccount && !t.user.equals(caller.user())) {
                    continue;
                }
                for (Lock l : t.locks.values()) {
                    rows.add(new Object[] {l.table(), "PARTITIONS", t.id, t.startedOn.atZone(caller.zone())
                        .toOffsetDateTime(), "HOLDING", l.acquiredOn().atZone(caller.zone()).toOffsetDateTime(),
                        l.queryId(), admin ? String.valueOf(t.session.id()) : null});
                }
            }
            for (Waiter w : waiters) {
                if (inAccount || w.txn().user.equals(caller.user())) {
                    rows.add(new Object[] {w.table(), "PARTITIONS", w.txn().id, w.txn().startedOn
                        .atZone(caller.zone()).toOffsetDateTime(), "WAITING", null, w.queryId(),
                        admin ? String.valueOf(w.txn().session.id()) : null});
                }
            }
        }
        return rows;
    }

    /** The engine closes: statements waiting for a lock give up at once. */
    void shutDown() {
        synchronized (monitor) {
            shutDown = true;
            monitor.notifyAll();
        }
    }

    /** For tests: the ids of the running transactions. */
    public List<Long> runningIds() {
        synchronized (monitor) {
            return List.copyOf(running.keySet());
        }
    }
}
