package io.sfsync.warehouse;

import java.util.List;

/**
 * The DML part of a {@link WarehouseDialect}: the staging table, the conversion of its text, and the statements that
 * move its rows into the target (MERGE, or through a work table), apply deletes and reconcile Ids.
 */
public interface MergeStatements extends DialectNames {

    /** Staging column holding each row's batch sequence, the tie-breaker when two rows share a key and watermark. */
    String BATCH_COLUMN = "_sfsync_batch";

    /** Column of {@link #collectChangedRows}'s work table: whether the row's key is new to the target. */
    String NEW_KEY_COLUMN = "_sfsync_new";

    /** Prefix of the flag columns of {@link #collectChangedRows}'s work table ({@link #differsColumn}). */
    String DIFFERS_PREFIX = "_sfsync_d";

    /**
     * Where a run's staging table lives; named {@link TableRefs#stagingName}, private to the load's session when the
     * warehouse has session-scoped temporary tables.
     */
    TableRef stagingTable(TableRef target, String runId);

    /** Creates (or replaces) the staging table: these columns as text, then {@link #BATCH_COLUMN}. */
    String createStaging(TableRef staging, List<String> columns);

    /**
     * Appends one CSV file (RFC 4180, header row, every field quoted, empty field = NULL) to the staging table;
     * {@code fileColumns} are the file's columns in file order. Parameters: batch sequence, file location. A dialect
     * whose bulk load takes no bind parameters (Snowflake's {@code COPY INTO}) throws
     * {@link UnsupportedOperationException} and names its files in a statement of its own.
     */
    String loadStaging(TableRef staging, List<String> fileColumns);

    /** One row: staged rows, distinct match keys, rows whose match key is NULL. */
    String stagingStats(TableRef staging, Column match);

    /** One row, one column: distinct staged match keys that the target does not have yet. */
    String countNewKeys(TableRef staging, TableRef target, Column match);

    /**
     * Counts the staged rows (deduplicated as the MERGE does) whose key the target has and whose content differs from
     * the target's row, newer or as new by the watermark: the rows a MERGE changes.
     */
    String countChangedRows(TableRef staging, TableRef target, List<Column> columns, Column match, Column watermark,
            boolean deduplicate);

    /**
     * Merges staging into the target: rows whose match key exists are updated, others inserted. With
     * {@code deduplicate} the source keeps one row per match key, the newest {@code watermark} winning (nullable: then
     * the last batch, then the last row); without it (the caller counted no duplicate key) the source is every row.
     */
    String merge(TableRef staging, TableRef target, List<Column> columns, Column match, Column watermark,
            boolean deduplicate);

    /**
     * Whether a {@link #merge} returns one row with its own counts (Snowflake: {@code number of rows inserted},
     * {@code number of rows updated}), so no count query has to repeat its work; otherwise the rows it will insert and
     * change are counted first ({@link #countNewKeys}, {@link #countChangedRows}).
     */
    default boolean mergeReportsCounts() {
        return false;
    }

    /**
     * Whether a full sync of an existing table rewrites its rows in place, in one transaction together with the state
     * row ({@link #mergeReplacing}, then the rows whose key was not read are deleted), instead of swapping a new table
     * in. Where DDL commits at once, a swap cannot share a transaction with the state row, and where a swap exchanges
     * whole objects (Snowflake's {@code SWAP WITH}) it carries away the grants, policies, tags and comments that
     * administrators put on the table. A table whose column types changed is still rebuilt and swapped.
     */
    default boolean replacesInPlace() {
        return false;
    }

    /**
     * Full sync in place ({@link #replacesInPlace}): like {@link #merge}, but a matched row takes the staged values
     * whenever they differ, whatever the watermarks say (a full sync reads the truth, older stamps included), and the
     * statement's result row gives the rows inserted and updated.
     */
    default String mergeReplacing(TableRef staging, TableRef target, List<Column> columns, Column match,
            Column watermark, boolean deduplicate) {
        throw new UnsupportedOperationException(name() + " replaces a table by swapping a new one in");
    }

    /**
     * Whether an incremental load writes through a work table instead of one {@link #merge}: one join collects the new
     * and changed source rows, with a flag per column saying whether it differs from the target's row
     * ({@link #collectChangedRows}), which also gives the counts ({@link #countCollectedRows}). Then, when few columns
     * changed, only those are updated ({@link #updateChangedColumns}); when many did, the changed keys' rows are
     * deleted ({@link #deleteChangedRows}) and appended again whole ({@link #insertCollectedRows}); new keys are
     * appended ({@link #insertCollectedRows}). The result is the MERGE's, value for value. On a column store such as
     * DuckDB an UPDATE costs by the column, and its change condition is evaluated far faster in a join than in MERGE.
     */
    default boolean mergesThroughWorkTable() {
        return false;
    }

