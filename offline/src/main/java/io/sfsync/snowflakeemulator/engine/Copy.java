package io.sfsync.snowflakeemulator.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * COPY INTO a table from staged CSV: the plain form and the transforming {@code FROM (SELECT $1, ... FROM @loc)},
 * FILES (at most 1,000) or PATTERN, the CSV file format options, ON_ERROR = ABORT_STATEMENT, and load metadata (a
 * file already loaded into the table is skipped unless FORCE = TRUE). Each file is read with DuckDB's read_csv as
 * text, so METADATA$FILE_ROW_NUMBER is its row in that file.
 */
final class Copy {

    private Copy() {
    }

    /** The CSV options of FILE_FORMAT. */
    private static final class Format {
        String compression = "AUTO";
        char delimiter = ',';
        long skipHeader;
        char quote;
        char escape;
        boolean emptyAsNull = true;
        List<String> nullIf = List.of("\\N");
        boolean trim;
    }

    private static final List<ColumnMeta> RESULT = List.of(Statements.text("file"), Statements.text("status"),
            new ColumnMeta("rows_parsed", "fixed", 19, 0, 0, true), new ColumnMeta("rows_loaded", "fixed", 19, 0, 0,
                    true), new ColumnMeta("error_limit", "fixed", 19, 0, 0, true),
            new ColumnMeta("errors_seen", "fixed", 19, 0, 0, true), Statements.text("first_error"),
            new ColumnMeta("first_error_line", "fixed", 19, 0, 0, true),
            new ColumnMeta("first_error_character", "fixed", 19, 0, 0, true),
            Statements.text("first_error_column_name"));

