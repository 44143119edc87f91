package io.sfsync.snowflakeemulator.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * DDL and access control: CREATE/DROP/ALTER of databases, schemas, tables, stages, roles and users; COMMENT;
 * TRUNCATE; GRANT/REVOKE; SHOW GRANTS; DESCRIBE TABLE. Each commits the session's open transaction first, as
 * Snowflake's DDL does.
 */
final class Ddl {

    private Ddl() {
    }

    static QueryResult run(EngineSession s, String queryId, List<Token> t) throws SnowflakeError, SQLException {
        Parser p = new Parser(t, 0);
        Token first = p.next();
        String w = first.text().toUpperCase(Locale.ROOT);
        if (w.equals("SHOW") || w.equals("DESCRIBE") || w.equals("DESC")) {
            synchronized (s.engine().lock()) {
                return w.equals("SHOW") ? show(s, queryId, p) : describe(s, queryId, p);
            }
        }
        // DDL commits the open transaction (Snowflake: "Transactions", DDL)
        s.commit();
        synchronized (s.engine().lock()) {
            QueryResult r = switch (w) {
                case "CREATE" -> create(s, queryId, p);
                case "DROP" -> drop(s, queryId, p);
                case "ALTER" -> alter(s, queryId, p);
                case "COMMENT" -> comment(s, queryId, p);
                case "TRUNCATE" -> truncate(s, queryId, p);
                case "GRANT" -> grant(s, queryId, p, true);
                case "REVOKE" -> grant(s, queryId, p, false);
                default -> throw Errors.syntax(first);
            };
            s.engine().save();
            return r;
        }
    }

    private static QueryResult ok(String queryId) {
        return Statements.status(queryId, EngineSession.DDL, "Statement executed successfully.");
    }

    // ---- CREATE ----

    private static QueryResult create(EngineSession s, String queryId, Parser p) throws SnowflakeError,
            SQLException {
        boolean orReplace = p.accept("OR", "REPLACE");
        p.accept("LOCAL");
        p.accept("GLOBAL");
        String kind = "TABLE";
        if (p.accept("TRANSIENT")) {
            kind = "TRANSIENT";
        } else if (p.accept("TEMPORARY") || p.accept("TEMP") || p.accept("VOLATILE")) {
            kind = "TEMPORARY";
        }
        Token what = p.next();
        String object = what.text().toUpperCase(Locale.ROOT);
        switch (object) {
            case "TABLE":
                return createTable(s, queryId, p, orReplace, kind);
            case "SCHEMA":
                return createSchema(s, queryId, p, orReplace, kind);
            case "STAGE":
                return createStage(s, queryId, p, orReplace, kind);
            case "DATABASE":
                return createDatabase(s, queryId, p, orReplace);
            case "ROLE":
                return createRole(s, queryId, p, orReplace);
            case "USER":
                return createUser(s, queryId, p, orReplace);
            default:
                throw Errors.unsupported(what, "CREATE " + object);
        }
    }

    private static boolean ifNotExists(Parser p) {
        return p.accept("IF", "NOT", "EXISTS");
    }

    private static String createdMessage(String what, String name) {
        return what + " " + Names.display(name) + " successfully created.";
    }

    private static QueryResult createDatabase(EngineSession s, String queryId, Parser p, boolean orReplace)
            throws SnowflakeError, SQLException {
        boolean ine = ifNotExists(p);
        String name = p.identifier();
        p.end();
        Catalog c = s.engine().catalog();
        Set<String> roles = s.roles();
        if (!roles.contains(SnowflakeEngine.ACCOUNTADMIN) && !roles.contains("SYSADMIN")
                && !accountGrant(c, roles, "CREATE DATABASE")) {
            throw new SnowflakeError("003001", "42501", "SQL access control error:\nInsufficient privileges to"
                    + " operate on account '" + s.engine().account() + "'");
        }
        Catalog.Database existing = c.databases.get(name);
        if (existing != null) {
            if (ine) {
                return Statements.status(queryId, EngineSession.DDL, Names.display(name)
                        + " already exists, statement succeeded.");
            }
            if (!orReplace) {
                throw Errors.alreadyExists(Names.display(name));
            }
            throw Errors.unsupported(null, "CREATE OR REPLACE DATABASE");
        }
        Catalog.Database db = new Catalog.Database(c.newId(), name, s.role());
        c.databases.put(name, db);
        s.engine().createSchemaObjects(db, "PUBLIC", s.role());
        s.use(s.role(), name, "PUBLIC", s.warehouse());
        return Statements.status(queryId, EngineSession.DDL, "Database " + Names.display(name)
                + " successfully created.");
    }

    static boolean accountGrant(Catalog c, Set<String> roles, String privilege) {
        for (Catalog.Grant g : c.grants) {
            if (g.objectType().equals("ACCOUNT") && g.privilege().equals(privilege) && roles.contains(g.grantee())) {
                return true;
            }
        }
        return false;
    }

    private static QueryResult createSchema(EngineSession s, String queryId, Parser p, boolean orReplace,
            String kind) throws SnowflakeError, SQLException {
        boolean ine = ifNotExists(p);
        List<String> name = p.name();
        while (p.accept("WITH", "MANAGED", "ACCESS") || p.accept("DATA_RETENTION_TIME_IN_DAYS")) {
            if (p.acceptOp("=")) {
                p.value();
            }
        }
        String comment = null;
        if (p.accept("COMMENT")) {
            p.expectOp("=");
            comment = p.string();
        }
        p.end();
        if (name.size() > 2 || kind.equals("TEMPORARY")) {
            throw Errors.syntax(p.peek());
        }
        Catalog c = s.engine().catalog();
        String dbName = name.size() == 2 ? name.get(0) : s.database();
        if (dbName == null) {
            throw Errors.noCurrentDatabase();
        }
        Catalog.Database db = c.databases.get(dbName);
        if (db == null || !Access.sees(c, s.roles(), db)) {
            throw Errors.databaseDoesNotExist(Names.display(dbName));
        }
        String schemaName = name.get(name.size() - 1);
        // Snowflake checks CREATE SCHEMA on the database before it looks for the schema, IF NOT EXISTS or not
        if (!Access.has(c, s.roles(), "DATABASE", db.id, db.owner, "CREATE SCHEMA")) {
            throw Errors.insufficientPrivileges("database", Names.display(db.name));
        }
        Catalog.Schema existing = db.schemas.get(schemaName);
        if (existing != null) {
            if (ine) {
                return Statements.status(queryId, EngineSession.DDL, Names.display(schemaName)
                        + " already exists, statement succeeded.");
            }
            if (!orReplace) {
                throw Errors.alreadyExists(Names.display(schemaName));
            }
            requireOwnership(s, "SCHEMA", existing.id, existing.owner, "schema", existing.name);
            dropSchema(s, existing);
        }
        Catalog.Schema created = s.engine().createSchemaObjects(db, schemaName, s.role());
        created.comment = comment;
        // CREATE SCHEMA makes the new schema the session's current one
        s.use(s.role(), db.name, schemaName, s.warehouse());
        return Statements.status(queryId, EngineSession.DDL, "Schema " + Names.display(schemaName)
                + " successfully created.");
    }

