package io.sfsync.snowflakeemulator.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One Snowflake session: its current role, database, schema and warehouse, its session parameters
 * ({@code ALTER SESSION SET ...}), its open transaction and its temporary tables.
 */
public final class EngineSession implements AutoCloseable {

    /** Snowflake's statement type ids (the driver's SFStatementType), as results carry them. */
    public static final long UNKNOWN = 0x0000;
    public static final long SELECT = 0x1000;
    public static final long INSERT = 0x3100;
    public static final long UPDATE = 0x3200;
    public static final long DELETE = 0x3300;
    public static final long MERGE = 0x3400;
    public static final long MULTI_INSERT = 0x3500;
    public static final long COPY = 0x3600;
    public static final long ALTER_SESSION = 0x4100;
    public static final long USE = 0x4300;
    public static final long SHOW = 0x4400;
    public static final long DESCRIBE = 0x4500;
    public static final long LIST = 0x4701;
    public static final long TCL = 0x5000;
    public static final long DDL = 0x6000;
    public static final long GET = 0x7101;
    public static final long PUT = 0x7102;
    public static final long REMOVE = 0x7103;

    private final SnowflakeEngine engine;
    private final long id;
    private final String user;
    private final Connection duck;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    /** Temporary tables by schema id and name. */
    private final Map<String, Catalog.Table> temporary = new LinkedHashMap<>();
    private String role;
    private String database;
    private String schema;
    private String warehouse;
    private boolean inTransaction;
    /** The open transaction as the account sees it (SHOW TRANSACTIONS), or null. */
    private Transactions.Txn txn;
    /** The transaction of one autocommit statement that locks tables, while it runs. */
    private Transactions.Txn statementTxn;
    /** Set when another session aborted this one's transaction: the next statement is told so. */
    private String abortedBecause;
    /** One statement at a time; another session's abort of this one's transaction waits for it. */
    private final java.util.concurrent.locks.ReentrantLock exec = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean executing;
    private boolean closed;
    /** Files and bytes the last statement moved, for its history record. */
    long lastFiles;
    long lastBytes;
    /** Whether the last SELECT read a table or an INFORMATION_SCHEMA view (then it needed a warehouse). */
    boolean lastReadsData;

    EngineSession(SnowflakeEngine engine, long id, String user, Connection duck) {
        this.engine = engine;
        this.id = id;
        this.user = user;
        this.duck = duck;
        parameters.putAll(SessionParameters.DEFAULTS);
    }

    void login(String role, String database, String schema, String warehouse) throws SnowflakeError {
        synchronized (engine.lock()) {
            Catalog c = engine.catalog();
            if (!c.roles.containsKey(role) || !Access.userHasRole(c, user, role)) {
                throw new SnowflakeError("390189", "08004", "Role '" + role + "' specified in the connect string"
                        + " is not granted to this user. Contact your local system administrator, or attempt to login"
                        + " with another role, e.g. PUBLIC.");
            }
            this.role = role;
            if (database != null) {
                Catalog.Database db = c.databases.get(database);
                if (db == null || !Access.sees(c, roles(), db)) {
                    throw new SnowflakeError("390201", "08004", "The requested database does not exist or not"
                            + " authorized.");
                }
                this.database = database;
                String s = schema != null ? schema : "PUBLIC";
                Catalog.Schema sc = db.schemas.get(s);
                if (sc != null && Access.sees(c, roles(), sc)) {
                    this.schema = s;
                } else if (schema != null) {
                    throw new SnowflakeError("390201", "08004", "The requested schema does not exist or not"
                            + " authorized.");
                }
            }
            this.warehouse = warehouse;
        }
        setTimeZone(parameters.get("TIMEZONE"));
    }

    /** The session's id, unique in the engine. */
    public long id() {
        return id;
    }

