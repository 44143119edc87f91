package io.sfsync.warehouse;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** Timestamps as the warehouses' drivers return them, read as instants (values without a zone are UTC). */
public final class Timestamps {
    /** Snowflake's text of a TIMESTAMP_TZ: {@code 2024-03-01 08:00:00.250 +0000}. */
    private static final DateTimeFormatter SNOWFLAKE_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9,
                    true).optionalEnd()
            .appendPattern(" xx").toFormatter();

    private Timestamps() {
    }

    /**
     * The instant of a value of a date/time column; null stays null. A value that is no date/time fails, naming the
     * column of the table (both may be null when unknown).
     */
    public static Instant instant(Object value, TableRef table, String column) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof LocalDateTime ldt) {
            return ldt.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        String text = value.toString();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text, SNOWFLAKE_TEXT).toInstant();
            } catch (DateTimeParseException e2) {
                throw new WarehouseException(WarehouseError.QUERY_FAILED, "column " + column + " of " + table
                        + " holds '" + text + "', not a date/time: choose a datetime field as the watermark", e2);
            }
        }
    }
}
