package io.sfsync.snowflakeemulator.server;

import static io.sfsync.snowflakeemulator.engine.EngineSession.ALTER_SESSION;
import static io.sfsync.snowflakeemulator.engine.EngineSession.COPY;
import static io.sfsync.snowflakeemulator.engine.EngineSession.DDL;
import static io.sfsync.snowflakeemulator.engine.EngineSession.DELETE;
import static io.sfsync.snowflakeemulator.engine.EngineSession.DESCRIBE;
import static io.sfsync.snowflakeemulator.engine.EngineSession.GET;
import static io.sfsync.snowflakeemulator.engine.EngineSession.INSERT;
import static io.sfsync.snowflakeemulator.engine.EngineSession.LIST;
import static io.sfsync.snowflakeemulator.engine.EngineSession.MERGE;
import static io.sfsync.snowflakeemulator.engine.EngineSession.MULTI_INSERT;
import static io.sfsync.snowflakeemulator.engine.EngineSession.PUT;
import static io.sfsync.snowflakeemulator.engine.EngineSession.REMOVE;
import static io.sfsync.snowflakeemulator.engine.EngineSession.SELECT;
import static io.sfsync.snowflakeemulator.engine.EngineSession.SHOW;
import static io.sfsync.snowflakeemulator.engine.EngineSession.TCL;
import static io.sfsync.snowflakeemulator.engine.EngineSession.UNKNOWN;
import static io.sfsync.snowflakeemulator.engine.EngineSession.UPDATE;
import static io.sfsync.snowflakeemulator.engine.EngineSession.USE;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statement type id (SFStatementType) of a statement's text, from its leading keywords, for describe-only
 * requests (PreparedStatement.addBatch/getMetaData) where the statement is not run. Executed statements take the
 * engine's type instead.
 */
final class StatementKinds {

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
