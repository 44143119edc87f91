package io.sfsync.warehouse;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The SQL text of every statement sfsync runs against a warehouse, one method per statement. Implementations quote
 * every identifier through {@link #quote(String)} (which applies {@link Identifiers#require}), and leave every value
 * to a bound parameter ({@code ?}); the javadoc of each method lists its parameters in order. Nothing here touches a
 * connection, so each statement's exact text is pinned by a unit test.
 *
 * <p>Loading works the same on every dialect: the CSV text goes as-is into a staging table whose columns are all
 * text (plus {@link #BATCH_COLUMN}), and the statements that move staging into the target convert each column to its
 * type with a strict cast, deduplicating the source by the match field so that the newest watermark wins.
 *
 * <p>The statements come in three parts: {@link SchemaStatements} (types, DDL, the catalog), {@link MergeStatements}
 * (staging into the target, deletes, Id reconciliation) and {@link ControlTableStatements} (run history, reads and
 * deletes by key). What stays here belongs to the connection: its health check, its session and its timestamps.
 */
public interface WarehouseDialect extends SchemaStatements, MergeStatements, ControlTableStatements,
        ReverseStatements {

    /** A trivial query answered with one row, to see whether the warehouse answers (the health check). */
    default String ping() {
        return "SELECT 1";
    }

    /** Statements run once on every new connection (session settings such as the time zone), in order. */
    List<String> sessionSetup();

    /**
     * Binds an instant (null: SQL NULL) as this dialect's driver takes a timestamp: an {@code OffsetDateTime} in UTC
     * by default. Snowflake's driver takes no {@code java.time} value ("Data type not supported for binding").
     */
    default void bindInstant(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    /** A JDBC value of a timestamp column as an instant (null stays null). */
    java.time.Instant instant(Object value);
}
