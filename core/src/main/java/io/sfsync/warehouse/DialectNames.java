package io.sfsync.warehouse;

/**
 * What every statement of a {@link WarehouseDialect} is spelled with: the dialect's name and its identifiers, each
 * quoted through the one helper.
 */
public interface DialectNames {

    /** Short name for logs ({@code duckdb}). */
    String name();

    /** The one quoting helper: validates {@code identifier} and returns it quoted for this dialect. */
    String quote(String identifier);

    /** {@code schema.table}, both parts quoted. */
    String table(TableRef table);

    /**
     * Whether two identifiers that differ only in case name different objects. DuckDB: no (it keeps case but
     * matches case-insensitively, even when quoted); Snowflake with quoted identifiers: yes.
     */
    boolean caseSensitiveIdentifiers();
}
