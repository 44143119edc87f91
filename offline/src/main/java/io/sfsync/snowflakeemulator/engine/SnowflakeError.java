package io.sfsync.snowflakeemulator.engine;

/**
 * A statement or login refused as Snowflake refuses it: its 6-digit error code ({@code 002003}), SQL state
 * ({@code 02000}) and message exactly as Snowflake words it ({@code SQL compilation error:\nObject 'X' does not exist
 * or not authorized.}).
 */
public final class SnowflakeError extends Exception {
    private static final long serialVersionUID = 1L;

    private final String errorCode;
    private final String sqlState;

    public SnowflakeError(String errorCode, String sqlState, String message) {
        super(message);
        this.errorCode = errorCode;
        this.sqlState = sqlState;
    }

    public String errorCode() {
        return errorCode;
    }

    public String sqlState() {
        return sqlState;
    }
}
