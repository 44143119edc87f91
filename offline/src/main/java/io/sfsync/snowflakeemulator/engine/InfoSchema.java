package io.sfsync.snowflakeemulator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * INFORMATION_SCHEMA.TABLES, COLUMNS, SCHEMATA and STAGES of one database as DuckDB subqueries built from the
 * catalog: Snowflake's names (decoded), Snowflake's type names, only what the current role may see.
 */
final class InfoSchema {

    private InfoSchema() {
    }

    static String view(EngineSession session, String database, String view, Token at) throws SnowflakeError {
        Catalog c = session.engine().catalog();
        Set<String> roles = session.roles();
        String dbName = database != null ? database : session.database();
        if (dbName == null) {
            throw Errors.noCurrentDatabase();
        }
        Catalog.Database db = c.databases.get(dbName);
        if (db == null || !Access.sees(c, roles, db)) {
            throw Errors.databaseDoesNotExist(Names.display(dbName));
        }
        List<String> names;
        List<String> types;
        List<Object[]> rows = new ArrayList<>();
        switch (view) {
            case "TABLES" -> {
                names = List.of("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "TABLE_OWNER", "TABLE_TYPE",
                        "IS_TRANSIENT", "ROW_COUNT", "COMMENT", "CREATED");
                types = List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "BIGINT",
                        "VARCHAR", "TIMESTAMPTZ");
                for (Catalog.Schema s : db.schemas.values()) {
                    if (!Access.sees(c, roles, s)) {
                        continue;
                    }
                    for (Catalog.Table t : s.tables.values()) {
                        if (Access.sees(c, roles, t)) {
                            rows.add(tableRow(t));
                        }
                    }
                }
                for (Catalog.Table t : session.temporaryTables()) {
                    if (t.schema.database == db) {
                        rows.add(tableRow(t));
                    }
                }
            }
            case "COLUMNS" -> {
                names = List.of("TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION",
                        "IS_NULLABLE", "DATA_TYPE", "CHARACTER_MAXIMUM_LENGTH", "CHARACTER_OCTET_LENGTH",
                        "NUMERIC_PRECISION", "NUMERIC_PRECISION_RADIX", "NUMERIC_SCALE", "DATETIME_PRECISION",
                        "COMMENT");
                types = List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "BIGINT", "VARCHAR", "VARCHAR", "BIGINT",
                        "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "VARCHAR");
                List<Catalog.Table> tables = new ArrayList<>();
                for (Catalog.Schema s : db.schemas.values()) {
                    if (Access.sees(c, roles, s)) {
                        for (Catalog.Table t : s.tables.values()) {
                            if (Access.sees(c, roles, t)) {
                                tables.add(t);
                            }
                        }
                    }
                }
                for (Catalog.Table t : session.temporaryTables()) {
                    if (t.schema.database == db) {
                        tables.add(t);
                    }
                }
                for (Catalog.Table t : tables) {
                    int n = 1;
                    for (Catalog.Col col : t.columns) {
                        SfType ty = col.type;
                        boolean text = ty.kind().equals("TEXT");
                        boolean number = ty.kind().equals("NUMBER");
                        boolean time = ty.kind().startsWith("TIME");
                        rows.add(new Object[] {db.name, t.schema.name, t.name, col.name, (long) n++,
                            col.nullable ? "YES" : "NO", ty.kind(), text ? ty.length() : null,
                            text ? Math.min(ty.length() * 4, SfType.MAX_VARCHAR) : null,
                            number ? (long) ty.precision() : null, number ? 10L : null,
                            number ? (long) ty.scale() : null, time ? (long) ty.scale() : null, col.comment});
                    }
                }
            }
            case "SCHEMATA" -> {
                names = List.of("CATALOG_NAME", "SCHEMA_NAME", "SCHEMA_OWNER", "IS_TRANSIENT", "IS_MANAGED_ACCESS",
                        "COMMENT", "CREATED");
                types = List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "TIMESTAMPTZ");
                rows.add(new Object[] {db.name, "INFORMATION_SCHEMA", null, "NO", "NO",
                    "Views describing the contents of schemas in this database", db.created});
                for (Catalog.Schema s : db.schemas.values()) {
                    if (Access.sees(c, roles, s)) {
                        rows.add(new Object[] {db.name, s.name, s.owner, "NO", "NO", s.comment, s.created});
                    }
                }
            }
            case "STAGES" -> {
                names = List.of("STAGE_CATALOG", "STAGE_SCHEMA", "STAGE_NAME", "STAGE_URL", "STAGE_REGION",
                        "STAGE_TYPE", "STAGE_OWNER", "COMMENT", "CREATED");
                types = List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
                        "VARCHAR", "TIMESTAMPTZ");
                for (Catalog.Schema s : db.schemas.values()) {
                    if (!Access.sees(c, roles, s)) {
                        continue;
                    }
                    for (Catalog.Stage st : s.stages.values()) {
                        if (Access.sees(c, roles, st)) {
                            rows.add(new Object[] {db.name, s.name, st.name, null, null, "Internal Named", st.owner,
                                st.comment, st.created});
                        }
                    }
                }
            }
            default -> throw Errors.doesNotExist(Names.display(dbName) + ".INFORMATION_SCHEMA."
                    + Names.display(view));
        }
        return render(names, types, rows);
    }

    private static Object[] tableRow(Catalog.Table t) {
        return new Object[] {t.schema.database.name, t.schema.name, t.name, t.temporary() ? null : t.owner,
            t.temporary() ? "LOCAL TEMPORARY" : "BASE TABLE", t.kind.equals("TRANSIENT") ? "YES" : "NO", null,
            t.comment, t.created};
    }

    /** Rows as a typed DuckDB SELECT over VALUES (or an empty SELECT). */
    static String render(List<String> names, List<String> types, List<Object[]> rows) {
        StringBuilder b = new StringBuilder("SELECT ");
        for (int k = 0; k < names.size(); k++) {
            b.append(k > 0 ? ", " : "").append("CAST(").append(rows.isEmpty() ? "NULL" : "c" + k).append(" AS ")
                    .append(types.get(k)).append(") AS \"").append(names.get(k)).append('"');
        }
        if (rows.isEmpty()) {
            return b.append(" WHERE FALSE").toString();
        }
        b.append(" FROM (VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            b.append(r > 0 ? ", " : "").append('(');
            Object[] row = rows.get(r);
            for (int k = 0; k < row.length; k++) {
                Object v = row[k];
                b.append(k > 0 ? ", " : "");
                if (v == null) {
                    b.append("NULL");
                } else if (v instanceof Number) {
                    b.append(v);
                } else {
                    b.append(Names.literal(v.toString()));
                }
            }
            b.append(')');
        }
        b.append(") AS v(");
        for (int k = 0; k < names.size(); k++) {
            b.append(k > 0 ? ", " : "").append('c').append(k);
        }
        return b.append(')').toString();
    }
}