    static QueryResult run(EngineSession s, String queryId, List<Token> tokens) throws SnowflakeError,
            SQLException {
        Parser p = new Parser(tokens, 1);
        p.expect("INTO");
        Token tableToken = p.peek();
        if (tableToken.type() == Token.Type.STAGE) {
            throw Errors.unsupported(tableToken, "COPY INTO a location (unloading)");
        }
        List<String> tableName = p.name();
        List<String> columns = null;
        if (p.acceptOp("(")) {
            columns = new ArrayList<>();
            do {
                columns.add(p.identifier());
            } while (p.acceptOp(","));
            p.expectOp(")");
        }
        p.expect("FROM");
        int selectFrom = -1;
        int selectTo = -1;
        Token locToken;
        if (p.acceptOp("(")) {
            if (!p.peek().is("SELECT")) {
                throw Errors.syntax(p.peek());
            }
            selectFrom = p.position() + 1;
            int depth = 0;
            while (true) {
                Token t = p.peek();
                if (t.type() == Token.Type.EOF) {
                    throw Errors.syntax(t);
                }
                if (t.isOp("(")) {
                    depth++;
                } else if (t.isOp(")")) {
                    depth--;
                }
                if (depth == 0 && t.is("FROM") && p.peek(1).type() == Token.Type.STAGE) {
                    break;
                }
                p.next();
            }
            selectTo = p.position();
            p.next();
            locToken = p.next();
            if (p.peek().isIdentifier() && !p.peek().isOp(")")) {
                p.next();
            }
            p.expectOp(")");
        } else {
            locToken = p.next();
        }
        Stages.Location loc = Stages.location(s, locToken, false);
        List<String> named = null;
        Pattern pattern = null;
        Format format = new Format();
        boolean force = false;
        while (!p.atEnd()) {
            Token k = p.next();
            String key = k.text().toUpperCase(Locale.ROOT);
            p.expectOp("=");
            switch (key) {
                case "FILES" -> {
                    named = new ArrayList<>();
                    p.expectOp("(");
                    if (!p.peek().isOp(")")) {
                        do {
                            named.add(p.string());
                        } while (p.acceptOp(","));
                    }
                    p.expectOp(")");
                    if (named.size() > Stages.MAX_FILES) {
                        throw Errors.compilation("001103", "42601", "The number of files in the FILES clause ("
                                + named.size() + ") exceeds the maximum of " + Stages.MAX_FILES + ".");
                    }
                }
                case "PATTERN" -> pattern = Pattern.compile(p.string());
                case "FILE_FORMAT" -> format(p, format);
                case "ON_ERROR" -> {
                    String v = p.value();
                    if (!v.equals("ABORT_STATEMENT")) {
                        throw Errors.unsupported(k, "ON_ERROR = " + v);
                    }
                }
                case "FORCE" -> force = Boolean.parseBoolean(p.value().toLowerCase(Locale.ROOT));
                case "PURGE" -> {
                    if (Boolean.parseBoolean(p.value().toLowerCase(Locale.ROOT))) {
                        throw Errors.unsupported(k, "PURGE = TRUE");
                    }
                }
                default -> throw Errors.unsupported(k, "COPY option " + key);
            }
        }
        Catalog.Table table;
        synchronized (s.engine().lock()) {
            table = s.resolveTable(tableName, tableToken);
            if (!table.temporary() && !Access.has(s.engine().catalog(), s.roles(), "TABLE", table.id, table.owner,
                    "INSERT")) {
                throw Errors.insufficientPrivileges("table", table.name);
            }
        }
        List<String> targetColumns = new ArrayList<>();
        if (columns == null) {
            for (Catalog.Col c : table.columns) {
                targetColumns.add(c.name);
            }
        } else {
            for (String c : columns) {
                if (table.column(c) == null) {
                    throw Errors.invalidIdentifier(Names.display(c), tableToken.line(), tableToken.column());
                }
                targetColumns.add(c);
            }
        }
        // which files
        List<String> files = new ArrayList<>();
        if (named != null) {
            String base = loc.path().isEmpty() || loc.path().endsWith("/") ? loc.path() : loc.path() + "/";
            for (String n : named) {
                String rel = base + n;
                if (!Files.isRegularFile(loc.folder().resolve(rel))) {
                    throw new SnowflakeError("091016", "22000", "Remote file '" + loc.listPrefix() + rel
                            + "' was not found. There are several potential causes. The file might not exist. The"
                            + " required credentials may be missing or invalid. If you are running a copy command,"
                            + " please make sure files are not deleted when they are being loaded or files are not"
                            + " being loaded into two different tables concurrently with auto purge option.");
                }
                files.add(rel);
            }
        } else {
            for (String f : Stages.files(loc)) {
                if (pattern == null || pattern.matcher(f).matches() || pattern.matcher(loc.listPrefix() + f)
                        .matches()) {
                    files.add(f);
                }
            }
        }
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> toLoad = new ArrayList<>();
        synchronized (s.engine().lock()) {
            Map<String, Instant> loaded = s.engine().catalog().loads.getOrDefault(table.id, Map.of());
            for (String f : files) {
                String key;
                try {
                    key = Stages.loadKey(loc, f);
                } catch (IOException e) {
                    throw new SnowflakeError("000603", "XX000", "cannot read the staged file " + f + ": " + e);
                }
                if (force || !loaded.containsKey(key)) {
                    toLoad.add(f);
                    keys.put(f, key);
                }
            }
        }
        if (toLoad.isEmpty()) {
            return Statements.rows(queryId, EngineSession.COPY, List.of(Statements.text("status")),
                    List.<Object[]>of(new Object[] {"Copy executed with 0 files processed."}));
        }
        boolean ownTransaction = !s.inTransaction();
        s.beforeDml();
        if (ownTransaction && !s.inTransaction()) {
            s.begin();
        } else {
            ownTransaction = false;
        }
        List<Object[]> rows = new ArrayList<>();
        long bytes = 0;
        try {
            for (String f : toLoad) {
                Path file = loc.folder().resolve(f);
                bytes += Files.size(file);
                long n = loadFile(s, tokens, selectFrom, selectTo, table, targetColumns, file, loc.listPrefix() + f,
                        f, format);
                rows.add(new Object[] {loc.listPrefix() + f, "LOADED", n, n, 1L, 0L, null, null, null, null});
            }
            if (ownTransaction) {
                s.commit();
            }
        } catch (SnowflakeError | SQLException | RuntimeException e) {
            if (ownTransaction) {
                s.rollback();
            }
            throw e;
        } catch (IOException e) {
            if (ownTransaction) {
                s.rollback();
            }
            throw new SnowflakeError("100069", "22000", "Error parsing the staged file: " + e.getMessage());
        }
        synchronized (s.engine().lock()) {
            Map<String, Instant> loaded = s.engine().catalog().loads.computeIfAbsent(table.id,
                    k -> new LinkedHashMap<>());
            for (String key : keys.values()) {
                loaded.put(key, Instant.now());
            }
            s.engine().save();
        }
        Instant end = Instant.now();
        for (int k = 0; k < toLoad.size(); k++) {
            Object[] r = rows.get(k);
            long n = ((Number) r[2]).longValue();
            long size;
            try {
                size = Files.size(loc.folder().resolve(toLoad.get(k)));
            } catch (IOException e) {
                size = 0;
            }
            s.engine().recordCopy(new CopyRecord(toLoad.get(k), loc.listPrefix(), end, n, n, size, "Loaded",
                    table.id, table.schema.database.name, table.schema.name, table.name, queryId));
        }
        s.lastFiles = toLoad.size();
        s.lastBytes = bytes;
        return Statements.rows(queryId, EngineSession.COPY, RESULT, rows);
    }

