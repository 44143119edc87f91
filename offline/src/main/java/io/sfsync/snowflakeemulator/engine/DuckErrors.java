package io.sfsync.snowflakeemulator.engine;

import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** DuckDB's errors as the Snowflake errors they stand for. */
final class DuckErrors {

    private static final Pattern RAISED = Pattern.compile("SF(\\d{6})\\|(\\w{5})\\|(.*?)(\\)?$|\\n)",
            Pattern.DOTALL);
    private static final Pattern COLUMN = Pattern.compile("Referenced column \"([^\"]*)\" not found");
    private static final Pattern TABLE_COLUMN = Pattern.compile("Table \"[^\"]*\" does not have a column named"
            + " \"([^\"]*)\"");
    private static final Pattern CAST = Pattern.compile("(?:Could not (?:convert string|cast value)|Casting value)"
            + " \"?([^\"]*?)\"? to (?:type )?DECIMAL");
    private static final Pattern PARSE = Pattern.compile("Could not parse string \"(.*?)\" according to format"
            + " specifier \"(.*?)\"", Pattern.DOTALL);
    private static final Pattern CONVERT = Pattern.compile("Could not convert string [\"'](.*?)[\"'] to"
            + " (BOOL|DOUBLE|FLOAT|DATE|TIME|TIMESTAMP)", Pattern.DOTALL);
    private static final Pattern FIELD_FORMAT = Pattern.compile("invalid (date|timestamp|time) field format:"
            + " \"(.*?)\"");
    private static final Pattern NEAR = Pattern.compile("syntax error at or near \"([^\"]*)\"");

    private DuckErrors() {
    }

    static SnowflakeError map(SQLException e, List<Token> tokens) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        Matcher r = RAISED.matcher(m);
        if (r.find()) {
            String msg = r.group(3);
            if (msg.endsWith(")")) {
                msg = msg.substring(0, msg.length() - 1);
            }
            return new SnowflakeError(r.group(1), r.group(2), msg);
        }
        Matcher c = COLUMN.matcher(m);
        if (!c.find()) {
            c = TABLE_COLUMN.matcher(m);
            if (!c.find()) {
                c = null;
            }
        }
        if (c != null) {
            String name = Names.label(c.group(1));
            for (Token t : tokens) {
                if (t.isIdentifier() && t.identifier().equals(name)) {
                    return Errors.invalidIdentifier(Names.display(name), t.line(), t.column());
                }
            }
            return Errors.invalidIdentifier(Names.display(name), 1, 0);
        }
        Matcher d = CAST.matcher(m);
        if (d.find()) {
            String v = d.group(1);
            try {
                new java.math.BigDecimal(v.trim());
                return Errors.outOfRange(v);
            } catch (NumberFormatException nf) {
                return Errors.notRecognized("100038", "Numeric value", v);
            }
        }
        Matcher pf = PARSE.matcher(m);
        if (pf.find()) {
            String f = pf.group(2);
            boolean date = f.contains("%Y") || f.contains("%d");
            boolean time = f.contains("%H") || f.contains("%I");
            return date && time ? Errors.notRecognized("100035", "Timestamp", pf.group(1))
                    : date ? Errors.notRecognized("100040", "Date", pf.group(1))
                    : Errors.notRecognized("100108", "Time", pf.group(1));
        }
        Matcher cv = CONVERT.matcher(m);
        if (cv.find()) {
            String v = cv.group(1);
            return switch (cv.group(2)) {
                case "BOOL" -> Errors.notRecognized("100037", "Boolean value", v);
                case "DATE" -> Errors.notRecognized("100040", "Date", v);
                case "TIME" -> Errors.notRecognized("100108", "Time", v);
                case "TIMESTAMP" -> Errors.notRecognized("100035", "Timestamp", v);
                default -> Errors.notRecognized("100038", "Numeric value", v);
            };
        }
        Matcher ff = FIELD_FORMAT.matcher(m);
        if (ff.find()) {
            return switch (ff.group(1)) {
                case "date" -> Errors.notRecognized("100040", "Date", ff.group(2));
                case "time" -> Errors.notRecognized("100108", "Time", ff.group(2));
                default -> Errors.notRecognized("100035", "Timestamp", ff.group(2));
            };
        }
        if (m.contains("MERGE INTO command cannot affect the same target row more than once")) {
            return new SnowflakeError("100090", "42P18", "Duplicate row detected during DML action\nRow Values: []");
        }
        if (m.contains("Current transaction is aborted")) {
            return new SnowflakeError("000603", "XX000", "SQL execution internal error: the transaction was aborted"
                    + " by an earlier failed statement (the offline Snowflake cannot roll back one statement of a"
                    + " transaction); ROLLBACK it.");
        }
        if (m.contains("Conflict") && m.contains("transaction")) {
            return new SnowflakeError("000625", "57014", "Statement reached its statement or warehouse timeout of"
                    + " 0 second(s) and was canceled. (write-write conflict with another transaction: "
                    + firstLine(m) + ")");
        }
        Matcher n = NEAR.matcher(m);
        if (m.startsWith("Parser Error") && n.find()) {
            for (Token t : tokens) {
                if (t.text().equalsIgnoreCase(n.group(1))) {
                    return Errors.syntax(t);
                }
            }
            return Errors.syntax(tokens.get(tokens.size() - 1));
        }
        if (m.startsWith("Binder Error") || m.startsWith("Catalog Error") || m.startsWith("Parser Error")) {
            return Errors.compilation("001003", "42000", Names.decode(firstLine(m)));
        }
        if (m.contains("Conversion Error")) {
            return new SnowflakeError("100038", "22018", Names.decode(firstLine(m)));
        }
        return new SnowflakeError("100000", "XX000", "Offline Snowflake execution error: " + Names.decode(firstLine(m)));
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
