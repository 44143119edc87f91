package io.sfsync.warehouse;

import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The statements every warehouse spells alike (ANSI SQL with {@code MERGE}, {@code IS DISTINCT FROM} and
 * {@code QUALIFY}), written once for the dialects to specialise where their database differs, in the manner of
 * Debezium's JDBC sink ({@code GeneralDatabaseDialect} under each database's dialect).
 *
 * <p>A dialect says how it differs through a few hooks: how it converts staged text to a type
 * ({@link #conversion}, strict or lenient), which staging column orders the rows of one batch ({@link #rowOrder}),
 * how it spells a table alias ({@link #aliased}) and a row comparison ({@link #differs(List)}); whether two names are
 * the same follows {@link #caseSensitiveIdentifiers()}.
 */
public abstract class GeneralDialect implements WarehouseDialect {

    /** Alias of the (converted, deduplicated) staged rows in the statements that read them. */
    protected static final String SOURCE_ALIAS = "s";
    /** Alias of the target table in the statements that compare it with the staged rows. */
    protected static final String TARGET_ALIAS = "t";

    /**
     * The staged text of a column converted to its type: strict (a value that does not convert fails the statement)
     * or, when {@code lenient}, NULL for such a value (to diagnose it).
     */
    protected abstract String conversion(Column column, boolean lenient);

    /** The expression that orders the rows of one batch in staging, the last tie-breaker among duplicate keys. */
    protected abstract String rowOrder();

    /** A table alias as it follows a table or a sub-query: {@code " AS s"} in ANSI SQL. */
    protected String aliased(String alias) {
        return " AS " + alias;
    }

    /** Whether two identifiers name the same object on this dialect. */
    protected boolean sameName(String a, String b) {
        return caseSensitiveIdentifiers() ? a.equals(b) : a.equalsIgnoreCase(b);
    }

    @Override
    public String quote(String identifier) {
        return '"' + Identifiers.require(identifier, "identifier") + '"';
    }

    @Override
    public String table(TableRef table) {
        return quote(table.schema()) + "." + quote(table.table());
    }

    /** The ANSI name of the type; text with a length as {@code VARCHAR(n)}. */
    @Override
    public String typeName(ColumnType type) {
        return switch (type.kind()) {
            case TEXT -> type.length() > 0 ? "VARCHAR(" + type.length() + ")" : "VARCHAR";
            case BOOLEAN -> "BOOLEAN";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case DECIMAL -> "DECIMAL(" + type.precision() + "," + type.scale() + ")";
            case DOUBLE -> "DOUBLE PRECISION";
            case DATE -> "DATE";
            case TIMESTAMP_TZ -> "TIMESTAMP WITH TIME ZONE";
            case TIME -> "TIME";
        };
    }

    @Override
    public String createSchema(String schema) {
        return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
    }

    @Override
    public String createTable(TableRef table, List<Column> columns) {
        return "CREATE TABLE IF NOT EXISTS " + table(table) + " (" + join(columns, this::definition) + ")";
    }

    @Override
    public String addColumn(TableRef table, Column column) {
        return "ALTER TABLE " + table(table) + " ADD COLUMN " + definition(column);
    }

    @Override
    public String widenColumn(TableRef table, Column column) {
        return "ALTER TABLE " + table(table) + " ALTER COLUMN " + quote(column.name()) + " SET DATA TYPE "
                + typeName(column.type());
    }

    @Override
    public String maxValue(TableRef table, String column) {
        return "SELECT MAX(" + quote(column) + ") FROM " + table(table);
    }

    @Override
    public String stagingStats(TableRef staging, Column match) {
        return "SELECT COUNT(*), COUNT(DISTINCT " + converted(match) + "), COUNT(*) - COUNT(" + quote(match.name())
                + ") FROM " + table(staging);
    }

    @Override
    public String countNewKeys(TableRef staging, TableRef target, Column match) {
        return "SELECT COUNT(*) FROM (SELECT DISTINCT " + converted(match) + " AS k FROM " + table(staging)
                + " WHERE " + quote(match.name()) + " IS NOT NULL)" + aliased(SOURCE_ALIAS) + " WHERE NOT EXISTS"
                + " (SELECT 1 FROM " + table(target) + aliased(TARGET_ALIAS) + " WHERE " + TARGET_ALIAS + "."
                + quote(match.name()) + " = " + SOURCE_ALIAS + ".k)";
    }

    @Override
    public String countChangedRows(TableRef staging, TableRef target, List<Column> columns, Column match,
            Column watermark, boolean deduplicate) {
        List<Column> compared = allBut(columns, match);
        return "SELECT COUNT(*) FROM (" + source(staging, columns, match, watermark, deduplicate) + ")"
                + aliased(SOURCE_ALIAS) + " JOIN " + table(target) + aliased(TARGET_ALIAS) + " ON " + TARGET_ALIAS
                + "." + quote(match.name()) + " = " + SOURCE_ALIAS + "." + quote(match.name())
                + (compared.isEmpty() ? " WHERE FALSE" : " WHERE " + changed(compared, watermark));
    }

    @Override
    public String merge(TableRef staging, TableRef target, List<Column> columns, Column match, Column watermark,
            boolean deduplicate) {
        return merge(staging, target, columns, match, watermark, deduplicate, true);
    }

    /**
     * The MERGE of {@link #merge}; with {@code keepNewer} off a matched row takes the staged values whenever they
     * differ, whatever the watermarks say ({@link #mergeReplacing}).
     */
    protected String merge(TableRef staging, TableRef target, List<Column> columns, Column match, Column watermark,
            boolean deduplicate, boolean keepNewer) {
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(table(target)).append(aliased(TARGET_ALIAS))
                .append(" USING (").append(source(staging, columns, match, watermark, deduplicate)).append(')')
                .append(aliased(SOURCE_ALIAS)).append(" ON ").append(TARGET_ALIAS).append('.')
                .append(quote(match.name())).append(" = ").append(SOURCE_ALIAS).append('.').append(quote(match.name()));
        List<Column> updated = allBut(columns, match);
        if (!updated.isEmpty()) {
            sql.append(" WHEN MATCHED AND ").append(changed(updated, keepNewer ? watermark : null))
                    .append(" THEN UPDATE SET ")
                    .append(join(updated, c -> quote(c.name()) + " = " + SOURCE_ALIAS + "." + quote(c.name())));
        }
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(join(columns, c -> quote(c.name()))).append(") VALUES (")
                .append(join(columns, c -> SOURCE_ALIAS + "." + quote(c.name()))).append(')');
        return sql.toString();
    }

    /**
     * A matched row changes only when its content differs and the incoming row is not older than the stored one, so
     * that re-reading the records at the watermark changes nothing and a replay never moves a row backwards.
     */
    protected String changed(List<Column> compared, Column watermark) {
        String differs = differs(compared);
        if (watermark == null || compared.stream().noneMatch(c -> sameName(c.name(), watermark.name()))) {
            return differs;
        }
        String w = quote(watermark.name());
        return "(" + TARGET_ALIAS + "." + w + " IS NULL OR " + SOURCE_ALIAS + "." + w + " >= " + TARGET_ALIAS + "." + w
                + ") AND " + differs;
    }

    /** Whether the target's row differs from the source's in some of these columns: null-safe, column by column. */
    protected String differs(List<Column> compared) {
        StringJoiner differs = new StringJoiner(" OR ", "(", ")");
        for (Column c : compared) {
            differs.add(differs(c));
        }
        return differs.toString();
    }

    /** Whether the target's value of the column differs from the source's, NULL being a value. */
    protected String differs(Column c) {
        return TARGET_ALIAS + "." + quote(c.name()) + " IS DISTINCT FROM " + SOURCE_ALIAS + "." + quote(c.name());
    }

    /** The columns but the match column. */
    protected List<Column> allBut(List<Column> columns, Column match) {
        return columns.stream().filter(c -> !sameName(c.name(), match.name())).toList();
    }

    @Override
    public String updateFormulaColumns(TableRef staging, TableRef target, List<Column> columns, Column match,
            boolean deduplicate) {
        List<Column> updated = allBut(columns, match);
        if (updated.isEmpty()) {
            throw new IllegalArgumentException("a formula refresh of " + target + " needs a column besides "
                    + match.name());
        }
        return "UPDATE " + table(target) + aliased(TARGET_ALIAS) + " SET "
                + join(updated, c -> quote(c.name()) + " = " + SOURCE_ALIAS + "." + quote(c.name()))
                + " FROM (" + source(staging, columns, match, null, deduplicate) + ")" + aliased(SOURCE_ALIAS)
                + " WHERE " + TARGET_ALIAS + "." + quote(match.name()) + " = " + SOURCE_ALIAS + "."
                + quote(match.name()) + " AND " + differs(updated);
    }

    @Override
    public String insertFromStaging(TableRef staging, TableRef target, List<Column> columns, Column match,
            Column watermark, boolean deduplicate) {
        return "INSERT INTO " + table(target) + " (" + join(columns, c -> quote(c.name())) + ") "
                + source(staging, columns, match, watermark, deduplicate);
    }

    @Override
    public String dropTable(TableRef table) {
        return "DROP TABLE IF EXISTS " + table(table);
    }

    @Override
    public String renameTable(TableRef table, String newName) {
        return "ALTER TABLE " + table(table) + " RENAME TO " + quote(newName);
    }

    @Override
    public String firstUnconvertible(TableRef staging, Column column, Column match) {
        return "SELECT " + quote(match.name()) + ", " + quote(column.name()) + ", " + quote(BATCH_COLUMN) + " FROM "
                + table(staging) + " WHERE " + quote(column.name()) + " IS NOT NULL AND " + conversion(column, true)
                + " IS NULL ORDER BY " + quote(BATCH_COLUMN) + ", " + rowOrder() + " LIMIT 1";
    }

    @Override
    public String createHistoryTable(TableRef table, List<Column> columns) {
        return createTable(table, columns);
    }

    @Override
    public String insertHistory(TableRef table, List<String> columns) {
        return "INSERT INTO " + table(table) + " (" + join(columns, this::quote) + ") VALUES ("
                + join(columns, c -> "?") + ")";
    }

    /**
     * The converted staging rows; deduplicated, one per match key with the newest watermark, then the latest batch,
     * then the latest row ({@link #rowOrder}). The window costs about as much as the conversion, hence the option to
     * leave it out when the keys are known to be unique.
     */
    @Override
    public String source(TableRef staging, List<Column> columns, Column match, Column watermark,
            boolean deduplicate) {
        String select = "SELECT " + join(columns, c -> c.type().isText() ? quote(c.name()) : converted(c) + " AS "
                + quote(c.name())) + " FROM " + table(staging);
        if (!deduplicate) {
            return select;
        }
        StringBuilder order = new StringBuilder();
        if (watermark != null) {
            order.append(converted(watermark)).append(" DESC NULLS LAST, ");
        }
        order.append(quote(BATCH_COLUMN)).append(" DESC, ").append(rowOrder()).append(" DESC");
        return select + " QUALIFY ROW_NUMBER() OVER (PARTITION BY " + converted(match) + " ORDER BY " + order
                + ") = 1";
    }

    @Override
    public java.time.Instant instant(Object value) {
        return Timestamps.instant(value, null, null);
    }

    /** The staged text of a column converted to its type with a strict cast. */
    @Override
    public String converted(Column column) {
        return column.type().isText() ? quote(column.name()) : conversion(column, false);
    }

    /** A column as a CREATE TABLE or ADD COLUMN names it. */
    protected String definition(Column column) {
        return quote(column.name()) + " " + typeName(column.type());
    }

    /** The items rendered and joined with {@code ", "}. */
    protected static <T> String join(List<T> items, Function<T, String> render) {
        StringJoiner j = new StringJoiner(", ");
        for (T item : items) {
            j.add(render.apply(item));
        }
        return j.toString();
    }
}
