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