    private static void requireOwnership(EngineSession s, String type, long id, String owner, String kind,
            String name) throws SnowflakeError {
        Set<String> roles = s.roles();
        if (!roles.contains(SnowflakeEngine.ACCOUNTADMIN) && !roles.contains(owner)) {
            throw Errors.insufficientPrivileges(kind, Names.display(name));
        }
    }

    private static void requireCreate(EngineSession s, Catalog.Schema schema, String privilege)
            throws SnowflakeError {
        if (!Access.has(s.engine().catalog(), s.roles(), "SCHEMA", schema.id, schema.owner, privilege)) {
            throw Errors.insufficientPrivileges("schema", Names.display(schema.name));
        }
    }

    private static QueryResult createTable(EngineSession s, String queryId, Parser p, boolean orReplace,
            String kind) throws SnowflakeError, SQLException {
        boolean ine = ifNotExists(p);
        Token nameToken = p.peek();
        List<String> name = p.name();
        Catalog.Schema schema = s.schemaOf(name, nameToken);
        requireCreate(s, schema, "CREATE TABLE");
        String tableName = name.get(name.size() - 1);
        Catalog.Table existing = kind.equals("TEMPORARY") ? s.temporaryMap().get(EngineSession.tempKey(schema,
                tableName)) : schema.tables.get(tableName);
        if (existing == null && !kind.equals("TEMPORARY")) {
            existing = s.temporaryMap().get(EngineSession.tempKey(schema, tableName));
        }
        if (existing == null && kind.equals("TEMPORARY")) {
            existing = null;
        }
        if (existing != null) {
            if (ine) {
                skipRest(p);
                return Statements.status(queryId, EngineSession.DDL, Names.display(tableName)
                        + " already exists, statement succeeded.");
            }
            if (!orReplace) {
                throw Errors.alreadyExists(Names.display(tableName));
            }
        }
        Catalog c = s.engine().catalog();
        Catalog.Table table = new Catalog.Table(c.newId(), schema, tableName, kind, s.role());
        String asQuery = null;
        List<Token> tokens = null;
        if (p.acceptOp("(")) {
            do {
                if (p.peek().is("PRIMARY") || p.peek().is("UNIQUE") || p.peek().is("CONSTRAINT")
                        || p.peek().is("FOREIGN")) {
                    throw Errors.unsupported(p.peek(), "table constraints");
                }
                String col = p.identifier();
                if (table.column(col) != null) {
                    throw Errors.compilation("002025", "42S21", "duplicate column name '" + Names.display(col)
                            + "'");
                }
                Catalog.Col column = new Catalog.Col(col, p.type());
                while (true) {
                    if (p.accept("NOT", "NULL")) {
                        column.nullable = false;
                    } else if (p.accept("NULL")) {
                        column.nullable = true;
                    } else if (p.accept("COMMENT")) {
                        column.comment = p.string();
                    } else if (p.peek().is("DEFAULT") || p.peek().is("PRIMARY") || p.peek().is("UNIQUE")
                            || p.peek().is("AUTOINCREMENT") || p.peek().is("IDENTITY")
                            || p.peek().is("COLLATE") || p.peek().is("REFERENCES")) {
                        throw Errors.unsupported(p.peek(), "column option " + p.peek().text().toUpperCase(
                                Locale.ROOT));
                    } else {
                        break;
                    }
                }
                table.columns.add(column);
            } while (p.acceptOp(","));
            p.expectOp(")");
        } else if (p.accept("LIKE")) {
            Token likeToken = p.peek();
            Catalog.Table like = s.resolveTable(p.name(), likeToken);
            for (Catalog.Col col : like.columns) {
                Catalog.Col copy = new Catalog.Col(col.name, col.type);
                copy.nullable = col.nullable;
                copy.comment = col.comment;
                table.columns.add(copy);
            }
        } else if (!p.peek().is("AS")) {
            throw Errors.syntax(p.peek());
        }
        while (p.peek().is("COMMENT") || p.peek().is("DATA_RETENTION_TIME_IN_DAYS") || p.peek().is("CLUSTER")
                || p.peek().is("COPY")) {
            if (p.accept("COMMENT")) {
                p.expectOp("=");
                table.comment = p.string();
            } else if (p.accept("DATA_RETENTION_TIME_IN_DAYS")) {
                p.expectOp("=");
                p.number();
            } else {
                throw Errors.unsupported(p.peek(), p.peek().text().toUpperCase(Locale.ROOT));
            }
        }
        Translator query = null;
        if (p.accept("AS")) {
            if (!table.columns.isEmpty()) {
                throw Errors.unsupported(p.peek(), "CREATE TABLE with columns AS SELECT");
            }
            int from = p.position();
            tokens = new ArrayList<>();
            query = new Translator(s, tokensOf(p));
            query.statement(0, query.size());
            asQuery = query.sql();
            if (!query.parameters.isEmpty()) {
                throw Errors.unsupported(p.peek(), "bind variables in CREATE TABLE AS SELECT");
            }
            requireSelect(s, query);
        } else {
            p.end();
        }
        if (existing != null) {
            requireOwnership(s, "TABLE", existing.id, existing.owner, "table", existing.name);
            dropTable(s, existing);
        }
        if (asQuery != null) {
            Statements.duck(s, "CREATE " + (table.temporary() ? "TEMP " : "") + "TABLE " + table.duckName()
                    + " AS " + asQuery);
            try (Statement st = s.duck().createStatement();
                    ResultSet rs = st.executeQuery("SELECT * FROM " + table.duckName() + " LIMIT 0")) {
                var md = rs.getMetaData();
                for (int k = 1; k <= md.getColumnCount(); k++) {
                    table.columns.add(new Catalog.Col(Names.label(md.getColumnLabel(k)),
                            fromDuck(md.getColumnTypeName(k))));
                }
            }
        } else {
            if (table.columns.isEmpty()) {
                throw Errors.syntax(p.peek());
            }
            Statements.duck(s, createSql(table, table.duckName()));
        }
        register(s, table);
        return Statements.status(queryId, EngineSession.DDL, "Table " + Names.display(tableName)
                + " successfully created.");
    }

    private static void requireSelect(EngineSession s, Translator query) throws SnowflakeError {
        for (Catalog.Table read : query.read) {
            if (!read.temporary() && !Access.has(s.engine().catalog(), s.roles(), "TABLE", read.id, read.owner,
                    "SELECT")) {
                throw Errors.insufficientPrivileges("table", read.name);
            }
        }
    }

    private static List<Token> tokensOf(Parser p) {
        List<Token> rest = new ArrayList<>();
        while (!p.atEnd()) {
            rest.add(p.next());
        }
        rest.add(p.peek());
        return rest;
    }

    private static void skipRest(Parser p) {
        while (!p.atEnd()) {
            p.next();
        }
    }

