package io.sfsync.warehouse;

import java.util.Collections;
import java.util.List;

/**
 * The control-table part of a {@link WarehouseDialect}: the run history appended to, and the reads and deletes by key
 * of the state and history tables ({@code sfsync status}, {@code sfsync history}).
 */
public interface ControlTableStatements extends DialectNames {

    /** Creates the run history table when it is missing. */
    String createHistoryTable(TableRef table, List<Column> columns);

    /** Appends one run to the history table. Parameters: the columns' values, in order. */
    String insertHistory(TableRef table, List<String> columns);

    /** Deletes the rows whose {@code keyColumn} equals the parameter. Parameters: the key. */
    default String deleteByKey(TableRef table, String keyColumn) {
        return "DELETE FROM " + table(table) + " WHERE " + keyEquals(keyColumn);
    }

    /**
     * Sets the named columns of the rows whose {@code keyColumn} equals the last parameter: one statement, so that in
     * autocommit a row is either the old one or the new one. Parameters: the columns' values, in order, then the key.
     */
    default String updateByKey(TableRef table, List<String> columns, String keyColumn) {
        StringBuilder set = new StringBuilder();
        for (String c : columns) {
            set.append(set.length() == 0 ? "" : ", ").append(quote(c)).append(" = ?");
        }
        return "UPDATE " + table(table) + " SET " + set + " WHERE " + keyEquals(keyColumn);
    }

    /**
     * The condition that a key column naming a table equals the parameter. Table names compare as the warehouse
     * compares identifiers: exactly here (Snowflake's quoted names), without case in DuckDB.
     */
    default String keyEquals(String keyColumn) {
        return quote(keyColumn) + " = ?";
    }

    /** The named columns of the rows whose {@code keyColumn} equals the parameter. Parameters: the key. */
    default String selectByKey(TableRef table, List<String> columns, String keyColumn) {
        StringBuilder cols = new StringBuilder();
        for (String c : columns) {
            cols.append(cols.length() == 0 ? "" : ", ").append(quote(c));
        }
        return "SELECT " + cols + " FROM " + table(table) + " WHERE " + keyEquals(keyColumn);
    }

    /** The named columns of every row. */
    default String selectAll(TableRef table, List<String> columns) {
        return "SELECT " + columnList(columns) + " FROM " + table(table);
    }

    /**
     * The newest run of each target in the history table, newest first. {@code timeColumn} orders the runs,
     * {@code targetColumn} groups them.
     */
    default String latestRunPerTarget(TableRef history, List<String> columns, String targetColumn,
            String timeColumn) {
        return "SELECT " + columnList(columns) + " FROM " + table(history) + " QUALIFY ROW_NUMBER() OVER (PARTITION BY "
                + quote(targetColumn) + " ORDER BY " + quote(timeColumn) + " DESC) = 1 ORDER BY " + quote(timeColumn)
                + " DESC";
    }

    /**
     * The newest {@code limit} runs of the history, newest first; with {@code filtered}, only the runs whose
     * {@code sobjectColumn} or {@code targetColumn} equals the parameter (case-insensitive). Parameters: the name
     * twice.
     */
    default String recentRuns(TableRef history, List<String> columns, boolean filtered, String sobjectColumn,
            String targetColumn, String timeColumn, int limit) {
        return "SELECT " + columnList(columns) + " FROM " + table(history) + (filtered ? " WHERE UPPER("
                + quote(sobjectColumn) + ") = UPPER(?) OR UPPER(" + quote(targetColumn) + ") = UPPER(?)" : "")
                + " ORDER BY " + quote(timeColumn) + " DESC LIMIT " + Math.max(0, limit);
    }

    /**
     * How many successful runs of one target with a counted method the history holds since the target's last
     * successful run with a restarting method (all of them when there is none): the incremental runs since the last
     * formula refresh or full sync. One COUNT over the target's rows; no typed constant, so it reads the same in
     * every dialect. Parameters: the target and the {@code counted} methods, then the target and the
     * {@code restarting} methods.
     */
    default String runsSinceLast(TableRef history, int counted, int restarting) {
        String success = quote("success");
        String method = quote("sync_method");
        String at = quote("sync_timestamp");
        // unqualified, the target column is the innermost table's: r's outside, s's in the subquery
        return "SELECT COUNT(*) FROM " + table(history) + " r WHERE " + keyEquals("target_table") + " AND r."
                + success + " = TRUE AND r." + method + " IN (" + marks(counted) + ") AND NOT EXISTS (SELECT 1 FROM "
                + table(history) + " s WHERE " + keyEquals("target_table") + " AND s." + success + " = TRUE AND s."
                + method + " IN (" + marks(restarting) + ") AND s." + at + " > r." + at + ")";
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(Math.max(1, n), "?"));
    }

    private String columnList(List<String> columns) {
        StringBuilder cols = new StringBuilder();
        for (String c : columns) {
            cols.append(cols.length() == 0 ? "" : ", ").append(quote(c));
        }
        return cols.toString();
    }
}
