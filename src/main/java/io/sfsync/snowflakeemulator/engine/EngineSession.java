package io.sfsync.snowflakeemulator.engine;

import java.util.List;
import java.util.Map;

/**
 * One Snowflake session: its current role, database, schema and warehouse, its session parameters
 * ({@code ALTER SESSION SET ...}), its open transaction and its temporary tables.
 */
public final class EngineSession implements AutoCloseable {

    /** The session's id, unique in the engine. */
    public long id() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Runs one statement ({@code ?} or {@code :n} placeholders take {@code bindings} in order) and returns its
     * result, or refuses it as Snowflake would.
     */
    public QueryResult execute(String sql, List<Binding> bindings) throws SnowflakeError {
        throw new UnsupportedOperationException("not yet");
    }

    /** Current role, database, schema, warehouse (null when none), for the response's final* fields. */
    public String role() {
        throw new UnsupportedOperationException("not yet");
    }

    public String database() {
        throw new UnsupportedOperationException("not yet");
    }

    public String schema() {
        throw new UnsupportedOperationException("not yet");
    }

    public String warehouse() {
        throw new UnsupportedOperationException("not yet");
    }

    /** The session parameters set so far (upper-case names), e.g. TIMEZONE, QUERY_TAG, for the response. */
    public Map<String, String> parameters() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Ends the session: rolls back an open transaction and drops its temporary tables. */
    @Override
    public void close() {
    }
}