    private static void format(Parser p, Format f) throws SnowflakeError {
        p.expectOp("(");
        while (!p.acceptOp(")")) {
            Token k = p.next();
            String key = k.text().toUpperCase(Locale.ROOT);
            p.expectOp("=");
            switch (key) {
                case "TYPE" -> {
                    String v = p.value();
                    if (!v.equals("CSV")) {
                        throw Errors.unsupported(k, "file format TYPE = " + v);
                    }
                }
                case "COMPRESSION" -> {
                    String v = p.value().toUpperCase(Locale.ROOT);
                    if (!v.equals("GZIP") && !v.equals("AUTO") && !v.equals("NONE")) {
                        throw Errors.unsupported(k, "COMPRESSION = " + v);
                    }
                    f.compression = v;
                }
                case "FIELD_DELIMITER" -> f.delimiter = oneChar(p, k);
                case "SKIP_HEADER" -> f.skipHeader = p.number();
                case "FIELD_OPTIONALLY_ENCLOSED_BY" -> f.quote = oneChar(p, k);
                case "ESCAPE" -> f.escape = oneChar(p, k);
                case "ESCAPE_UNENCLOSED_FIELD" -> {
                    char c = oneChar(p, k);
                    if (c != 0) {
                        // Snowflake's default is backslash; DuckDB has one escape for both kinds of field
                        f.escape = f.escape == 0 ? 0 : f.escape;
                    }
                }
                case "EMPTY_FIELD_AS_NULL" -> f.emptyAsNull = Boolean.parseBoolean(p.value().toLowerCase(
                        Locale.ROOT));
                case "TRIM_SPACE" -> f.trim = Boolean.parseBoolean(p.value().toLowerCase(Locale.ROOT));
                case "NULL_IF" -> {
                    List<String> v = new ArrayList<>();
                    p.expectOp("(");
                    if (!p.peek().isOp(")")) {
                        do {
                            v.add(p.string());
                        } while (p.acceptOp(","));
                    }
                    p.expectOp(")");
                    f.nullIf = v;
                }
                case "ENCODING" -> {
                    String v = p.value().toUpperCase(Locale.ROOT).replace("-", "");
                    if (!v.equals("UTF8")) {
                        throw Errors.unsupported(k, "ENCODING = " + v);
                    }
                }
                case "REPLACE_INVALID_CHARACTERS" -> {
                    if (Boolean.parseBoolean(p.value().toLowerCase(Locale.ROOT))) {
                        throw Errors.unsupported(k, "REPLACE_INVALID_CHARACTERS = TRUE");
                    }
                }
                case "RECORD_DELIMITER" -> {
                    String v = p.value();
                    if (!v.equals("\n") && !v.equals("\\n") && !v.equals("\r\n")) {
                        throw Errors.unsupported(k, "RECORD_DELIMITER other than a new line");
                    }
                }
                default -> throw Errors.unsupported(k, "file format option " + key);
            }
        }
    }

    /** A one-character option value; NONE gives 0. */
    private static char oneChar(Parser p, Token k) throws SnowflakeError {
        Token v = p.next();
        if (v.is("NONE")) {
            return 0;
        }
        if (v.type() != Token.Type.STRING || v.value().length() != 1) {
            throw Errors.unsupported(k, k.text().toUpperCase(Locale.ROOT) + " other than one character");
        }
        return v.value().charAt(0);
    }

