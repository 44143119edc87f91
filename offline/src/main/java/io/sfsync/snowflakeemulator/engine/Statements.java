package io.sfsync.snowflakeemulator.engine;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Runs one statement of a session: classifies it and hands it to its handler; refuses what it does not know. */
final class Statements {

    private Statements() {
    }

    /** The statement type name recorded in the query history. */
    static String kind(List<Token> t) {
        Token a = t.get(0);
        Token b = t.size() > 1 ? t.get(1) : a;
        String w = a.text().toUpperCase(Locale.ROOT);
        return switch (w) {
            case "SELECT", "WITH", "(" -> "SELECT";
            case "INSERT", "UPDATE", "DELETE", "MERGE", "PUT", "GET", "REMOVE", "RM", "LIST", "LS", "SHOW",
                    "COMMIT", "ROLLBACK", "GRANT", "REVOKE", "TRUNCATE" -> w.equals("RM") ? "REMOVE"
                    : w.equals("LS") ? "LIST" : w;
            case "COPY" -> "COPY";
            case "BEGIN", "START" -> "BEGIN_TRANSACTION";
            case "USE" -> "USE";
            case "ALTER" -> b.is("SESSION") ? "ALTER_SESSION" : "ALTER_" + b.text().toUpperCase(Locale.ROOT);
            case "CREATE", "DROP", "COMMENT", "DESCRIBE", "DESC" -> w + "_" + b.text().toUpperCase(Locale.ROOT);
            default -> "UNKNOWN";
        };
    }

    static QueryResult run(EngineSession s, String queryId, List<Token> t, List<Binding> bindings)
            throws SnowflakeError {
        Token first = t.get(0);
        try {
            if (first.type() == Token.Type.EOF) {
                throw new SnowflakeError("000900", "42000", "SQL compilation error:\nEmpty SQL statement.");
            }
            if (first.is("SELECT") && t.size() == 6 && t.get(1).is("SYSTEM$ABORT_TRANSACTION")
                    && t.get(2).isOp("(") && t.get(3).type() == Token.Type.NUMBER && t.get(4).isOp(")")) {
                return abortTransaction(s, queryId, t.get(3));
            }
            if (first.isOp("(") || first.is("SELECT") || first.is("WITH")) {
                return dml(s, queryId, t, bindings, EngineSession.SELECT);
            }
            String w = first.type() == Token.Type.WORD ? first.text().toUpperCase(Locale.ROOT) : "";
            switch (w) {
                case "INSERT":
                    return dml(s, queryId, t, bindings, EngineSession.INSERT);
                case "UPDATE":
                    return dml(s, queryId, t, bindings, EngineSession.UPDATE);
                case "DELETE":
                    return dml(s, queryId, t, bindings, EngineSession.DELETE);
                case "MERGE":
                    return dml(s, queryId, t, bindings, EngineSession.MERGE);
                case "BEGIN":
                case "START":
                case "COMMIT":
                case "ROLLBACK":
                    return transaction(s, queryId, new Parser(t, 0));
                case "ALTER":
                    if (t.get(1).is("SESSION")) {
                        return alterSession(s, queryId, new Parser(t, 2));
                    }
                    return Ddl.run(s, queryId, t);
                case "USE":
                    return use(s, queryId, new Parser(t, 1));
                case "SHOW":
                    if (t.get(1).is("TRANSACTIONS") || t.get(1).is("LOCKS")) {
                        return showTransactions(s, queryId, new Parser(t, 1));
                    }
                    return Ddl.run(s, queryId, t);
                case "CREATE":
                case "DROP":
                case "COMMENT":
                case "TRUNCATE":
                case "GRANT":
                case "REVOKE":
                case "DESCRIBE":
                case "DESC":
                    return Ddl.run(s, queryId, t);
                case "PUT":
                case "GET":
                case "LIST":
                case "LS":
                case "REMOVE":
                case "RM":
                case "COPY":
                    return Stages.run(s, queryId, t);
                default:
                    throw Errors.syntax(first);
            }
        } catch (SQLException e) {
            throw DuckErrors.map(e, t);
        }
    }

    static QueryResult status(String queryId, long type, String message) {
        return new QueryResult(queryId, type, List.of(new ColumnMeta("status", "text", 0, 0, 16_777_216, true)),
                List.<Object[]>of(new Object[] {message}), null);
    }

    static QueryResult rows(String queryId, long type, List<ColumnMeta> cols, List<Object[]> rows) {
        return new QueryResult(queryId, type, cols, rows, null);
    }

    static ColumnMeta text(String name) {
        return new ColumnMeta(name, "text", 0, 0, 16_777_216, true);
    }

