package io.sfsync.snowflakeemulator.engine;

/**
 * One column of a result, as Snowflake's {@code rowtype} describes it. {@code type} is Snowflake's lower-case result
 * type name: {@code fixed}, {@code real}, {@code text}, {@code boolean}, {@code date}, {@code time},
 * {@code timestamp_tz}, {@code timestamp_ltz}, {@code timestamp_ntz}, {@code binary}, {@code variant}.
 * {@code length} is the character length of text columns (0 otherwise); precision and scale those of fixed columns
 * (scale also the fractional digits of time and timestamp columns).
 */
public record ColumnMeta(String name, String type, int precision, int scale, long length, boolean nullable) {
}
