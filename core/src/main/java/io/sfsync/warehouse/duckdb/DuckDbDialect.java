package io.sfsync.warehouse.duckdb;

import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.ColumnType;
import io.sfsync.warehouse.GeneralDialect;
import io.sfsync.warehouse.Identifiers;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.TableRefs;
import java.util.List;

/**
 * The SQL of sfsync on DuckDB.
 *
 * <p><b>Identifier rule.</b> Every identifier (schema, table, column) is validated against
 * {@code [A-Za-z_][A-Za-z0-9_]*} ({@link Identifiers}) and then double-quoted exactly as given, by {@link #quote}
 * and nothing else: {@code Amount__c} becomes {@code "Amount__c"}, a field named {@code Order} becomes
 * {@code "Order"}. Quoting keeps Salesforce's mixed-case API names and makes reserved words safe; validation makes
 * injection impossible ({@code ACCOUNTS; DROP TABLE x} is rejected before any SQL is built). DuckDB keeps the case
 * but matches identifiers case-insensitively, so {@code "Amount__c"} and {@code amount__c} are the same column.
 * Values are always bound parameters; the only literals are constants of this class.
 *
 * <p><b>Loading.</b> CSV files go into an all-{@code VARCHAR} staging table through {@code read_csv} with every
 * option explicit and auto-detection off, so DuckDB never guesses a type. The statements into the target then cast
 * each column with {@code CAST} (not {@code TRY_CAST}: a bad value fails the transaction loudly): datetimes
 * ({@code 2024-01-15T10:30:00.000Z}) to {@code TIMESTAMPTZ}, times ({@code 10:30:00.000Z}) to {@code TIME} after
 * stripping the {@code Z}, {@code true}/{@code false} to {@code BOOLEAN}, numbers to {@code DECIMAL(p,s)},
 * {@code DOUBLE}, {@code INTEGER} or {@code BIGINT}; an empty field is NULL. Duplicate keys are resolved with
 * {@code QUALIFY ROW_NUMBER() OVER (PARTITION BY key ORDER BY watermark DESC NULLS LAST, batch DESC, rowid DESC) = 1}:
 * the newest watermark wins, then the later batch, then the later row, so the same input always gives the same
 * table.
 */
public final class DuckDbDialect extends GeneralDialect {

    /**
     * Longest CSV line (row) read_csv accepts. A few 131,072-character text areas of multi-byte text exceed DuckDB's
     * 2 MB default; the read buffer grows with this limit, so it is not set higher than needed.
     */
    static final int MAX_LINE_SIZE = 16 * 1024 * 1024;

    private static final String CSV_OPTIONS = "header = true, delim = ',', quote = '\"', escape = '\"', nullstr = '',"
            + " allow_quoted_nulls = true, auto_detect = false, strict_mode = true, max_line_size = " + MAX_LINE_SIZE;

    /** read_csv's column with each row's file (a name no Salesforce field can have: API names start with a letter). */
    static final String FILE_COLUMN = "_sfsync_file";

    private static final String TEMP_CATALOG = "temp";

    @Override
    public String name() {
        return "duckdb";
    }

    /** DuckDB's identifiers ignore case, so RAW.Accounts and raw.ACCOUNTS name one table and one state row. */
    @Override
    public String keyEquals(String keyColumn) {
        return "lower(" + quote(keyColumn) + ") = lower(?)";
    }

    /** ANSI's names but DuckDB's short ones for doubles and timestamps with time zone; VARCHAR has no length. */
    @Override
    public String typeName(ColumnType type) {
        return switch (type.kind()) {
            case DOUBLE -> "DOUBLE";
            case TIMESTAMP_TZ -> "TIMESTAMPTZ";
            default -> super.typeName(type.isText() ? ColumnType.TEXT : type);
        };
    }

    /** DuckDB's row id: the order in which rows were appended to staging. */
    @Override
    protected String rowOrder() {
        return "rowid";
    }

    @Override
    public boolean caseSensitiveIdentifiers() {
        return false;
    }

    @Override
    public List<String> sessionSetup() {
        return List.of("SET TimeZone = 'UTC'");
    }

    @Override
    public String schemaExists() {
        return "SELECT COUNT(*) FROM information_schema.schemata WHERE catalog_name = current_database()"
                + " AND lower(schema_name) = lower(?)";
    }

    @Override
    public String tableExists() {
        return "SELECT COUNT(*) FROM information_schema.tables WHERE table_catalog = current_database()"
                + " AND lower(table_schema) = lower(?) AND lower(table_name) = lower(?)";
    }

    @Override
    public String listColumns() {
        return "SELECT column_name FROM information_schema.columns WHERE table_catalog = current_database()"
                + " AND lower(table_schema) = lower(?) AND lower(table_name) = lower(?) ORDER BY ordinal_position";
    }

    @Override
    public String listColumnTypes() {
        return "SELECT column_name, data_type, character_maximum_length, numeric_precision, numeric_scale"
                + " FROM information_schema.columns WHERE table_catalog = current_database()"
                + " AND lower(table_schema) = lower(?) AND lower(table_name) = lower(?) ORDER BY ordinal_position";
    }

