package io.sfsync.snowflakeemulator.server;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statement type id (SFStatementType) of a statement's text, from its leading keywords, for describe-only
 * requests (PreparedStatement.addBatch/getMetaData) where the statement is not run. Executed statements take the
 * engine's type instead.
 */
final class StatementKinds {
    static final long UNKNOWN = 0x0000;
    static final long SELECT = 0x1000;
    static final long INSERT = 0x3100;
    static final long UPDATE = 0x3200;
    static final long DELETE = 0x3300;
    static final long MERGE = 0x3400;
    static final long MULTI_INSERT = 0x3500;
    static final long COPY = 0x3600;
    static final long ALTER_SESSION = 0x4100;
    static final long USE = 0x4300;
    static final long SHOW = 0x4400;
    static final long DESCRIBE = 0x4500;
    static final long LIST = 0x4701;
    static final long TCL = 0x5000;
    static final long DDL = 0x6000;
    static final long GET = 0x7101;
    static final long PUT = 0x7102;
    static final long REMOVE = 0x7103;

    private static final Pattern LEADING = Pattern.compile(
            "^(?:\\s|--[^\\n]*\\n|/\\*.*?\\*/|\\()*([A-Za-z]+)(?:\\s+([A-Za-z]+))?", Pattern.DOTALL);

    private StatementKinds() {
    }

    static long of(String sql) {
        Matcher m = LEADING.matcher(sql == null ? "" : sql);
        if (!m.find()) {
            return UNKNOWN;
        }
        String first = m.group(1).toUpperCase(Locale.ROOT);
        String second = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        return switch (first) {
            case "SELECT", "WITH", "VALUES" -> SELECT;
            case "INSERT" -> second.equals("ALL") || second.equals("FIRST") ? MULTI_INSERT : INSERT;
            case "UPDATE" -> UPDATE;
            case "DELETE" -> DELETE;
            case "MERGE" -> MERGE;
            case "COPY" -> COPY;
            case "SHOW" -> SHOW;
            case "DESC", "DESCRIBE" -> DESCRIBE;
            case "LIST", "LS" -> LIST;
            case "USE" -> USE;
            case "BEGIN", "START", "COMMIT", "ROLLBACK" -> TCL;
            case "ALTER" -> second.equals("SESSION") ? ALTER_SESSION : DDL;
            case "CREATE", "DROP", "GRANT", "REVOKE", "TRUNCATE", "UNDROP", "COMMENT" -> DDL;
            case "GET" -> GET;
            case "PUT" -> PUT;
            case "REMOVE", "RM" -> REMOVE;
            default -> UNKNOWN;
        };
    }

    /** Whether the driver reads rows from a statement of this type (SFStatementType.isGenerateResultSet). */
    static boolean generatesResultSet(long typeId) {
        return typeId == UNKNOWN || typeId == SELECT || typeId == SHOW || typeId == DESCRIBE || typeId == LIST
                || (typeId >= 0x7000 && typeId < 0x8000);
    }
}