    static ColumnMeta fixed(String name) {
        return new ColumnMeta(name, "fixed", 19, 0, 0, false);
    }

    /** SELECT, INSERT, UPDATE, DELETE, MERGE: translated to DuckDB, privileges checked, counts as Snowflake's. */
    static QueryResult dml(EngineSession s, String queryId, List<Token> t, List<Binding> bindings, long type)
            throws SnowflakeError, SQLException {
        Translator tr = new Translator(s, t);
        Catalog c = s.engine().catalog();
        synchronized (s.engine().lock()) {
            tr.statement(0, tr.size());
            s.lastReadsData = !tr.read.isEmpty() || tr.readsInfoSchema;
            Set<String> roles = s.roles();
            for (Catalog.Table table : tr.read) {
                boolean target = tr.written.contains(table);
                String privilege = !target ? "SELECT" : type == EngineSession.INSERT ? "INSERT"
                        : type == EngineSession.UPDATE ? "UPDATE" : type == EngineSession.DELETE ? "DELETE" : null;
                boolean ok = table.temporary() || (privilege != null
                        ? Access.has(c, roles, "TABLE", table.id, table.owner, privilege)
                        : Access.has(c, roles, "TABLE", table.id, table.owner, "INSERT")
                                && Access.has(c, roles, "TABLE", table.id, table.owner, "UPDATE"));
                if (!ok) {
                    throw Errors.insufficientPrivileges("table", table.name);
                }
            }
        }
        s.beforeDml();
        if (type == EngineSession.UPDATE || type == EngineSession.DELETE || type == EngineSession.MERGE) {
            s.lockForWrite(List.copyOf(tr.written), queryId);
        }
        String sql = tr.sql();
        if (type == EngineSession.MERGE) {
            return merge(s, queryId, t, tr, bindings);
        }
        try (PreparedStatement p = s.prepare(sql, bindings, tr.parameters)) {
            if (type == EngineSession.SELECT) {
                try (ResultSet rs = p.executeQuery()) {
                    List<ColumnMeta> cols = new ArrayList<>();
                    List<Object[]> rows = s.read(rs, cols, null);
                    return rows(queryId, type, cols, rows);
                }
            }
            long n = p.executeUpdate();
            if (type == EngineSession.INSERT) {
                return rows(queryId, type, List.of(fixed("number of rows inserted")), List.<Object[]>of(
                        new Object[] {n}));
            }
            if (type == EngineSession.UPDATE) {
                return rows(queryId, type, List.of(fixed("number of rows updated"),
                        fixed("number of multi-joined rows updated")), List.<Object[]>of(new Object[] {n, 0L}));
            }
            return rows(queryId, type, List.of(fixed("number of rows deleted")), List.<Object[]>of(new Object[] {n}));
        }
    }

