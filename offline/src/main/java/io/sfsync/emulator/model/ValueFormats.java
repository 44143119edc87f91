package io.sfsync.emulator.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * How Salesforce writes values: REST JSON ({@code 2024-01-15T10:30:00.000+0000}, doubles as Java prints them) and
 * Bulk API 2.0 CSV ({@code 2024-01-15T10:30:00.000Z}, plain decimals); and how it reads datetimes sent to it.
 */
public final class ValueFormats {
    private static final DateTimeFormatter REST_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'+0000'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CSV_DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS'Z'");
    private static final DateTimeFormatter INPUT_DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2).optionalStart().appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private ValueFormats() {
    }

    /** A datetime as REST JSON writes it: {@code 2024-01-15T10:30:00.000+0000}. */
    public static String restDateTime(Instant i) {
        return REST_DATETIME.format(i);
    }

    /** A datetime as Bulk CSV writes it: {@code 2024-01-15T10:30:00.000Z}. */
    public static String csvDateTime(Instant i) {
        return CSV_DATETIME.format(i);
    }

    public static String time(LocalTime t) {
        return TIME.format(t);
    }

    /**
     * A number as REST JSON writes it: Salesforce serialises double, currency and percent values as Java doubles
     * ({@code 15000.0}, {@code 1.5E7}); int and long values as integers.
     */
    public static String restNumber(FieldDef f, Object v) {
        if (v instanceof BigDecimal d) {
            return Double.toString(d.doubleValue());
        }
        return v.toString();
    }

    /** A value as Bulk API 2.0 CSV writes it (null as the empty string). */
    public static String csv(FieldDef f, Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Instant i) {
            return csvDateTime(i);
        }
        if (v instanceof LocalTime t) {
            return time(t);
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    /** Parses a datetime sent by a client ({@code Z}, {@code +0000}, {@code +00:00}, with or without millis). */
    public static Instant parseDateTime(String s) {
        try {
            var parsed = INPUT_DATETIME.parseBest(s, java.time.OffsetDateTime::from,
                    java.time.LocalDateTime::from);
            Instant i = parsed instanceof java.time.OffsetDateTime o ? o.toInstant()
                    : ((java.time.LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return i.truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid datetime: " + s, e);
        }
    }

    /** Parses a time sent by a client ({@code 10:30:00.000Z} or without zone/millis). */
    public static LocalTime parseTime(String s) {
        String t = s.endsWith("Z") ? s.substring(0, s.length() - 1) : s;
        return LocalTime.parse(t).truncatedTo(ChronoUnit.MILLIS);
    }
}
