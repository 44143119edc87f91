package io.sfsync.snowflakeemulator.server;

/**
 * A request the server refuses with one of Snowflake's error envelopes: {@code {"success":false,"code":...,
 * "message":...}}, plus {@code data.sqlState}/{@code data.errorCode}/{@code data.queryId} for statement errors, which
 * is what makes the driver raise a SnowflakeSQLException with that SQL state (SnowflakeUtil.checkErrorAndThrowException).
 */
final class ProtocolError extends Exception {
    private static final long serialVersionUID = 1L;

    /** Login: wrong user or password (SessionUtil reports it with SQL state 08001). */
    static final String INCORRECT_CREDENTIALS = "390100";
    /** Session token unknown or closed. */
    static final String SESSION_GONE = "390111";
    /** Session token expired: the driver renews it with the master token and retries (SFStatement). */
    static final String SESSION_EXPIRED = "390112";
    /** Master token unknown. */
    static final String MASTER_TOKEN_NOT_FOUND = "390113";
    /** Master token expired: a new login is needed. */
    static final String MASTER_TOKEN_EXPIRED = "390114";
    /** Key-pair login refused. */
    static final String JWT_INVALID = "390144";

    private final String code;
    private final String sqlState;
    private final String queryId;
    private final int httpStatus;

    ProtocolError(String code, String message) {
        this(code, null, null, message, 200);
    }

    ProtocolError(String code, String sqlState, String queryId, String message, int httpStatus) {
        super(message, null, false, false);
        this.code = code;
        this.sqlState = sqlState;
        this.queryId = queryId;
        this.httpStatus = httpStatus;
    }

    static ProtocolError sessionGone() {
        return new ProtocolError(SESSION_GONE, "Session no longer exists.  New login required to access the service.");
    }

    static ProtocolError sessionExpired() {
        return new ProtocolError(SESSION_EXPIRED, "Your session has expired. Please login again.");
    }

    static ProtocolError incorrectCredentials() {
        return new ProtocolError(INCORRECT_CREDENTIALS, "Incorrect username or password was specified.");
    }

    static ProtocolError jwtInvalid() {
        return new ProtocolError(JWT_INVALID, "JWT token is invalid.");
    }

    static ProtocolError badRequest(String message) {
        return new ProtocolError("390400", null, null, message, 400);
    }

    String code() {
        return code;
    }

    String sqlState() {
        return sqlState;
    }

    String queryId() {
        return queryId;
    }

    int httpStatus() {
        return httpStatus;
    }
}