    private static QueryResult merge(EngineSession s, String queryId, List<Token> t, Translator tr,
            List<Binding> bindings) throws SQLException, SnowflakeError {
        boolean inserts = false;
        boolean updates = false;
        boolean deletes = false;
        for (int k = 1; k < t.size(); k++) {
            if (t.get(k - 1).is("THEN")) {
                inserts |= t.get(k).is("INSERT");
                updates |= t.get(k).is("UPDATE");
                deletes |= t.get(k).is("DELETE");
            }
        }
        long ins = 0;
        long upd = 0;
        long del = 0;
        try (PreparedStatement p = s.prepare(tr.sql() + " RETURNING merge_action", bindings, tr.parameters);
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                switch (rs.getString(1)) {
                    case "INSERT" -> ins++;
                    case "UPDATE" -> upd++;
                    case "DELETE" -> del++;
                    default -> { }
                }
            }
        }
        List<ColumnMeta> cols = new ArrayList<>();
        List<Object> vals = new ArrayList<>();
        if (inserts) {
            cols.add(fixed("number of rows inserted"));
            vals.add(ins);
        }
        if (updates) {
            cols.add(fixed("number of rows updated"));
            vals.add(upd);
        }
        if (deletes) {
            cols.add(fixed("number of rows deleted"));
            vals.add(del);
        }
        return rows(queryId, EngineSession.MERGE, cols, List.<Object[]>of(vals.toArray()));
    }

    private static QueryResult transaction(EngineSession s, String queryId, Parser p) throws SnowflakeError,
            SQLException {
        Token first = p.next();
        String w = first.text().toUpperCase(Locale.ROOT);
        switch (w) {
            case "BEGIN" -> {
                if (!p.accept("TRANSACTION")) {
                    p.accept("WORK");
                }
                String name = p.accept("NAME") ? p.identifier() : null;
                p.end();
                s.begin(name);
                return status(queryId, EngineSession.TCL, "Statement executed successfully.");
            }
            case "START" -> {
                p.expect("TRANSACTION");
                String name = p.accept("NAME") ? p.identifier() : null;
                p.end();
                s.begin(name);
                return status(queryId, EngineSession.TCL, "Statement executed successfully.");
            }
            case "COMMIT" -> {
                p.accept("WORK");
                p.end();
                s.commit();
                return status(queryId, EngineSession.TCL, "Statement executed successfully.");
            }
            default -> {
                p.accept("WORK");
                p.end();
                s.rollback();
                return status(queryId, EngineSession.TCL, "Statement executed successfully.");
            }
        }
    }

    /** SHOW TRANSACTIONS | LOCKS [IN ACCOUNT] (IN ACCOUNT: account administrators only), columns as Snowflake's. */
    private static QueryResult showTransactions(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        boolean locks = p.next().is("LOCKS");
        boolean inAccount = false;
        if (p.accept("IN")) {
            p.expect("ACCOUNT");
            inAccount = true;
            if (!s.roles().contains(SnowflakeEngine.ACCOUNTADMIN)) {
                throw new SnowflakeError("003001", "42501", "SQL access control error:\nInsufficient privileges to"
                        + " operate on account '" + s.engine().account() + "'");
            }
        }
        p.end();
        Transactions tx = s.engine().transactions();
        if (locks) {
            return rows(queryId, EngineSession.SHOW, List.of(text("resource"), text("type"), fixed("transaction"),
                    timestamp("transaction_started_on"), text("status"), timestamp("acquired_on"), text("query_id"),
                    text("session")), tx.locks(s, inAccount));
        }
        return rows(queryId, EngineSession.SHOW, List.of(fixed("id"), text("user"), text("session"), text("name"),
                timestamp("started_on"), text("state"), fixed("scope")), tx.show(s, inAccount));
    }

    private static ColumnMeta timestamp(String name) {
        return new ColumnMeta(name, "timestamp_ltz", 0, 9, 0, true);
    }

    /** SELECT SYSTEM$ABORT_TRANSACTION(id): the id must be a constant, as Snowflake requires. */
    private static QueryResult abortTransaction(EngineSession s, String queryId, Token id) throws SnowflakeError {
        long n;
        try {
            n = Long.parseLong(id.text());
        } catch (NumberFormatException e) {
            throw Errors.syntax(id);
        }
        String answer = s.engine().transactions().abort(s, n);
        return rows(queryId, EngineSession.SELECT, List.of(text("SYSTEM$ABORT_TRANSACTION(" + n + ")")),
                List.<Object[]>of(new Object[] {answer}));
    }

    private static QueryResult alterSession(EngineSession s, String queryId, Parser p) throws SnowflakeError,
            SQLException {
        if (p.accept("SET")) {
            do {
                Token nameToken = p.peek();
                String name = Names.fold(p.identifier());
                p.expectOp("=");
                String value = p.value();
                setParameter(s, name, value, nameToken);
            } while (p.acceptOp(","));
        } else if (p.accept("UNSET")) {
            do {
                Token nameToken = p.peek();
                String name = Names.fold(p.identifier());
                if (!SessionParameters.DEFAULTS.containsKey(name)) {
                    throw invalidParameter(name);
                }
                setParameter(s, name, SessionParameters.DEFAULTS.get(name), nameToken);
            } while (p.acceptOp(","));
        } else {
            throw Errors.syntax(p.peek());
        }
        p.end();
        return status(queryId, EngineSession.ALTER_SESSION, "Statement executed successfully.");
    }

    private static SnowflakeError invalidParameter(String name) {
        return Errors.compilation("001006", "22023", "invalid parameter '" + name + "'");
    }

    private static void setParameter(EngineSession s, String name, String value, Token at) throws SnowflakeError,
            SQLException {
        if (!SessionParameters.DEFAULTS.containsKey(name)) {
            throw invalidParameter(name);
        }
        switch (name) {
            case "AUTOCOMMIT", "QUOTED_IDENTIFIERS_IGNORE_CASE", "CLIENT_SESSION_KEEP_ALIVE",
                    "ERROR_ON_NONDETERMINISTIC_MERGE", "ERROR_ON_NONDETERMINISTIC_UPDATE", "USE_CACHED_RESULT",
                    "ABORT_DETACHED_QUERY", "TRANSACTION_ABORT_ON_ERROR", "JDBC_TREAT_DECIMAL_AS_INT",
                    "JDBC_USE_SESSION_TIMEZONE", "JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC", "STRICT_JSON_OUTPUT" -> {
                String v = value.toLowerCase(Locale.ROOT);
                if (!v.equals("true") && !v.equals("false")) {
                    throw Errors.compilation("002018", "22023", "invalid value [" + value + "] for parameter '"
                            + name + "'");
                }
                if (name.equals("QUOTED_IDENTIFIERS_IGNORE_CASE") && v.equals("true")) {
                    throw Errors.unsupported(at, "QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE");
                }
                if (name.equals("AUTOCOMMIT") && !v.equals(s.parameterMap().get("AUTOCOMMIT"))) {
                    // changing AUTOCOMMIT ends the open transaction
                    s.commit();
                }
                s.parameterMap().put(name, v);
            }
            case "TIMEZONE" -> {
                s.setTimeZone(value);
                s.parameterMap().put(name, value);
            }
            case "STATEMENT_TIMEOUT_IN_SECONDS", "LOCK_TIMEOUT", "ROWS_PER_RESULTSET", "CLIENT_RESULT_CHUNK_SIZE",
                    "CLIENT_PREFETCH_THREADS", "MULTI_STATEMENT_COUNT", "WEEK_START", "CLIENT_MEMORY_LIMIT",
                    "STATEMENT_QUEUED_TIMEOUT_IN_SECONDS" -> {
                try {
                    Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw Errors.compilation("002018", "22023", "invalid value [" + value + "] for parameter '"
                            + name + "'");
                }
                s.parameterMap().put(name, value);
            }
            case "JDBC_QUERY_RESULT_FORMAT" -> {
                String v = value.toUpperCase(Locale.ROOT);
                if (!v.equals("JSON") && !v.equals("ARROW")) {
                    throw Errors.compilation("002018", "22023", "invalid value [" + value + "] for parameter '"
                            + name + "'");
                }
                s.parameterMap().put(name, v);
            }
            default -> s.parameterMap().put(name, value);
        }
    }

    private static QueryResult use(EngineSession s, String queryId, Parser p) throws SnowflakeError {
        Catalog c = s.engine().catalog();
        synchronized (s.engine().lock()) {
            if (p.accept("ROLE")) {
                String role = p.identifier();
                p.end();
                if (!c.roles.containsKey(role) || !Access.userHasRole(c, s.user(), role)) {
                    throw Errors.compilation("003013", "42501", "Requested role '" + role + "' is not assigned to"
                            + " the executing user. Specify another role to activate.");
                }
                s.use(role, s.database(), s.schema(), s.warehouse());
                return status(queryId, EngineSession.USE, "Statement executed successfully.");
            }
            if (p.accept("WAREHOUSE")) {
                String wh = p.identifier();
                p.end();
                s.use(s.role(), s.database(), s.schema(), wh);
                return status(queryId, EngineSession.USE + 3, "Statement executed successfully.");
            }
            if (p.accept("SECONDARY")) {
                throw Errors.unsupported(p.peek(), "secondary roles");
            }
            boolean schemaOnly = p.accept("SCHEMA");
            boolean databaseOnly = !schemaOnly && p.accept("DATABASE");
            List<String> name = p.name();
            p.end();
            if (databaseOnly || (!schemaOnly && name.size() == 1)) {
                if (name.size() != 1) {
                    throw Errors.syntax(p.peek());
                }
                Catalog.Database db = c.databases.get(name.get(0));
                if (db == null || !Access.sees(c, s.roles(), db)) {
                    throw Errors.databaseDoesNotExist(Names.display(name.get(0)));
                }
                Catalog.Schema pub = db.schemas.get("PUBLIC");
                s.use(s.role(), db.name, pub != null && Access.sees(c, s.roles(), pub) ? "PUBLIC" : null,
                        s.warehouse());
                return status(queryId, EngineSession.USE + 1, "Statement executed successfully.");
            }
            if (name.size() > 2) {
                throw Errors.syntax(p.peek());
            }
            List<String> parts = new ArrayList<>(name);
            parts.add("X");
            Catalog.Schema sc = s.schemaOf(parts, null);
            s.use(s.role(), sc.database.name, sc.name, s.warehouse());
            return status(queryId, EngineSession.USE + 2, "Statement executed successfully.");
        }
    }

    /** Runs DuckDB DDL in autocommit (the caller committed any open transaction). */
    static void duck(EngineSession s, String... sql) throws SQLException {
        try (Statement st = s.duck().createStatement()) {
            for (String q : sql) {
                st.execute(q);
            }
        }
    }

    static Instant now() {
        return Instant.now();
    }
}
