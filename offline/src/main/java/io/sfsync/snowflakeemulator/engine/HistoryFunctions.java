package io.sfsync.snowflakeemulator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Information Schema table functions that tell what ran and what was loaded, with Snowflake's arguments and
 * columns: {@code QUERY_HISTORY}, {@code QUERY_HISTORY_BY_SESSION}, {@code _BY_USER}, {@code _BY_WAREHOUSE}
 * (END_TIME_RANGE_START/END, RESULT_LIMIT (default 100, at most 10,000), SESSION_ID, USER_NAME, WAREHOUSE_NAME; the most
 * recent statements first) and {@code COPY_HISTORY} (TABLE_NAME, START_TIME, END_TIME; one row per file loaded).
 *
 * <p>What the offline Snowflake records in them: QUERY_TYPE as {@link QueryTypes} names it; WAREHOUSE_NAME only for
 * statements that need a warehouse ({@link QueryTypes}); TOTAL_ELAPSED_TIME and EXECUTION_TIME the engine's own time
 * (no compilation or queueing: COMPILATION_TIME is 0); BYTES_SCANNED only for a COPY (the staged bytes it read);
 * BYTES_WRITTEN only for a PUT (the bytes of the local files it uploads, before the driver compresses them);
 * ROWS_PRODUCED of a PUT its files (one result row each). A role other than ACCOUNTADMIN sees its user's statements.
 */
final class HistoryFunctions {

    /** Arguments a function takes as SQL conditions on its rows. */
    record Condition(String argument, String column, String operator, String type, String fallback) {
    }

    /** What the translator emits: the rows (a DuckDB SELECT), the conditions, then ORDER BY/LIMIT. */
    record Call(String rows, List<Condition> conditions, String tail) {
    }

    /** The text or number an argument must be given as (a constant), or null when it is not given. */
    interface Constants {
        String get(String argument) throws SnowflakeError;
    }

    static final int DEFAULT_RESULT_LIMIT = 100;
    static final int MAX_RESULT_LIMIT = 10_000;

    private static final List<String> QUERY_COLUMNS = List.of("QUERY_ID", "QUERY_TEXT", "DATABASE_NAME",
            "SCHEMA_NAME", "QUERY_TYPE", "SESSION_ID", "USER_NAME", "ROLE_NAME", "WAREHOUSE_NAME", "WAREHOUSE_SIZE",
            "WAREHOUSE_TYPE", "QUERY_TAG", "EXECUTION_STATUS", "ERROR_CODE", "START_TIME", "END_TIME",
            "TOTAL_ELAPSED_TIME", "COMPILATION_TIME", "EXECUTION_TIME", "BYTES_SCANNED", "BYTES_WRITTEN",
            "ROWS_PRODUCED", "ROWS_INSERTED", "ROWS_UPDATED", "ROWS_DELETED");
    private static final List<String> QUERY_TYPES = List.of("VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
            "BIGINT", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
            "TIMESTAMPTZ", "TIMESTAMPTZ", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT", "BIGINT",
            "BIGINT", "BIGINT");
    private static final List<String> COPY_COLUMNS = List.of("FILE_NAME", "STAGE_LOCATION", "LAST_LOAD_TIME",
            "ROW_COUNT", "ROW_PARSED", "FILE_SIZE", "FIRST_ERROR_MESSAGE", "FIRST_ERROR_LINE_NUMBER",
            "FIRST_ERROR_CHARACTER_POS", "FIRST_ERROR_COLUMN_NAME", "ERROR_COUNT", "ERROR_LIMIT", "STATUS",
            "TABLE_CATALOG_NAME", "TABLE_SCHEMA_NAME", "TABLE_NAME");
    private static final List<String> COPY_TYPES = List.of("VARCHAR", "VARCHAR", "TIMESTAMPTZ", "BIGINT", "BIGINT",
            "BIGINT", "VARCHAR", "BIGINT", "BIGINT", "VARCHAR", "BIGINT", "BIGINT", "VARCHAR", "VARCHAR", "VARCHAR",
            "VARCHAR");

