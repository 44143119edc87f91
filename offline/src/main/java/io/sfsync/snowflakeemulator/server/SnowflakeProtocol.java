package io.sfsync.snowflakeemulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfsync.snowflakeemulator.engine.Binding;
import io.sfsync.snowflakeemulator.engine.EngineSession;
import io.sfsync.snowflakeemulator.engine.QueryRecord;
import io.sfsync.snowflakeemulator.engine.QueryResult;
import io.sfsync.snowflakeemulator.engine.SnowflakeEngine;
import io.sfsync.snowflakeemulator.engine.SnowflakeError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST protocol the Snowflake JDBC driver speaks (SessionUtil, StmtUtil, SFSession, SnowflakeFileTransferAgent):
 * login (password or key-pair JWT), token renewal, heartbeat, session close, statements, telemetry; plus the
 * emulator's own {@code GET /_emulator/queries}. Every answer is the JSON envelope {@code {"data":...,
 * "success":...,"code":...,"message":...}}; statements run on the session's {@link EngineSession}.
 */
public final class SnowflakeProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeProtocol.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN_HEADER = Pattern.compile("Snowflake\\s+Token=\"([^\"]*)\"");
    private static final String SERVER_VERSION = "9.0.0";

    private final SnowflakeEngine engine;
    private final SessionRegistry sessions;
    private final String account;
    private final Clock clock;

    public SnowflakeProtocol(SnowflakeEngine engine, SessionRegistry sessions, String account, Clock clock) {
        this.engine = engine;
        this.sessions = sessions;
        this.account = account.toUpperCase(Locale.ROOT);
        this.clock = clock;
    }

    /** One HTTP request as the server read it (the body already un-gzipped). */
    public record Call(String method, String path, String query, String authorization, String host, byte[] body) {
    }

    /** One answer: status and JSON body. */
    public record Reply(int status, byte[] body) {
    }

    public Reply handle(Call call) {
        try {
            return route(call);
        } catch (ProtocolError e) {
            return new Reply(e.httpStatus(), write(error(e)));
        } catch (RuntimeException e) {
            LOG.warn("offline Snowflake: {} {} failed", call.method(), call.path(), e);
            // 200, not 500: the driver retries a 5xx for minutes, and should raise the error at once
            return new Reply(200, write(error(new ProtocolError("000603", "XX000", null,
                    "SQL execution internal error: " + e.getClass().getSimpleName()
                            + " in the offline Snowflake (see its log)", 200))));
        }
    }

    private Reply route(Call call) throws ProtocolError {
        String path = call.path();
        boolean post = "POST".equals(call.method());
        if (post && path.equals("/session/v1/login-request")) {
            return ok(login(call));
        }
        if (post && path.equals("/session/token-request")) {
            return ok(renew(call));
        }
        if (post && path.equals("/session/heartbeat")) {
            ServerSession s = sessions.bySessionToken(token(call));
            sessions.heartbeat(s);
            return ok(null);
        }
        if (post && path.equals("/session") && "true".equals(queryParams(call.query()).get("delete"))) {
            ServerSession s = sessions.bySessionToken(token(call));
            sessions.close(s);
            return ok(null);
        }
        if (post && path.equals("/queries/v1/query-request")) {
            return query(call);
        }
        if (post && path.equals("/queries/v1/abort-request")) {
            sessions.bySessionToken(token(call));
            return ok(null);
        }
        if (post && path.equals("/telemetry/send")) {
            return ok(null);
        }
        if ("GET".equals(call.method()) && path.equals("/_emulator/queries")) {
            return new Reply(200, write(history()));
        }
        return new Reply(404, write(error(new ProtocolError("390404", null, null,
                "The offline Snowflake does not serve " + call.method() + " " + path
                        + " (it serves the JDBC driver's login, query, token, heartbeat, session and telemetry"
                        + " requests, and GET /_emulator/queries)", 404))));
    }

    private ObjectNode login(Call call) throws ProtocolError {
        Map<String, String> q = queryParams(call.query());
        JsonNode data = read(call.body()).path("data");
        String loginName = data.path("LOGIN_NAME").asText(null);
        if (loginName == null || loginName.isBlank()) {
            throw ProtocolError.incorrectCredentials();
        }
        String authenticator = data.path("AUTHENTICATOR").asText("SNOWFLAKE").toUpperCase(Locale.ROOT);
        String user;
        try {
            switch (authenticator) {
                case "SNOWFLAKE", "USERNAME_PASSWORD_MFA" ->
                    user = engine.authenticatePassword(loginName, data.path("PASSWORD").asText(null));
                case "SNOWFLAKE_JWT" -> {
                    List<byte[]> keys;
                    try {
                        keys = engine.publicKeys(loginName);
                    } catch (SnowflakeError e) {
                        throw ProtocolError.jwtInvalid();
                    }
                    KeyPairJwt.verify(data.path("TOKEN").asText(null), loginName, accounts(call, data), keys,
                            clock.instant());
                    user = loginName.toUpperCase(Locale.ROOT);
                }
                default -> throw new ProtocolError(ProtocolError.INCORRECT_CREDENTIALS,
                        "The offline Snowflake accepts the authenticators SNOWFLAKE (password) and SNOWFLAKE_JWT"
                                + " (key pair), not " + authenticator + ".");
            }
        } catch (SnowflakeError e) {
            throw new ProtocolError(e.errorCode(), e.getMessage());
        }
        boolean validate = data.path("SESSION_PARAMETERS").path("CLIENT_VALIDATE_DEFAULT_PARAMETERS").asBoolean(false);
        EngineSession es = openSession(user, q, validate);
        ServerSession s = sessions.open(Long.toString(es.id()), user, es);
        ObjectNode out = JSON.createObjectNode();
        out.put("token", s.sessionToken());
        out.put("validityInSeconds", sessions.sessionValidity().toSeconds());
        out.put("masterToken", s.masterToken());
        out.put("masterValidityInSeconds", sessions.masterValidity().toSeconds());
        out.putNull("mfaToken");
        out.put("mfaTokenValidityInSeconds", 0);
        out.putNull("idToken");
        out.put("idTokenValidityInSeconds", 0);
        out.put("displayUserName", user);
        out.put("serverVersion", SERVER_VERSION);
        out.put("firstLogin", false);
        out.putNull("remMeToken");
        out.put("remMeValidityInSeconds", 0);
        out.put("healthCheckInterval", 45);
        out.putNull("newClientForUpgrade");
        out.put("sessionId", es.id());
        out.set("parameters", parameters(es));
        ObjectNode info = out.putObject("sessionInfo");
        synchronized (es) {
            putText(info, "databaseName", es.database());
            putText(info, "schemaName", es.schema());
            putText(info, "warehouseName", es.warehouse());
            putText(info, "roleName", es.role());
        }
        return out;
    }

    /**
     * Opens the engine session of a login. As Snowflake does unless the client asks to validate its defaults
     * (CLIENT_VALIDATE_DEFAULT_PARAMETERS, the driver's validateDefaultParameters), a database or schema that does not
     * exist or is not visible to the role leaves the session without one instead of refusing the login (390201).
     */
    private EngineSession openSession(String user, Map<String, String> q, boolean validate) throws ProtocolError {
        String role = blankToNull(q.get("roleName"));
        String database = blankToNull(q.get("databaseName"));
        String schema = blankToNull(q.get("schemaName"));
        String warehouse = blankToNull(q.get("warehouse"));
        try {
            try {
                return engine.openSession(user, role, database, schema, warehouse);
            } catch (SnowflakeError e) {
                if (validate || !"390201".equals(e.errorCode()) || (database == null && schema == null)) {
                    throw e;
                }
            }
            if (schema != null && database != null) {
                try {
                    return engine.openSession(user, role, database, null, warehouse);
                } catch (SnowflakeError e) {
                    if (!"390201".equals(e.errorCode())) {
                        throw e;
                    }
                }
            }
            return engine.openSession(user, role, null, null, warehouse);
        } catch (SnowflakeError e) {
            throw new ProtocolError(e.errorCode(), e.getMessage());
        }
    }

    /** The account names a JWT may carry: the configured one, and the one the driver derives from the host name. */
    private Set<String> accounts(Call call, JsonNode data) {
        Set<String> names = new LinkedHashSet<>();
        names.add(account);
        String host = call.host();
        if (host != null) {
            String h = host.startsWith("[") ? host : host.replaceFirst(":\\d+$", "");
            int dot = h.indexOf('.');
            if (dot > 0) {
                names.add(h.substring(0, dot).toUpperCase(Locale.ROOT));
            }
        }
        return names;
    }

    private ObjectNode renew(Call call) throws ProtocolError {
        JsonNode body = read(call.body());
        if (!"RENEW".equalsIgnoreCase(body.path("requestType").asText())) {
            throw ProtocolError.badRequest("token-request supports requestType RENEW only");
        }
        ServerSession s = sessions.renew(token(call));
        ObjectNode out = JSON.createObjectNode();
        out.put("sessionToken", s.sessionToken());
        out.put("validityInSecondsST", sessions.sessionValidity().toSeconds());
        out.put("masterToken", s.masterToken());
        out.put("validityInSecondsMT", sessions.masterValidity().toSeconds());
        out.put("sessionId", Long.parseLong(s.id()));
        return out;
    }

    private Reply query(Call call) throws ProtocolError {
        ServerSession s = sessions.bySessionToken(token(call));
        JsonNode body = read(call.body());
        String sql = body.path("sqlText").asText(null);
        if (sql == null) {
            throw ProtocolError.badRequest("query-request without sqlText");
        }
        EngineSession es = s.engine();
        if (body.path("describeOnly").asBoolean(false)) {
            return ok(describeOnly(es, sql));
        }
        List<Binding> bindings = BindingDecoder.decode(body.path("bindings"));
        QueryResult result;
        synchronized (es) {
            try {
                result = es.execute(sql, bindings);
            } catch (SnowflakeError e) {
                throw new ProtocolError(e.errorCode(), e.sqlState(), newQueryId(), e.getMessage(), 200);
            }
            if (result.transfer() != null) {
                return ok(FileTransferReply.data(sql, result.transfer(), result.queryId(),
                        result.statementTypeId()));
            }
            ObjectNode data = JSON.createObjectNode();
            data.set("parameters", parameters(es));
            data.set("rowtype", ResultEncoder.rowtype(result.columns()));
            data.set("rowset", ResultEncoder.rowset(result.columns(), result.rows()));
            data.put("total", result.rows().size());
            data.put("returned", result.rows().size());
            data.put("queryId", result.queryId());
            data.putNull("databaseProvider");
            putText(data, "finalDatabaseName", es.database());
            putText(data, "finalSchemaName", es.schema());
            putText(data, "finalWarehouseName", es.warehouse());
            putText(data, "finalRoleName", es.role());
            data.put("numberOfBinds", bindings.size());
            data.put("arrayBindSupported", false);
            data.put("statementTypeId", result.statementTypeId());
            data.put("version", 1);
            data.put("sendResultTime", clock.millis());
            data.put("queryResultFormat", "json");
            data.putNull("queryContext");
            return ok(data);
        }
    }

    /**
     * A describe-only request (PreparedStatement.addBatch, getMetaData, getParameterMetaData): the statement type
     * from its text, its placeholders, and arrayBindSupported false, so the driver runs a batch one row at a time.
     */
    private ObjectNode describeOnly(EngineSession es, String sql) {
        ObjectNode data = JSON.createObjectNode();
        data.set("parameters", parameters(es));
        data.putArray("rowtype");
        data.putArray("rowset");
        data.put("total", 0);
        data.put("returned", 0);
        data.put("queryId", newQueryId());
        data.put("statementTypeId", StatementKinds.of(sql));
        data.put("numberOfBinds", placeholders(sql));
        data.put("arrayBindSupported", false);
        data.putArray("metaDataOfBinds");
        data.put("version", 1);
        data.put("queryResultFormat", "json");
        data.putNull("queryContext");
        synchronized (es) {
            putText(data, "finalDatabaseName", es.database());
            putText(data, "finalSchemaName", es.schema());
            putText(data, "finalWarehouseName", es.warehouse());
            putText(data, "finalRoleName", es.role());
        }
        return data;
    }

    /**
     * The session parameters the driver reads (SessionUtil.getCommonParams): Snowflake's defaults, then what the
     * session changed with ALTER SESSION. Results are always JSON (JDBC_QUERY_RESULT_FORMAT).
     */
    private static ArrayNode parameters(EngineSession es) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("TIMEZONE", "America/Los_Angeles");
        p.put("TIMESTAMP_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM");
        p.put("TIMESTAMP_NTZ_OUTPUT_FORMAT", "YYYY-MM-DD HH24:MI:SS.FF3");
        p.put("TIMESTAMP_LTZ_OUTPUT_FORMAT", "");
        p.put("TIMESTAMP_TZ_OUTPUT_FORMAT", "");
        p.put("DATE_OUTPUT_FORMAT", "YYYY-MM-DD");
        p.put("TIME_OUTPUT_FORMAT", "HH24:MI:SS");
        p.put("BINARY_OUTPUT_FORMAT", "HEX");
        p.put("CLIENT_TIMESTAMP_TYPE_MAPPING", "TIMESTAMP_LTZ");
        p.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        p.put("CLIENT_SESSION_KEEP_ALIVE", false);
        p.put("CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY", 3600);
        p.put("CLIENT_PREFETCH_THREADS", 4);
        p.put("CLIENT_RESULT_CHUNK_SIZE", 160);
        p.put("CLIENT_MEMORY_LIMIT", 1536);
        p.put("CLIENT_STAGE_ARRAY_BINDING_THRESHOLD", 65280);
        p.put("CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ", true);
        p.put("CLIENT_DISABLE_INCIDENTS", true);
        p.put("CLIENT_METADATA_REQUEST_USE_CONNECTION_CTX", false);
        p.put("CLIENT_METADATA_USE_SESSION_DATABASE", false);
        p.put("JDBC_TREAT_DECIMAL_AS_INT", true);
        p.put("JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC", false);
        p.put("JDBC_USE_SESSION_TIMEZONE", true);
        p.put("JDBC_FORMAT_DATE_WITH_TIMEZONE", true);
        p.put("JDBC_ENABLE_PUT_GET", true);
        p.put("AUTOCOMMIT", true);
        p.put("QUERY_CONTEXT_CACHE_SIZE", 5);
        p.put("ENABLE_STAGE_S3_PRIVATELINK_FOR_US_EAST_1", false);
        Map<String, String> changed;
        synchronized (es) {
            try {
                changed = es.parameters();
            } catch (UnsupportedOperationException e) {
                changed = Map.of();
            }
        }
        if (changed != null) {
            changed.forEach((k, v) -> p.put(k.toUpperCase(Locale.ROOT), typed(p.get(k.toUpperCase(Locale.ROOT)), v)));
        }
        p.put("JDBC_QUERY_RESULT_FORMAT", "JSON");
        ArrayNode out = JSON.createArrayNode();
        p.forEach((k, v) -> {
            ObjectNode n = out.addObject();
            n.put("name", k);
            if (v instanceof Boolean b) {
                n.put("value", b);
            } else if (v instanceof Integer i) {
                n.put("value", i);
            } else {
                n.put("value", String.valueOf(v));
            }
        });
        return out;
    }

    private static Object typed(Object dflt, String v) {
        if (dflt instanceof Boolean) {
            return Boolean.parseBoolean(v);
        }
        if (dflt instanceof Integer) {
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    private ArrayNode history() {
        ArrayNode out = JSON.createArrayNode();
        for (QueryRecord r : engine.queryHistory()) {
            ObjectNode n = out.addObject();
            n.put("queryId", r.queryId());
            n.put("sessionId", r.sessionId());
            n.put("user", r.user());
            n.put("role", r.role());
            n.put("queryTag", r.queryTag());
            n.put("sqlText", r.sqlText());
            n.put("statementType", r.statementType());
            n.put("queryType", r.queryType());
            n.put("warehouse", r.warehouse());
            n.put("rowsInserted", r.rowsInserted());
            n.put("rowsUpdated", r.rowsUpdated());
            n.put("rowsDeleted", r.rowsDeleted());
            n.put("rows", r.rows());
            n.put("files", r.files());
            n.put("bytes", r.bytes());
            n.put("errorCode", r.errorCode());
            n.put("start", r.start() == null ? null : r.start().toString());
            n.put("elapsedMillis", r.elapsedMillis());
        }
        return out;
    }

    /** Placeholders ({@code ?} and {@code :n}) outside quotes, the driver's numberOfBinds. */
    static int placeholders(String sql) {
        int count = 0;
        int maxNumbered = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '?') {
                count++;
            } else if (c == ':' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1))
                    && (i == 0 || sql.charAt(i - 1) != ':')) {
                int j = i + 1;
                while (j < sql.length() && Character.isDigit(sql.charAt(j))) {
                    j++;
                }
                maxNumbered = Math.max(maxNumbered, Integer.parseInt(sql.substring(i + 1, j)));
                i = j - 1;
            }
        }
        return Math.max(count, maxNumbered);
    }

    private static String token(Call call) {
        if (call.authorization() == null) {
            return null;
        }
        Matcher m = TOKEN_HEADER.matcher(call.authorization());
        return m.find() ? m.group(1) : null;
    }

    private static JsonNode read(byte[] body) throws ProtocolError {
        try {
            JsonNode n = JSON.readTree(body == null ? new byte[0] : body);
            if (n == null || n.isMissingNode()) {
                throw ProtocolError.badRequest("the request has no JSON body");
            }
            return n;
        } catch (IOException e) {
            throw ProtocolError.badRequest("the request body is not JSON");
        }
    }

    static Map<String, String> queryParams(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Reply ok(JsonNode data) {
        ObjectNode root = JSON.createObjectNode();
        if (data == null) {
            root.putNull("data");
        } else {
            root.set("data", data);
        }
        root.putNull("code");
        root.putNull("message");
        root.put("success", true);
        return new Reply(200, write(root));
    }

    private static ObjectNode error(ProtocolError e) {
        ObjectNode root = JSON.createObjectNode();
        if (e.sqlState() != null) {
            ObjectNode data = root.putObject("data");
            data.put("internalError", false);
            data.put("errorCode", e.code());
            data.put("age", 0);
            data.put("sqlState", e.sqlState());
            data.put("queryId", e.queryId() == null ? newQueryId() : e.queryId());
            data.putNull("line");
            data.putNull("pos");
            data.put("type", "COMPILATION");
        } else {
            root.putNull("data");
        }
        root.put("code", e.code());
        root.put("message", e.getMessage());
        root.put("success", false);
        root.putNull("headers");
        return root;
    }

    private static byte[] write(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String newQueryId() {
        return UUID.randomUUID().toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static void putText(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
