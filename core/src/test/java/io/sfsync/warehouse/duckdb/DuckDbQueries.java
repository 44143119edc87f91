package io.sfsync.warehouse.duckdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the DuckDB tests read back: rows of a query, the tables of a schema, the files a load left. */
final class DuckDbQueries {
    private DuckDbQueries() {
    }

    /** Every row of {@code sql}, each as its column values in order, on a connection of its own. */
    static List<List<Object>> values(DuckDbWarehouse warehouse, String sql) throws SQLException {
        try (Connection c = warehouse.connect()) {
            return values(c, sql);
        }
    }

    static List<List<Object>> values(Connection c, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    /** The tables of schema RAW, by name. */
    static List<String> rawTables(DuckDbWarehouse warehouse) throws SQLException {
        List<String> out = new ArrayList<>();
        for (List<Object> r : values(warehouse, "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'RAW' ORDER BY table_name")) {
            out.add((String) r.get(0));
        }
        return out;
    }

    /** The regular files under {@code root}, sorted; none when it does not exist. */
    static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
