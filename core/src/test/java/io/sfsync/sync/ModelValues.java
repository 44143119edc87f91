package io.sfsync.sync;

import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Ids;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The fields of the model-based test's custom objects and random values for them. Values travel in the sequence's
 * ops as text (so that a printed sequence is plain Java) and become the org's Java values only when applied.
 * Numbers stay within 15 significant digits, as Salesforce's REST API sends them as doubles.
 */
final class ModelValues {
    /** The types an added field may have. */
    static final List<FieldType> ADDABLE = List.of(FieldType.STRING, FieldType.TEXTAREA, FieldType.PICKLIST,
            FieldType.MULTIPICKLIST, FieldType.EMAIL, FieldType.PHONE, FieldType.URL, FieldType.BOOLEAN,
            FieldType.INT, FieldType.LONG, FieldType.DOUBLE, FieldType.CURRENCY, FieldType.PERCENT, FieldType.DATE,
            FieldType.DATETIME, FieldType.TIME, FieldType.REFERENCE);

    private static final List<String> TEXT = List.of("plain", "comma, separated", "she said \"hi\"",
            "line one\nline two", "crlf\r\nline", "Zürich · 東京 · Ελληνικά", "emoji 🚀 ✓", "  padded  ", "\"",
            "back\\slash 'q'", "tab\tsep", ",\"\n", "semi;colon|pipe", "null", "=1+2", "NULL", "\\N", "a");
    private static final List<String> PICKS = List.of("Alpha", "Beta", "Gamma, Delta", "Ω");
    private static final List<String> COLOURS = List.of("Red", "Green", "Blue", "Yellow");

    private ModelValues() {
    }

    /** The custom fields every model object starts with (after Salesforce's standard ones). */
    static List<FieldDef> initialFields() {
        return List.of(field("Text__c", FieldType.STRING), field("Notes__c", FieldType.TEXTAREA),
                field("Pick__c", FieldType.PICKLIST), field("Tags__c", FieldType.MULTIPICKLIST),
                field("Flag__c", FieldType.BOOLEAN), field("Qty__c", FieldType.INT), field("Big__c", FieldType.LONG),
                field("Ratio__c", FieldType.DOUBLE), field("Amount__c", FieldType.CURRENCY),
                field("Day__c", FieldType.DATE), field("When__c", FieldType.DATETIME), field("At__c", FieldType.TIME),
                field("Account__c", FieldType.REFERENCE));
    }

    /** A custom field of a type, with the length, precision or picklist values Salesforce would give it. */
    static FieldDef field(String name, FieldType type) {
        FieldDef.Builder b = FieldDef.builder(name, type);
        switch (type) {
            case STRING, URL -> b.length(255);
            case EMAIL -> b.length(80);
            case PHONE -> b.length(40);
            case TEXTAREA -> b.length(4000);
            case PICKLIST -> b.length(255).picklist(PICKS.toArray(String[]::new));
            case MULTIPICKLIST -> b.length(4099).picklist(COLOURS.toArray(String[]::new));
            case INT -> b.digits(9);
            case LONG -> b.digits(18);
            case DOUBLE -> b.precision(18, 6);
            case CURRENCY -> b.precision(16, 2);
            case PERCENT -> b.precision(5, 2);
            case REFERENCE -> b.reference(name.replace("__c", "__r"), "Account");
            default -> {
            }
        }
        return b.build();
    }

    /** Whether a test may set this field (custom and writable). */
    static boolean settable(FieldDef f) {
        return f.custom() && f.updateable() && !f.calculated() && !f.type().isCompound()
                && f.type() != FieldType.BASE64;
    }

    /** A random value of a field, as text; never empty (Salesforce keeps an empty text as null). */
    static String random(FieldType type, Random r) {
        return switch (type) {
            case STRING, PHONE -> text(r, 1);
            case TEXTAREA -> text(r, 1 + r.nextInt(r.nextInt(8) == 0 ? 40 : 3));
            case PICKLIST -> PICKS.get(r.nextInt(PICKS.size()));
            case MULTIPICKLIST -> multi(r);
            case EMAIL -> "u" + r.nextInt(100_000) + "@example.com";
            case URL -> "https://example.com/p?q=" + r.nextInt(1000) + "&lang=de";
            case BOOLEAN -> Boolean.toString(r.nextBoolean());
            case INT -> Integer.toString(r.nextInt(4) == 0 ? r.nextInt(21) - 10
                    : r.nextInt(1_999_999_999) - 999_999_999);
            case LONG -> Long.toString(r.nextInt(4) == 0 ? r.nextInt(21) - 10
                    : Math.floorMod(r.nextLong(), 999_999_999_999_999_999L) * (r.nextBoolean() ? 1 : -1));
            case DOUBLE -> decimal(r, 999_999_999_999_999L, 6);
            case CURRENCY -> decimal(r, 99_999_999_999L, 2);
            case PERCENT -> decimal(r, 99_999L, 2);
            case DATE -> LocalDate.of(1970, 1, 1).plusDays(r.nextInt(365 * 80)).toString();
            case DATETIME -> Instant.ofEpochSecond(Math.floorMod(r.nextLong(), 4_102_444_800L)).toString();
            case TIME -> LocalTime.ofNanoOfDay(Math.floorMod(r.nextLong(), 86_400_000L) * 1_000_000L).toString();
            case REFERENCE -> Ids.of("001", r.nextInt(50));
            default -> throw new IllegalArgumentException("no random values for " + type);
        };
    }

    private static String text(Random r, int parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            b.append(i == 0 ? "" : "\n").append(TEXT.get(r.nextInt(TEXT.size())));
        }
        if (r.nextBoolean()) {
            b.append(' ').append(r.nextInt(1000));
        }
        return b.toString();
    }

    private static String multi(Random r) {
        int mask = 1 + r.nextInt(15);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < COLOURS.size(); i++) {
            if ((mask & (1 << i)) != 0) {
                b.append(b.length() == 0 ? "" : ";").append(COLOURS.get(i));
            }
        }
        return b.toString();
    }

    private static String decimal(Random r, long maxUnscaled, int scale) {
        long v = r.nextInt(4) == 0 ? r.nextInt(2001) - 1000 : Math.floorMod(r.nextLong(), maxUnscaled + 1);
        return BigDecimal.valueOf(r.nextBoolean() ? v : -v, scale).toPlainString();
    }

    /** The org's Java value of a field from its text (null stays null). */
    static Object toJava(FieldDef f, String text) {
        if (text == null) {
            return null;
        }
        return switch (f.type()) {
            case BOOLEAN -> Boolean.parseBoolean(text);
            case INT -> Integer.parseInt(text);
            case LONG -> Long.parseLong(text);
            case DOUBLE, CURRENCY, PERCENT -> new BigDecimal(text).setScale(f.scale(), RoundingMode.HALF_UP);
            case DATE -> LocalDate.parse(text);
            case DATETIME -> Instant.parse(text);
            case TIME -> LocalTime.parse(text);
            default -> text;
        };
    }

    /** The type named as {@link FieldType#apiName()} spells it ({@code double}). */
    static FieldType type(String apiName) {
        return FieldType.valueOf(apiName.toUpperCase(Locale.ROOT));
    }

    /** {@code s} as a Java string literal. */
    static String literal(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
