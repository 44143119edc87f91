package io.sfsync.warehouse.snowflake;

import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.ColumnType;
import io.sfsync.warehouse.GeneralDialect;
import io.sfsync.warehouse.Identifiers;
import io.sfsync.warehouse.StageFiles;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.TableRefs;
import java.util.List;

/**
 * The SQL of sfsync on Snowflake.
 *
 * <p><b>Identifier rule.</b> Every identifier (schema, table, column, stage) is validated against
 * {@code [A-Za-z_][A-Za-z0-9_]*} ({@link Identifiers}) and then double-quoted exactly as given, by {@link #quote}
 * and nothing else, as on DuckDB: {@code Amount__c} becomes {@code "Amount__c"}, a field named {@code Order} becomes
 * {@code "Order"}. On Snowflake a quoted identifier is case-sensitive, so the table's columns are spelled exactly as
 * Salesforce spells the fields; to read them unquoted, a name must be all upper case ({@code "ACCOUNTS"} and
 * {@code ACCOUNTS} are the same table, {@code "Amount__c"} and {@code AMOUNT__C} are not). The same rule applies to the
 * run history ({@code "SFSYNC_CONTROL"."sfsync_history"} with lower-case columns) and to the stage, and
 * INFORMATION_SCHEMA lookups compare the exact names. Each session pins
 * {@code QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE}, so an account-level override cannot change the rule.
 *
 * <p><b>Timestamp rule.</b> Salesforce datetimes ({@code 2024-01-15T10:30:00.000Z}) become {@code TIMESTAMP_TZ}
 * values in UTC: each session sets {@code TIMEZONE = 'UTC'} and they are parsed with the exact format
 * {@value #DATETIME_FORMAT}, so every stored value carries the offset {@code +00:00}. Times
 * ({@code 10:30:00.000Z}) become {@code TIME} (wall clock, UTC) with {@value #TIME_FORMAT}, dates {@code DATE} with
 * {@value #DATE_FORMAT}.
 *
 * <p><b>Loading.</b> Batches are CSV files uploaded with {@code PUT} (gzip-compressed by the driver), either to the
 * user stage ({@code @~/sfsync/<sobject>/<runId>/}, merge path: loaded and removed batch by batch) or to the configured
 * named internal stage ({@code @STAGE/<sobject>/<runId>/}, stage path: loaded at commit, removed after it). {@code COPY
 * INTO} reads them with an inline CSV file format into an all-{@code VARCHAR} temporary staging table, naming every
 * file, turning each empty field into NULL ({@code NULLIF($n, '')}: CsvBatch quotes every field, and Snowflake keeps a
 * quoted empty field as an empty string), and recording each row's batch (from the file name) and its row number in
 * the file. The statements into the target then convert each column with a strict function ({@code TO_NUMBER},
 * {@code TO_TIMESTAMP_TZ}, ...: a bad value fails loudly; {@code TRY_} variants only diagnose) and deduplicate with
 * {@code QUALIFY ROW_NUMBER() OVER (PARTITION BY key ORDER BY watermark DESC NULLS LAST, batch DESC, row DESC) = 1}.
 *
 * <p>Text columns keep the length describe gives ({@code VARCHAR(255)}; ids and references {@code VARCHAR(18)}); a
 * field whose length was raised in Salesforce since the table was created widens its column in place
 * ({@link #widenColumn}, before the load's transaction). Numbers with a precision become {@code NUMBER(p,s)}, without
 * one {@code FLOAT}; int and long {@code NUMBER(38,0)}.
 */
public final class SnowflakeDialect extends GeneralDialect {

    /** Staging column holding each row's line number in its file, the last tie-breaker among duplicate keys. */
    public static final String ROW_COLUMN = "_sfsync_row";
    /** Format of Salesforce datetimes in a batch. */
    public static final String DATETIME_FORMAT = "YYYY-MM-DD\"T\"HH24:MI:SS.FF3\"Z\"";
    /** Format of Salesforce times in a batch. */
    public static final String TIME_FORMAT = "HH24:MI:SS.FF3\"Z\"";
    /** Format of Salesforce dates in a batch. */
    public static final String DATE_FORMAT = "YYYY-MM-DD";

    /** Snowflake's longest VARCHAR (16 MB): a column of that length is unbounded text. */
    static final long MAX_VARCHAR = 16_777_216L;

    private final SnowflakeStageStatements stages = new SnowflakeStageStatements(this);

