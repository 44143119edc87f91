package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.FieldType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/** Families of field types that share SOQL comparison rules and literal syntax. */
enum ValueKind {
    TEXT("string"), ID("id"), MULTIPICKLIST("string"), BOOLEAN("boolean"), INT("int"), LONG("long"),
    DECIMAL("double"), DATE("date"), DATETIME("dateTime"), TIME("time"), UNFILTERABLE("anyType");

    /** The type name Salesforce uses in "must be of type X" messages (the SOAP type). */
    final String typeName;

    ValueKind(String typeName) {
        this.typeName = typeName;
    }

    static ValueKind of(FieldType type) {
        switch (type) {
            case ID:
            case REFERENCE:
                return ID;
            case MULTIPICKLIST:
                return MULTIPICKLIST;
            case BOOLEAN:
                return BOOLEAN;
            case INT:
                return INT;
            case LONG:
                return LONG;
            case DOUBLE:
            case CURRENCY:
            case PERCENT:
                return DECIMAL;
            case DATE:
                return DATE;
            case DATETIME:
                return DATETIME;
            case TIME:
                return TIME;
            case BASE64:
            case ADDRESS:
            case LOCATION:
                return UNFILTERABLE;
            default:
                return TEXT;
        }
    }

    boolean isText() {
        return this == TEXT || this == ID || this == MULTIPICKLIST;
    }

    /** A total order on two non-null values of this kind: row values, or a row value and a literal. */
    int compare(Object a, Object b) {
        switch (this) {
            case TEXT:
            case MULTIPICKLIST:
                return String.CASE_INSENSITIVE_ORDER.compare(text(a), text(b));
            case ID:
                return compareIds(text(a), text(b));
            case BOOLEAN:
                return Boolean.compare((Boolean) a, (Boolean) b);
            case INT:
            case LONG:
            case DECIMAL:
                return compareNumbers(a, b);
            case DATE:
                return ((LocalDate) a).compareTo((LocalDate) b);
            case DATETIME:
                return ((Instant) a).compareTo((Instant) b);
            case TIME:
                return ((LocalTime) a).compareTo((LocalTime) b);
            default:
                return String.valueOf(a).compareTo(String.valueOf(b));
        }
    }

    static String text(Object value) {
        return value instanceof String s ? s : String.valueOf(value);
    }

    /**
     * Ids order by their characters; a 15-character Id equals the 18-character form that extends it, so when the
     * lengths differ only the first 15 characters count (case-sensitively: case is significant in 15-character Ids).
     */
    static int compareIds(String a, String b) {
        if (a.length() == b.length() || a.length() < 15 || b.length() < 15) {
            return a.compareTo(b);
        }
        for (int i = 0; i < 15; i++) {
            int d = a.charAt(i) - b.charAt(i);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    static int compareNumbers(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (isIntegral(a) && isIntegral(b)) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static boolean isIntegral(Object o) {
        return o instanceof Integer || o instanceof Long || o instanceof Short || o instanceof Byte;
    }

    static BigDecimal decimal(Object o) {
        if (o instanceof BigDecimal d) {
            return d;
        }
        if (isIntegral(o)) {
            return BigDecimal.valueOf(((Number) o).longValue());
        }
        if (o instanceof Double || o instanceof Float) {
            return BigDecimal.valueOf(((Number) o).doubleValue());
        }
        return new BigDecimal(o.toString());
    }
}
