package io.sfsync.snowflakeemulator;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one sync run cost in Snowflake, read the way a Snowflake user reads it: from
 * {@code INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER()} (statements by QUERY_TYPE, PUT files and bytes, warehouse time) and
 * {@code COPY_HISTORY()} of each table a COPY loaded (files and their staged bytes), over one time window, on any JDBC
 * connection (the Snowflake driver's). Works against Snowflake and the offline Snowflake alike.
 *
 * <p>The warehouse estimate: {@link #warehouseSeconds()} adds up the elapsed time of the statements that ran on a
 * warehouse (a non-null WAREHOUSE_NAME: DML, COPY, SELECTs that read tables; not DDL, PUT, REMOVE, SHOW, ALTER SESSION
 * or transaction control, which Snowflake's cloud services run). Snowflake bills a running warehouse per second with a
 * minimum of 60 s each time it resumes: {@link #billedSeconds()} assumes the warehouse resumes once for the run
 * (auto-suspended before it and not shared with other work), so it is {@code max(60, ceil(warehouseSeconds))}.
 *
 * @param statements every statement of the user in the window
 * @param byType statements by QUERY_TYPE
 * @param copies COPY statements
 * @param merges MERGE statements
 * @param putFiles files uploaded by PUT (ROWS_PRODUCED of PUT_FILES: one result row per file)
 * @param bytesStaged bytes the PUTs uploaded (BYTES_WRITTEN of PUT_FILES; before compression)
 * @param copyFiles files the COPYs loaded (COPY_HISTORY rows)
 * @param copyBytes their size as staged (COPY_HISTORY FILE_SIZE; compressed)
 * @param warehouseMillis elapsed milliseconds of the statements that ran on a warehouse
 * @param copyFilesByTable files loaded per table a COPY loaded (its name as the COPY wrote it)
 */
public record RunBill(long statements, Map<String, Long> byType, long copies, long merges, long putFiles,
        long bytesStaged, long copyFiles, long copyBytes, long warehouseMillis, Map<String, Long> copyFilesByTable) {

    /** The COPYs a run needs at least: one per table it loads per {@value #FILES_PER_COPY} files. */
    public long copiesNeeded() {
        return copyFilesByTable.values().stream().mapToLong(f -> Math.max(1, (f + FILES_PER_COPY - 1)
                / FILES_PER_COPY)).sum();
    }

    /** The most statements one read returns (QUERY_HISTORY's RESULT_LIMIT at most). */
    public static final int RESULT_LIMIT = 10_000;
    /** The most files one COPY may name (FILES = (...)). */
    public static final long FILES_PER_COPY = 1000;
    /** Snowflake's minimum billing each time a warehouse resumes. */
    public static final long MINIMUM_SECONDS = 60;

    private static final Pattern COPY_TARGET = Pattern.compile("^\\s*COPY\\s+INTO\\s+((?:\"(?:[^\"]|\"\")+\"|[A-Za-z_]"
            + "[A-Za-z0-9_$]*)(?:\\.(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)){0,2})", Pattern.CASE_INSENSITIVE);

    /** Seconds the warehouse ran statements of the run. */
    public double warehouseSeconds() {
        return warehouseMillis / 1000.0;
    }

    /** The billed estimate: one resume for the run, per second, 60 s at least; 0 when nothing needed a warehouse. */
    public long billedSeconds() {
        return warehouseMillis == 0 ? 0 : Math.max(MINIMUM_SECONDS, (warehouseMillis + 999) / 1000);
    }

    /** Statements of one QUERY_TYPE. */
    public long count(String queryType) {
        return byType.getOrDefault(queryType, 0L);
    }

    /**
     * The statements {@code user} ran that started in [{@code from}, {@code to}], and the files their COPYs loaded.
     * The connection's role must see the user's statements (the user itself, or ACCOUNTADMIN).
     */
    public static RunBill read(Connection c, String user, Instant from, Instant to) throws SQLException {
        Map<String, Long> byType = new TreeMap<>();
        long statements = 0;
        long putFiles = 0;
        long bytesStaged = 0;
        long warehouseMillis = 0;
        Set<String> copyTargets = new LinkedHashSet<>();
        String sql = "SELECT QUERY_TYPE, QUERY_TEXT, START_TIME, ROWS_PRODUCED, BYTES_WRITTEN, WAREHOUSE_NAME,"
                + " TOTAL_ELAPSED_TIME FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER(USER_NAME => "
                + literal(user) + ", END_TIME_RANGE_START => " + literal(from.toString()) + ", RESULT_LIMIT => "
                + RESULT_LIMIT + ")) ORDER BY START_TIME";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Timestamp started = rs.getTimestamp("START_TIME");
                if (started == null || started.toInstant().isBefore(from) || started.toInstant().isAfter(to)) {
                    continue;
                }
                String type = rs.getString("QUERY_TYPE");
                statements++;
                byType.merge(type, 1L, Long::sum);
                if (type.equals("PUT_FILES")) {
                    putFiles += rs.getLong("ROWS_PRODUCED");
                    bytesStaged += rs.getLong("BYTES_WRITTEN");
                }
                if (type.equals("COPY")) {
                    Matcher m = COPY_TARGET.matcher(rs.getString("QUERY_TEXT"));
                    if (m.find()) {
                        copyTargets.add(m.group(1));
                    }
                }
                if (rs.getString("WAREHOUSE_NAME") != null) {
                    warehouseMillis += rs.getLong("TOTAL_ELAPSED_TIME");
                }
            }
        }
        long copyFiles = 0;
        long copyBytes = 0;
        Map<String, Long> byTable = new TreeMap<>();
        for (String table : copyTargets) {
            String files = "SELECT COUNT(*), COALESCE(SUM(FILE_SIZE), 0) FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY("
                    + "TABLE_NAME => " + literal(table) + ", START_TIME => " + literal(from.toString())
                    + ", END_TIME => " + literal(to.toString()) + "))";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(files)) {
                rs.next();
                copyFiles += rs.getLong(1);
                copyBytes += rs.getLong(2);
                byTable.put(table, rs.getLong(1));
            }
        }
        return new RunBill(statements, byType, byType.getOrDefault("COPY", 0L), byType.getOrDefault("MERGE", 0L),
                putFiles, bytesStaged, copyFiles, copyBytes, warehouseMillis, byTable);
    }

    /**
     * The statements of a run, oldest first, each as {@code QUERY_TYPE [wh N ms]: text} (the warehouse part only for
     * statements that ran on one), for a reader who wants to see what was sent.
     */
    public static List<String> texts(Connection c, String user, Instant from, Instant to) throws SQLException {
        List<String> out = new ArrayList<>();
        String sql = "SELECT QUERY_TYPE, QUERY_TEXT, START_TIME, WAREHOUSE_NAME, TOTAL_ELAPSED_TIME FROM TABLE("
                + "INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER(USER_NAME => " + literal(user)
                + ", END_TIME_RANGE_START => " + literal(from.toString()) + ", RESULT_LIMIT => " + RESULT_LIMIT
                + ")) ORDER BY START_TIME";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Instant started = rs.getTimestamp("START_TIME").toInstant();
                if (!started.isBefore(from) && !started.isAfter(to)) {
                    String text = rs.getString("QUERY_TEXT");
                    out.add(rs.getString("QUERY_TYPE") + (rs.getString("WAREHOUSE_NAME") == null ? "" : " [wh "
                            + rs.getLong("TOTAL_ELAPSED_TIME") + " ms]") + ": " + text);
                }
            }
        }
        return out;
    }

    private static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