    @Override
    public String name() {
        return "snowflake";
    }

    /** The statements on stages: PUT, COPY INTO staging, LIST, REMOVE, stage names and folders. */
    public SnowflakeStageStatements stages() {
        return stages;
    }

    /** Text keeps its length; every integer is {@code NUMBER(38,0)}, decimals {@code NUMBER(p,s)}. */
    @Override
    public String typeName(ColumnType type) {
        return switch (type.kind()) {
            case INTEGER, BIGINT -> "NUMBER(38,0)";
            case DECIMAL -> "NUMBER(" + type.precision() + "," + type.scale() + ")";
            case DOUBLE -> "FLOAT";
            case TIMESTAMP_TZ -> "TIMESTAMP_TZ";
            default -> super.typeName(type);
        };
    }

    /** Each staged row's line in its file (COPY records it). */
    @Override
    protected String rowOrder() {
        return quote(ROW_COLUMN);
    }

    /** Snowflake's table aliases go without {@code AS}. */
    @Override
    protected String aliased(String alias) {
        return " " + alias;
    }

    @Override
    public boolean caseSensitiveIdentifiers() {
        return true;
    }

    /**
     * Results as JSON (the Arrow format needs {@code --add-opens} on Java 17), UTC, and quoted identifiers kept
     * case-sensitive whatever the account's default.
     */
    @Override
    public List<String> sessionSetup() {
        return List.of("ALTER SESSION SET JDBC_QUERY_RESULT_FORMAT = 'JSON'",
                "ALTER SESSION SET TIMEZONE = 'UTC'",
                "ALTER SESSION SET QUOTED_IDENTIFIERS_IGNORE_CASE = FALSE");
    }

    @Override
    public String showGrants(TableRef table) {
        return "SHOW GRANTS ON TABLE " + table(table);
    }

    @Override
    public String tableComment() {
        return "SELECT COMMENT FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?";
    }

    /**
     * GRANT for each grant to a role but OWNERSHIP (the loading role owns the new table), then the comment. A grant
     * to anything but a role, or a privilege name that is not one word of capitals, is not copied: the caller reports
     * it.
     */
    @Override
    public List<String> carryOver(TableRef target, TableRef fresh, List<String[]> grants, String comment) {
        List<String> out = new java.util.ArrayList<>();
        for (String[] g : grants) {
            String privilege = g[0];
            if (privilege.equals("OWNERSHIP") || !"ROLE".equals(g[1]) || !privilege.matches("[A-Z_]+( [A-Z_]+)*")) {
                continue;
            }
            out.add("GRANT " + privilege + " ON TABLE " + table(fresh) + " TO ROLE " + quote(g[2])
                    + ("true".equalsIgnoreCase(g[3]) ? " WITH GRANT OPTION" : ""));
        }
        if (comment != null && !comment.isEmpty()) {
            out.add("COMMENT ON TABLE " + table(fresh) + " IS '" + comment.replace("\\", "\\\\").replace("'", "''")
                    + "'");
        }
        return out;
    }

    /** Makes the schema the session's current one. */
    public String useSchema(String schema) {
        return "USE SCHEMA " + quote(schema);
    }