    private HistoryFunctions() {
    }

    static Call call(EngineSession s, String database, String function, Set<String> given, Token at,
            Constants constants) throws SnowflakeError {
        if (database != null) {
            synchronized (s.engine().lock()) {
                Catalog.Database db = s.engine().catalog().databases.get(database);
                if (db == null || !Access.sees(s.engine().catalog(), s.roles(), db)) {
                    throw Errors.databaseDoesNotExist(Names.display(database));
                }
            }
        }
        return switch (function) {
            case "QUERY_HISTORY", "QUERY_HISTORY_BY_SESSION", "QUERY_HISTORY_BY_USER", "QUERY_HISTORY_BY_WAREHOUSE" ->
                queryHistory(s, function, given, constants);
            case "COPY_HISTORY" -> copyHistory(s, given, constants);
            default -> throw Errors.unsupported(at, "INFORMATION_SCHEMA." + function + " (the offline Snowflake has"
                    + " QUERY_HISTORY, QUERY_HISTORY_BY_SESSION, _BY_USER, _BY_WAREHOUSE and COPY_HISTORY)");
        };
    }

    private static Call queryHistory(EngineSession s, String function, Set<String> given, Constants constants)
            throws SnowflakeError {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(new Condition("END_TIME_RANGE_START", "END_TIME", ">=", "TIMESTAMPTZ", null));
        conditions.add(new Condition("END_TIME_RANGE_END", "END_TIME", "<=", "TIMESTAMPTZ", null));
        switch (function) {
            case "QUERY_HISTORY_BY_SESSION" -> conditions.add(new Condition("SESSION_ID", "SESSION_ID", "=", "BIGINT",
                    Long.toString(s.id())));
            case "QUERY_HISTORY_BY_USER" -> conditions.add(new Condition("USER_NAME", "USER_NAME", "=", "VARCHAR",
                    Names.literal(s.user())));
            case "QUERY_HISTORY_BY_WAREHOUSE" -> conditions.add(new Condition("WAREHOUSE_NAME", "WAREHOUSE_NAME", "=",
                    "VARCHAR", Names.literal(s.warehouse())));
            default -> { }
        }
        List<String> known = new ArrayList<>(List.of("RESULT_LIMIT", "INCLUDE_CLIENT_GENERATED_STATEMENT"));
        conditions.forEach(c -> known.add(c.argument()));
        requireKnown(function, given, known);
        int limit = DEFAULT_RESULT_LIMIT;
        String l = constants.get("RESULT_LIMIT");
        if (l != null) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_RESULT_LIMIT) {
                throw Errors.compilation("001044", "42P13", "invalid value [" + l
                        + "] for argument RESULT_LIMIT of " + function + ": it takes 1 to " + MAX_RESULT_LIMIT);
            }
        }
        boolean all = s.roles().contains(SnowflakeEngine.ACCOUNTADMIN);
        List<Object[]> rows = new ArrayList<>();
        for (QueryRecord q : s.engine().queryHistory()) {
            if (!all && !q.user().equals(s.user())) {
                continue;
            }
            boolean put = q.queryType().equals("PUT_FILES");
            rows.add(new Object[] {q.queryId(), q.sqlText(), q.database(), q.schema(), q.queryType(),
                Long.parseLong(q.sessionId()), q.user(), q.role(), q.warehouse(),
                q.warehouse() == null ? null : "X-Small", q.warehouse() == null ? null : "STANDARD",
                q.queryTag(), q.errorCode() == null ? "SUCCESS" : "FAILED_WITH_ERROR", q.errorCode(),
                q.start(), q.end(), q.elapsedMillis(), 0L, q.elapsedMillis(),
                q.queryType().equals("COPY") ? q.bytes() : 0L, put ? q.bytes() : 0L, q.rows(), q.rowsInserted(),
                q.rowsUpdated(), q.rowsDeleted()});
        }
        List<Condition> used = conditions.stream().filter(c -> given.contains(c.argument()) || c.fallback() != null)
                .toList();
        return new Call(InfoSchema.render(QUERY_COLUMNS, QUERY_TYPES, rows), used,
                " ORDER BY \"START_TIME\" DESC LIMIT " + limit);
    }

    private static Call copyHistory(EngineSession s, Set<String> given, Constants constants) throws SnowflakeError {
        requireKnown("COPY_HISTORY", given, List.of("TABLE_NAME", "START_TIME", "END_TIME"));
        String tableName = constants.get("TABLE_NAME");
        if (tableName == null || !given.contains("START_TIME")) {
            throw Errors.compilation("001044", "42P13", "COPY_HISTORY needs the arguments"
                    + " TABLE_NAME => '<table>' and START_TIME => <timestamp>");
        }
        List<String> parts = new ArrayList<>();
        List<Token> tokens = Lexer.lex(tableName);
        for (int i = 0; i < tokens.size() && tokens.get(i).type() != Token.Type.EOF; i += 2) {
            Token t = tokens.get(i);
            Token next = tokens.get(i + 1);
            if (!t.isIdentifier() || !(next.isOp(".") || next.type() == Token.Type.EOF)) {
                throw Errors.syntax(t);
            }
            parts.add(t.identifier());
        }
        if (parts.isEmpty() || parts.size() > 3) {
            throw Errors.doesNotExist(tableName);
        }
        String db;
        String schema;
        String name = parts.get(parts.size() - 1);
        synchronized (s.engine().lock()) {
            db = parts.size() == 3 ? parts.get(0) : s.database();
            schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : s.schema();
            Catalog.Table table = s.findTable(parts, null);
            boolean loaded = s.engine().copyHistory().stream().anyMatch(c -> c.table().equals(name)
                    && c.schema().equals(schema) && c.database().equals(db));
            if (table == null && !loaded) {
                throw Errors.doesNotExist(EngineSession.display(parts));
            }
        }
        boolean all = s.roles().contains(SnowflakeEngine.ACCOUNTADMIN);
        List<Object[]> rows = new ArrayList<>();
        java.util.Set<String> ownQueries = new java.util.HashSet<>();
        if (!all) {
            for (QueryRecord q : s.engine().queryHistory()) {
                if (q.user().equals(s.user())) {
                    ownQueries.add(q.queryId());
                }
            }
        }
        for (CopyRecord c : s.engine().copyHistory()) {
            if (!c.table().equals(name) || !c.schema().equals(schema) || !c.database().equals(db)
                    || (!all && !ownQueries.contains(c.queryId()))) {
                continue;
            }
            rows.add(new Object[] {c.fileName(), c.stageLocation(), c.lastLoadTime(), c.rowCount(), c.rowParsed(),
                c.fileSize(), null, null, null, null, 0L, 1L, c.status(), c.database(), c.schema(), c.table()});
        }
        List<Condition> conditions = new ArrayList<>();
        conditions.add(new Condition("START_TIME", "LAST_LOAD_TIME", ">=", "TIMESTAMPTZ", null));
        if (given.contains("END_TIME")) {
            conditions.add(new Condition("END_TIME", "LAST_LOAD_TIME", "<=", "TIMESTAMPTZ", null));
        }
        return new Call(InfoSchema.render(COPY_COLUMNS, COPY_TYPES, rows), conditions, " ORDER BY \"LAST_LOAD_TIME\"");
    }

    private static void requireKnown(String function, Set<String> given, List<String> known) throws SnowflakeError {
        for (String g : given) {
            if (!known.contains(g)) {
                throw Errors.compilation("001044", "42P13", "Invalid argument " + g + " for"
                        + " function " + function + ": it takes " + String.join(", ", known));
            }
        }
    }
}
