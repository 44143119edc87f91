package io.sfsync.warehouse.snowflake;

import io.sfsync.warehouse.TableRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts the transaction an earlier load of the same target left open when its process died inside it.
 *
 * <p>Snowflake keeps a transaction whose client vanished (SIGKILL, a lost host) running, detached, with its locks on
 * the target and the state table, and rolls it back only when it has blocked another transaction while idle for five
 * minutes, or after four hours (docs: "Transactions", "Aborting transactions"). The next run of that target would wait
 * on those locks for up to {@code LOCK_TIMEOUT} and could fail. So every load's transaction carries a name that says
 * which target it loads ({@link #name}, {@code BEGIN TRANSACTION NAME}), and before its own transaction a load lists
 * the user's running transactions ({@code SHOW TRANSACTIONS}) and aborts ({@code SYSTEM$ABORT_TRANSACTION}) exactly
 * those that
 * <ul>
 *   <li>carry the name of a load of this same target in this same database, and</li>
 *   <li>run in a session that no load of this process holds (this process registers each load's session here before
 *   its check, and only load sessions open transactions).</li>
 * </ul>
 * A load of another target, live or detached, is never touched, so two processes syncing different targets leave each
 * other alone; one process never runs two loads of one target at once (the second run is skipped). What an aborted
 * transaction had changed is rolled back: its table is the one the last committed run left, with its state row.
 */
final class DetachedTransactions {
    private static final Logger LOG = LoggerFactory.getLogger(DetachedTransactions.class);
    /** Every transaction name sfsync gives starts with this. */
    static final String PREFIX = "sfsync load ";
    /** Snowflake's lock errors (000625) name the table and the transaction that holds it. */
    private static final Pattern LOCKED = Pattern.compile("has locked table '([^']*)' in transaction (\\d+)");

    /**
     * The sessions of this process's loads, whichever warehouse object opened them: their transactions are live by
     * definition. Process-wide on purpose, as "a session this process uses" is.
     */
    private static final Set<String> OWN_SESSIONS = ConcurrentHashMap.newKeySet();

    private DetachedTransactions() {
    }

    /** The name of every load transaction of {@code target} in {@code database}. */
    static String name(String database, TableRef target) {
        return PREFIX + database + "." + target.schema() + "." + target.table();
    }

    /** A running transaction as {@code SHOW TRANSACTIONS} lists it. */
    record Running(long id, String session, String name, String startedOn) {
    }

    /**
     * Registers the load's session {@code own} ({@link #session}) as one of this process's, then aborts the detached
     * transactions of earlier loads of {@code target}; returns one line per aborted transaction, for the log and the
     * run's result.
     */
    static List<String> abortDetached(Connection c, SnowflakeDialect dialect, String own, String database,
            TableRef target) throws SQLException {
        OWN_SESSIONS.add(own);
        String name = name(database, target);
        List<String> notes = new ArrayList<>();
        for (Running t : running(c, dialect)) {
            if (!t.name().equals(name) || OWN_SESSIONS.contains(t.session())) {
                continue;
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.abortTransaction(t.id()))) {
                String answer = rs.next() ? rs.getString(1) : "";
                String note = "aborted transaction " + t.id() + " (session " + t.session() + ", started "
                        + t.startedOn() + "): an earlier load of " + target + " whose process ended inside it left it"
                        + " open, holding its locks; its changes are rolled back (" + answer + ")";
                LOG.warn("{}", note);
                notes.add(note);
            }
        }
        return notes;
    }

    /**
     * For a statement that gave up waiting for a lock (Snowflake's 000625 "... has locked table 'T' in transaction N
     * ..."): how to find out whose transaction it is and end it; "" for any other message. sfsync aborts only the
     * transactions of its own target's earlier loads; one of another target's (a run of it killed after its state row)
     * is left to that target's next run or to the user.
     */
    static String lockHint(String message) {
        Matcher m = LOCKED.matcher(message);
        if (!m.find()) {
            return "";
        }
        return " (transaction " + m.group(2) + " holds a lock on " + m.group(1) + "; SHOW TRANSACTIONS as this user"
                + " shows its session and name: when it is named 'sfsync load ...' for a target that is not syncing"
                + " now, a killed run left it and SELECT SYSTEM$ABORT_TRANSACTION(" + m.group(2) + ") ends it,"
                + " rolling its changes back; otherwise wait for it, or raise"
                + " sfsync.warehouse.snowflake.lock-timeout-seconds)";
    }

    /** The load in session {@code session} is over (the pool rolls back what it left): no longer a load's. */
    static void release(String session) {
        if (session != null) {
            OWN_SESSIONS.remove(session);
        }
    }

    static String session(Connection c, SnowflakeDialect dialect) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.currentSession())) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The user's running transactions, read by column label. */
    static List<Running> running(Connection c, SnowflakeDialect dialect) throws SQLException {
        List<Running> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.showTransactions())) {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, Integer> col = new HashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                col.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
            }
            if (!col.keySet().containsAll(List.of("id", "session", "name"))) {
                throw new SQLException("SHOW TRANSACTIONS answered without the columns id, session and name: "
                        + col.keySet());
            }
            while (rs.next()) {
                String name = rs.getString(col.get("name"));
                if (name == null || !name.startsWith(PREFIX)) {
                    continue;
                }
                out.add(new Running(rs.getLong(col.get("id")), rs.getString(col.get("session")), name,
                        col.containsKey("started_on") ? rs.getString(col.get("started_on")) : "?"));
            }
        }
        return out;
    }
}
