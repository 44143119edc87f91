package io.sfsync.snowflakeemulator.engine;

/**
 * One bound parameter of a query, decoded by the server from the driver's {@code bindings} entry: the Snowflake type
 * the driver declared ({@code TEXT}, {@code FIXED}, {@code REAL}, {@code BOOLEAN}, {@code DATE}, {@code TIME},
 * {@code TIMESTAMP_LTZ}, {@code TIMESTAMP_NTZ}, {@code TIMESTAMP_TZ}, {@code BINARY}, {@code ANY}) and its value as a
 * Java object: String, java.math.BigDecimal, Double, Boolean, java.time.LocalDate, java.time.LocalTime,
 * java.time.Instant (LTZ), java.time.LocalDateTime (NTZ), java.time.OffsetDateTime (TZ), byte[]; null for SQL NULL.
 */
public record Binding(String type, Object value) {
}
