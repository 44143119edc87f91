package io.sfsync.snowflakeemulator.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The session parameters the engine knows, with Snowflake's defaults; any other name is refused. */
final class SessionParameters {

    private SessionParameters() {
    }

    static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("AUTOCOMMIT", "true");
        m.put("TIMEZONE", "America/Los_Angeles");
        m.put("QUOTED_IDENTIFIERS_IGNORE_CASE", "false");
        m.put("JDBC_QUERY_RESULT_FORMAT", "ARROW");
        m.put("QUERY_TAG", "");
        m.put("STATEMENT_TIMEOUT_IN_SECONDS", "172800");
        m.put("STATEMENT_QUEUED_TIMEOUT_IN_SECONDS", "0");
        m.put("LOCK_TIMEOUT", "43200");
        m.put("TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_NTZ");
        m.put("CLIENT_TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_LTZ");
        m.put("CLIENT_SESSION_KEEP_ALIVE", "false");
        m.put("CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", "3600");
        m.put("ROWS_PER_RESULTSET", "0");
        m.put("DATE_OUTPUT_FORMAT", "YYYY-MM-DD");
        m.put("DATE_INPUT_FORMAT", "AUTO");
        m.put("TIME_OUTPUT_FORMAT", "HH24:MI:SS");
        m.put("TIME_INPUT_FORMAT", "AUTO");
        m.put("TIMESTAMP_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM");
        m.put("TIMESTAMP_INPUT_FORMAT", "AUTO");
        m.put("TIMESTAMP_TZ_OUTPUT_FORMAT", "");
        m.put("TIMESTAMP_LTZ_OUTPUT_FORMAT", "");
        m.put("TIMESTAMP_NTZ_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3");
        m.put("BINARY_OUTPUT_FORMAT", "HEX");
        m.put("BINARY_INPUT_FORMAT", "HEX");
        m.put("ERROR_ON_NONDETERMINISTIC_MERGE", "true");
        m.put("ERROR_ON_NONDETERMINISTIC_UPDATE", "false");
        m.put("USE_CACHED_RESULT", "true");
        m.put("WEEK_START", "0");
        m.put("WEEK_OF_YEAR_POLICY", "0");
        m.put("ABORT_DETACHED_QUERY", "false");
        m.put("CLIENT_RESULT_CHUNK_SIZE", "160");
        m.put("CLIENT_PREFETCH_THREADS", "4");
        m.put("CLIENT_MEMORY_LIMIT", "1536");
        m.put("CLIENT_METADATA_REQUEST_USE_CONNECTION_CTX", "false");
        m.put("CLIENT_RESULT_COLUMN_CASE_INSENSITIVE", "false");
        m.put("MULTI_STATEMENT_COUNT", "1");
        m.put("TRANSACTION_ABORT_ON_ERROR", "false");
        m.put("TRANSACTION_DEFAULT_ISOLATION_LEVEL", "READ COMMITTED");
        m.put("JDBC_TREAT_DECIMAL_AS_INT", "true");
        m.put("JDBC_USE_SESSION_TIMEZONE", "true");
        m.put("JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC", "false");
        m.put("JDBC_FORMAT_DATE_WITH_TIMEZONE", "true");
        m.put("STRICT_JSON_OUTPUT", "false");
        m.put("TWO_DIGIT_CENTURY_START", "1970");
        m.put("UNSUPPORTED_DDL_ACTION", "ignore");
        m.put("SEARCH_PATH", "$current, $public");
        m.put("GEOGRAPHY_OUTPUT_FORMAT", "GeoJSON");
        m.put("JSON_INDENT", "2");
        m.put("AUTOCOMMIT_API_SUPPORTED", "true");
        m.put("ENABLE_UNLOAD_PHYSICAL_TYPE_OPTIMIZATION", "true");
        DEFAULTS = Map.copyOf(m);
    }
}