    /** DuckDB spells {@code DECIMAL(18,2)} in the data type itself; VARCHAR has no length. */
    @Override
    public ColumnType columnType(String dataType, long length, int precision, int scale) {
        String t = dataType == null ? "" : dataType.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC")) {
            return ColumnType.decimal(precision, scale);
        }
        return switch (t) {
            case "VARCHAR" -> ColumnType.TEXT;
            case "BOOLEAN" -> ColumnType.BOOLEAN;
            case "INTEGER" -> ColumnType.INTEGER;
            case "BIGINT" -> ColumnType.BIGINT;
            case "DOUBLE" -> ColumnType.DOUBLE;
            case "DATE" -> ColumnType.DATE;
            case "TIMESTAMP WITH TIME ZONE" -> ColumnType.TIMESTAMP_TZ;
            case "TIME" -> ColumnType.TIME;
            default -> null;
        };
    }

    /**
     * A temporary table: DuckDB keeps it per connection (each load has its own), writes no WAL for it, spills it to
     * the database's temp directory when memory runs short, and drops it when the connection closes, even after a
     * crash. Temporary tables live in the {@code temp} catalog, whatever the target's schema.
     */
    @Override
    public TableRef stagingTable(TableRef target, String runId) {
        return new TableRef(TEMP_CATALOG, TableRefs.stagingName(target, runId));
    }

    @Override
    public String createStaging(TableRef staging, List<String> columns) {
        return "CREATE OR REPLACE TEMP TABLE " + table(staging) + " (" + join(columns, c -> quote(c) + " VARCHAR")
                + ", " + quote(BATCH_COLUMN) + " INTEGER)";
    }

    @Override
    public String loadStaging(TableRef staging, List<String> fileColumns) {
        // read_csv's column names are string literals; they passed the identifier rule, so they hold no quote.
        return "INSERT INTO " + table(staging) + " (" + join(fileColumns, this::quote) + ", " + quote(BATCH_COLUMN)
                + ") SELECT *, CAST(? AS INTEGER) FROM read_csv(?, columns = {"
                + join(fileColumns, c -> "'" + Identifiers.require(c, "column") + "': 'VARCHAR'") + "}, "
                + CSV_OPTIONS + ")";
    }

    /**
     * Appends CSV files (pages, all with these columns in this order) to the staging table in one statement, so that
     * DuckDB reads them in parallel; each row's batch is the sequence in its file's name ({@code ..._000003.csv} is
     * batch 3), and rows keep their file order. Parameters: the files' paths (a list).
     */
    public String loadStagingFiles(TableRef staging, List<String> fileColumns) {
        return "INSERT INTO " + table(staging) + " (" + join(fileColumns, this::quote) + ", " + quote(BATCH_COLUMN)
                + ") SELECT " + join(fileColumns, this::quote) + ", CAST(regexp_extract(" + quote(FILE_COLUMN)
                + ", '_([0-9]+)\\.csv$', 1) AS INTEGER) FROM read_csv(?, columns = {" + csvColumns(fileColumns)
                + "}, filename = '" + FILE_COLUMN + "', " + CSV_OPTIONS + ")";
    }

    /**
     * A view with the staging table's columns over CSV files (all with {@code fileColumns} in this order), read anew by
     * every statement that uses it: {@code columns} in order (those the files lack are NULL), then each row's batch
     * as {@link #loadStagingFiles} sets it. The paths are written as string literals (a view takes no parameters).
     */
    public String createStagingView(TableRef staging, List<String> columns, List<String> fileColumns,
            List<String> paths) {
        return "CREATE OR REPLACE TEMP VIEW " + table(staging) + " AS SELECT " + join(columns, c -> fileColumns
                .contains(c) ? quote(c) : "CAST(NULL AS VARCHAR) AS " + quote(c)) + ", CAST(regexp_extract("
                + quote(FILE_COLUMN) + ", '_([0-9]+)\\.csv$', 1) AS INTEGER) AS " + quote(BATCH_COLUMN)
                + " FROM read_csv([" + join(paths, DuckDbDialect::literal) + "], columns = {" + csvColumns(fileColumns)
                + "}, filename = '" + FILE_COLUMN + "', " + CSV_OPTIONS + ")";
    }

    /** Drops a view when it exists. */
    public String dropView(TableRef view) {
        return "DROP VIEW IF EXISTS " + table(view);
    }

    /** A temporary table with the rows of {@code from} (a view), in their order. */
    public String copyToTempTable(TableRef from, TableRef to) {
        return "CREATE OR REPLACE TEMP TABLE " + table(to) + " AS SELECT * FROM " + table(from);
    }

    /** A SQL string literal: single quotes doubled. */
    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * Inserts CSV files (all with these columns in this order) into a typed table, each value converted with a strict
     * cast as {@link #converted} does: a full load's new table filled straight from the pages, in one parallel
     * statement, without a staging table. Parameters: the files' paths (a list).
     */
    public String insertFiles(TableRef table, List<Column> fileColumns) {
        return "INSERT INTO " + table(table) + " (" + join(fileColumns, c -> quote(c.name())) + ") SELECT "
                + join(fileColumns, this::converted) + " FROM read_csv(?, columns = {"
                + csvColumns(fileColumns.stream().map(Column::name).toList()) + "}, " + CSV_OPTIONS + ")";
    }

    private static String csvColumns(List<String> columns) {
        // read_csv's column names are string literals; they passed the identifier rule, so they hold no quote.
        return join(columns, c -> "'" + Identifiers.require(c, "column") + "': 'VARCHAR'");
    }

    /**
     * {@link #stagingStats}, then the newest staged watermark (values that do not convert are left out here; the load
     * fails on them later, naming them).
     */
    public String stagingStats(TableRef staging, Column match, Column watermark) {
        return "SELECT COUNT(*), COUNT(DISTINCT " + converted(match) + "), COUNT(*) - COUNT(" + quote(match.name())
                + "), MAX(" + conversion(watermark, true) + ") FROM " + table(staging);
    }

    @Override
    public boolean mergesThroughWorkTable() {
        return true;
    }

    /**
     * The new and changed rows in one LEFT JOIN. The change condition is {@link #changed}'s, spelled so that DuckDB
     * evaluates it faster: one {@code IS DISTINCT FROM} per column joined by {@code OR} (about twice as fast as the
     * comparison of two row values; rows differ when some column differs), and those only for rows whose watermark
     * did not move forward.
     */
    @Override
    public String collectChangedRows(TableRef work, TableRef staging, TableRef target, List<Column> columns,
            Column match, Column watermark, boolean deduplicate, List<String> retained) {
        String key = quote(match.name());
        List<Column> compared = allBut(columns, match);
        StringBuilder condition = new StringBuilder(TARGET_ALIAS + "." + key + " IS NULL");
        StringBuilder flags = new StringBuilder();
        if (!compared.isEmpty()) {
            String differs = compared.stream().map(this::differs).collect(java.util.stream.Collectors.joining(" OR "));
            boolean watermarked = watermark != null
                    && compared.stream().anyMatch(c -> sameName(c.name(), watermark.name()));
            if (watermarked) {
                // A newer watermark is a difference in itself (it is a compared column), so the columns are only
                // compared for rows whose watermark is equal or missing: the same truth as changed(), cheaper.
                String w = quote(watermark.name());
                String t = TARGET_ALIAS + "." + w;
                String src = SOURCE_ALIAS + "." + w;
                condition.append(" OR ").append(src).append(" > ").append(t).append(" OR ((").append(t)
                        .append(" IS NULL OR ").append(src).append(" = ").append(t).append(") AND (").append(differs)
                        .append("))");
            } else {
                condition.append(" OR (").append(differs).append(')');
            }
            for (int i = 0; i < compared.size(); i++) {
                flags.append(", ").append(differs(compared.get(i))).append(" AS ").append(quote(differsColumn(i)));
            }
        }
        return "CREATE OR REPLACE TEMP TABLE " + table(work) + " AS SELECT " + SOURCE_ALIAS + "." + key
                + (retained.isEmpty() ? "" : ", " + join(retained, r -> TARGET_ALIAS + "." + quote(r)))
                + flags + ", " + TARGET_ALIAS + "." + key + " IS NULL AS " + quote(NEW_KEY_COLUMN) + " FROM ("
                + source(staging, columns, match, watermark, deduplicate) + ") AS " + SOURCE_ALIAS + " LEFT JOIN "
                + table(target) + " AS " + TARGET_ALIAS + " ON " + TARGET_ALIAS + "." + key + " = " + SOURCE_ALIAS
                + "." + key + " WHERE " + condition;
    }

    /** Rows differ when their row values do: one comparison of two row values, null-safe. */
    @Override
    protected String differs(List<Column> compared) {
        return "(" + join(compared, c -> TARGET_ALIAS + "." + quote(c.name())) + ") IS DISTINCT FROM ("
                + join(compared, c -> SOURCE_ALIAS + "." + quote(c.name())) + ")";
    }

    @Override
    public List<String> replaceTable(TableRef fresh, TableRef target) {
        // DuckDB DDL is transactional: inside the caller's transaction the swap is all or nothing.
        return List.of(dropTable(target), renameTable(fresh, target.table()));
    }

    /** {@code CAST}, or {@code TRY_CAST} when lenient. */
    @Override
    protected String conversion(Column column, boolean lenient) {
        String cast = lenient ? "TRY_CAST" : "CAST";
        String text = quote(column.name());
        if (column.type().kind() == ColumnType.Kind.TIME) {
            // Salesforce writes times as 10:30:00.000Z; DuckDB's TIME has no zone.
            text = "rtrim(" + text + ", 'Z')";
        }
        return cast + "(" + text + " AS " + typeName(column.type()) + ")";
    }
}