    private static void register(EngineSession s, Catalog.Table table) {
        if (table.temporary()) {
            s.temporaryMap().put(EngineSession.tempKey(table.schema, table.name), table);
        } else {
            table.schema.tables.put(table.name, table);
        }
    }

    static SfType fromDuck(String duckType) {
        String t = duckType.toUpperCase(Locale.ROOT);
        if (t.startsWith("DECIMAL")) {
            String[] ps = t.substring(t.indexOf('(') + 1, t.indexOf(')')).split(",");
            return SfType.number(Integer.parseInt(ps[0].trim()), Integer.parseInt(ps[1].trim()));
        }
        return switch (t) {
            case "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT" -> SfType.number(38, 0);
            case "DOUBLE", "FLOAT" -> SfType.of("FLOAT");
            case "BOOLEAN" -> SfType.of("BOOLEAN");
            case "DATE" -> SfType.of("DATE");
            case "TIME" -> SfType.of("TIME");
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> SfType.of("TIMESTAMP_TZ");
            case "TIMESTAMP" -> SfType.of("TIMESTAMP_NTZ");
            case "BLOB" -> SfType.of("BINARY");
            default -> SfType.text(SfType.MAX_VARCHAR);
        };
    }

    /** DuckDB DDL for a table: VARCHAR(n) lengths become CHECK constraints that raise Snowflake's error. */
    static String createSql(Catalog.Table table, String duckName) {
        StringBuilder b = new StringBuilder("CREATE ");
        if (table.temporary()) {
            b.append("TEMP ");
        }
        b.append("TABLE ").append(duckName).append(" (");
        boolean first = true;
        for (Catalog.Col col : table.columns) {
            b.append(first ? "" : ", ");
            first = false;
            b.append(columnSql(col));
        }
        return b.append(')').toString();
    }

    private static String columnSql(Catalog.Col col) {
        String name = Names.duck(col.name);
        StringBuilder b = new StringBuilder(name).append(' ').append(col.type.duckType());
        if (!col.nullable) {
            b.append(" NOT NULL");
        }
        if (col.type.kind().equals("TEXT") && col.type.length() < SfType.MAX_VARCHAR) {
            b.append(" CHECK (sfsys.too_long(").append(name).append(", ").append(col.type.length()).append("))");
        }
        return b.toString();
    }

    private static QueryResult createStage(EngineSession s, String queryId, Parser p, boolean orReplace,
            String kind) throws SnowflakeError, SQLException {
        boolean ine = ifNotExists(p);
        Token nameToken = p.peek();
        List<String> name = p.name();
        String comment = null;
        while (!p.atEnd()) {
            if (p.accept("COMMENT")) {
                p.expectOp("=");
                comment = p.string();
            } else {
                throw Errors.unsupported(p.peek(), "stage option " + p.peek().text().toUpperCase(Locale.ROOT));
            }
        }
        if (kind.equals("TEMPORARY") || kind.equals("TRANSIENT")) {
            throw Errors.unsupported(nameToken, kind + " stages");
        }
        Catalog.Schema schema = s.schemaOf(name, nameToken);
        requireCreate(s, schema, "CREATE STAGE");
        String stageName = name.get(name.size() - 1);
        Catalog.Stage existing = schema.stages.get(stageName);
        if (existing != null) {
            if (ine) {
                return Statements.status(queryId, EngineSession.DDL, Names.display(stageName)
                        + " already exists, statement succeeded.");
            }
            if (!orReplace) {
                throw Errors.alreadyExists(Names.display(stageName));
            }
            requireOwnership(s, "STAGE", existing.id, existing.owner, "stage", existing.name);
            dropStage(s, existing);
        }
        Catalog c = s.engine().catalog();
        Catalog.Stage stage = new Catalog.Stage(c.newId(), schema, stageName, s.role());
        stage.comment = comment;
        schema.stages.put(stageName, stage);
        try {
            Files.createDirectories(Stages.folder(s, stage));
        } catch (IOException e) {
            throw new SnowflakeError("000603", "XX000", "cannot create the stage folder: " + e);
        }
        return Statements.status(queryId, EngineSession.DDL, "Stage area " + Names.display(stageName)
                + " successfully created.");
    }

    private static QueryResult createRole(EngineSession s, String queryId, Parser p, boolean orReplace)
            throws SnowflakeError {
        boolean ine = ifNotExists(p);
        String name = p.identifier();
        String comment = null;
        if (p.accept("COMMENT")) {
            p.expectOp("=");
            comment = p.string();
        }
        p.end();
        requireUserAdmin(s, "CREATE ROLE");
        Catalog c = s.engine().catalog();
        if (c.roles.containsKey(name)) {
            if (ine) {
                return Statements.status(queryId, EngineSession.DDL, Names.display(name)
                        + " already exists, statement succeeded.");
            }
            if (!orReplace) {
                throw Errors.alreadyExists(Names.display(name));
            }
        }
        Catalog.Role r = new Catalog.Role(c.newId(), name, s.role());
        r.comment = comment;
        c.roles.put(name, r);
        return Statements.status(queryId, EngineSession.DDL, "Role " + Names.display(name)
                + " successfully created.");
    }

    private static void requireUserAdmin(EngineSession s, String privilege) throws SnowflakeError {
        Set<String> roles = s.roles();
        if (!roles.contains(SnowflakeEngine.ACCOUNTADMIN) && !roles.contains("SECURITYADMIN")
                && !roles.contains("USERADMIN") && !accountGrant(s.engine().catalog(), roles, privilege)) {
            throw new SnowflakeError("003001", "42501", "SQL access control error:\nInsufficient privileges to"
                    + " operate on account '" + s.engine().account() + "'");
        }
    }

    private static QueryResult createUser(EngineSession s, String queryId, Parser p, boolean orReplace)
            throws SnowflakeError {
        boolean ine = ifNotExists(p);
        String name = p.identifier();
        requireUserAdmin(s, "CREATE USER");
        Catalog c = s.engine().catalog();
        if (c.users.containsKey(name)) {
            if (ine) {
                skipRest(p);
                return Statements.status(queryId, EngineSession.DDL, Names.display(name)
                        + " already exists, statement succeeded.");
            }
            if (!orReplace) {
                throw Errors.alreadyExists(Names.display(name));
            }
        }
        Catalog.User u = new Catalog.User(c.newId(), name);
        userProperties(p, u, c);
        c.users.put(name, u);
        return Statements.status(queryId, EngineSession.DDL, "User " + Names.display(name)
                + " successfully created.");
    }

