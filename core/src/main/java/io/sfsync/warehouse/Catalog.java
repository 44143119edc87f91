package io.sfsync.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Catalog lookups every dialect answers the same way: its statement, the schema and table bound, one result. */
public final class Catalog {
    private Catalog() {
    }

    /** Whether the table exists ({@link WarehouseDialect#tableExists()}). */
    public static boolean tableExists(Connection c, WarehouseDialect dialect, TableRef table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(dialect.tableExists())) {
            p.setString(1, table.schema());
            p.setString(2, table.table());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** Whether the schema exists in the current database ({@link WarehouseDialect#schemaExists()}). */
    public static boolean schemaExists(Connection c, WarehouseDialect dialect, String schema) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(dialect.schemaExists())) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /**
     * Creates the schema unless it exists: the existence check comes first because a warehouse may check the CREATE
     * SCHEMA privilege even for {@code IF NOT EXISTS} of an existing schema (Snowflake does).
     */
    public static void ensureSchema(Connection c, WarehouseDialect dialect, String schema) throws SQLException {
        if (!schemaExists(c, dialect, schema)) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute(dialect.createSchema(schema));
            }
        }
    }

    /** The table's column names in table order; empty when it is missing ({@link WarehouseDialect#listColumns()}). */
    public static List<String> columns(Connection c, WarehouseDialect dialect, TableRef table) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(dialect.listColumns())) {
            p.setString(1, table.schema());
            p.setString(2, table.table());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