    /** The work table of {@link #collectChangedRows}: beside the staging table, named after it. */
    default TableRef changedRowsTable(TableRef staging) {
        return new TableRef(staging.schema(), staging.table() + "_chg");
    }

    /** The flag column of {@link #collectChangedRows} for the {@code index}-th compared column (0-based). */
    default String differsColumn(int index) {
        return DIFFERS_PREFIX + index;
    }

    /**
     * Creates {@code work}: the keys of the staged rows (converted and deduplicated as {@link #source} does) that are
     * new to the target or whose row changes as {@link #merge} would change it; then {@code retained} (columns of the
     * target the source lacks, carried over from the target's row, NULL for a new key); then, for each of
     * {@code columns} but the match column, in order, a flag whether it differs from the target's value
     * ({@link #differsColumn}); then {@link #NEW_KEY_COLUMN}. The staged values themselves stay in staging: a work
     * table as wide as the source would cost as much to fill as the staging table did.
     */
    default String collectChangedRows(TableRef work, TableRef staging, TableRef target, List<Column> columns,
            Column match, Column watermark, boolean deduplicate, List<String> retained) {
        throw new UnsupportedOperationException(name() + " merges; it has no work table");
    }

    /**
     * One row: the rows of {@code work} with a new key, all its rows, then for each of the {@code compared} flags
     * whether some changed (not new) row has it set.
     */
    default String countCollectedRows(TableRef work, int compared) {
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FILTER (WHERE " + quote(NEW_KEY_COLUMN) + "), COUNT(*)");
        for (int i = 0; i < compared; i++) {
            sql.append(", COALESCE(BOOL_OR(NOT ").append(quote(NEW_KEY_COLUMN)).append(" AND ")
                    .append(quote(differsColumn(i))).append("), FALSE)");
        }
        return sql.append(" FROM ").append(table(work)).toString();
    }

    /**
     * Sets these columns of the target rows whose key {@code work} holds as changed (not new) to their values in
     * {@code source} (a {@link #source} query).
     */
    default String updateChangedColumns(TableRef target, TableRef work, String source, Column match,
            List<String> changed) {
        StringBuilder set = new StringBuilder();
        for (String c : changed) {
            set.append(set.length() == 0 ? "" : ", ").append(quote(c)).append(" = s.").append(quote(c));
        }
        String key = quote(match.name());
        return "UPDATE " + table(target) + " AS t SET " + set + " FROM (" + source + ") AS s WHERE t." + key + " = s."
                + key + " AND s." + key + " IN (SELECT " + key + " FROM " + table(work) + " WHERE NOT "
                + quote(NEW_KEY_COLUMN) + ")";
    }

    /** Deletes the target rows whose key {@code work} holds as changed (not new). */
    default String deleteChangedRows(TableRef target, TableRef work, Column match) {
        return "DELETE FROM " + table(target) + " WHERE " + quote(match.name()) + " IN (SELECT " + quote(match.name())
                + " FROM " + table(work) + " WHERE NOT " + quote(NEW_KEY_COLUMN) + ")";
    }

    /**
     * Appends the rows of {@code source} (a {@link #source} query) whose key {@code work} holds (all of them, or only
     * the new keys) to the target: {@code columns} from the source, {@code retained} from the work table.
     */
    default String insertCollectedRows(TableRef target, TableRef work, String source, Column match,
            List<String> columns, List<String> retained, boolean newKeysOnly) {
        StringBuilder names = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (String c : columns) {
            names.append(names.length() == 0 ? "" : ", ").append(quote(c));
            values.append(values.length() == 0 ? "" : ", ").append("s.").append(quote(c));
        }
        for (String r : retained) {
            names.append(", ").append(quote(r));
            values.append(", w.").append(quote(r));
        }
        String key = quote(match.name());
        return "INSERT INTO " + table(target) + " (" + names + ") SELECT " + values + " FROM (" + source + ") AS s"
                + " JOIN " + table(work) + " AS w ON w." + key + " = s." + key
                + (newKeysOnly ? " WHERE w." + quote(NEW_KEY_COLUMN) : "");
    }

    /**
     * A formula refresh ({@link LoadSpec#formulasOnly}): sets {@code columns} (the match column excepted) of the target
     * rows whose key is staged to their staged values, on the rows where some differ, so that the update count is the
     * rows changed. Keys the target lacks are not inserted, and no other column is touched.
     */
    String updateFormulaColumns(TableRef staging, TableRef target, List<Column> columns, Column match,
            boolean deduplicate);

    /**
     * Inserts the converted staging rows into an empty table (the new table of a full replace), deduplicated as in
     * {@link #merge}.
     */
    String insertFromStaging(TableRef staging, TableRef target, List<Column> columns, Column match,
            Column watermark, boolean deduplicate);