    private static void userProperties(Parser p, Catalog.User u, Catalog c) throws SnowflakeError {
        while (!p.atEnd()) {
            Token prop = p.next();
            String k = prop.text().toUpperCase(Locale.ROOT);
            p.expectOp("=");
            String v = p.value();
            switch (k) {
                case "PASSWORD" -> u.password = v;
                case "RSA_PUBLIC_KEY" -> u.rsaPublicKey = v;
                case "RSA_PUBLIC_KEY_2" -> u.rsaPublicKey2 = v;
                case "DEFAULT_ROLE" -> u.defaultRole = Names.fold(v).equals(v.toUpperCase(Locale.ROOT)) ? v
                        .toUpperCase(Locale.ROOT) : v;
                case "DEFAULT_WAREHOUSE" -> u.defaultWarehouse = v;
                case "DEFAULT_NAMESPACE" -> u.defaultNamespace = v;
                case "LOGIN_NAME" -> u.loginName = v;
                case "DISABLED" -> u.disabled = Boolean.parseBoolean(v);
                case "MUST_CHANGE_PASSWORD", "COMMENT", "TYPE", "DISPLAY_NAME", "EMAIL", "FIRST_NAME",
                        "LAST_NAME" -> { }
                default -> throw Errors.unsupported(prop, "user property " + k);
            }
        }
    }

    // ---- DROP ----

    private static QueryResult drop(EngineSession s, String queryId, Parser p) throws SnowflakeError,
            SQLException {
        Token what = p.next();
        String object = what.text().toUpperCase(Locale.ROOT);
        boolean ifExists = p.accept("IF", "EXISTS");
        Token nameToken = p.peek();
        List<String> name = p.name();
        if (!p.accept("CASCADE")) {
            p.accept("RESTRICT");
        }
        p.end();
        String last = name.get(name.size() - 1);
        Catalog c = s.engine().catalog();
        switch (object) {
            case "TABLE" -> {
                Catalog.Table t = s.findTable(name, nameToken);
                if (t == null) {
                    if (ifExists) {
                        return Statements.status(queryId, EngineSession.DDL, "Drop statement executed successfully ("
                                + Names.display(last) + " already dropped).");
                    }
                    throw Errors.tableDoesNotExist(EngineSession.display(name));
                }
                requireOwnership(s, "TABLE", t.id, t.owner, "table", t.name);
                dropTable(s, t);
                return Statements.status(queryId, EngineSession.DDL, Names.display(t.name)
                        + " successfully dropped.");
            }
            case "SCHEMA" -> {
                List<String> parts = new ArrayList<>(name);
                parts.add("X");
                Catalog.Schema sc;
                try {
                    sc = s.schemaOf(parts, nameToken);
                } catch (SnowflakeError e) {
                    if (ifExists && e.errorCode().equals("002003")) {
                        return Statements.status(queryId, EngineSession.DDL, "Drop statement executed successfully ("
                                + Names.display(last) + " already dropped).");
                    }
                    throw e;
                }
                requireOwnership(s, "SCHEMA", sc.id, sc.owner, "schema", sc.name);
                dropSchema(s, sc);
                if (sc.name.equals(s.schema()) && sc.database.name.equals(s.database())) {
                    s.use(s.role(), s.database(), null, s.warehouse());
                }
                return Statements.status(queryId, EngineSession.DDL, Names.display(sc.name)
                        + " successfully dropped.");
            }
            case "STAGE" -> {
                Catalog.Stage st = Stages.findStage(s, name, nameToken);
                if (st == null) {
                    if (ifExists) {
                        return Statements.status(queryId, EngineSession.DDL, "Drop statement executed successfully ("
                                + Names.display(last) + " already dropped).");
                    }
                    throw Errors.doesNotExist(EngineSession.display(name));
                }
                requireOwnership(s, "STAGE", st.id, st.owner, "stage", st.name);
                dropStage(s, st);
                return Statements.status(queryId, EngineSession.DDL, Names.display(st.name)
                        + " successfully dropped.");
            }
            case "ROLE" -> {
                requireUserAdmin(s, "CREATE ROLE");
                Catalog.Role r = c.roles.get(last);
                if (r == null) {
                    if (ifExists) {
                        return Statements.status(queryId, EngineSession.DDL, "Drop statement executed successfully ("
                                + Names.display(last) + " already dropped).");
                    }
                    throw Errors.compilation("002003", "02000", "Role '" + Names.display(last)
                            + "' does not exist or not authorized.");
                }
                c.roles.remove(last);
                c.grants.removeIf(g -> (g.objectType().equals("ROLE") && g.objectId() == r.id)
                        || (g.granteeType().equals("ROLE") && g.grantee().equals(last)));
                return Statements.status(queryId, EngineSession.DDL, Names.display(last) + " successfully dropped.");
            }
            case "USER" -> {
                requireUserAdmin(s, "CREATE USER");
                if (c.users.remove(last) == null) {
                    if (ifExists) {
                        return Statements.status(queryId, EngineSession.DDL, "Drop statement executed successfully ("
                                + Names.display(last) + " already dropped).");
                    }
                    throw Errors.compilation("002003", "02000", "User '" + Names.display(last)
                            + "' does not exist or not authorized.");
                }
                c.grants.removeIf(g -> g.granteeType().equals("USER") && g.grantee().equals(last));
                return Statements.status(queryId, EngineSession.DDL, Names.display(last) + " successfully dropped.");
            }
            default -> throw Errors.unsupported(what, "DROP " + object);
        }
    }

    static void dropTable(EngineSession s, Catalog.Table t) throws SQLException {
        Statements.duck(s, "DROP TABLE IF EXISTS " + t.duckName());
        Catalog c = s.engine().catalog();
        if (t.temporary()) {
            s.temporaryMap().remove(EngineSession.tempKey(t.schema, t.name));
        } else {
            t.schema.tables.remove(t.name);
        }
        c.grants.removeIf(g -> g.objectType().equals("TABLE") && g.objectId() == t.id);
        c.loads.remove(t.id);
    }

    private static void dropSchema(EngineSession s, Catalog.Schema sc) throws SQLException {
        for (Catalog.Table t : new ArrayList<>(sc.tables.values())) {
            dropTable(s, t);
        }
        for (Catalog.Stage st : new ArrayList<>(sc.stages.values())) {
            dropStage(s, st);
        }
        sc.database.schemas.remove(sc.name);
        s.engine().catalog().grants.removeIf(g -> g.objectType().equals("SCHEMA") && g.objectId() == sc.id);
    }

