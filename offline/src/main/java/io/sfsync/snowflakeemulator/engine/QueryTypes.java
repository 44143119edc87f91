package io.sfsync.snowflakeemulator.engine;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Snowflake's {@code QUERY_TYPE} of a statement (as QUERY_HISTORY shows it: SELECT, INSERT, MERGE, COPY, PUT_FILES,
 * CREATE_TABLE, ALTER_SESSION, BEGIN_TRANSACTION, ...), and whether it needs a running warehouse.
 *
 * <p>The warehouse rule, which the offline Snowflake applies when it records {@code WAREHOUSE_NAME} (and the benchmark
 * when it estimates warehouse time): DML (INSERT, UPDATE, DELETE, MERGE), COPY, CREATE TABLE ... AS SELECT, and a
 * SELECT that reads a table or an INFORMATION_SCHEMA view or table function run on the warehouse. Everything else is
 * served by Snowflake's cloud services without one: DDL, PUT, GET, LIST and REMOVE (the client moves the files), SHOW,
 * DESCRIBE, USE, ALTER SESSION, transaction control, and a SELECT of constants or session context
 * ({@code SELECT CURRENT_SESSION()}, {@code SYSTEM$...}).
 */
public final class QueryTypes {

    private static final Set<String> WAREHOUSE = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "COPY",
            "MULTI_TABLE_INSERT", "CREATE_TABLE_AS_SELECT", "UNLOAD");

    private QueryTypes() {
    }

    /** Whether a statement of this QUERY_TYPE runs on the warehouse ({@code readsData}: a SELECT reads a table). */
    public static boolean usesWarehouse(String queryType, boolean readsData) {
        if (queryType.equals("SELECT")) {
            return readsData;
        }
        return WAREHOUSE.contains(queryType);
    }

    /** The QUERY_TYPE of a statement, from its leading words. */
    static String of(List<Token> t) {
        Token a = t.get(0);
        String w = a.type() == Token.Type.WORD ? a.text().toUpperCase(Locale.ROOT) : a.text();
        String b = word(t, 1);
        return switch (w) {
            case "SELECT", "WITH", "(" -> "SELECT";
            case "INSERT" -> b.equals("ALL") || b.equals("FIRST") || b.equals("OVERWRITE") && word(t, 2).equals("ALL")
                    ? "MULTI_TABLE_INSERT" : "INSERT";
            case "UPDATE", "DELETE", "MERGE", "COMMIT", "ROLLBACK", "GRANT", "REVOKE", "USE" -> w;
            case "COPY" -> b.equals("INTO") && word(t, 2).startsWith("@") ? "UNLOAD" : "COPY";
            case "PUT" -> "PUT_FILES";
            case "GET" -> "GET_FILES";
            case "LIST", "LS" -> "LIST_FILES";
            case "REMOVE", "RM" -> "REMOVE_FILES";
            case "SHOW" -> "SHOW";
            case "DESCRIBE", "DESC" -> "DESCRIBE";
            case "BEGIN", "START" -> "BEGIN_TRANSACTION";
            case "TRUNCATE" -> "TRUNCATE_TABLE";
            case "COMMENT" -> "COMMENT";
            case "ALTER" -> alter(t, b);
            case "CREATE" -> create(t);
            case "DROP" -> "DROP";
            case "UNDROP" -> "UNDROP";
            default -> "UNKNOWN";
        };
    }

    private static String alter(List<Token> t, String b) {
        if (b.equals("SESSION")) {
            return "ALTER_SESSION";
        }
        if (b.equals("USER")) {
            return "ALTER_USER";
        }
        if (!b.equals("TABLE")) {
            return "ALTER";
        }
        for (int i = 2; i < t.size(); i++) {
            Token k = t.get(i);
            if (k.is("RENAME")) {
                return "RENAME_TABLE";
            }
            if (k.is("SWAP")) {
                return "ALTER_TABLE";
            }
            if (k.is("ADD")) {
                return "ALTER_TABLE_ADD_COLUMN";
            }
            if (k.is("DROP")) {
                return "ALTER_TABLE_DROP_COLUMN";
            }
            if (k.is("MODIFY") || k.is("ALTER")) {
                return "ALTER_TABLE_MODIFY_COLUMN";
            }
        }
        return "ALTER_TABLE";
    }

    private static String create(List<Token> t) {
        int i = 1;
        while (i < t.size() && (t.get(i).is("OR") || t.get(i).is("REPLACE") || t.get(i).is("TEMPORARY")
                || t.get(i).is("TEMP") || t.get(i).is("TRANSIENT") || t.get(i).is("LOCAL") || t.get(i).is("GLOBAL")
                || t.get(i).is("VOLATILE"))) {
            i++;
        }
        String kind = word(t, i);
        return switch (kind) {
            case "TABLE" -> {
                for (int k = i + 1; k + 1 < t.size(); k++) {
                    if (t.get(k).is("AS") && (t.get(k + 1).is("SELECT") || t.get(k + 1).is("WITH")
                            || t.get(k + 1).isOp("("))) {
                        yield "CREATE_TABLE_AS_SELECT";
                    }
                }
                yield "CREATE_TABLE";
            }
            case "USER" -> "CREATE_USER";
            case "ROLE" -> "CREATE_ROLE";
            case "VIEW" -> "CREATE_VIEW";
            default -> "CREATE";
        };
    }

    private static String word(List<Token> t, int i) {
        if (i >= t.size()) {
            return "";
        }
        Token k = t.get(i);
        return k.type() == Token.Type.WORD || k.type() == Token.Type.STAGE ? k.text().toUpperCase(Locale.ROOT) : "";
    }
}
