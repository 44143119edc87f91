package io.sfsync.snowflakeemulator.engine;

import java.io.Serializable;

/** A Snowflake column type: its kind (TEXT, NUMBER, FLOAT, ...), text length, number precision and scale. */
record SfType(String kind, long length, int precision, int scale) implements Serializable {

    static final long MAX_VARCHAR = 16_777_216L;

    static SfType text(long length) {
        return new SfType("TEXT", length, 0, 0);
    }

    static SfType number(int precision, int scale) {
        return new SfType("NUMBER", 0, precision, scale);
    }

    static SfType of(String kind) {
        return new SfType(kind, 0, 0, kind.startsWith("TIME") ? 9 : 0);
    }

    /** The DuckDB type that stores it. */
    String duckType() {
        return switch (kind) {
            case "TEXT" -> "VARCHAR";
            case "NUMBER" -> "DECIMAL(" + precision + "," + scale + ")";
            case "FLOAT" -> "DOUBLE";
            case "BOOLEAN" -> "BOOLEAN";
            case "DATE" -> "DATE";
            case "TIME" -> "TIME";
            case "TIMESTAMP_TZ", "TIMESTAMP_LTZ" -> "TIMESTAMPTZ";
            case "TIMESTAMP_NTZ" -> "TIMESTAMP_NS";
            case "BINARY" -> "BLOB";
            default -> throw new IllegalStateException(kind);
        };
    }

    /** How SHOW/DESCRIBE spell it: VARCHAR(255), NUMBER(38,0). */
    String display() {
        return switch (kind) {
            case "TEXT" -> "VARCHAR(" + length + ")";
            case "NUMBER" -> "NUMBER(" + precision + "," + scale + ")";
            case "TIME", "TIMESTAMP_TZ", "TIMESTAMP_LTZ", "TIMESTAMP_NTZ" -> kind + "(" + scale + ")";
            default -> kind;
        };
    }

    /** The result rowtype name (ColumnMeta.type). */
    String resultType() {
        return switch (kind) {
            case "TEXT" -> "text";
            case "NUMBER" -> "fixed";
            case "FLOAT" -> "real";
            default -> kind.toLowerCase(java.util.Locale.ROOT);
        };
    }
}
