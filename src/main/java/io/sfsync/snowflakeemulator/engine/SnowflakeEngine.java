package io.sfsync.snowflakeemulator.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * The offline Snowflake's SQL engine: Snowflake's semantics on an embedded DuckDB. One account with databases,
 * schemas, tables, stages (folders on this machine, {@code LOCAL_FS}), users, roles and grants. Thread-safe: each
 * {@link EngineSession} is one Snowflake session and may be used by one thread at a time.
 */
public final class SnowflakeEngine implements AutoCloseable {

    /**
     * Opens an engine whose state lives under {@code dataDirectory} (the DuckDB file and the stages), creating
     * the account's bootstrap objects when new: database {@code database}, roles ACCOUNTADMIN (owns everything, may do
     * everything) and PUBLIC, and the user {@code adminUser} with password {@code adminPassword} and default role
     * ACCOUNTADMIN.
     */
    public static SnowflakeEngine open(Path dataDirectory, String account, String database, String adminUser,
            String adminPassword) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The account name (upper case), as the driver's login request names it. */
    public String account() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Verifies a password login; returns the user's canonical (upper-case) name.
     *
     * @throws SnowflakeError 390100 "Incorrect username or password was specified." (SQL state 08004)
     */
    public String authenticatePassword(String loginName, String password) throws SnowflakeError {
        throw new UnsupportedOperationException("not yet");
    }

    /** The RSA public keys registered for a user (RSA_PUBLIC_KEY, RSA_PUBLIC_KEY_2), DER (X.509) encoded; may be empty. */
    public List<byte[]> publicKeys(String loginName) throws SnowflakeError {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Opens a session for an authenticated user, with the role, database, schema and warehouse the login asked for
     * (null: the user's defaults). Refuses a role not granted to the user, a database or schema that does not
     * exist or is not visible to the role, as Snowflake's login does.
     */
    public EngineSession openSession(String user, String role, String database, String schema, String warehouse)
            throws SnowflakeError {
        throw new UnsupportedOperationException("not yet");
    }

    /** Every statement run so far, oldest first. */
    public List<QueryRecord> queryHistory() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
    }
}