    /**
     * Diagnostics after a failed load: the first staged row whose {@code column} does not convert to its type, as
     * (match key, raw value, batch sequence); no row when every value converts.
     */
    String firstUnconvertible(TableRef staging, Column column, Column match);

    /** The staged text of a column converted to its type with a strict cast (an expression over the staging table). */
    String converted(Column column);

    /**
     * The converted staging rows as the MERGE reads them: deduplicated when asked, one row per match key, the newest
     * watermark winning (nullable: then the last batch, then the last row).
     */
    String source(TableRef staging, List<Column> columns, Column match, Column watermark, boolean deduplicate);

    /**
     * The keys whose newest source row (as {@link #source} deduplicates) has the boolean {@code flag} set: the records
     * whose latest change is a delete.
     */
    default String flaggedKeys(TableRef staging, List<Column> columns, Column match, Column watermark, Column flag,
            boolean deduplicate) {
        return "SELECT s." + quote(match.name()) + " FROM (" + source(staging, columns, match, watermark, deduplicate)
                + ") AS s WHERE s." + quote(flag.name());
    }

    /** Delete mode hard: deletes the target rows of the records whose newest staged row is a delete. */
    default String deleteFlaggedFromTarget(TableRef target, TableRef staging, List<Column> columns, Column match,
            Column watermark, Column flag, boolean deduplicate) {
        return "DELETE FROM " + table(target) + " WHERE " + quote(match.name()) + " IN ("
                + flaggedKeys(staging, columns, match, watermark, flag, deduplicate) + ")";
    }

    /** Delete mode hard: removes every staged row of the records whose newest staged row is a delete. */
    default String deleteFlaggedFromStaging(TableRef staging, List<Column> columns, Column match, Column watermark,
            Column flag, boolean deduplicate) {
        return "DELETE FROM " + table(staging) + " WHERE " + converted(match) + " IN ("
                + flaggedKeys(staging, columns, match, watermark, flag, deduplicate) + ")";
    }

    /** One row, one column: the table's row count. */
    default String countRows(TableRef table) {
        return "SELECT COUNT(*) FROM " + table(table);
    }

    /** Deletes the rows whose boolean column is true (delete mode hard: rows an earlier soft run kept). */
    default String deleteTrue(TableRef table, String column) {
        return "DELETE FROM " + table(table) + " WHERE " + quote(column);
    }

    /** One row, one column: rows of {@code table} whose key {@code other} does not have. */
    default String countMissingKeys(TableRef table, TableRef other, Column match) {
        return "SELECT COUNT(*) FROM " + table(table) + " AS t WHERE NOT EXISTS (SELECT 1 FROM " + table(other)
                + " AS o WHERE o." + quote(match.name()) + " = t." + quote(match.name()) + ")";
    }

    /**
     * Id reconciliation, delete mode soft: sets the boolean {@code flag} on the rows whose key is not among the staged
     * keys of {@code ids} (a staging table holding the match column only).
     */
    default String flagMissingKeys(TableRef target, TableRef ids, Column match, String flag) {
        return "UPDATE " + table(target) + " SET " + quote(flag) + " = TRUE WHERE " + quote(flag)
                + " IS DISTINCT FROM TRUE AND " + quote(match.name()) + " NOT IN (" + stagedKeys(ids, match) + ")";
    }

    /** Id reconciliation, delete mode hard: deletes the rows whose key is not among the staged keys of {@code ids}. */
    default String deleteMissingKeys(TableRef target, TableRef ids, Column match) {
        return "DELETE FROM " + table(target) + " WHERE " + quote(match.name()) + " NOT IN (" + stagedKeys(ids, match)
                + ")";
    }

    private String stagedKeys(TableRef ids, Column match) {
        return "SELECT " + converted(match) + " FROM " + table(ids) + " WHERE " + quote(match.name()) + " IS NOT NULL";
    }

    /** One row, one column: the largest converted staged value of the column (NULL when nothing is staged). */
    default String maxStaged(TableRef staging, Column column) {
        return "SELECT MAX(" + converted(column) + ") FROM " + table(staging);
    }

    /** One row, one column: the largest value of the column (NULL when the table is empty). */
    String maxValue(TableRef table, String column);

    /**
     * Copies the named columns from the rows of {@code from} with the same key into {@code table}: after a full
     * replace, columns of fields that left Salesforce keep their old values.
     */
    default String copyColumns(TableRef table, TableRef from, Column match, List<String> columns) {
        StringBuilder set = new StringBuilder();
        for (String c : columns) {
            set.append(set.length() == 0 ? "" : ", ").append(quote(c)).append(" = o.").append(quote(c));
        }
        return "UPDATE " + table(table) + " AS t SET " + set + " FROM " + table(from) + " AS o WHERE o."
                + quote(match.name()) + " = t." + quote(match.name());
    }
}
