package io.sfsync.sync;

import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.RowView;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The org and a warehouse table as comparable data: Id -> (column -> value in one canonical text form), so that a test
 * can assert, value by value, that a table equals the org.
 */
final class OrgTables {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private OrgTables() {
    }

    /** Every record of a type the emulator holds, the recycle bin included, over the fields a sync extracts. */
    static Map<String, Map<String, String>> org(SalesforceEmulator emulator, String type) {
        ObjectTable table = emulator.org().table(type);
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (int r = 0; r < table.rowLimit(); r++) {
            RowView row = table.row(r);
            if (row == null) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (FieldDef f : table.def().fields()) {
                if (!f.type().isCompound() && f.type() != FieldType.BASE64) {
                    values.put(f.name(), canonical(row.get(f)));
                }
            }
            out.put(row.id(), values);
        }
        return out;
    }

    /** Every row of a warehouse table, by Id. */
    static Map<String, Map<String, String>> table(DuckDbWarehouse warehouse, String schema, String table)
            throws SQLException {
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM \"" + schema + "\".\"" + table + "\"")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    values.put(md.getColumnName(i), canonical(rs.getObject(i)));
                }
                String id = values.get("Id");
                if (out.put(id, values) != null) {
                    throw new AssertionError("duplicate Id " + id + " in " + schema + "." + table);
                }
            }
        }
        return out;
    }

    static long count(DuckDbWarehouse warehouse, String schema, String table) throws SQLException {
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + schema + "\".\"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<Map<String, Object>> history(DuckDbWarehouse warehouse, String runId) throws SQLException {
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM \"SFSYNC_CONTROL\".\"sfsync_history\" WHERE \"run_id\" = '"
                        + runId + "'")) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnName(i), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    /** One text form per value, whichever side it came from. */
    static String canonical(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Double d) {
            return canonical(new BigDecimal(Double.toString(d)));
        }
        if (v instanceof Instant i) {
            return i.toString();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant().toString();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof LocalTime t) {
            return TIME.format(t);
        }
        if (v instanceof java.sql.Time t) {
            return TIME.format(t.toLocalTime());
        }
        return v.toString();
    }
}
