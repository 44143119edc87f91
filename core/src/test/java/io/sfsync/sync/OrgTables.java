package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.RowView;
import io.sfsync.warehouse.Warehouse;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
    /** Rows of the target a read fetches at most at once ({@link #tableHashes}). */
    private static final long READ_ROWS = 50_000;

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

    /** Asserts that a warehouse table holds exactly the org's records of a type, value by value. */
    static void assertTableEqualsOrg(SalesforceEmulator emulator, String type, Warehouse warehouse, String schema,
            String table) throws SQLException {
        Map<String, Map<String, String>> org = org(emulator, type);
        Map<String, Map<String, String>> wh = table(warehouse, schema, table);
        assertThat(wh.keySet()).containsExactlyElementsOf(org.keySet());
        for (var e : org.entrySet()) {
            assertThat(wh.get(e.getKey())).as("row " + e.getKey() + " of " + table)
                    .isEqualTo(e.getValue());
        }
    }

    /** Every row of a warehouse table, by Id. */
    static Map<String, Map<String, String>> table(Warehouse warehouse, String schema, String table)
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

    /** The fields a sync extracts from a type (the columns of its table), in the org's order. */
    static List<String> orgColumns(SalesforceEmulator emulator, String type) {
        List<String> out = new java.util.ArrayList<>();
        for (FieldDef f : emulator.org().table(type).def().fields()) {
            if (!f.type().isCompound() && f.type() != FieldType.BASE64) {
                out.add(f.name());
            }
        }
        return out;
    }

    /**
     * A table's rows as Id -> 64-bit hash of their canonical values (the same forms as {@link #org} and
     * {@link #table}), so that 100,000 rows compare with the org, or with an earlier snapshot, in one pass without
     * keeping every value; {@code duplicates} lists the Ids that occur more than once.
     */
    record RowHashes(Map<String, Long> byId, long rows, List<String> duplicates) {
        /** Ids missing, extra or with other values than in {@code expected}, a few of each, or "" when equal. */
        String differences(RowHashes expected) {
            List<String> missing = new java.util.ArrayList<>();
            List<String> differ = new java.util.ArrayList<>();
            long missingCount = 0;
            long differCount = 0;
            for (var e : expected.byId.entrySet()) {
                Long have = byId.get(e.getKey());
                if (have == null) {
                    if (missingCount++ < 5) {
                        missing.add(e.getKey());
                    }
                } else if (!have.equals(e.getValue())) {
                    if (differCount++ < 5) {
                        differ.add(e.getKey());
                    }
                }
            }
            List<String> extra = new java.util.ArrayList<>();
            long extraCount = 0;
            for (String id : byId.keySet()) {
                if (!expected.byId.containsKey(id) && extraCount++ < 5) {
                    extra.add(id);
                }
            }
            StringBuilder b = new StringBuilder();
            if (!duplicates.isEmpty()) {
                b.append(duplicates.size()).append(" duplicate Ids ").append(duplicates.subList(0,
                        Math.min(5, duplicates.size()))).append("; ");
            }
            if (missingCount > 0) {
                b.append(missingCount).append(" rows missing ").append(missing).append("; ");
            }
            if (extraCount > 0) {
                b.append(extraCount).append(" rows extra ").append(extra).append("; ");
            }
            if (differCount > 0) {
                b.append(differCount).append(" rows with other values ").append(differ).append("; ");
            }
            return b.toString();
        }

        boolean sameAs(RowHashes other) {
            return duplicates.isEmpty() && other.duplicates.isEmpty() && rows == other.rows
                    && byId.equals(other.byId);
        }
    }

    /** Every record of a type, the recycle bin included, as row hashes over {@code columns}. */
    static RowHashes orgHashes(SalesforceEmulator emulator, String type, List<String> columns) {
        ObjectTable table = emulator.org().table(type);
        FieldDef[] fields = columns.stream().map(n -> table.def().field(n)).toArray(FieldDef[]::new);
        Map<String, Long> out = new java.util.HashMap<>();
        String[] values = new String[fields.length];
        for (int r = 0; r < table.rowLimit(); r++) {
            RowView row = table.row(r);
            if (row == null) {
                continue;
            }
            for (int i = 0; i < fields.length; i++) {
                values[i] = canonical(row.get(fields[i]));
            }
            out.put(row.id(), hash(values));
        }
        return new RowHashes(out, out.size(), List.of());
    }

    /** Every row of a warehouse table as row hashes over {@code columns} (the first one is the key). */
    static RowHashes tableHashes(Connection c, String schema, String table, List<String> columns)
            throws SQLException {
        Map<String, Long> out = new java.util.HashMap<>();
        List<String> duplicates = new java.util.ArrayList<>();
        String from = " FROM \"" + schema + "\".\"" + table + "\"";
        String select = "SELECT " + String.join(", ", columns.stream().map(n -> "\"" + n + "\"").toList()) + from;
        String id = "\"" + columns.get(0) + "\"";
        // Read in ranges of about READ_ROWS Ids, so that no result holds the whole table (a warehouse that returns a
        // result in one piece, as the offline Snowflake does, would hold a million rows at once); every row is in
        // exactly one range, a duplicated Id included.
        List<String> bounds = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + id + from + " ORDER BY "
                + id)) {
            for (long i = 0; rs.next(); i++) {
                if (i > 0 && i % READ_ROWS == 0) {
                    bounds.add(rs.getString(1));
                }
            }
        }
        long rows = 0;
        for (int r = 0; r <= bounds.size(); r++) {
            String where = bounds.isEmpty() ? "" : r == 0 ? " WHERE " + id + " < ?" : r == bounds.size()
                    ? " WHERE " + id + " >= ?" : " WHERE " + id + " >= ? AND " + id + " < ?";
            try (PreparedStatement p = c.prepareStatement(select + where)) {
                int i = 1;
                if (r > 0) {
                    p.setString(i++, bounds.get(r - 1));
                }
                if (r < bounds.size()) {
                    p.setString(i, bounds.get(r));
                }
                rows += hashRows(p, columns.size(), out, duplicates);
            }
        }
        return new RowHashes(out, rows, duplicates);
    }

    private static long hashRows(PreparedStatement p, int width, Map<String, Long> out, List<String> duplicates)
            throws SQLException {
        long rows = 0;
        String[] values = new String[width];
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = canonical(rs.getObject(i + 1));
                }
                rows++;
                if (out.put(values[0], hash(values)) != null) {
                    duplicates.add(values[0]);
                }
            }
        }
        return rows;
    }

    /** FNV-1a over the values (null distinct from every text) and a final avalanche: 64 bits per row. */
    private static long hash(String[] values) {
        long h = 0xcbf29ce484222325L;
        for (String v : values) {
            if (v == null) {
                h = (h ^ 0x1F) * 0x100000001b3L;
            } else {
                for (int i = 0; i < v.length(); i++) {
                    h = (h ^ v.charAt(i)) * 0x100000001b3L;
                }
            }
            h = (h ^ 0x1E) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    static long count(Warehouse warehouse, String schema, String table) throws SQLException {
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"" + schema + "\".\"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<Map<String, Object>> history(Warehouse warehouse, String runId) throws SQLException {
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
            // Time.toLocalTime() drops the milliseconds that the Snowflake driver's TIME values carry.
            return TIME.format(t.toLocalTime().withNano((int) Math.floorMod(t.getTime(), 1000L) * 1_000_000));
        }
        return v.toString();
    }
}
