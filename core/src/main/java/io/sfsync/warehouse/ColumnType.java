package io.sfsync.warehouse;

/**
 * A warehouse column type independent of the dialect: the kind, plus length for text and precision/scale for
 * decimals. Each {@link WarehouseDialect} renders it ({@code DECIMAL(18,2)} on DuckDB, {@code NUMBER(18,2)} on
 * Snowflake).
 *
 * @param kind what the column holds
 * @param length maximum characters for {@link Kind#TEXT} when known, 0 for unbounded or not text
 * @param precision total digits for {@link Kind#DECIMAL}, 0 otherwise
 * @param scale digits right of the point for {@link Kind#DECIMAL}, 0 otherwise
 */
public record ColumnType(Kind kind, int length, int precision, int scale) {

    /** The kinds of column sfsync creates. */
    public enum Kind {
        TEXT, BOOLEAN, INTEGER, BIGINT, DECIMAL, DOUBLE, DATE, TIMESTAMP_TZ, TIME
    }

    public static final ColumnType TEXT = new ColumnType(Kind.TEXT, 0, 0, 0);
    public static final ColumnType BOOLEAN = new ColumnType(Kind.BOOLEAN, 0, 0, 0);
    public static final ColumnType INTEGER = new ColumnType(Kind.INTEGER, 0, 0, 0);
    public static final ColumnType BIGINT = new ColumnType(Kind.BIGINT, 0, 0, 0);
    public static final ColumnType DOUBLE = new ColumnType(Kind.DOUBLE, 0, 0, 0);
    public static final ColumnType DATE = new ColumnType(Kind.DATE, 0, 0, 0);
    public static final ColumnType TIMESTAMP_TZ = new ColumnType(Kind.TIMESTAMP_TZ, 0, 0, 0);
    public static final ColumnType TIME = new ColumnType(Kind.TIME, 0, 0, 0);

    public static ColumnType text(int length) {
        return new ColumnType(Kind.TEXT, Math.max(0, length), 0, 0);
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(Kind.DECIMAL, 0, precision, scale);
    }

    /** Whether values of this type are stored as the CSV text itself (no conversion on load). */
    public boolean isText() {
        return kind == Kind.TEXT;
    }
}
