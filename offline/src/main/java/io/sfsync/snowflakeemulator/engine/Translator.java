package io.sfsync.snowflakeemulator.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Turns a Snowflake query or DML statement into DuckDB SQL token by token: quoted identifiers encoded
 * ({@link Names}), object names resolved to their DuckDB tables (refused when unknown or not visible), functions
 * mapped (unknown ones refused), placeholders collected, Snowflake types spelled as DuckDB's, and anything it does
 * not know refused rather than passed on.
 */
final class Translator {

    /** Words DuckDB accepts that Snowflake does not (or that the offline Snowflake does not support). */
    private static final Set<String> REFUSED = Set.of("FILTER", "PIVOT", "UNPIVOT", "SAMPLE", "TABLESAMPLE",
            "LATERAL", "MATCH_RECOGNIZE", "ASOF", "ANTI", "SEMI", "POSITIONAL", "RETURNING", "CONFLICT", "GLOB",
            "SIMILAR", "WITHIN", "PRAGMA", "INSTALL", "ATTACH", "DETACH", "EXPORT", "IMPORT", "SUMMARIZE",
            "CHECKPOINT", "VACUUM");

    /** Words after which a bare identifier is not a table alias. */
    private static final Set<String> CLAUSE = Set.of("WHERE", "ON", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "FULL",
            "CROSS", "NATURAL", "GROUP", "ORDER", "HAVING", "QUALIFY", "LIMIT", "OFFSET", "UNION", "EXCEPT",
            "INTERSECT", "MINUS", "USING", "SET", "WHEN", "VALUES", "SELECT", "WINDOW", "FETCH", "AS", "FROM");

    /** Words that end an expression rather than name an alias. */
    private static final Set<String> NOT_ALIAS = Set.of("END", "NULL", "TRUE", "FALSE", "ASC", "DESC", "LAST",
            "FIRST", "DISTINCT", "NOT", "AND", "OR", "IS", "CURRENT_DATE", "CURRENT_TIMESTAMP");

    /** Stands for a bind parameter in the DuckDB text until the binding's type picks its spelling. */
    static final char PARAMETER = '\u0001';

    /** Columns of a COPY's source: how $n and METADATA$ columns are spelled in DuckDB (null outside a COPY). */
    IntFunction<String> copyColumn;
    String copyFileName;
    String copyRowNumber;

    private final EngineSession session;
    private final List<Token> tokens;
    private final int[] match;
    private final StringBuilder out = new StringBuilder();
    /** For each DuckDB '?', the index of the binding it takes. */
    final List<Integer> parameters = new ArrayList<>();
    final Set<Catalog.Table> read = new LinkedHashSet<>();
    final Set<Catalog.Table> written = new LinkedHashSet<>();
    /** Labels of the outer select list (null when the DuckDB label is right). */
    final List<String> labels = new ArrayList<>();
    private int positional;
    /** Names of the statement's common table expressions (WITH name AS (...)), which FROM may name. */
    private final Set<String> ctes = new java.util.HashSet<>();