    /**
     * Runs one statement ({@code ?} or {@code :n} placeholders take {@code bindings} in order) and returns its
     * result, or refuses it as Snowflake would.
     */
    public QueryResult execute(String sql, List<Binding> bindings) throws SnowflakeError {
        exec.lock();
        executing = true;
        try {
            return executeAlone(sql, bindings);
        } finally {
            executing = false;
            if (statementTxn != null) {
                engine.transactions().end(statementTxn);
                statementTxn = null;
            }
            engine.transactions().touch(txn);
            exec.unlock();
        }
    }

    private QueryResult executeAlone(String sql, List<Binding> bindings) throws SnowflakeError {
        if (closed) {
            throw new SnowflakeError("390111", "08003", "Session no longer exists. New login required to access the"
                    + " service.");
        }
        engine.transactions().touch(txn);
        if (abortedBecause != null) {
            String why = abortedBecause;
            abortedBecause = null;
            if (!sql.strip().toUpperCase(Locale.ROOT).startsWith("ROLLBACK")) {
                throw new SnowflakeError("000603", "XX000", why);
            }
        }
        engine.transactions().sweep();
        Instant start = Instant.now();
        long t0 = System.nanoTime();
        String queryId = engine.newQueryId();
        lastFiles = 0;
        lastBytes = 0;
        lastReadsData = false;
        String kind = "UNKNOWN";
        String type = "UNKNOWN";
        try {
            List<Token> tokens = Lexer.lex(sql);
            kind = Statements.kind(tokens);
            type = QueryTypes.of(tokens);
            QueryResult r = Statements.run(this, queryId, tokens, bindings == null ? List.of() : bindings);
            long rows = r.statementTypeId() >= 0x3000 && r.statementTypeId() < 0x4000 ? changed(r)
                    : r.statementTypeId() == PUT ? lastFiles : r.rows().size();
            record(queryId, sql, kind, type, rows, counts(r), null, start, t0);
            return r;
        } catch (SnowflakeError e) {
            record(queryId, sql, kind, type, 0, new long[3], e.errorCode(), start, t0);
            throw e;
        } catch (RuntimeException e) {
            record(queryId, sql, kind, type, 0, new long[3], "000603", start, t0);
            throw new SnowflakeError("000603", "XX000", "SQL execution internal error:\nProcessing aborted due to"
                    + " error 300010:" + e);
        }
    }

    private static long changed(QueryResult r) {
        long n = 0;
        for (Object[] row : r.rows()) {
            if (r.statementTypeId() == COPY) {
                for (int k = 0; k < r.columns().size(); k++) {
                    if (r.columns().get(k).name().equals("rows_loaded") && row[k] instanceof Number num) {
                        n += num.longValue();
                    }
                }
            } else {
                for (Object v : row) {
                    if (v instanceof Number num) {
                        n += num.longValue();
                    }
                }
            }
        }
        return n;
    }

    /** Rows inserted (a COPY's rows loaded), updated and deleted, from a DML statement's or COPY's result. */
    private static long[] counts(QueryResult r) {
        long[] n = new long[3];
        if (r.statementTypeId() < 0x3000 || r.statementTypeId() >= 0x4000) {
            return n;
        }
        for (Object[] row : r.rows()) {
            for (int k = 0; k < r.columns().size(); k++) {
                if (!(row[k] instanceof Number num)) {
                    continue;
                }
                switch (r.columns().get(k).name()) {
                    case "number of rows inserted", "rows_loaded" -> n[0] += num.longValue();
                    case "number of rows updated" -> n[1] += num.longValue();
                    case "number of rows deleted" -> n[2] += num.longValue();
                    default -> { }
                }
            }
        }
        return n;
    }

    private void record(String queryId, String sql, String kind, String type, long rows, long[] counts, String error,
            Instant start, long t0) {
        String wh = QueryTypes.usesWarehouse(type, lastReadsData) ? warehouse : null;
        engine.record(new QueryRecord(queryId, String.valueOf(id), user, role,
                parameters.getOrDefault("QUERY_TAG", ""), redacted(sql), kind, rows, lastFiles, lastBytes, error, start,
                (System.nanoTime() - t0) / 1_000_000, type, database, schema, wh, counts[0], counts[1], counts[2]));
    }

