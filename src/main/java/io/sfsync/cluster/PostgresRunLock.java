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
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run lock of a cluster: a PostgreSQL session-level advisory lock per target, keyed by a 64-bit hash of the
 * warehouse and the table, held by a session of its own for the whole run. The run gives it back when it ends; when
 * its node dies, the server ends the session and the lock with it, so a dead node never holds a target. The session
 * is named {@code sfsync|run|node|sObject} in {@code pg_stat_activity}, which is how a skipped run learns who holds
 * the target.
 */
public final class PostgresRunLock implements RunLock {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRunLock.class);
    private static final String HOLDER = "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid ="
            + " l.pid WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 AND l.classid::bigint = ? AND"
            + " l.objid::bigint = ? AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())";

    private final ClusterDatabase database;
    private final String scope;
    private final InJvmRunLock local = new InJvmRunLock();
    private final Map<String, Connection> sessions = new ConcurrentHashMap<>();

    /**
     * @param scope what the targets belong to (the warehouse: its account and database), so that clusters writing
     *              to different warehouses from one PostgreSQL database never lock each other's tables
     */
    PostgresRunLock(ClusterDatabase database, String scope) {
        this.database = database;
        this.scope = scope;
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
            session = database.open("sfsync|" + runId + "|" + node() + "|" + sobject);
            try (PreparedStatement s = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                s.setLong(1, key);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        sessions.put(runId, session);
                        return Optional.empty();
                    }
                }
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
        Connection session = sessions.remove(runId);
        local.release(target, runId);
        if (session != null) {
            // Ending the session ends its advisory locks.
            close(session);
        }
    }

    @Override
    public void close() {
        for (String runId : new ArrayList<>(sessions.keySet())) {
            Connection session = sessions.remove(runId);
            if (session != null) {
                close(session);
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