    /**
     * One row, one column: 1 when the schema exists in the current database. Parameters: schema. Checked before
     * {@link #createSchema}, so a role without CREATE SCHEMA works with schemas an administrator created.
     */
    @Override
    public String schemaExists() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SCHEMATA WHERE SCHEMA_NAME = ?";
    }

    /** Permanent and transient tables only: a session's temporary staging tables are not targets. */
    @Override
    public String tableExists() {
        return "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " AND TABLE_TYPE = 'BASE TABLE'";
    }

    @Override
    public String listColumns() {
        return "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?"
                + " ORDER BY ORDINAL_POSITION";
    }

    @Override
    public String listColumnTypes() {
        return "SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE"
                + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION";
    }

    /** INFORMATION_SCHEMA spells text as TEXT with its length and every integer as NUMBER(38,0). */
    @Override
    public ColumnType columnType(String dataType, long length, int precision, int scale) {
        String t = dataType == null ? "" : dataType.trim().toUpperCase(java.util.Locale.ROOT);
        return switch (t) {
            case "TEXT", "VARCHAR" -> ColumnType.text(length > 0 && length < MAX_VARCHAR ? (int) length : 0);
            case "BOOLEAN" -> ColumnType.BOOLEAN;
            case "NUMBER", "DECIMAL", "NUMERIC" -> precision == 38 && scale == 0 ? ColumnType.BIGINT
                    : ColumnType.decimal(precision, scale);
            case "FLOAT", "DOUBLE", "REAL" -> ColumnType.DOUBLE;
            case "DATE" -> ColumnType.DATE;
            case "TIMESTAMP_TZ" -> ColumnType.TIMESTAMP_TZ;
            case "TIME" -> ColumnType.TIME;
            default -> null;
        };
    }

    /** As a {@code java.sql.Timestamp} (bound as TIMESTAMP_LTZ, stored in UTC: each session's time zone is UTC). */
    @Override
    public void bindInstant(java.sql.PreparedStatement statement, int index, java.time.Instant value)
            throws java.sql.SQLException {
        if (value == null) {
            statement.setNull(index, java.sql.Types.TIMESTAMP);
        } else {
            statement.setTimestamp(index, java.sql.Timestamp.from(value));
        }
    }

    /**
     * A temporary table in the target's schema: private to the load's session (connection), dropped with it, no
     * Fail-safe or Time Travel cost.
     */
    @Override
    public TableRef stagingTable(TableRef target, String runId) {
        return new TableRef(target.schema(), TableRefs.stagingName(target, runId));
    }

    @Override
    public String createStaging(TableRef staging, List<String> columns) {
        return "CREATE OR REPLACE TEMPORARY TABLE " + table(staging) + " (" + join(columns, c -> quote(c)
                + " VARCHAR") + ", " + quote(BATCH_COLUMN) + " NUMBER(38,0), " + quote(ROW_COLUMN) + " NUMBER(38,0))";
    }

    /**
     * Not used on Snowflake: {@code COPY INTO} takes no bind parameters, so the location and files are named in the
     * statement by {@link SnowflakeStageStatements#copyIntoStaging}, and the batch comes from the file name.
     */
    @Override
    public String loadStaging(TableRef staging, List<String> fileColumns) {
        throw new UnsupportedOperationException("Snowflake loads staging with copyIntoStaging (COPY INTO takes no"
                + " bind parameters)");
    }

    /**
     * One row: for each of {@code columns} (none of them text), how many staged values do not convert to its type.
     * Run before any DDL, so that a bad value fails the load before the target is created or altered (Snowflake
     * commits DDL at once).
     */
    public String conversionFailures(TableRef staging, List<Column> columns) {
        if (columns.isEmpty() || columns.stream().anyMatch(c -> c.type().isText())) {
            throw new IllegalArgumentException("conversionFailures takes typed (non-text) columns only");
        }
        return "SELECT " + join(columns, c -> "COUNT_IF(" + quote(c.name()) + " IS NOT NULL AND "
                + conversion(c, true) + " IS NULL)") + " FROM " + table(staging);
    }

    /**
     * One row from one scan of staging, all a load checks before DDL: rows, distinct keys, rows without a key, the
     * newest watermark (NULL without one), then per typed column of {@code typed} the values that do not convert.
     */
    public String stagingSummary(TableRef staging, Column match, Column watermark, List<Column> typed) {
        return "SELECT COUNT(*), COUNT(DISTINCT " + converted(match) + "), COUNT(*) - COUNT(" + quote(match.name())
                + "), " + (watermark == null ? "NULL" : "MAX(" + conversion(watermark, true) + ")")
                + (typed.isEmpty() ? "" : ", " + join(typed, c -> "COUNT_IF(" + quote(c.name()) + " IS NOT NULL AND "
                + conversion(c, true) + " IS NULL)")) + " FROM " + table(staging);
    }

    @Override
    public boolean mergeReportsCounts() {
        return true;
    }

    /**
     * Tags every statement of a session with the load it belongs to ({@code QUERY_HISTORY.QUERY_TAG}), so that an
     * administrator can see what sfsync ran and what it cost. The parts are identifiers and a run id, checked here.
     */
    public String queryTag(String sobject, TableRef target, String runId) {
        Identifiers.require(sobject, "sObject");
        table(target);
        StageFiles.requireRunId(runId);
        return "ALTER SESSION SET QUERY_TAG = 'sfsync " + sobject + " -> " + target + " run " + runId + "'";
    }

    /** Clears the load's tag before the session goes back to the pool. */
    public String unsetQueryTag() {
        return "ALTER SESSION UNSET QUERY_TAG";
    }

    /**
     * Bounds every statement of sfsync's sessions: a statement that runs longer than {@code statementSeconds} is
     * cancelled, one that waits for a lock longer than {@code lockSeconds} fails (Snowflake's defaults are two days
     * and twelve hours, so a load blocked by a transaction an earlier, killed run left open would hang for hours).
     */
    public List<String> timeouts(int statementSeconds, int lockSeconds) {
        return List.of("ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = " + statementSeconds,
                "ALTER SESSION SET LOCK_TIMEOUT = " + lockSeconds);
    }

    /**
     * Begins a load's transaction under a name ({@code SHOW TRANSACTIONS} lists it in its {@code name} column), so
     * that a later run can tell the transaction of a killed load of the same target from any other. The name is a
     * quoted identifier made of checked identifiers ({@link DetachedTransactions#name}).
     */
    public String beginTransaction(String name) {
        if (name.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a transaction name cannot hold a double quote: " + name);
        }
        return "BEGIN TRANSACTION NAME \"" + name + "\"";
    }

    /** The session's id, as {@code SHOW TRANSACTIONS} names sessions. */
    public String currentSession() {
        return "SELECT CURRENT_SESSION()";
    }

    /** The running transactions of the session's user, in all of its sessions. */
    public String showTransactions() {
        return "SHOW TRANSACTIONS";
    }

    /** Aborts (rolls back) a running transaction of the user; Snowflake takes the id as a constant only. */
    public String abortTransaction(long transactionId) {
        return "SELECT SYSTEM$ABORT_TRANSACTION(" + transactionId + ")";
    }

    /** Snowflake's SWAP takes the table's grants, policies, tags and comments with it: full syncs replace in place. */
    @Override
    public boolean replacesInPlace() {
        return true;
    }

    @Override
    public String mergeReplacing(TableRef staging, TableRef target, List<Column> columns, Column match,
            Column watermark, boolean deduplicate) {
        return merge(staging, target, columns, match, watermark, deduplicate, false);
    }

    /** Renames within the same schema; the new name is qualified, so the session's schema does not matter. */
    @Override
    public String renameTable(TableRef table, String newName) {
        return "ALTER TABLE " + table(table) + " RENAME TO " + table(new TableRef(table.schema(), newName));
    }

    /** Exchanges two tables' contents and metadata in one atomic metadata operation. */
    public String swap(TableRef target, TableRef fresh) {
        return "ALTER TABLE " + table(target) + " SWAP WITH " + table(fresh);
    }

    /**
     * When the target exists: swap the fully loaded {@code fresh} in (readers see the old table or the new one,
     * never a half-loaded one), then drop {@code fresh}, which now holds the old rows. Snowflake commits each of
     * these at once; a target that does not exist yet is renamed into place instead ({@link #renameTable}).
     */
    @Override
    public List<String> replaceTable(TableRef fresh, TableRef target) {
        return List.of(swap(target, fresh), dropTable(fresh));
    }

    /** Snowflake's conversion functions ({@code TO_NUMBER}, ...), or their {@code TRY_} variants when lenient. */
    @Override
    protected String conversion(Column column, boolean lenient) {
        String text = quote(column.name());
        String fn;
        String args;
        ColumnType type = column.type();
        switch (type.kind()) {
            case TEXT:
                return text;
            case BOOLEAN:
                fn = "TO_BOOLEAN";
                args = text;
                break;
            case INTEGER:
            case BIGINT:
                fn = "TO_NUMBER";
                args = text + ", 38, 0";
                break;
            case DECIMAL:
                fn = "TO_NUMBER";
                args = text + ", " + type.precision() + ", " + type.scale();
                break;
            case DOUBLE:
                fn = "TO_DOUBLE";
                args = text;
                break;
            case DATE:
                fn = "TO_DATE";
                args = text + ", '" + DATE_FORMAT + "'";
                break;
            case TIMESTAMP_TZ:
                fn = "TO_TIMESTAMP_TZ";
                args = text + ", '" + DATETIME_FORMAT + "'";
                break;
            case TIME:
                fn = "TO_TIME";
                args = text + ", '" + TIME_FORMAT + "'";
                break;
            default:
                throw new IllegalArgumentException("unhandled column kind " + type.kind());
        }
        return (lenient ? "TRY_" : "") + fn + "(" + args + ")";
    }
}