    private static final java.util.regex.Pattern PASSWORD = java.util.regex.Pattern.compile(
            "(?i)(\\bPASSWORD\\s*=\\s*)'(?:[^'\\\\]|\\\\.|'')*'");

    /** The statement as the query history keeps it: a password given in it is replaced, as Snowflake masks it. */
    static String redacted(String sql) {
        return PASSWORD.matcher(sql).replaceAll("$1'****'");
    }

    /** Current role, database, schema, warehouse (null when none), for the response's final* fields. */
    public String role() {
        return role;
    }

    public String database() {
        return database;
    }

    public String schema() {
        return schema;
    }

    public String warehouse() {
        return warehouse;
    }

    /** The session parameters set so far (upper-case names), e.g. TIMEZONE, QUERY_TAG, for the response. */
    public Map<String, String> parameters() {
        return Map.copyOf(parameters);
    }

    /** The user the session belongs to. */
    public String user() {
        return user;
    }

    /** Ends the session: rolls back an open transaction and drops its temporary tables. */
    @Override
    public void close() {
        exec.lock();
        try {
            closeAlone();
        } finally {
            exec.unlock();
        }
    }

    private void closeAlone() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (inTransaction) {
                duck.rollback();
            }
        } catch (SQLException e) {
            // the connection is closed next, which discards the transaction anyway
        }
        engine.transactions().end(txn);
        txn = null;
        try {
            duck.close();
        } catch (SQLException e) {
            // temporary tables go with the connection
        }
        temporary.clear();
        engine.forget(this);
    }

    // ---- state used by the statement handlers ----

    SnowflakeEngine engine() {
        return engine;
    }

    Connection duck() {
        return duck;
    }

    Map<String, String> parameterMap() {
        return parameters;
    }

    void use(String role, String database, String schema, String warehouse) {
        this.role = role;
        this.database = database;
        this.schema = schema;
        this.warehouse = warehouse;
    }

    Set<String> roles() {
        return Access.rolesOf(engine.catalog(), role);
    }

    Collection<Catalog.Table> temporaryTables() {
        return temporary.values();
    }

    Map<String, Catalog.Table> temporaryMap() {
        return temporary;
    }

    static String tempKey(Catalog.Schema s, String name) {
        return s.id + "\u0000" + name;
    }

    /** The value of CURRENT_xxx(). */
    String current(String function) {
        return switch (function) {
            case "CURRENT_DATABASE" -> database;
            case "CURRENT_SCHEMA" -> schema;
            case "CURRENT_ROLE" -> role;
            case "CURRENT_USER" -> user;
            case "CURRENT_WAREHOUSE" -> warehouse;
            case "CURRENT_ACCOUNT", "CURRENT_ACCOUNT_NAME" -> engine.account();
            case "CURRENT_SESSION" -> String.valueOf(id);
            case "CURRENT_VERSION" -> "9.0.0";
            case "CURRENT_REGION" -> "LOCAL";
            default -> null;
        };
    }

    /** The schema a name of 1 to 3 parts lives in (the last part being the object). Caller holds the lock. */
    Catalog.Schema schemaOf(List<String> parts, Token at) throws SnowflakeError {
        Catalog c = engine.catalog();
        String dbName = parts.size() == 3 ? parts.get(0) : database;
        String scName = parts.size() >= 2 ? parts.get(parts.size() - 2) : schema;
        if (dbName == null) {
            throw Errors.noCurrentDatabase();
        }
        Catalog.Database db = c.databases.get(dbName);
        if (db == null || !Access.sees(c, roles(), db)) {
            throw Errors.databaseDoesNotExist(Names.display(dbName));
        }
        if (scName == null) {
            throw Errors.noCurrentSchema();
        }
        Catalog.Schema s = db.schemas.get(scName);
        if (s == null || !Access.sees(c, roles(), s)) {
            throw Errors.schemaDoesNotExist(Names.display(dbName) + "." + Names.display(scName));
        }
        return s;
    }

    /** A visible table by name (temporary tables first), or Snowflake's "does not exist" error. */
    Catalog.Table resolveTable(List<String> parts, Token at) throws SnowflakeError {
        Catalog.Table t = findTable(parts, at);
        if (t == null) {
            throw Errors.doesNotExist(display(parts));
        }
        return t;
    }

    Catalog.Table findTable(List<String> parts, Token at) throws SnowflakeError {
        Catalog.Schema s;
        try {
            s = schemaOf(parts, at);
        } catch (SnowflakeError e) {
            if (e.errorCode().equals("002003")) {
                throw Errors.doesNotExist(display(parts));
            }
            throw e;
        }
        String name = parts.get(parts.size() - 1);
        Catalog.Table temp = temporary.get(tempKey(s, name));
        if (temp != null) {
            return temp;
        }
        Catalog.Table t = s.tables.get(name);
        if (t == null || !Access.sees(engine.catalog(), roles(), t)) {
            return null;
        }
        return t;
    }

    static String display(List<String> parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            b.append(b.length() > 0 ? "." : "").append(Names.display(p));
        }
        return b.toString();
    }

    // ---- transactions ----

    boolean autocommit() {
        return Boolean.parseBoolean(parameters.get("AUTOCOMMIT"));
    }

    /** Before DML or a query: with AUTOCOMMIT off, statements run in an implicit transaction. */
    void beforeDml() throws SQLException {
        if (!inTransaction && !autocommit()) {
            begin(null);
        }
    }

    void begin() throws SQLException {
        begin(null);
    }

    /** BEGIN [TRANSACTION] [NAME name]: ignored when a transaction is active, as Snowflake does. */
    void begin(String name) throws SQLException {
        if (!inTransaction) {
            duck.setAutoCommit(false);
            inTransaction = true;
            txn = engine.transactions().begin(this, name);
        }
    }

    void commit() throws SQLException {
        if (inTransaction) {
            try {
                duck.commit();
            } finally {
                duck.setAutoCommit(true);
                inTransaction = false;
                engine.transactions().end(txn);
                txn = null;
            }
        }
    }

    void rollback() throws SQLException {
        if (inTransaction) {
            try {
                duck.rollback();
            } finally {
                duck.setAutoCommit(true);
                inTransaction = false;
                engine.transactions().end(txn);
                txn = null;
            }
        }
    }

    /**
     * UPDATE, DELETE and MERGE lock the tables they write until the transaction ends (an autocommit statement: until
     * it ends), waiting up to LOCK_TIMEOUT for another transaction's lock ({@link Transactions}).
     */
    void lockForWrite(List<Catalog.Table> tables, String queryId) throws SnowflakeError {
        Transactions.Txn t = txn;
        if (t == null) {
            if (statementTxn == null) {
                statementTxn = engine.transactions().begin(this, null);
            }
            t = statementTxn;
        }
        long timeout;
        try {
            timeout = Long.parseLong(parameters.getOrDefault("LOCK_TIMEOUT", "43200"));
        } catch (NumberFormatException e) {
            timeout = 43_200;
        }
        engine.transactions().lock(t, tables, queryId, timeout);
    }

    /** Whether a statement of this session is running now (a running session is not idle). */
    boolean executing() {
        return executing;
    }

    /**
     * Rolls back this session's transaction {@code id} for another session (SYSTEM$ABORT_TRANSACTION, or Snowflake's
     * own abort of a detached transaction): waits for a statement of this session to end first; the session's next
     * statement is told, and may start a new transaction.
     */
    void abortTransaction(long id, String why) {
        exec.lock();
        try {
            if (txn == null || txn.id != id || closed) {
                return;
            }
            try {
                duck.rollback();
                duck.setAutoCommit(true);
            } catch (SQLException e) {
                // a connection that cannot roll back loses the transaction with its next statement
            }
            inTransaction = false;
            engine.transactions().end(txn);
            txn = null;
            abortedBecause = "Transaction " + id + " was aborted because " + why + "; its statements were rolled"
                    + " back.";
        } finally {
            exec.unlock();
        }
    }

    boolean inTransaction() {
        return inTransaction;
    }

    void setTimeZone(String zone) throws SnowflakeError {
        try (Statement s = duck.createStatement()) {
            s.execute("SET TimeZone = " + Names.literal(zone));
        } catch (SQLException e) {
            throw Errors.compilation("002018", "22023", "invalid value [" + zone + "] for parameter 'TIMEZONE'");
        }
    }

    ZoneId zone() {
        try {
            return ZoneId.of(parameters.get("TIMEZONE"));
        } catch (RuntimeException e) {
            return ZoneOffset.UTC;
        }
    }

    // ---- running DuckDB SQL ----

    /** Runs translated SQL with the bindings in the order {@code order} gives; returns the open statement. */
    PreparedStatement prepare(String sql, List<Binding> bindings, List<Integer> order) throws SQLException,
            SnowflakeError {
        StringBuilder text = new StringBuilder(sql.length() + 16);
        int k = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c != Translator.PARAMETER) {
                text.append(c);
                continue;
            }
            int b = k < order.size() ? order.get(k) : -1;
            k++;
            if (b < 0 || b >= bindings.size()) {
                throw new SnowflakeError("002049", "07001", "SQL compilation error: error line 1 at position 0\n"
                        + "Bind variable ? not set.");
            }
            Object v = bindings.get(b).value();
            // DuckDB's JDBC binding keeps microseconds only: timestamps go as text, cast in SQL
            text.append(v instanceof LocalDateTime ? "CAST(? AS TIMESTAMP_NS)"
                    : v instanceof Instant || v instanceof OffsetDateTime ? "CAST(? AS TIMESTAMPTZ)" : "?");
        }
        PreparedStatement p = duck.prepareStatement(text.toString());
        for (int j = 0; j < order.size(); j++) {
            bind(p, j + 1, bindings.get(order.get(j)).value());
        }
        return p;
    }

    private void bind(PreparedStatement p, int index, Object v) throws SQLException {
        if (v == null) {
            p.setObject(index, null);
        } else if (v instanceof String || v instanceof Boolean || v instanceof Double || v instanceof Long
                || v instanceof Integer) {
            p.setObject(index, v);
        } else if (v instanceof BigDecimal d) {
            p.setBigDecimal(index, d);
        } else if (v instanceof LocalDate || v instanceof LocalTime) {
            p.setObject(index, v);
        } else if (v instanceof LocalDateTime t) {
            p.setString(index, t.toString());
        } else if (v instanceof Instant i) {
            p.setString(index, OffsetDateTime.ofInstant(i, ZoneOffset.UTC).toString());
        } else if (v instanceof OffsetDateTime o) {
            p.setString(index, o.toString());
        } else if (v instanceof byte[] bytes) {
            p.setBytes(index, bytes);
        } else {
            p.setString(index, v.toString());
        }
    }

    /** Reads a DuckDB result into Snowflake-typed columns and Java values; names decoded. */
    List<Object[]> read(ResultSet rs, List<ColumnMeta> columns, List<String> labels) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] kinds = new String[n];
        for (int k = 1; k <= n; k++) {
            String t = md.getColumnTypeName(k).toUpperCase(Locale.ROOT);
            String name = labels != null && k - 1 < labels.size() && labels.get(k - 1) != null ? labels.get(k - 1)
                    : Names.label(md.getColumnLabel(k));
            ColumnMeta meta;
            if (t.startsWith("DECIMAL")) {
                int p = md.getPrecision(k);
                int s = md.getScale(k);
                if (t.contains("(")) {
                    String[] ps = t.substring(t.indexOf('(') + 1, t.indexOf(')')).split(",");
                    p = Integer.parseInt(ps[0].trim());
                    s = Integer.parseInt(ps[1].trim());
                }
                meta = new ColumnMeta(name, "fixed", p, s, 0, true);
                kinds[k - 1] = "DEC";
            } else if (t.equals("BIGINT") || t.equals("INTEGER") || t.equals("SMALLINT") || t.equals("TINYINT")
                    || t.equals("UBIGINT") || t.equals("UINTEGER") || t.equals("USMALLINT") || t.equals("UTINYINT")) {
                meta = new ColumnMeta(name, "fixed", 18, 0, 0, true);
                kinds[k - 1] = "LONG";
            } else if (t.equals("HUGEINT") || t.equals("UHUGEINT")) {
                meta = new ColumnMeta(name, "fixed", 38, 0, 0, true);
                kinds[k - 1] = "HUGE";
            } else if (t.equals("DOUBLE") || t.equals("FLOAT")) {
                meta = new ColumnMeta(name, "real", 0, 0, 0, true);
                kinds[k - 1] = "DOUBLE";
            } else if (t.equals("BOOLEAN")) {
                meta = new ColumnMeta(name, "boolean", 0, 0, 0, true);
                kinds[k - 1] = "BOOL";
            } else if (t.equals("DATE")) {
                meta = new ColumnMeta(name, "date", 0, 0, 0, true);
                kinds[k - 1] = "DATE";
            } else if (t.equals("TIME")) {
                meta = new ColumnMeta(name, "time", 0, 9, 0, true);
                kinds[k - 1] = "TIME";
            } else if (t.startsWith("TIMESTAMP WITH TIME ZONE") || t.equals("TIMESTAMPTZ")) {
                meta = new ColumnMeta(name, "timestamp_tz", 0, 9, 0, true);
                kinds[k - 1] = "TSTZ";
            } else if (t.startsWith("TIMESTAMP")) {
                meta = new ColumnMeta(name, "timestamp_ntz", 0, 9, 0, true);
                kinds[k - 1] = "TS";
            } else if (t.equals("BLOB")) {
                meta = new ColumnMeta(name, "binary", 0, 0, 8_388_608, true);
                kinds[k - 1] = "BLOB";
            } else {
                meta = new ColumnMeta(name, "text", 0, 0, SfType.MAX_VARCHAR, true);
                kinds[k - 1] = "TEXT";
            }
            columns.add(meta);
        }
        ZoneId zone = zone();
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[n];
            for (int k = 1; k <= n; k++) {
                Object v = rs.getObject(k);
                if (v == null) {
                    continue;
                }
                row[k - 1] = switch (kinds[k - 1]) {
                    case "DEC" -> v instanceof BigInteger bi ? new BigDecimal(bi) : v instanceof BigDecimal
                            ? v : new BigDecimal(v.toString());
                    case "LONG" -> ((Number) v).longValue();
                    case "HUGE" -> {
                        BigInteger big = v instanceof BigInteger bi ? bi : new BigInteger(v.toString());
                        yield big.bitLength() < 64 ? (Object) big.longValue() : new BigDecimal(big);
                    }
                    case "DOUBLE" -> ((Number) v).doubleValue();
                    case "BOOL" -> v;
                    case "DATE" -> rs.getObject(k, LocalDate.class);
                    case "TIME" -> rs.getObject(k, LocalTime.class);
                    case "TSTZ" -> {
                        OffsetDateTime o = rs.getObject(k, OffsetDateTime.class);
                        yield o.atZoneSameInstant(zone).toOffsetDateTime();
                    }
                    case "TS" -> rs.getObject(k, LocalDateTime.class);
                    case "BLOB" -> rs.getBytes(k);
                    default -> rs.getString(k);
                };
            }
            rows.add(row);
        }
        return rows;
    }
}
