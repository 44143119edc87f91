package io.sfsync.cluster;

import io.sfsync.sync.InJvmRunLock;
import io.sfsync.sync.RunLock;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run lock of a cluster: a PostgreSQL session-level advisory lock per target, keyed by a 64-bit hash of the
 * warehouse and the table, held by a session of its own for the whole run. The run gives it back when it ends; when
 * its node dies, the server ends the session and the lock with it, so a dead node never holds a target. The session
 * is named {@code sfsync|run|node|sObject} in {@code pg_stat_activity}, which is how a skipped run learns who holds
 * the target. A watch checks the held sessions now and then: a session that ended under a live run (the database
 * restarted, a connection dropped) is replaced and the lock taken again; if another run got it meanwhile, the watch
 * says so as an error.
 */
public final class PostgresRunLock implements RunLock {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRunLock.class);
    private static final String HOLDER = "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid ="
            + " l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = ? AND"
            + " l.objid::bigint = ? AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private final ClusterDatabase database;
    private final String scope;
    private final InJvmRunLock local = new InJvmRunLock();
    private final Map<String, Held> sessions = new ConcurrentHashMap<>();
    private final Duration watchInterval;
    private ScheduledExecutorService watch;

    /** A lock a run holds, with the session that holds it (replaced by the watch when it ends). */
    private static final class Held {
        final String target;
        final String runId;
        final String sobject;
        Connection session;
        boolean released;
        boolean lost;

        Held(String target, String runId, String sobject, Connection session) {
            this.target = target;
            this.runId = runId;
            this.sobject = sobject;
            this.session = session;
        }
    }

    /**
     * @param scope what the targets belong to (the warehouse: its account and database), so that clusters writing
     *              to different warehouses from one PostgreSQL database never lock each other's tables
     */
    PostgresRunLock(ClusterDatabase database, String scope) {
        this(database, scope, Duration.ofSeconds(15));
    }

    PostgresRunLock(ClusterDatabase database, String scope, Duration watchInterval) {
        this.database = database;
        this.scope = scope;
        this.watchInterval = watchInterval;
    }

    /** A 64-bit key from the first 8 bytes of the SHA-256 of the text. */
    static long key(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The advisory lock key of a target. */
    long keyOf(String target) {
        return key(scope + "\n" + target);
    }

    @Override
    public String node() {
        return database.settings().nodeId();
    }

    @Override
    public Optional<String> tryAcquire(String target, String runId, String sobject) {
        Optional<String> here = local.tryAcquire(target, runId, sobject);
        if (here.isPresent()) {
            return Optional.of(here.get() + " (node " + node() + ")");
        }
        long key = keyOf(target);
        Connection session = null;
        try {
            session = database.open(sessionName(runId, sobject));
            if (lock(session, key)) {
                sessions.put(runId, new Held(target, runId, sobject, session));
                startWatch();
                return Optional.empty();
            }
            String holder = holder(session, key);
            close(session);
            local.release(target, runId);
            return Optional.of(holder);
        } catch (SQLException | RuntimeException e) {
            if (session != null) {
                close(session);
            }
            local.release(target, runId);
            if (e instanceof SQLException sql) {
                throw database.unavailable("did not give the run lock of " + target, sql);
            }
            throw (RuntimeException) e;
        }
    }

    private String sessionName(String runId, String sobject) {
        return "sfsync|" + runId + "|" + node() + "|" + sobject;
    }

    private static boolean lock(Connection session, long key) throws SQLException {
        try (PreparedStatement s = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            s.setLong(1, key);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private synchronized void startWatch() {
        if (watch == null) {
            watch = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "sfsync-run-lock-watch");
                t.setDaemon(true);
                return t;
            });
            long millis = watchInterval.toMillis();
            watch.scheduleWithFixedDelay(this::checkSessions, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Replaces the sessions that ended under a live run, and takes their locks again. */
    void checkSessions() {
        for (Held held : new ArrayList<>(sessions.values())) {
            synchronized (held) {
                if (held.released || held.lost || alive(held.session)) {
                    continue;
                }
                close(held.session);
                long key = keyOf(held.target);
                try {
                    Connection fresh = database.open(sessionName(held.runId, held.sobject));
                    if (lock(fresh, key)) {
                        held.session = fresh;
                        LOG.warn("run {} of {} -> {}: its cluster lock's PostgreSQL session ended during the run; the"
                                + " lock is taken again on a new session", held.runId, held.sobject, held.target);
                    } else {
                        String holder = holder(fresh, key);
                        close(fresh);
                        held.lost = true;
                        LOG.error("run {} of {} -> {} lost its cluster lock: its PostgreSQL session ended during the"
                                + " run and {} holds the target now, so the two runs may overlap", held.runId,
                                held.sobject, held.target, holder);
                    }
                } catch (SQLException e) {
                    LOG.error("run {} of {} -> {} has lost its cluster lock for now (its PostgreSQL session ended and"
                            + " {}); trying again in {} s", held.runId, held.sobject, held.target,
                            database.unavailable("cannot be reached", e).getMessage(), watchInterval.toSeconds());
                }
            }
        }
    }

    private static boolean alive(Connection session) {
        try {
            return session.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Who holds the key, from the name of the session that holds it. */
    private static String holder(Connection session, long key) throws SQLException {
        try (PreparedStatement s = session.prepareStatement(HOLDER)) {
            s.setLong(1, key >>> 32);
            s.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return describe(rs.getString(1));
                }
            }
        }
        return "another run (its session is not visible to this user)";
    }

    /** "run R of Account (node n1)" from the session name {@code sfsync|R|n1|Account} (maybe cut short). */
    static String describe(String applicationName) {
        String[] parts = applicationName == null ? new String[0] : applicationName.split("\\|", -1);
        if (parts.length < 2 || !parts[0].equals("sfsync")) {
            return "another session (" + applicationName + ")";
        }
        StringBuilder b = new StringBuilder("run ").append(parts[1]);
        if (parts.length > 3 && !parts[3].isEmpty()) {
            b.append(" of ").append(parts[3]);
        }
        if (parts.length > 2 && !parts[2].isEmpty()) {
            b.append(" (node ").append(parts[2]).append(')');
        }
        return b.toString();
    }

    @Override
    public void release(String target, String runId) {
        Held held = sessions.remove(runId);
        local.release(target, runId);
        if (held != null) {
            end(held);
        }
    }

    /**
     * Unlocks the target, then ends the run's session. The unlock is what makes the target free the moment the run
     * ends: a closed connection's backend ends, and drops its locks, a little later on the server's own time.
     */
    private void end(Held held) {
        synchronized (held) {
            held.released = true;
            if (!held.lost) {
                try (PreparedStatement s = held.session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    s.setLong(1, keyOf(held.target));
                    s.execute();
                } catch (SQLException e) {
                    LOG.debug("unlocking {} failed (closing its session ends the lock anyway)", held.target, e);
                }
            }
            close(held.session);
        }
    }

    @Override
    public boolean held(String target, String runId) {
        Held held = sessions.get(runId);
        if (held == null) {
            return false;
        }
        synchronized (held) {
            return !held.lost && !held.released && alive(held.session);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (watch != null) {
                watch.shutdownNow();
            }
        }
        for (String runId : new ArrayList<>(sessions.keySet())) {
            Held held = sessions.remove(runId);
            if (held != null) {
                end(held);
            }
        }
    }

    private static void close(Connection session) {
        try {
            session.close();
        } catch (SQLException e) {
            LOG.debug("closing a run lock session failed (the server ends its locks with it anyway)", e);
        }
    }
}
