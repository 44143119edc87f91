package io.sfsync.warehouse;

import java.util.List;

/**
 * The DDL and catalog part of a {@link WarehouseDialect}: types, schemas and tables created, altered, renamed and
 * swapped, and the catalog queries that describe them.
 */
public interface SchemaStatements extends DialectNames {

    /** The column type as this dialect spells it. */
    String typeName(ColumnType type);

    /** Creates the schema when it is missing. */
    String createSchema(String schema);

    /**
     * One row, one column: 1 when the schema exists in the current database, else 0. Parameters: schema. Checked
     * before {@link #createSchema}: Snowflake checks the CREATE SCHEMA privilege even when the schema exists, so a
     * role without it must not send {@code CREATE SCHEMA IF NOT EXISTS} for a schema an administrator created.
     */
    String schemaExists();

    /** Creates the table with these columns when it is missing. */
    String createTable(TableRef table, List<Column> columns);

    /** Adds a column to an existing table (a field added in Salesforce since the table was created). */
    String addColumn(TableRef table, Column column);

    /** One row, one column: 1 when the table exists, else 0. Parameters: schema, table. */
    String tableExists();

    /** The table's column names in table order. Parameters: schema, table. */
    String listColumns();

    /**
     * The columns with their types, in table order: name, data type, text length, numeric precision, numeric scale.
     * Parameters: schema, table.
     */
    String listColumnTypes();

    /**
     * A column's type from one row of {@link #listColumnTypes()}; null when the type is none sfsync creates (then a
     * schema change of that column is reported, never applied).
     */
    ColumnType columnType(String dataType, long length, int precision, int scale);

    /** Changes a column to a wider type of the same kind (longer text, more digits before the point). */
    String widenColumn(TableRef table, Column column);

    /** Drops the table when it exists. */
    String dropTable(TableRef table);

    /** Renames {@code table} to {@code newName}, in the same schema. */
    String renameTable(TableRef table, String newName);

    /**
     * The statements that make {@code fresh} (fully loaded) the new {@code target}, to run in one transaction
     * together with the load of {@code fresh}, so that a failure leaves the old target as it was.
     */
    List<String> replaceTable(TableRef fresh, TableRef target);

    /**
     * The statements that give {@code fresh} what an administrator put on {@code target} and a swap would otherwise
     * take away: one per grant ({@code grants} as {@link #showGrants} lists them: privilege, granted_to, grantee,
     * grant_option) and the comment. Empty where tables carry no grants (DuckDB).
     */
    default List<String> carryOver(TableRef target, TableRef fresh, List<String[]> grants, String comment) {
        return List.of();
    }

    /** Lists the grants on a table (Snowflake's SHOW GRANTS ON TABLE), or null where tables carry no grants. */
    default String showGrants(TableRef table) {
        return null;
    }

    /** One row, one column: the table's comment. Parameters: schema, table. Null where tables carry none. */
    default String tableComment() {
        return null;
    }
}
