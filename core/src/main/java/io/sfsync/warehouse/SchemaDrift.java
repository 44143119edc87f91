package io.sfsync.warehouse;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The target's columns against the load's (schema drift): a field new in Salesforce becomes a column, a field whose
 * length or precision grew widens its column, a field gone from Salesforce keeps its column, and any other type change
 * is reported and left alone. What it finds goes into the write's changes.
 */
final class SchemaDrift {

    /** A column of the existing target as the catalog describes it; {@code type} is null when sfsync has none. */
    record Existing(String name, ColumnType type, String rawType) {
    }

    private enum Change { NONE, WIDEN, DIFFERS }

    private final WriteContext w;
    private final List<Existing> existing;

    private SchemaDrift(WriteContext w, List<Existing> existing) {
        this.w = w;
        this.existing = existing;
    }

    /** The drift of the target, whose columns are read from the catalog when it exists (else it has none). */
    static SchemaDrift of(WriteContext w, boolean exists) throws SQLException {
        return new SchemaDrift(w, exists ? existingColumns(w, w.target()) : List.of());
    }

    private static List<Existing> existingColumns(WriteContext w, TableRef table) throws SQLException {
        WarehouseDialect dialect = w.dialect();
        List<Existing> out = new ArrayList<>();
        try (var p = w.sql().connection().prepareStatement(dialect.listColumnTypes())) {
            p.setString(1, table.schema());
            p.setString(2, table.table());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    long length = rs.getLong(3);
                    int precision = rs.getInt(4);
                    int scale = rs.getInt(5);
                    ColumnType parsed = dialect.columnType(type, length, precision, scale);
                    out.add(new Existing(rs.getString(1), parsed, parsed == null ? type : dialect.typeName(parsed)));
                }
            }
        }
        return out;
    }

    /** The target's columns that the load lacks: fields gone from Salesforce, whose columns the target keeps. */
    List<String> retained() {
        List<String> out = new ArrayList<>();
        for (Existing e : existing) {
            if (w.columns().stream().noneMatch(c -> w.same(c.name(), e.name()))) {
                out.add(e.name());
            }
        }
        return out;
    }

    /** ADD COLUMN for new fields and widening for grown ones; other type changes are reported only. */
    List<String> columnChanges(TableRef table) {
        WarehouseDialect dialect = w.dialect();
        List<String> ddl = new ArrayList<>();
        for (Column c : w.columns()) {
            Existing e = find(c.name());
            if (e == null) {
                ddl.add(dialect.addColumn(table, c));
                w.changes().add("added column " + c.name() + " (" + dialect.typeName(c.type()) + ")");
                continue;
            }
            Change change = compare(e, c);
            if (change == Change.WIDEN) {
                ddl.add(dialect.widenColumn(table, c));
                w.changes().add("widened column " + c.name() + " from " + e.rawType() + " to "
                        + dialect.typeName(c.type()));
            } else if (change == Change.DIFFERS) {
                w.changes().add("column " + c.name() + " is " + e.rawType() + " but the field is now "
                        + dialect.typeName(c.type()) + " in Salesforce; kept as it is (a forced full sync rebuilds"
                        + " the table with the new type)");
            }
        }
        return ddl;
    }

    /** Whether every column of the load is new to the target or has there a type it still fits in. */
    boolean typesFit() {
        return w.columns().stream().allMatch(c -> find(c.name()) == null
                || compare(find(c.name()), c) != Change.DIFFERS);
    }

    /**
     * Whether rows can be compared with the target's: every column exists there with a type that converts (a column
     * whose type changed would be cast, and may fail, in the comparison).
     */
    boolean comparable() {
        return w.columns().stream().allMatch(c -> find(c.name()) != null
                && compare(find(c.name()), c) != Change.DIFFERS);
    }

    /** Reports the columns a rebuilt target gains: the new ones and the widened ones. */
    void reportRebuilt() {
        WarehouseDialect dialect = w.dialect();
        for (Column c : w.columns()) {
            Existing e = find(c.name());
            if (e == null) {
                w.changes().add("added column " + c.name() + " (" + dialect.typeName(c.type()) + ")");
            } else if (compare(e, c) == Change.WIDEN) {
                w.changes().add("widened column " + c.name() + " from " + e.rawType() + " to "
                        + dialect.typeName(c.type()));
            }
        }
    }

    /**
     * The retained columns a rebuilt target can carry over: those of a type sfsync can create; the others are
     * reported as dropped.
     */
    List<Existing> carriedOver(List<String> retained) {
        List<Existing> kept = new ArrayList<>();
        for (String r : retained) {
            Existing e = find(r);
            if (e.type() == null) {
                w.changes().add("dropped column " + r + " on this full sync: its type " + e.rawType()
                        + " cannot be recreated");
            } else {
                kept.add(e);
            }
        }
        return kept;
    }

    /** Whether the target has the column. */
    boolean has(String name) {
        return find(name) != null;
    }

    private Existing find(String name) {
        return existing.stream().filter(e -> w.same(e.name(), name)).findFirst().orElse(null);
    }

    private Change compare(Existing e, Column desired) {
        WarehouseDialect dialect = w.dialect();
        ColumnType have = e.type();
        ColumnType want = desired.type();
        if (have == null) {
            return Change.DIFFERS;
        }
        if (dialect.typeName(have).equals(dialect.typeName(want))) {
            return Change.NONE;
        }
        if (have.kind() == ColumnType.Kind.TEXT && want.kind() == ColumnType.Kind.TEXT) {
            return have.length() > 0 && (want.length() == 0 || want.length() > have.length()) ? Change.WIDEN
                    : Change.NONE;
        }
        if (have.kind() == ColumnType.Kind.DECIMAL && want.kind() == ColumnType.Kind.DECIMAL) {
            if (want.scale() != have.scale()) {
                return Change.DIFFERS;
            }
            return want.precision() > have.precision() ? Change.WIDEN : Change.NONE;
        }
        if (have.kind() == ColumnType.Kind.INTEGER && want.kind() == ColumnType.Kind.BIGINT) {
            return Change.WIDEN;
        }
        if (have.kind() == ColumnType.Kind.BIGINT && want.kind() == ColumnType.Kind.INTEGER) {
            return Change.NONE;
        }
        return Change.DIFFERS;
    }
}