    private static void dropStage(EngineSession s, Catalog.Stage st) {
        st.schema.stages.remove(st.name);
        s.engine().catalog().grants.removeIf(g -> g.objectType().equals("STAGE") && g.objectId() == st.id);
        deleteTree(Stages.folder(s, st));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // a stage folder left behind holds no metadata: the catalog no longer names it
        }
    }

    // ---- ALTER ----

    private static QueryResult alter(EngineSession s, String queryId, Parser p) throws SnowflakeError,
            SQLException {
        Token what = p.next();
        if (what.is("USER")) {
            return alterUser(s, queryId, p);
        }
        if (!what.is("TABLE")) {
            throw Errors.unsupported(what, "ALTER " + what.text().toUpperCase(Locale.ROOT));
        }
        boolean ifExists = p.accept("IF", "EXISTS");
        Token nameToken = p.peek();
        List<String> name = p.name();
        Catalog.Table t = s.findTable(name, nameToken);
        if (t == null) {
            if (ifExists) {
                skipRest(p);
                return ok(queryId);
            }
            throw Errors.tableDoesNotExist(EngineSession.display(name));
        }
        requireOwnership(s, "TABLE", t.id, t.owner, "table", t.name);
        Catalog c = s.engine().catalog();
        if (p.accept("RENAME", "TO")) {
            Token newToken = p.peek();
            List<String> newName = p.name();
            p.end();
            Catalog.Schema target = s.schemaOf(newName, newToken);
            String n = newName.get(newName.size() - 1);
            if (target.tables.containsKey(n) || s.temporaryMap().containsKey(EngineSession.tempKey(target, n))) {
                throw Errors.alreadyExists(Names.display(n));
            }
            if (target != t.schema) {
                requireCreate(s, target, "CREATE TABLE");
            }
            if (t.temporary()) {
                s.temporaryMap().remove(EngineSession.tempKey(t.schema, t.name));
                t.schema = target;
                t.name = n;
                s.temporaryMap().put(EngineSession.tempKey(target, n), t);
            } else {
                t.schema.tables.remove(t.name);
                t.schema = target;
                t.name = n;
                target.tables.put(n, t);
            }
            return ok(queryId);
        }
        if (p.accept("SWAP", "WITH")) {
            Token otherToken = p.peek();
            List<String> otherName = p.name();
            p.end();
            Catalog.Table o = s.findTable(otherName, otherToken);
            if (o == null) {
                throw Errors.tableDoesNotExist(EngineSession.display(otherName));
            }
            requireOwnership(s, "TABLE", o.id, o.owner, "table", o.name);
            if (t.temporary() || o.temporary()) {
                throw Errors.unsupported(otherToken, "SWAP WITH a temporary table");
            }
            // the two table objects (rows, columns, owner, grants, comment, load metadata) trade names
            Catalog.Schema ts = t.schema;
            String tn = t.name;
            t.schema.tables.remove(t.name);
            o.schema.tables.remove(o.name);
            t.schema = o.schema;
            t.name = o.name;
            o.schema = ts;
            o.name = tn;
            t.schema.tables.put(t.name, t);
            o.schema.tables.put(o.name, o);
            return ok(queryId);
        }
        if (p.accept("SET", "COMMENT")) {
            p.expectOp("=");
            t.comment = p.string();
            p.end();
            return ok(queryId);
        }
        if (p.accept("UNSET", "COMMENT")) {
            p.end();
            t.comment = null;
            return ok(queryId);
        }
        if (p.accept("ADD")) {
            p.accept("COLUMN");
            boolean ine = ifNotExists(p);
            List<Catalog.Col> added = new ArrayList<>();
            do {
                String col = p.identifier();
                Catalog.Col column = new Catalog.Col(col, p.type());
                if (p.accept("NOT", "NULL")) {
                    throw Errors.unsupported(p.peek(), "ADD COLUMN ... NOT NULL");
                }
                if (p.accept("COMMENT")) {
                    column.comment = p.string();
                }
                if (t.column(col) != null || added.stream().anyMatch(a -> a.name.equals(col))) {
                    if (ine) {
                        continue;
                    }
                    throw Errors.compilation("002025", "42S21", "duplicate column name '" + Names.display(col)
                            + "'");
                }
                added.add(column);
            } while (p.acceptOp(",") && (p.accept("COLUMN") || true));
            p.end();
            List<Catalog.Col> cols = new ArrayList<>(t.columns);
            cols.addAll(added);
            rebuild(s, t, cols, null);
            return ok(queryId);
        }
        if (p.accept("DROP")) {
            p.accept("COLUMN");
            List<String> dropped = new ArrayList<>();
            do {
                Token ct = p.peek();
                String col = p.identifier();
                if (t.column(col) == null) {
                    throw Errors.invalidIdentifier(Names.display(col), ct.line(), ct.column());
                }
                dropped.add(col);
            } while (p.acceptOp(","));
            p.end();
            List<Catalog.Col> cols = new ArrayList<>(t.columns);
            cols.removeIf(col -> dropped.contains(col.name));
            rebuild(s, t, cols, null);
            return ok(queryId);
        }
        if (p.accept("ALTER") || p.accept("MODIFY")) {
            p.accept("COLUMN");
            Token ct = p.peek();
            String col = p.identifier();
            Catalog.Col existing = t.column(col);
            if (existing == null) {
                throw Errors.invalidIdentifier(Names.display(col), ct.line(), ct.column());
            }
            if (p.accept("SET", "COMMENT") || p.accept("COMMENT")) {
                existing.comment = p.string();
                p.end();
                return ok(queryId);
            }
            if (!p.accept("SET", "DATA", "TYPE")) {
                p.expect("TYPE");
            }
            SfType to = p.type();
            p.end();
            String change = typeChange(existing, to);
            if (change != null) {
                throw Errors.compilation("002108", "22000", "cannot change column " + Names.display(col)
                        + " from type " + existing.type.display() + " to " + to.display() + " because " + change);
            }
            List<Catalog.Col> cols = new ArrayList<>();
            for (Catalog.Col old : t.columns) {
                if (old == existing) {
                    Catalog.Col n = new Catalog.Col(old.name, to);
                    n.nullable = old.nullable;
                    n.comment = old.comment;
                    cols.add(n);
                } else {
                    cols.add(old);
                }
            }
            rebuild(s, t, cols, null);
            return ok(queryId);
        }
        throw Errors.syntax(p.peek());
    }

    /** Snowflake's rule for SET DATA TYPE: why the change is refused, or null when it is allowed. */
    private static String typeChange(Catalog.Col from, SfType to) {
        SfType a = from.type;
        if (a.kind().equals("TEXT") && to.kind().equals("TEXT")) {
            return to.length() < a.length() ? "reducing the byte-length of a varchar is not supported." : null;
        }
        if (a.kind().equals("NUMBER") && to.kind().equals("NUMBER")) {
            if (a.scale() != to.scale()) {
                return "changing the scale of a number is not supported.";
            }
            return to.precision() < a.precision() ? "decreasing the precision of a number is not supported." : null;
        }
        if (a.equals(to)) {
            return null;
        }
        return "they have incompatible types.";
    }

    /** Re-creates a table's DuckDB storage with new columns (DuckDB cannot alter a column's CHECK constraint). */
    private static void rebuild(EngineSession s, Catalog.Table t, List<Catalog.Col> cols, String unused)
            throws SQLException {
        String tmpName = t.temporary() ? "temp.main.\"t" + t.id + "_new\"" : "main.\"t" + t.id + "_new\"";
        Catalog.Table shape = new Catalog.Table(t.id, t.schema, t.name, t.kind, t.owner);
        shape.columns.addAll(cols);
        StringBuilder select = new StringBuilder();
        StringBuilder into = new StringBuilder();
        for (Catalog.Col col : cols) {
            if (t.column(col.name) != null) {
                select.append(select.length() > 0 ? ", " : "").append(Names.duck(col.name));
                into.append(into.length() > 0 ? ", " : "").append(Names.duck(col.name));
            }
        }
        List<String> sql = new ArrayList<>();
        sql.add("BEGIN TRANSACTION");
        sql.add(createSql(shape, tmpName));
        if (select.length() > 0) {
            sql.add("INSERT INTO " + tmpName + " (" + into + ") SELECT " + select + " FROM " + t.duckName());
        }
        sql.add("DROP TABLE " + t.duckName());
        sql.add("ALTER TABLE " + tmpName + " RENAME TO \"t" + t.id + "\"");
        sql.add("COMMIT");
        try {
            Statements.duck(s, sql.toArray(new String[0]));
        } catch (SQLException e) {
            try {
                Statements.duck(s, "ROLLBACK");
            } catch (SQLException ignored) {
                // already rolled back
            }
            throw e;
        }
        t.columns.clear();
        t.columns.addAll(cols);
    }

    private static QueryResult alterUser(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        boolean ifExists = p.accept("IF", "EXISTS");
        String name = p.identifier();
        Catalog c = s.engine().catalog();
        Catalog.User u = c.users.get(name);
        boolean self = name.equals(s.user());
        if (!self) {
            requireUserAdmin(s, "CREATE USER");
        }
        if (u == null) {
            if (ifExists) {
                skipRest(p);
                return ok(queryId);
            }
            throw Errors.compilation("002003", "02000", "User '" + Names.display(name)
                    + "' does not exist or not authorized.");
        }
        if (p.accept("SET")) {
            userProperties(p, u, c);
        } else if (p.accept("UNSET")) {
            do {
                Token prop = p.next();
                switch (prop.text().toUpperCase(Locale.ROOT)) {
                    case "RSA_PUBLIC_KEY" -> u.rsaPublicKey = null;
                    case "RSA_PUBLIC_KEY_2" -> u.rsaPublicKey2 = null;
                    case "DEFAULT_ROLE" -> u.defaultRole = null;
                    case "PASSWORD" -> u.password = null;
                    default -> throw Errors.unsupported(prop, "UNSET " + prop.text());
                }
            } while (p.acceptOp(","));
            p.end();
        } else {
            throw Errors.unsupported(p.peek(), "this ALTER USER form");
        }
        return ok(queryId);
    }

    // ---- COMMENT, TRUNCATE ----

    private static QueryResult comment(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        p.expect("ON");
        Token what = p.next();
        Token nameToken = p.peek();
        List<String> name = p.name();
        p.expect("IS");
        String text = p.string();
        p.end();
        if (what.is("TABLE")) {
            Catalog.Table t = s.resolveTable(name, nameToken);
            requireOwnership(s, "TABLE", t.id, t.owner, "table", t.name);
            t.comment = text;
        } else if (what.is("COLUMN")) {
            if (name.size() < 2) {
                throw Errors.syntax(nameToken);
            }
            Catalog.Table t = s.resolveTable(name.subList(0, name.size() - 1), nameToken);
            requireOwnership(s, "TABLE", t.id, t.owner, "table", t.name);
            Catalog.Col col = t.column(name.get(name.size() - 1));
            if (col == null) {
                throw Errors.invalidIdentifier(Names.display(name.get(name.size() - 1)), nameToken.line(),
                        nameToken.column());
            }
            col.comment = text;
        } else if (what.is("SCHEMA")) {
            List<String> parts = new ArrayList<>(name);
            parts.add("X");
            Catalog.Schema sc = s.schemaOf(parts, nameToken);
            requireOwnership(s, "SCHEMA", sc.id, sc.owner, "schema", sc.name);
            sc.comment = text;
        } else {
            throw Errors.unsupported(what, "COMMENT ON " + what.text().toUpperCase(Locale.ROOT));
        }
        return ok(queryId);
    }

    private static QueryResult truncate(EngineSession s, String queryId, Parser p) throws SnowflakeError,
            SQLException {
        p.accept("TABLE");
        boolean ifExists = p.accept("IF", "EXISTS");
        Token nameToken = p.peek();
        List<String> name = p.name();
        p.end();
        Catalog.Table t = s.findTable(name, nameToken);
        if (t == null) {
            if (ifExists) {
                return ok(queryId);
            }
            throw Errors.tableDoesNotExist(EngineSession.display(name));
        }
        if (!t.temporary() && !Access.has(s.engine().catalog(), s.roles(), "TABLE", t.id, t.owner, "TRUNCATE")) {
            throw Errors.insufficientPrivileges("table", t.name);
        }
        Statements.duck(s, "DELETE FROM " + t.duckName());
        // TRUNCATE also forgets which files were loaded (Snowflake: "Load metadata")
        s.engine().catalog().loads.remove(t.id);
        return ok(queryId);
    }

    // ---- GRANT / REVOKE ----

    /** The privileges Snowflake grants on each kind of object (ALL and OWNERSHIP on every kind). */
    private static final java.util.Map<String, Set<String>> PRIVILEGES = java.util.Map.of(
            "TABLE", Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "REBUILD", "EVOLVE"),
            "SCHEMA", Set.of("USAGE", "MONITOR", "MODIFY", "CREATE TABLE", "CREATE STAGE", "CREATE VIEW",
                    "CREATE FILE FORMAT", "CREATE SEQUENCE", "CREATE FUNCTION", "CREATE PROCEDURE"),
            "DATABASE", Set.of("USAGE", "MONITOR", "MODIFY", "CREATE SCHEMA", "CREATE DATABASE ROLE"),
            "STAGE", Set.of("READ", "WRITE", "USAGE"),
            "WAREHOUSE", Set.of("USAGE", "OPERATE", "MONITOR", "MODIFY"),
            "ACCOUNT", Set.of("CREATE DATABASE", "CREATE ROLE", "CREATE USER", "CREATE WAREHOUSE", "MANAGE GRANTS",
                    "MONITOR USAGE", "EXECUTE TASK"));

    private static QueryResult grant(EngineSession s, String queryId, Parser p, boolean grant)
            throws SnowflakeError {
        Catalog c = s.engine().catalog();
        if (p.accept("ROLE")) {
            String role = p.identifier();
            if (grant) {
                p.expect("TO");
            } else {
                p.expect("FROM");
            }
            boolean toUser = p.accept("USER");
            if (!toUser) {
                p.expect("ROLE");
            }
            String grantee = p.identifier();
            p.end();
            Catalog.Role r = c.roles.get(role);
            if (r == null) {
                throw Errors.compilation("002003", "02000", "Role '" + Names.display(role)
                        + "' does not exist or not authorized.");
            }
            if (toUser ? !c.users.containsKey(grantee) : !c.roles.containsKey(grantee)) {
                throw Errors.compilation("002003", "02000", (toUser ? "User '" : "Role '") + Names.display(grantee)
                        + "' does not exist or not authorized.");
            }
            Set<String> roles = s.roles();
            if (!roles.contains(r.owner) && !roles.contains(SnowflakeEngine.ACCOUNTADMIN)
                    && !roles.contains("SECURITYADMIN")) {
                throw Errors.insufficientPrivileges("role", Names.display(role));
            }
            String type = toUser ? "USER" : "ROLE";
            c.grants.removeIf(g -> g.objectType().equals("ROLE") && g.objectId() == r.id
                    && g.granteeType().equals(type) && g.grantee().equals(grantee));
            if (grant) {
                c.grants.add(new Catalog.Grant("USAGE", "ROLE", r.id, type, grantee, false, s.role(), Instant.now()));
            }
            return ok(queryId);
        }
        List<String> privileges = new ArrayList<>();
        do {
            // a privilege is one or more words (SELECT, CREATE TABLE, CREATE FILE FORMAT, MANAGE GRANTS)
            StringBuilder words = new StringBuilder();
            while (p.peek().type() == Token.Type.WORD && !p.peek().is("ON")) {
                Token t = p.next();
                words.append(words.length() > 0 ? " " : "").append(t.text().toUpperCase(Locale.ROOT));
            }
            String w = words.toString();
            if (w.isEmpty()) {
                throw Errors.syntax(p.peek());
            }
            if (w.equals("ALL PRIVILEGES")) {
                w = "ALL";
            } else if (w.startsWith("IMPORTED")) {
                throw Errors.unsupported(p.peek(), "IMPORTED PRIVILEGES");
            }
            privileges.add(w);
        } while (p.acceptOp(","));
        p.expect("ON");
        Token kindToken = p.next();
        String kind = kindToken.text().toUpperCase(Locale.ROOT);
        List<long[]> objects = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        String type;
        String display;
        if (kind.equals("ALL") || kind.equals("FUTURE")) {
            if (kind.equals("FUTURE")) {
                throw Errors.unsupported(kindToken, "future grants");
            }
            Token plural = p.next();
            if (!plural.is("TABLES")) {
                throw Errors.unsupported(plural, "GRANT ON ALL " + plural.text().toUpperCase(Locale.ROOT));
            }
            p.expect("IN");
            p.expect("SCHEMA");
            Token nt = p.peek();
            List<String> parts = new ArrayList<>(p.name());
            parts.add("X");
            Catalog.Schema sc = s.schemaOf(parts, nt);
            type = "TABLE";
            display = sc.qualified();
            for (Catalog.Table t : sc.tables.values()) {
                objects.add(new long[] {t.id});
                owners.add(t.owner);
            }
        } else {
            Token nt = p.peek();
            switch (kind) {
                case "DATABASE" -> {
                    String name = p.identifier();
                    Catalog.Database db = c.databases.get(name);
                    if (db == null) {
                        throw Errors.databaseDoesNotExist(Names.display(name));
                    }
                    objects.add(new long[] {db.id});
                    owners.add(db.owner);
                    display = db.name;
                }
                case "SCHEMA" -> {
                    List<String> parts = new ArrayList<>(p.name());
                    parts.add("X");
                    Catalog.Schema sc = s.schemaOf(parts, nt);
                    objects.add(new long[] {sc.id});
                    owners.add(sc.owner);
                    display = sc.qualified();
                }
                case "TABLE" -> {
                    Catalog.Table t = s.resolveTable(p.name(), nt);
                    objects.add(new long[] {t.id});
                    owners.add(t.owner);
                    display = t.qualified();
                }
                case "STAGE" -> {
                    List<String> name = p.name();
                    Catalog.Stage st = Stages.findStage(s, name, nt);
                    if (st == null) {
                        throw Errors.doesNotExist(EngineSession.display(name));
                    }
                    objects.add(new long[] {st.id});
                    owners.add(st.owner);
                    display = st.qualified();
                }
                case "WAREHOUSE" -> {
                    p.identifier();
                    objects.add(new long[] {0});
                    owners.add(SnowflakeEngine.ACCOUNTADMIN);
                    display = "";
                }
                case "ACCOUNT" -> {
                    objects.add(new long[] {0});
                    owners.add(SnowflakeEngine.ACCOUNTADMIN);
                    display = s.engine().account();
                }
                default -> throw Errors.unsupported(kindToken, "grants on " + kind);
            }
            type = kind;
        }
        for (String privilege : privileges) {
            if (!privilege.equals("ALL") && !privilege.equals("OWNERSHIP")
                    && !PRIVILEGES.getOrDefault(type, Set.of()).contains(privilege)) {
                throw Errors.compilation("003011", "42601", "Invalid privilege " + privilege + ".");
            }
        }
        p.expect(grant ? "TO" : "FROM");
        p.accept("ROLE");
        String grantee = p.identifier();
        boolean grantOption = grant && p.accept("WITH", "GRANT", "OPTION");
        if (!grant) {
            if (!p.accept("CASCADE")) {
                p.accept("RESTRICT");
            }
        }
        boolean copyGrants = p.accept("COPY", "CURRENT", "GRANTS");
        if (!copyGrants) {
            p.accept("REVOKE", "CURRENT", "GRANTS");
        }
        p.end();
        if (!c.roles.containsKey(grantee)) {
            throw Errors.compilation("002003", "02000", "Role '" + Names.display(grantee)
                    + "' does not exist or not authorized.");
        }
        Set<String> roles = s.roles();
        for (String owner : owners) {
            if (!roles.contains(owner) && !roles.contains(SnowflakeEngine.ACCOUNTADMIN)
                    && !roles.contains("SECURITYADMIN")) {
                throw Errors.insufficientPrivileges(type.toLowerCase(Locale.ROOT), display);
            }
        }
        for (int k = 0; k < objects.size(); k++) {
            long id = objects.get(k)[0];
            if (privileges.contains("OWNERSHIP")) {
                if (!grant) {
                    throw Errors.unsupported(kindToken, "REVOKE OWNERSHIP");
                }
                transferOwnership(c, type, id, grantee, copyGrants);
                continue;
            }
            for (String privilege : privileges) {
                c.grants.removeIf(g -> g.objectType().equals(type) && g.objectId() == id
                        && g.granteeType().equals("ROLE") && g.grantee().equals(grantee)
                        && g.privilege().equals(privilege));
                if (grant) {
                    c.grants.add(new Catalog.Grant(privilege, type, id, "ROLE", grantee, grantOption, s.role(),
                            Instant.now()));
                }
            }
        }
        return ok(queryId);
    }

    private static void transferOwnership(Catalog c, String type, long id, String role, boolean copyGrants) {
        for (Catalog.Database db : c.databases.values()) {
            if (type.equals("DATABASE") && db.id == id) {
                db.owner = role;
            }
            for (Catalog.Schema sc : db.schemas.values()) {
                if (type.equals("SCHEMA") && sc.id == id) {
                    sc.owner = role;
                }
                for (Catalog.Table t : sc.tables.values()) {
                    if (type.equals("TABLE") && t.id == id) {
                        t.owner = role;
                    }
                }
                for (Catalog.Stage st : sc.stages.values()) {
                    if (type.equals("STAGE") && st.id == id) {
                        st.owner = role;
                    }
                }
            }
        }
        if (!copyGrants) {
            c.grants.removeIf(g -> g.objectType().equals(type) && g.objectId() == id);
        }
    }

    // ---- SHOW, DESCRIBE ----

    private static final List<ColumnMeta> GRANT_COLUMNS = List.of(
            new ColumnMeta("created_on", "timestamp_ltz", 0, 3, 0, true), Statements.text("privilege"),
            Statements.text("granted_on"), Statements.text("name"), Statements.text("granted_to"),
            Statements.text("grantee_name"), Statements.text("grant_option"), Statements.text("granted_by"));

    private static QueryResult show(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        Catalog c = s.engine().catalog();
        if (!p.accept("GRANTS")) {
            throw Errors.unsupported(p.peek(), "SHOW " + p.peek().text().toUpperCase(Locale.ROOT));
        }
        List<Object[]> rows = new ArrayList<>();
        if (p.accept("ON")) {
            Token kindToken = p.next();
            String kind = kindToken.text().toUpperCase(Locale.ROOT);
            Token nt = p.peek();
            long id;
            String owner;
            String name;
            Instant created;
            switch (kind) {
                case "TABLE" -> {
                    Catalog.Table t = s.resolveTable(p.name(), nt);
                    id = t.id;
                    owner = t.owner;
                    name = EngineSession.display(List.of(t.schema.database.name, t.schema.name, t.name));
                    created = t.created;
                }
                case "SCHEMA" -> {
                    List<String> parts = new ArrayList<>(p.name());
                    parts.add("X");
                    Catalog.Schema sc = s.schemaOf(parts, nt);
                    id = sc.id;
                    owner = sc.owner;
                    name = EngineSession.display(List.of(sc.database.name, sc.name));
                    created = sc.created;
                }
                case "DATABASE" -> {
                    String n = p.identifier();
                    Catalog.Database db = c.databases.get(n);
                    if (db == null || !Access.sees(c, s.roles(), db)) {
                        throw Errors.databaseDoesNotExist(Names.display(n));
                    }
                    id = db.id;
                    owner = db.owner;
                    name = Names.display(db.name);
                    created = db.created;
                }
                case "STAGE" -> {
                    List<String> n = p.name();
                    Catalog.Stage st = Stages.findStage(s, n, nt);
                    if (st == null) {
                        throw Errors.doesNotExist(EngineSession.display(n));
                    }
                    id = st.id;
                    owner = st.owner;
                    name = EngineSession.display(List.of(st.schema.database.name, st.schema.name, st.name));
                    created = st.created;
                }
                default -> throw Errors.unsupported(kindToken, "SHOW GRANTS ON " + kind);
            }
            p.end();
            rows.add(new Object[] {time(s, created), "OWNERSHIP", kind, name, "ROLE", owner, "true", owner});
            for (Catalog.Grant g : c.grants) {
                if (g.objectType().equals(kind) && g.objectId() == id) {
                    rows.add(new Object[] {time(s, g.created()), g.privilege(), kind, name, g.granteeType(),
                        g.grantee(), String.valueOf(g.grantOption()), g.grantedBy()});
                }
            }
        } else if (p.accept("TO")) {
            boolean user = p.accept("USER");
            if (!user) {
                p.expect("ROLE");
            }
            String grantee = p.identifier();
            p.end();
            if (user ? !c.users.containsKey(grantee) : !c.roles.containsKey(grantee)) {
                throw Errors.compilation("002003", "02000", (user ? "User '" : "Role '") + Names.display(grantee)
                        + "' does not exist or not authorized.");
            }
            for (Catalog.Grant g : c.grants) {
                if (g.granteeType().equals(user ? "USER" : "ROLE") && g.grantee().equals(grantee)) {
                    rows.add(new Object[] {time(s, g.created()), g.privilege(), g.objectType(), objectName(c, g),
                        g.granteeType(), g.grantee(), String.valueOf(g.grantOption()), g.grantedBy()});
                }
            }
            if (!user) {
                ownedBy(s, c, grantee, rows);
            }
        } else {
            throw Errors.unsupported(p.peek(), "this SHOW GRANTS form");
        }
        return Statements.rows(queryId, EngineSession.SHOW, GRANT_COLUMNS, rows);
    }

    private static void ownedBy(EngineSession s, Catalog c, String role, List<Object[]> rows) {
        for (Catalog.Database db : c.databases.values()) {
            if (db.owner.equals(role)) {
                rows.add(new Object[] {time(s, db.created), "OWNERSHIP", "DATABASE", Names.display(db.name), "ROLE",
                    role, "true", role});
            }
            for (Catalog.Schema sc : db.schemas.values()) {
                if (sc.owner.equals(role)) {
                    rows.add(new Object[] {time(s, sc.created), "OWNERSHIP", "SCHEMA",
                        EngineSession.display(List.of(db.name, sc.name)), "ROLE", role, "true", role});
                }
                for (Catalog.Table t : sc.tables.values()) {
                    if (t.owner.equals(role)) {
                        rows.add(new Object[] {time(s, t.created), "OWNERSHIP", "TABLE",
                            EngineSession.display(List.of(db.name, sc.name, t.name)), "ROLE", role, "true", role});
                    }
                }
            }
        }
    }

    private static String objectName(Catalog c, Catalog.Grant g) {
        if (g.objectType().equals("ROLE")) {
            Catalog.Role r = Access.roleById(c, g.objectId());
            return r == null ? "" : Names.display(r.name);
        }
        for (Catalog.Database db : c.databases.values()) {
            if (db.id == g.objectId()) {
                return Names.display(db.name);
            }
            for (Catalog.Schema sc : db.schemas.values()) {
                if (sc.id == g.objectId()) {
                    return EngineSession.display(List.of(db.name, sc.name));
                }
                for (Catalog.Table t : sc.tables.values()) {
                    if (t.id == g.objectId()) {
                        return EngineSession.display(List.of(db.name, sc.name, t.name));
                    }
                }
                for (Catalog.Stage st : sc.stages.values()) {
                    if (st.id == g.objectId()) {
                        return EngineSession.display(List.of(db.name, sc.name, st.name));
                    }
                }
            }
        }
        return "";
    }

    private static OffsetDateTime time(EngineSession s, Instant i) {
        return OffsetDateTime.ofInstant(i, s.zone());
    }

    private static QueryResult describe(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        p.accept("TABLE");
        Token nt = p.peek();
        Catalog.Table t = s.resolveTable(p.name(), nt);
        p.end();
        List<ColumnMeta> cols = List.of(Statements.text("name"), Statements.text("type"), Statements.text("kind"),
                Statements.text("null?"), Statements.text("default"), Statements.text("primary key"),
                Statements.text("unique key"), Statements.text("check"), Statements.text("expression"),
                Statements.text("comment"));
        List<Object[]> rows = new ArrayList<>();
        for (Catalog.Col col : t.columns) {
            rows.add(new Object[] {col.name, col.type.display(), "COLUMN", col.nullable ? "Y" : "N", null, "N", "N",
                null, null, col.comment});
        }
        return Statements.rows(queryId, EngineSession.DESCRIBE, cols, rows);
    }
}
