package io.sfsync.emulator.dml;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Ids;
import io.sfsync.emulator.model.ValueFormats;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Typed field values from text, as Bulk API 2.0 reads a CSV cell, with the per-record errors Salesforce gives for a
 * value it cannot take; the checks every write shares (length, email, number range, Id shape) live here too.
 * Formats follow "Valid Date Format in Records" (Bulk API 2.0 Developer Guide): dates {@code yyyy-MM-dd}, datetimes
 * {@code yyyy-MM-ddTHH:mm:ss.SSS} with {@code Z} or an offset, times {@code HH:mm:ss.SSSZ}.
 */
public final class TextValues {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private TextValues() {
    }

    /** The value of a non-empty cell for field {@code f}; throws the record's error when the text does not fit. */
    public static Object parse(FieldDef f, String s) {
        try {
            return switch (f.type()) {
                case BOOLEAN -> bool(s);
                case INT -> checkRange(f, new BigDecimal(s.trim())).intValueExact();
                case LONG -> new BigDecimal(s.trim()).longValueExact();
                case DOUBLE, CURRENCY, PERCENT -> number(f, new BigDecimal(s.trim()));
                case DATE -> LocalDate.parse(s.trim());
                case DATETIME -> ValueFormats.parseDateTime(s.trim());
                case TIME -> ValueFormats.parseTime(s.trim());
                case REFERENCE, ID -> reference(f, s.trim());
                case BASE64 -> base64(s);
                case EMAIL -> email(f, s.trim());
                default -> text(f, s);
            };
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw notOfType(f, s);
        }
    }

    /** INVALID_TYPE_ON_FIELD_IN_RECORD, as a real org reports a cell its field's type cannot hold. */
    public static ApiException notOfType(FieldDef f, String s) {
        return new ApiException(400, "INVALID_TYPE_ON_FIELD_IN_RECORD", f.label() + ": value not of required type: "
                + s, List.of(f.name()));
    }

    private static Boolean bool(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(s);
        };
    }

    private static BigDecimal checkRange(FieldDef f, BigDecimal d) {
        if (f.digits() > 0 && d.setScale(0, RoundingMode.UNNECESSARY).abs().precision() > f.digits()) {
            throw outOfRange(f, d);
        }
        return d;
    }

    /** A decimal rounded to the field's scale; NUMBER_OUTSIDE_VALID_RANGE when it has too many integer digits. */
    public static BigDecimal number(FieldDef f, BigDecimal d) {
        BigDecimal scaled = d.setScale(f.scale(), RoundingMode.HALF_UP);
        if (f.precision() > 0 && scaled.precision() - scaled.scale() > f.precision() - f.scale()) {
            throw outOfRange(f, d);
        }
        return scaled;
    }

    private static ApiException outOfRange(FieldDef f, BigDecimal d) {
        return new ApiException(400, "NUMBER_OUTSIDE_VALID_RANGE", f.label() + ": value outside of valid range on "
                + "numeric field: " + d.toPlainString(), List.of(f.name()));
    }

    /** An Id value as 18 characters; MALFORMED_ID when it is not an Id at all. */
    public static String reference(FieldDef f, String id) {
        String full = Ids.to18(id);
        if (full == null) {
            throw new ApiException(400, "MALFORMED_ID", f.label() + ": id value of incorrect type: " + id,
                    List.of(f.name()));
        }
        return full;
    }

    private static String base64(String s) {
        Base64.getMimeDecoder().decode(s);
        return s;
    }

    /** INVALID_EMAIL_ADDRESS unless it looks like an address. */
    public static String email(FieldDef f, String s) {
        if (!EMAIL.matcher(s).matches()) {
            throw new ApiException(400, "INVALID_EMAIL_ADDRESS", f.label() + ": invalid email address: " + s,
                    List.of(f.name()));
        }
        return text(f, s);
    }

    /** Text within the field's length (STRING_TOO_LONG otherwise); the empty string is null, as Salesforce stores it. */
    public static String text(FieldDef f, String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (f.length() > 0 && s.codePointCount(0, s.length()) > f.length()) {
            throw new ApiException(400, "STRING_TOO_LONG", f.label() + ": data value too large: "
                    + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + " (max length=" + f.length() + ")",
                    List.of(f.name()));
        }
        return s;
    }

    /** The key external ids are matched by: text ignores case (a unique external id is case-insensitive by default). */
    public static String key(Object value) {
        return value instanceof String s ? s.toLowerCase(Locale.ROOT) : String.valueOf(value);
    }
}