    Translator(EngineSession session, List<Token> tokens) throws SnowflakeError {
        this.session = session;
        this.tokens = tokens;
        this.match = new int[tokens.size()];
        Integer[] stack = new Integer[tokens.size()];
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.isOp("(")) {
                stack[depth++] = i;
            } else if (t.isOp(")")) {
                if (depth == 0) {
                    throw Errors.syntax(t);
                }
                int open = stack[--depth];
                match[open] = i;
                match[i] = open;
            }
        }
        if (depth > 0) {
            throw Errors.syntax(tokens.get(tokens.size() - 1));
        }
    }

    String sql() {
        return out.toString();
    }

    Token token(int i) {
        return tokens.get(i);
    }

    int size() {
        return tokens.size() - 1;
    }

    int matching(int open) {
        return match[open];
    }

    void append(String s) {
        out.append(s);
    }

    /** Translates tokens [from, to) of a query-level context (a statement or subquery). */
    void statement(int from, int to) throws SnowflakeError {
        collectCtes(from, to);
        emit(from, to, true, true);
    }

    void expression(int from, int to) throws SnowflakeError {
        emit(from, to, false, false);
    }

    private void emit(int from, int to, boolean query, boolean outer) throws SnowflakeError {
        boolean fromList = false;
        boolean labelled = !outer;
        int i = from;
        while (i < to) {
            Token t = tokens.get(i);
            Token prev = i > from ? tokens.get(i - 1) : null;
            switch (t.type()) {
                case STRING -> {
                    String v = t.value();
                    if (tokens.get(i + 1).isOp("::") && tokens.get(i + 2).text().toUpperCase(Locale.ROOT)
                            .startsWith("TIMESTAMP")) {
                        // DuckDB reads an offset only when no space precedes it: '... 04:05:06 +02:00'
                        v = v.replaceFirst("(\\d) ([+-]\\d\\d:?\\d\\d)$", "$1$2");
                    }
                    out.append(' ').append(Names.literal(v));
                    i++;
                }
                case NUMBER -> {
                    out.append(' ').append(t.text());
                    i++;
                }
                case PARAM -> {
                    out.append(' ').append(PARAMETER);
                    parameters.add(t.text().equals("?") ? positional++ : Integer.parseInt(t.value()) - 1);
                    i++;
                }
                case COLUMN_REF -> {
                    if (copyColumn == null) {
                        throw Errors.invalidIdentifier(t.text(), t.line(), t.column());
                    }
                    out.append(' ').append(copyColumn.apply(Integer.parseInt(t.value())));
                    i++;
                }
                case STAGE, EOF -> throw Errors.syntax(t);
                case QUOTED -> {
                    out.append(' ').append(Names.duck(t.value()));
                    i++;
                }
                case OP -> {
                    if (t.isOp("(")) {
                        int close = match[i];
                        Token next = tokens.get(i + 1);
                        boolean sub = next.is("SELECT") || next.is("WITH");
                        out.append(" (");
                        emit(i + 1, close, sub, false);
                        out.append(')');
                        i = close + 1;
                    } else if (t.isOp("::")) {
                        out.append("::");
                        i = type(i + 1);
                    } else if (t.isOp("[") || t.isOp("{") || t.isOp("->") || t.isOp("**") || t.isOp("=>")
                            || t.isOp("#") || t.isOp("&") || t.isOp("^") || t.isOp("~") || t.isOp("!")
                            || t.isOp("@") || t.isOp("$")) {
                        throw Errors.syntax(t);
                    } else if (t.isOp(",") && query && fromList) {
                        out.append(',');
                        i = tableRef(i + 1, true);
                    } else {
                        out.append(t.isOp(".") || t.isOp(",") ? "" : " ").append(t.text());
                        i++;
                    }
                }
                case WORD -> {
                    String w = t.text().toUpperCase(Locale.ROOT);
                    Token next = tokens.get(i + 1);
                    if (REFUSED.contains(w) && !(prev != null && prev.isOp("."))) {
                        throw Errors.unsupported(t, w);
                    }
                    if (w.equals("TOP") && prev != null && (prev.is("SELECT") || prev.is("DISTINCT"))) {
                        throw Errors.unsupported(t, "SELECT TOP n (use LIMIT)");
                    }
                    if (copyColumn != null && next.isOp(".") && (tokens.get(i + 2).type() == Token.Type.COLUMN_REF
                            || tokens.get(i + 2).text().contains("$"))) {
                        // t.$1 in a COPY's SELECT: the alias of the stage adds nothing
                        i += 2;
                        continue;
                    }
                    if (w.contains("$")) {
                        i = metadataColumn(t, w, i);
                        continue;
                    }
                    if (next.isOp("(") && !Functions.KEYWORDS.contains(w) && !(prev != null && prev.isOp("."))) {
                        i = function(i);
                        continue;
                    }
                    if (query && w.equals("SELECT") && !labelled) {
                        labelled = true;
                        out.append(" SELECT");
                        i = selectList(i + 1, to);
                        continue;
                    }
                    if (query && (w.equals("FROM") || w.equals("JOIN")) && !(prev != null && prev.is("DISTINCT"))) {
                        out.append(' ').append(w);
                        boolean delete = prev != null && prev.is("DELETE");
                        fromList = w.equals("FROM");
                        i = tableRef(i + 1, true);
                        if (delete) {
                            markWritten();
                        }
                        continue;
                    }
                    if (query && (w.equals("INTO") || w.equals("UPDATE") && (prev == null || !prev.is("THEN")))
                            && i + 1 < to && next.isIdentifier()) {
                        out.append(' ').append(w);
                        i = tableRef(i + 1, !w.equals("INTO") || (prev != null && prev.is("MERGE")));
                        markWritten();
                        continue;
                    }
                    if (query && w.equals("USING")) {
                        out.append(" USING");
                        if (next.isIdentifier()) {
                            i = tableRef(i + 1, true);
                        } else {
                            i++;
                        }
                        continue;
                    }
                    if (CLAUSE.contains(w) || w.equals("UNION")) {
                        fromList = false;
                    }
                    out.append(' ').append(t.text());
                    i++;
                }
                default -> throw Errors.syntax(t);
            }
        }
    }

    private Catalog.Table lastTable;
    /** Whether the statement reads an INFORMATION_SCHEMA view or table function (it needs a warehouse). */
    boolean readsInfoSchema;

    private void markWritten() {
        if (lastTable != null) {
            written.add(lastTable);
        }
    }

    /** WITH [RECURSIVE] a [(cols)] AS (...), b AS (...): their names, which later FROM clauses may use as tables. */
    private void collectCtes(int from, int to) {
        if (from >= to || !tokens.get(from).is("WITH")) {
            return;
        }
        int i = from + 1;
        if (tokens.get(i).is("RECURSIVE")) {
            i++;
        }
        while (i < to && tokens.get(i).isIdentifier()) {
            ctes.add(tokens.get(i).identifier());
            i++;
            if (tokens.get(i).isOp("(")) {
                i = match[i] + 1;
            }
            if (!tokens.get(i).is("AS") || !tokens.get(i + 1).isOp("(")) {
                return;
            }
            i = match[i + 1] + 1;
            if (!tokens.get(i).isOp(",")) {
                return;
            }
            i++;
        }
    }

    /** METADATA$FILENAME and METADATA$FILE_ROW_NUMBER inside a COPY; any other $-word is an invalid identifier. */
    private int metadataColumn(Token t, String w, int i) throws SnowflakeError {
        if (copyColumn != null && w.equals("METADATA$FILENAME")) {
            out.append(' ').append(copyFileName);
            return i + 1;
        }
        if (copyColumn != null && w.equals("METADATA$FILE_ROW_NUMBER")) {
            out.append(' ').append(copyRowNumber);
            return i + 1;
        }
        throw Errors.invalidIdentifier(w, t.line(), t.column());
    }

    /** The outer select list: each item translated, labelled with the name Snowflake gives it. */
    private int selectList(int i, int to) throws SnowflakeError {
        if (tokens.get(i).is("DISTINCT") || tokens.get(i).is("ALL")) {
            out.append(' ').append(tokens.get(i).text());
            i++;
        }
        if (tokens.get(i).is("TOP") && tokens.get(i + 1).type() == Token.Type.NUMBER) {
            throw Errors.unsupported(tokens.get(i), "SELECT TOP n (use LIMIT)");
        }
        int end = i;
        int itemStart = i;
        List<int[]> items = new ArrayList<>();
        while (end < to) {
            Token t = tokens.get(end);
            if (t.isOp("(")) {
                end = match[end] + 1;
                continue;
            }
            if (t.isOp(",")) {
                items.add(new int[] {itemStart, end});
                itemStart = end + 1;
            } else if ((t.is("FROM") && !tokens.get(end - 1).is("DISTINCT")) || t.is("WHERE") || t.is("UNION") || t.is("EXCEPT") || t.is("MINUS")
                    || t.is("INTERSECT") || t.is("ORDER") || t.is("LIMIT") || t.is("GROUP") || t.is("QUALIFY")
                    || t.is("HAVING")) {
                break;
            }
            end++;
        }
        items.add(new int[] {itemStart, end});
        boolean first = true;
        for (int[] item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (item[0] >= item[1]) {
                throw Errors.syntax(tokens.get(item[1]));
            }
            emit(item[0], item[1], false, false);
            String label = label(item[0], item[1]);
            if (label != null) {
                out.append(" AS ").append(Names.duck(label));
            }
        }
        return end;
    }

    /** Snowflake's name for an unaliased expression: its text with unquoted words upper-cased; null when not needed. */
    private String label(int from, int to) {
        int n = to - from;
        Token last = tokens.get(to - 1);
        if (last.isOp("*")) {
            return null;
        }
        boolean path = true;
        for (int k = from; k < to; k++) {
            Token t = tokens.get(k);
            if (!((k - from) % 2 == 0 ? t.isIdentifier() : t.isOp("."))) {
                path = false;
            }
        }
        if (path && n % 2 == 1) {
            return null;
        }
        if (n >= 2 && last.isIdentifier() && !NOT_ALIAS.contains(last.text().toUpperCase(Locale.ROOT))) {
            Token before = tokens.get(to - 2);
            if (before.is("AS") || before.isOp(")") || before.type() == Token.Type.STRING
                    || before.type() == Token.Type.NUMBER || (before.isIdentifier()
                    && !Functions.KEYWORDS.contains(before.text().toUpperCase(Locale.ROOT))
                    && !NOT_ALIAS.contains(before.text().toUpperCase(Locale.ROOT)))) {
                return null;
            }
        }
        StringBuilder b = new StringBuilder();
        for (int k = from; k < to; k++) {
            Token t = tokens.get(k);
            if (k > from && tokens.get(k - 1).end() < t.start()) {
                b.append(' ');
            }
            b.append(t.type() == Token.Type.WORD ? t.text().toUpperCase(Locale.ROOT) : t.text());
        }
        return b.toString();
    }

    /** A table reference: a subquery, INFORMATION_SCHEMA view or table name, with an alias when none is given. */
    private int tableRef(int i, boolean alias) throws SnowflakeError {
        Token t = tokens.get(i);
        if (t.isOp("(")) {
            return i;
        }
        if (t.is("TABLE") && tokens.get(i + 1).isOp("(")) {
            return tableFunction(i, alias);
        }
        if (!t.isIdentifier()) {
            throw Errors.syntax(t);
        }
        List<String> parts = new ArrayList<>();
        List<Token> partTokens = new ArrayList<>();
        parts.add(t.identifier());
        partTokens.add(t);
        i++;
        while (tokens.get(i).isOp(".") && tokens.get(i + 1).isIdentifier()) {
            parts.add(tokens.get(i + 1).identifier());
            partTokens.add(tokens.get(i + 1));
            i += 2;
        }
        if (parts.size() > 3) {
            throw Errors.syntax(tokens.get(i - 1));
        }
        if (alias && tokens.get(i).isOp("(")) {
            throw Errors.unsupported(t, "table functions");
        }
        String name = parts.get(parts.size() - 1);
        if (parts.size() == 1 && ctes.contains(name)) {
            out.append(' ').append(Names.duck(name));
            lastTable = null;
        } else if (parts.size() >= 2 && parts.get(parts.size() - 2).equals("INFORMATION_SCHEMA")) {
            String database = parts.size() == 3 ? parts.get(0) : null;
            out.append(" (").append(InfoSchema.view(session, database, name, t)).append(')');
            lastTable = null;
            readsInfoSchema = true;
        } else {
            Catalog.Table table = session.resolveTable(parts, t);
            lastTable = table;
            read.add(table);
            out.append(' ').append(table.duckName());
        }
        Token next = tokens.get(i);
        boolean hasAlias = next.is("AS") || (next.isIdentifier() && !CLAUSE.contains(next.text().toUpperCase(Locale.ROOT))
                && !next.is("INNER") && !next.is("LEFT"));
        if (alias && !hasAlias) {
            out.append(" AS ").append(Names.duck(name));
        }
        return i;
    }

    /**
     * {@code TABLE(INFORMATION_SCHEMA.f(NAME => expr, ...))}: the rows of one of {@link HistoryFunctions}' table
     * functions as a subquery, each argument a condition on them (expressions translated as anywhere else).
     */
    private int tableFunction(int i, boolean alias) throws SnowflakeError {
        int close = match[i + 1];
        int k = i + 2;
        List<String> parts = new ArrayList<>();
        Token at = tokens.get(k);
        while (tokens.get(k).isIdentifier()) {
            parts.add(tokens.get(k).identifier());
            if (!tokens.get(k + 1).isOp(".")) {
                k++;
                break;
            }
            k += 2;
        }
        if (parts.size() < 2 || parts.size() > 3 || !parts.get(parts.size() - 2).equals("INFORMATION_SCHEMA")
                || !tokens.get(k).isOp("(") || match[k] != close - 1) {
            throw Errors.unsupported(at, "table functions other than INFORMATION_SCHEMA.QUERY_HISTORY[_BY_SESSION"
                    + "|_BY_USER|_BY_WAREHOUSE](...) and INFORMATION_SCHEMA.COPY_HISTORY(...)");
        }
        String function = parts.get(parts.size() - 1);
        java.util.Map<String, int[]> args = new java.util.LinkedHashMap<>();
        for (int[] a : arguments(k)) {
            if (a[1] - a[0] < 3 || !tokens.get(a[0]).isIdentifier() || !tokens.get(a[0] + 1).isOp("=>")) {
                throw Errors.syntax(tokens.get(a[0]));
            }
            args.put(tokens.get(a[0]).identifier(), new int[] {a[0] + 2, a[1]});
        }
        HistoryFunctions.Call call = HistoryFunctions.call(session, parts.size() == 3 ? parts.get(0) : null,
                function, args.keySet(), at, name -> {
                    int[] a = args.get(name);
                    return a == null ? null : constant(a);
                });
        out.append(" (SELECT * FROM (").append(call.rows()).append(") AS h WHERE TRUE");
        for (HistoryFunctions.Condition c : call.conditions()) {
            int[] a = args.get(c.argument());
            out.append(" AND ").append(Names.duck(c.column())).append(' ').append(c.operator()).append(" CAST((");
            if (a != null) {
                emit(a[0], a[1], false, false);
            } else {
                out.append(c.fallback());
            }
            out.append(") AS ").append(c.type()).append(')');
        }
        out.append(call.tail()).append(')');
        readsInfoSchema = true;
        lastTable = null;
        int after = close + 1;
        Token next = tokens.get(after);
        boolean hasAlias = next.is("AS") || (next.isIdentifier() && !CLAUSE.contains(next.text().toUpperCase(
                Locale.ROOT)) && !next.is("INNER") && !next.is("LEFT"));
        if (alias && !hasAlias) {
            out.append(" AS ").append(Names.duck(function));
        }
        return after;
    }

    /** A Snowflake type as DuckDB spells it; returns the index after it. */
    int type(int i) throws SnowflakeError {
        Parser p = new Parser(tokens, i);
        SfType type = p.type();
        out.append(type.duckType());
        return p.position();
    }

    private List<int[]> arguments(int open) {
        List<int[]> args = new ArrayList<>();
        int close = match[open];
        int start = open + 1;
        if (start == close) {
            return args;
        }
        for (int k = start; k < close; k++) {
            Token t = tokens.get(k);
            if (t.isOp("(")) {
                k = match[k];
            } else if (t.isOp(",")) {
                args.add(new int[] {start, k});
                start = k + 1;
            }
        }
        args.add(new int[] {start, close});
        return args;
    }

    private void arg(int[] a) throws SnowflakeError {
        if (a[0] >= a[1]) {
            throw Errors.syntax(tokens.get(a[1]));
        }
        emit(a[0], a[1], false, false);
    }

    private String constant(int[] a) throws SnowflakeError {
        if (a[1] - a[0] != 1) {
            throw Errors.syntax(tokens.get(a[0]));
        }
        Token t = tokens.get(a[0]);
        if (t.type() != Token.Type.STRING && t.type() != Token.Type.NUMBER) {
            throw Errors.syntax(t);
        }
        return t.value();
    }

    /** DuckDB's interval unit for a Snowflake date or time part ({@code hours}, {@code 'day'}, {@code mi}), or null. */
    private static String datePart(String part) {
        return switch (part.toUpperCase(Locale.ROOT)) {
            case "YEAR", "YEARS", "Y", "YY", "YYYY", "YR", "YRS" -> "year";
            case "MONTH", "MONTHS", "MM", "MON", "MONS" -> "month";
            case "WEEK", "WEEKS", "W", "WK" -> "week";
            case "DAY", "DAYS", "D", "DD" -> "day";
            case "HOUR", "HOURS", "H", "HH", "HR", "HRS" -> "hour";
            case "MINUTE", "MINUTES", "M", "MI", "MIN", "MINS" -> "minute";
            case "SECOND", "SECONDS", "S", "SEC", "SECS" -> "second";
            case "MILLISECOND", "MILLISECONDS", "MS", "MSEC" -> "millisecond";
            default -> null;
        };
    }

    private SnowflakeError arity(Token f, int given) {
        return Errors.compilation("000938", "42601", "error line " + f.line() + " at position " + f.column()
                + "\ninvalid number of arguments (" + given + ") for function " + Names.fold(f.text()));
    }

    /** A function call at i (name, then '('); returns the index after its ')'. */
    private int function(int i) throws SnowflakeError {
        Token f = tokens.get(i);
        String name = f.text().toUpperCase(Locale.ROOT);
        int open = i + 1;
        int close = match[open];
        List<int[]> a = arguments(open);
        int after = close + 1;
        if (tokens.get(after).is("FILTER") || tokens.get(after).is("WITHIN")) {
            throw Errors.unsupported(tokens.get(after), tokens.get(after).text().toUpperCase(Locale.ROOT)
                    + " clause");
        }
        switch (name) {
            case "CAST", "TRY_CAST" -> {
                int as = -1;
                for (int k = open + 1; k < close; k++) {
                    if (tokens.get(k).isOp("(")) {
                        k = match[k];
                    } else if (tokens.get(k).is("AS")) {
                        as = k;
                        break;
                    }
                }
                if (as < 0) {
                    throw Errors.syntax(tokens.get(close));
                }
                out.append(' ').append(name).append('(');
                emit(open + 1, as, false, false);
                out.append(" AS ");
                int end = type(as + 1);
                if (end != close) {
                    throw Errors.syntax(tokens.get(end));
                }
                out.append(')');
                return after;
            }
            case "CURRENT_DATABASE", "CURRENT_SCHEMA", "CURRENT_ROLE", "CURRENT_USER", "CURRENT_WAREHOUSE",
                    "CURRENT_ACCOUNT", "CURRENT_SESSION", "CURRENT_VERSION", "CURRENT_REGION",
                    "CURRENT_ACCOUNT_NAME", "CURRENT_ORGANIZATION_NAME" -> {
                if (!a.isEmpty()) {
                    throw arity(f, a.size());
                }
                out.append(' ').append("CAST(").append(Names.literal(session.current(name))).append(" AS VARCHAR)");
                return after;
            }
            case "CURRENT_TIMESTAMP", "SYSDATE", "GETDATE", "LOCALTIMESTAMP", "SYSTIMESTAMP" -> {
                out.append(name.equals("SYSDATE") ? " CAST(now() AT TIME ZONE 'UTC' AS TIMESTAMP)"
                        : " CAST(now() AS TIMESTAMPTZ)");
                return after;
            }
            case "TO_NUMBER", "TO_DECIMAL", "TO_NUMERIC", "TRY_TO_NUMBER", "TRY_TO_DECIMAL", "TRY_TO_NUMERIC" -> {
                if (a.isEmpty() || a.size() > 3) {
                    throw arity(f, a.size());
                }
                String p = a.size() >= 2 ? constant(a.get(1)) : "38";
                String s = a.size() >= 3 ? constant(a.get(2)) : "0";
                out.append(name.startsWith("TRY_") ? " TRY_CAST(trim(CAST((" : " CAST(trim(CAST((");
                arg(a.get(0));
                out.append(") AS VARCHAR)) AS DECIMAL(").append(p).append(',').append(s).append("))");
                return after;
            }
            case "TO_DOUBLE", "TRY_TO_DOUBLE" -> {
                if (a.size() != 1) {
                    throw arity(f, a.size());
                }
                out.append(name.startsWith("TRY_") ? " TRY_CAST(trim(CAST((" : " CAST(trim(CAST((");
                arg(a.get(0));
                out.append(") AS VARCHAR)) AS DOUBLE)");
                return after;
            }
            case "TO_BOOLEAN", "TRY_TO_BOOLEAN" -> {
                if (a.size() != 1) {
                    throw arity(f, a.size());
                }
                // Snowflake also reads yes/no/on/off/y/n; DuckDB's cast does the rest (and fails on the rest)
                String v = sub(a.get(0));
                String norm = "lower(trim(CAST((" + v + ") AS VARCHAR)))";
                out.append(name.startsWith("TRY_") ? " TRY_CAST(" : " CAST(").append("CASE WHEN ").append(norm)
                        .append(" IN ('yes', 'y', 'on') THEN 'true' WHEN ").append(norm)
                        .append(" IN ('no', 'n', 'off') THEN 'false' ELSE CAST((").append(v)
                        .append(") AS VARCHAR) END AS BOOLEAN)");
                return after;
            }
            case "TO_DATE", "DATE", "TRY_TO_DATE", "TO_TIME", "TIME", "TRY_TO_TIME", "TO_TIMESTAMP",
                    "TO_TIMESTAMP_NTZ", "TO_TIMESTAMP_TZ", "TO_TIMESTAMP_LTZ", "TRY_TO_TIMESTAMP",
                    "TRY_TO_TIMESTAMP_NTZ", "TRY_TO_TIMESTAMP_TZ", "TRY_TO_TIMESTAMP_LTZ" -> {
                temporal(f, name, a);
                return after;
            }
            case "TO_VARCHAR", "TO_CHAR", "TRY_TO_VARCHAR" -> {
                if (a.size() != 1) {
                    throw Errors.unsupported(f, name + " with a format");
                }
                out.append(" CAST((");
                arg(a.get(0));
                out.append(") AS VARCHAR)");
                return after;
            }
            case "IFF" -> {
                if (a.size() != 3) {
                    throw arity(f, a.size());
                }
                out.append(" (CASE WHEN ");
                arg(a.get(0));
                out.append(" THEN ");
                arg(a.get(1));
                out.append(" ELSE ");
                arg(a.get(2));
                out.append(" END)");
                return after;
            }
            case "NVL2" -> {
                if (a.size() != 3) {
                    throw arity(f, a.size());
                }
                out.append(" (CASE WHEN (");
                arg(a.get(0));
                out.append(") IS NOT NULL THEN ");
                arg(a.get(1));
                out.append(" ELSE ");
                arg(a.get(2));
                out.append(" END)");
                return after;
            }
            case "ZEROIFNULL" -> {
                out.append(" COALESCE(");
                arg(a.get(0));
                out.append(", 0)");
                return after;
            }
            case "DATEADD", "TIMEADD", "TIMESTAMPADD" -> {
                if (a.size() != 3 || a.get(0)[1] - a.get(0)[0] != 1) {
                    throw arity(f, a.size());
                }
                Token part = tokens.get(a.get(0)[0]);
                String unit = datePart(part.type() == Token.Type.STRING ? part.value() : part.text());
                if (unit == null) {
                    throw Errors.unsupported(part, "date part " + part.text() + " of " + name);
                }
                out.append(" ((");
                arg(a.get(2));
                out.append(") + CAST((");
                arg(a.get(1));
                out.append(") AS BIGINT) * INTERVAL '1 ").append(unit).append("')");
                return after;
            }
            case "HASH_AGG" -> {
                // Snowflake's aggregate hash of whole rows (*) or of expressions, the same whatever the rows' order
                // and NULL-aware: an XOR of DuckDB's row hashes, 63 bits of it as a signed NUMBER (Snowflake's own
                // hash function differs, so the values do too); 0 for no rows, as in Snowflake.
                if (a.isEmpty()) {
                    throw arity(f, 0);
                }
                out.append(" COALESCE(CAST(BIT_XOR(HASH(");
                if (a.size() == 1 && a.get(0)[1] - a.get(0)[0] == 1 && tokens.get(a.get(0)[0]).isOp("*")) {
                    out.append("*COLUMNS(*)");
                } else {
                    for (int k = 0; k < a.size(); k++) {
                        if (k > 0) {
                            out.append(',');
                        }
                        arg(a.get(k));
                    }
                }
                out.append(") >> 1) AS BIGINT), 0)");
                return after;
            }
            case "UUID_STRING" -> {
                out.append(" CAST(uuid() AS VARCHAR)");
                return after;
            }
            case "SPLIT_PART" -> {
                if (a.size() != 3) {
                    throw arity(f, a.size());
                }
                // Snowflake reads part 0 as 1
                out.append(" split_part(");
                arg(a.get(0));
                out.append(',');
                arg(a.get(1));
                out.append(", (CASE WHEN (");
                arg(a.get(2));
                out.append(") = 0 THEN 1 ELSE (");
                arg(a.get(2));
                out.append(") END))");
                return after;
            }
            default -> {
                String duck = Functions.SAME.contains(name) ? name : Functions.RENAMED.get(name);
                if (duck == null) {
                    throw Errors.unknownFunction(f);
                }
                out.append(' ').append(duck).append('(');
                if (tokens.get(open + 1).is("DISTINCT")) {
                    out.append("DISTINCT ");
                    if (!a.isEmpty()) {
                        a.set(0, new int[] {a.get(0)[0] + 1, a.get(0)[1]});
                    }
                }
                if (a.size() == 1 && a.get(0)[1] - a.get(0)[0] == 1 && tokens.get(a.get(0)[0]).isOp("*")) {
                    out.append('*');
                } else {
                    for (int k = 0; k < a.size(); k++) {
                        if (k > 0) {
                            out.append(',');
                        }
                        arg(a.get(k));
                    }
                }
                out.append(')');
                return after;
            }
        }
    }

    private void temporal(Token f, String name, List<int[]> a) throws SnowflakeError {
        if (a.isEmpty() || a.size() > 2) {
            throw arity(f, a.size());
        }
        boolean lenient = name.startsWith("TRY_");
        String base = lenient ? name.substring(4) : name;
        String kind;
        String code;
        String what;
        String duckType;
        if (base.equals("TO_DATE") || base.equals("DATE")) {
            kind = "DATE";
            code = "100040";
            what = "Date";
            duckType = "DATE";
        } else if (base.equals("TO_TIME") || base.equals("TIME")) {
            kind = "TIME";
            code = "100108";
            what = "Time";
            duckType = "TIME";
        } else {
            kind = "TS";
            code = "100035";
            what = "Timestamp";
            duckType = base.equals("TO_TIMESTAMP_TZ") || base.equals("TO_TIMESTAMP_LTZ") ? "TIMESTAMPTZ"
                    : "TIMESTAMP";
        }
        // strict forms fail inside DuckDB's own parse or cast (not error(): that is volatile, and sfsync orders
        // windows by these conversions); DuckErrors words the failure as Snowflake does
        if (a.size() == 2) {
            String format = Functions.strptimeFormat(constant(a.get(1)));
            String value = "CAST((" + sub(a.get(0)) + ") AS VARCHAR)";
            out.append(" CAST(").append(lenient ? "try_strptime(" : "strptime(").append(value).append(", ")
                    .append(Names.literal(format)).append(") AS ").append(duckType).append(')');
        } else {
            out.append(lenient ? " TRY_CAST((" : " CAST((").append(sub(a.get(0))).append(") AS ").append(duckType)
                    .append(')');
        }
        if (code.isEmpty() || what.isEmpty() || kind.isEmpty()) {
            throw new IllegalStateException("unreachable");
        }
    }

    /** The DuckDB text of an argument, translated on its own (parameters keep their order). */
    private String sub(int[] a) throws SnowflakeError {
        int mark = out.length();
        arg(a);
        String s = out.substring(mark);
        out.setLength(mark);
        return s;
    }
}
