package io.sfsync.reverse;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Warehouse values in Salesforce's formats, by the field's describe type: dates {@code 2024-03-01}, datetimes ISO-8601
 * in UTC with milliseconds ({@code 2024-03-01T10:15:00.000Z}), times {@code 10:15:00.000Z}, booleans
 * {@code true}/{@code false}, numbers in plain notation (never an exponent, which Salesforce refuses). Warehouse
 * timestamps without a zone are taken as UTC (sfsync loads Salesforce's datetimes that way). A value that cannot be
 * one of its field's type is refused with {@link IllegalArgumentException}; the row becomes a failure row.
 */
public final class SfValues {
    /** What a Bulk API CSV cell holds to set a field to null (an empty cell leaves the field as it is). */
    public static final String CSV_NULL = "#N/A";
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'",
            Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS'Z'", Locale.ROOT);

    private SfValues() {
    }

    /** The value as Salesforce's text for the field, or null for a null value. */
    public static String text(Object value, WritableField field) {
        // Salesforce keeps no empty strings: an empty value is a null, whatever the type
        if (value == null || value instanceof String s && s.isEmpty()) {
            return null;
        }
        return switch (field.type()) {
            case "boolean" -> bool(value);
            case "int", "long" -> integer(value);
            case "double", "currency", "percent" -> decimal(value);
            case "date" -> date(value);
            case "datetime" -> datetime(value);
            case "time" -> time(value);
            default -> value instanceof byte[] ? refuse(value, field, "bytes") : value.toString();
        };
    }

    /** The cell of a Bulk API CSV: the text, or {@link #CSV_NULL} for a null value. */
    public static String csv(Object value, WritableField field) {
        String text = text(value, field);
        return text == null ? CSV_NULL : text;
    }

    /** The value of an sObject Collections record: null, a boolean, a JSON number in plain notation, or a string. */
    public static Object json(Object value, WritableField field) {
        String text = text(value, field);
        if (text == null) {
            return null;
        }
        return switch (field.type()) {
            case "boolean" -> Boolean.valueOf(text);
            case "int", "long", "double", "currency", "percent" -> new PlainNumber(text);
            default -> text;
        };
    }

    private static String bool(Object value) {
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return String.valueOf(n.doubleValue() == 1);
        }
        String s = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "true", "1" -> "true";
            case "false", "0" -> "false";
            default -> throw new IllegalArgumentException("'" + value + "' is not a boolean (true/false, 1/0)");
        };
    }

    private static String integer(Object value) {
        BigDecimal d = number(value);
        try {
            return d.stripTrailingZeros().toBigIntegerExact().toString();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number (an int field)");
        }
    }

    private static String decimal(Object value) {
        BigDecimal d = number(value).stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("'" + value + "' is not a finite number");
            }
            // the shortest decimal that reads back as this double (Double.toString), not its binary expansion
            return new BigDecimal(Double.toString(d));
        }
        try {
            return new BigDecimal(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
    }

    private static String date(Object value) {
        LocalDate d;
        if (value instanceof LocalDate l) {
            d = l;
        } else if (value instanceof java.sql.Date s) {
            d = s.toLocalDate();
        } else if (value instanceof Timestamp || value instanceof LocalDateTime || value instanceof OffsetDateTime
                || value instanceof ZonedDateTime || value instanceof Instant) {
            d = LocalDate.ofInstant(instant(value), ZoneOffset.UTC);
        } else {
            try {
                d = LocalDate.parse(value.toString().trim());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is not a date (yyyy-MM-dd)");
            }
        }
        return d.toString();
    }

    private static String datetime(Object value) {
        return DATETIME.format(instant(value).atOffset(ZoneOffset.UTC));
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        String s = value.toString().trim();
        try {
            return OffsetDateTime.parse(s.replace(' ', 'T').replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2"))
                    .toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("'" + value + "' is not a datetime (ISO-8601)");
            }
        }
    }

    private static String time(Object value) {
        LocalTime t;
        if (value instanceof LocalTime l) {
            t = l;
        } else if (value instanceof OffsetTime o) {
            t = o.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime();
        } else if (value instanceof Time s) {
            t = s.toLocalTime();
        } else {
            try {
                t = LocalTime.parse(value.toString().trim().replaceFirst("Z$", ""));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is not a time (HH:mm:ss.SSS)");
            }
        }
        return TIME.format(t);
    }

    private static String refuse(Object value, WritableField field, String what) {
        throw new IllegalArgumentException("a value of " + what + " cannot be written to the " + field.type()
                + " field " + field.name());
    }

    /** A number written into JSON as its digits (Jackson would write a BigDecimal's exponent). */
    @JsonSerialize(using = PlainNumber.Writer.class)
    public record PlainNumber(String digits) {
        /** Writes the digits as a JSON number. */
        public static final class Writer extends JsonSerializer<PlainNumber> {
            @Override
            public void serialize(PlainNumber value, JsonGenerator gen, SerializerProvider serializers)
                    throws IOException {
                gen.writeNumber(value.digits());
            }
        }

        @Override
        public String toString() {
            return digits;
        }
    }
}