    private static long loadFile(EngineSession s, List<Token> tokens, int selectFrom, int selectTo,
            Catalog.Table table, List<String> targetColumns, Path file, String fileName, String relative,
            Format f) throws SnowflakeError, SQLException, IOException {
        boolean gzip = f.compression.equals("GZIP") || (f.compression.equals("AUTO")
                && relative.toLowerCase(Locale.ROOT).endsWith(".gz"));
        int n = Stages.fieldCount(file, gzip, f.delimiter, f.quote);
        if (n == 0) {
            return 0;
        }
        StringBuilder cols = new StringBuilder();
        for (int k = 1; k <= n; k++) {
            cols.append(k > 1 ? ", " : "").append("'c").append(k).append("': 'VARCHAR'");
        }
        String quote = f.quote == 0 ? "" : String.valueOf(f.quote);
        String escape = f.escape != 0 ? String.valueOf(f.escape) : quote;
        // one thread per file keeps the rows in file order (METADATA$FILE_ROW_NUMBER) and allows quoted new lines
        String read = "read_csv(" + Names.literal(file.toString()) + ", auto_detect = false, header = false, skip = "
                + f.skipHeader + ", delim = " + Names.literal(String.valueOf(f.delimiter)) + ", quote = "
                + Names.literal(quote) + ", escape = " + Names.literal(escape) + ", columns = {" + cols + "},"
                + " compression = '" + (gzip ? "gzip" : "none") + "', allow_quoted_nulls = false, nullstr = "
                + Names.literal(f.emptyAsNull ? "" : "\u0001") + ", parallel = false)";
        StringBuilder fields = new StringBuilder();
        for (int k = 1; k <= n; k++) {
            String c = "\"c" + k + "\"";
            String v = f.trim ? "trim(" + c + ")" : c;
            if (!f.nullIf.isEmpty()) {
                StringBuilder in = new StringBuilder();
                for (String ni : f.nullIf) {
                    in.append(in.length() > 0 ? ", " : "").append(Names.literal(ni));
                }
                v = "CASE WHEN " + v + " IN (" + in + ") THEN NULL ELSE " + v + " END";
            }
            fields.append(", ").append(v).append(" AS \"c").append(k).append('"');
        }
        String source = "(SELECT row_number() OVER () AS \"__row\"" + fields + " FROM " + read + ") AS \"__src\"";
        StringBuilder into = new StringBuilder();
        for (String c : targetColumns) {
            into.append(into.length() > 0 ? ", " : "").append(Names.duck(c));
        }
        String select;
        List<Integer> parameters = List.of();
        if (selectFrom >= 0) {
            List<Token> exprs = new ArrayList<>(tokens.subList(selectFrom, selectTo));
            exprs.add(new Token(Token.Type.EOF, "", "", 0, 0, 1, 0));
            Translator tr = new Translator(s, exprs);
            int width = n;
            tr.copyColumn = k -> k <= width ? "\"__src\".\"c" + k + "\"" : "CAST(NULL AS VARCHAR)";
            tr.copyFileName = Names.literal(relative);
            tr.copyRowNumber = "\"__src\".\"__row\"";
            synchronized (s.engine().lock()) {
                tr.expression(0, tr.size());
            }
            select = tr.sql();
            int items = 1;
            int depth = 0;
            for (Token t : exprs) {
                if (t.isOp("(")) {
                    depth++;
                } else if (t.isOp(")")) {
                    depth--;
                } else if (t.isOp(",") && depth == 0) {
                    items++;
                }
            }
            if (items != targetColumns.size()) {
                throw new SnowflakeError("002020", "21S01", "SQL compilation error:\nInsert value list does not"
                        + " match column list expecting " + targetColumns.size() + " but got " + items);
            }
            parameters = tr.parameters;
        } else {
            if (n != targetColumns.size()) {
                throw new SnowflakeError("100080", "22000", "Number of columns in file (" + n + ") does not match"
                        + " that of the corresponding table (" + targetColumns.size() + "), use file format option"
                        + " error_on_column_count_mismatch=false to ignore this error");
            }
            StringBuilder b = new StringBuilder();
            for (int k = 1; k <= n; k++) {
                b.append(k > 1 ? ", " : "").append("\"__src\".\"c").append(k).append('"');
            }
            select = b.toString();
        }
        if (!parameters.isEmpty()) {
            throw Errors.unsupported(tokens.get(0), "bind variables in COPY");
        }
        String sql = "INSERT INTO " + table.duckName() + " (" + into + ") SELECT " + select + " FROM " + source;
        try (PreparedStatement ps = s.duck().prepareStatement(sql)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw DuckErrors.map(e, tokens);
        }
    }
}
