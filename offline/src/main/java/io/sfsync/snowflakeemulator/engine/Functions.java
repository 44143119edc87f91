package io.sfsync.snowflakeemulator.engine;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.duckdb.DuckDBConnection;

/**
 * Snowflake's functions on DuckDB: the ones DuckDB has under the same name and meaning, the renamed ones, and
 * Snowflake date/time formats as strptime formats. Errors raised inside DuckDB through {@code error()} carry
 * {@code SF<code>|<sqlstate>|}, which the engine turns back into a {@link SnowflakeError}.
 */
final class Functions {

    private Functions() {
    }

    /** Same name, same meaning in DuckDB. */
    static final Set<String> SAME = Set.of("COALESCE", "NULLIF", "COUNT", "SUM", "MIN", "MAX", "AVG", "COUNT_IF",
            "BOOL_OR", "BOOL_AND", "ROW_NUMBER", "RANK", "DENSE_RANK", "LAG", "LEAD", "FIRST_VALUE", "LAST_VALUE",
            "UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM", "LENGTH", "SUBSTR", "SUBSTRING", "CONCAT", "REPLACE", "ABS",
            "ROUND", "FLOOR", "CEIL", "CEILING", "GREATEST", "LEAST", "SPLIT_PART", "IFNULL", "MD5", "LEFT", "RIGHT",
            "REVERSE", "LPAD", "RPAD", "SQRT", "POWER", "MOD", "SIGN", "ANY_VALUE", "MEDIAN", "STDDEV", "CONTAINS",
            "NTILE", "PERCENT_RANK", "CUME_DIST", "INITCAP", "ASCII", "CHR", "EXP", "LN", "LOG", "TRUNC");

    /** Snowflake name -> DuckDB name. */
    static final Map<String, String> RENAMED = Map.ofEntries(Map.entry("NVL", "COALESCE"),
            Map.entry("LEN", "LENGTH"), Map.entry("STARTSWITH", "STARTS_WITH"), Map.entry("ENDSWITH", "ENDS_WITH"),
            Map.entry("CHARINDEX", "INSTR"), Map.entry("SYSDATE", "NOW"), Map.entry("GETDATE", "NOW"),
            Map.entry("CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"), Map.entry("CURRENT_DATE", "CURRENT_DATE"),
            Map.entry("LOCALTIMESTAMP", "LOCALTIMESTAMP"), Map.entry("DATE_TRUNC", "DATE_TRUNC"),
            Map.entry("SHA2", "SHA256"), Map.entry("REGEXP_REPLACE", "REGEXP_REPLACE"),
            Map.entry("STDDEV_SAMP", "STDDEV_SAMP"), Map.entry("VARIANCE", "VARIANCE"));

    /** Functions that take a type after AS. */
    static final Set<String> CASTS = Set.of("CAST", "TRY_CAST");

    /** Words that may precede '(' without being a function call. */
    static final Set<String> KEYWORDS = Set.of("IN", "EXISTS", "VALUES", "OVER", "AS", "USING", "ON", "AND", "OR",
            "NOT", "FROM", "JOIN", "WHERE", "SELECT", "INTO", "ANY", "ALL", "SOME", "WHEN", "THEN", "ELSE", "CASE",
            "BY", "IS", "HAVING", "QUALIFY", "UNION", "EXCEPT", "INTERSECT", "MINUS", "WITH", "SET", "INSERT",
            "DISTINCT", "LIKE", "ILIKE", "BETWEEN", "LIMIT", "GROUP", "ORDER", "PARTITION", "MATCHED", "RETURNING",
            "TABLE", "ROWS", "RANGE", "UPDATE", "DELETE", "MERGE", "END", "RECURSIVE", "LATERAL");

    /**
     * The macro behind VARCHAR(n) CHECK constraints, created once in the DuckDB file: it raises Snowflake's "too
     * long" error with the value.
     */
    static void installMacros(DuckDBConnection duck) throws SQLException {
        String[] ddl = {
            "CREATE SCHEMA IF NOT EXISTS sfsys",
            "CREATE MACRO IF NOT EXISTS sfsys.too_long(x, n) AS CASE WHEN length(x) <= n THEN TRUE"
                + " ELSE error('SF100074|22001|String ''' || x || ''' is too long and would be truncated') END",
        };
        try (Statement s = duck.createStatement()) {
            for (String d : ddl) {
                s.execute(d);
            }
        }
    }

    /**
     * A Snowflake date/time format as a strptime format: YYYY MM DD HH24 HH12 MI SS FF[0-9] AM/PM TZH:TZM, quoted
     * literals, punctuation.
     */
    static String strptimeFormat(String format) {
        StringBuilder b = new StringBuilder();
        String f = format;
        int i = 0;
        while (i < f.length()) {
            String rest = f.substring(i).toUpperCase(Locale.ROOT);
            char c = f.charAt(i);
            if (c == '"') {
                int end = f.indexOf('"', i + 1);
                if (end < 0) {
                    end = f.length();
                }
                b.append(f, i + 1, end);
                i = end + 1;
                continue;
            }
            String[][] map = {{"YYYY", "%Y"}, {"YY", "%y"}, {"MMMM", "%B"}, {"MON", "%b"}, {"MM", "%m"},
                {"DD", "%d"}, {"DY", "%a"}, {"HH24", "%H"}, {"HH12", "%I"}, {"HH", "%H"}, {"MI", "%M"},
                {"SS", "%S"}, {"FF9", "%n"}, {"FF6", "%f"}, {"FF3", "%g"}, {"FF", "%n"}, {"AM", "%p"},
                {"PM", "%p"}, {"TZH:TZM", "%z"}, {"TZHTZM", "%z"}};
            boolean matched = false;
            for (String[] m : map) {
                if (rest.startsWith(m[0])) {
                    b.append(m[1]);
                    i += m[0].length();
                    if (m[0].startsWith("FF") && i < f.length() && Character.isDigit(f.charAt(i))) {
                        char d = f.charAt(i);
                        b.setLength(b.length() - 2);
                        b.append(d <= '3' ? "%g" : d <= '6' ? "%f" : "%n");
                        i++;
                    }
                    matched = true;
                    break;
                }
            }
            if (!matched) {
                b.append(c == '%' ? "%%" : String.valueOf(c));
                i++;
            }
        }
        return b.toString();
    }
}
