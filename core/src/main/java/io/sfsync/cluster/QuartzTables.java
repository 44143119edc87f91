package io.sfsync.cluster;

import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.impl.jdbcjobstore.JobStoreSupport;

/**
 * Quartz's tables in the cluster's database, made from the DDL Quartz ships for PostgreSQL
 * ({@code org/quartz/impl/jdbcjobstore/tables_postgres.sql}, without its DROP statements) when none of them exists.
 * Nodes starting at the same moment create them once: each checks and creates under one transaction-level advisory
 * lock, so the second finds them made by the first.
 */
final class QuartzTables {
    static final String DDL = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)^CREATE\\s+TABLE\\s+(\\w+)");

    private QuartzTables() {
    }

    /** The CREATE statements of the DDL, their {@code QRTZ_} prefix replaced by {@code prefix}. */
    static List<String> statements(String prefix) {
        String sql;
        try (InputStream in = JobStoreSupport.class.getClassLoader().getResourceAsStream(DDL)) {
            if (in == null) {
                throw new IllegalStateException("Quartz's " + DDL + " is not on the class path");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Quartz's " + DDL, e);
        }
        StringBuilder code = new StringBuilder();
        for (String line : sql.split("\n")) {
            if (!line.trim().startsWith("--")) {
                code.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String statement : code.toString().split(";")) {
            String s = statement.trim();
            if (s.regionMatches(true, 0, "CREATE", 0, 6)) {
                out.add(s.replaceAll("(?i)QRTZ_", prefix.toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    /** The tables the DDL creates, lower case, as PostgreSQL names them. */
    static List<String> tables(List<String> statements) {
        List<String> out = new ArrayList<>();
        for (String s : statements) {
            Matcher m = CREATE_TABLE.matcher(s);
            if (m.find()) {
                out.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * Makes sure Quartz's tables exist; creates them (all in one transaction) when none does and {@code create}.
     *
     * @return whether this call created them
     */
    static boolean ensure(Connection c, String prefix, boolean create, String where) throws SQLException {
        List<String> statements = statements(prefix);
        List<String> tables = tables(statements);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, PostgresRunLock.key("sfsync quartz tables " + prefix));
                lock.execute();
            }
            List<String> missing = missing(c, tables);
            if (missing.isEmpty()) {
                c.commit();
                return false;
            }
            if (missing.size() < tables.size()) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, "the Quartz tables in " + where
                        + " are incomplete: " + String.join(", ", missing) + " missing (create them from Quartz's "
                        + DDL + ", or drop the other " + prefix + "* tables so that sfsync creates them all)");
            }
            if (!create) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, "the Quartz tables " + prefix + "* do not"
                        + " exist in " + where + ": create them from Quartz's " + DDL + " (in the quartz jar), or set "
                        + ClusterSettings.PREFIX + "create-tables = true");
            }
            try (Statement s = c.createStatement()) {
                for (String statement : statements) {
                    s.execute(statement);
                }
            }
            c.commit();
            return true;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static List<String> missing(Connection c, List<String> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (String table : tables) {
                s.setString(1, table);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        out.add(table);
                    }
                }
            }
        }
        return out;
    }
}
