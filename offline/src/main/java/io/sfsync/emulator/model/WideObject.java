package io.sfsync.emulator.model;

import io.sfsync.emulator.SalesforceLimits;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The custom fields that make a type wide and heavy like an enterprise org's Account: a fixed mix by position, every
 * field {@link FieldDef#filled() filled} with generated values.
 *
 * <p>Field {@code i} (1-based) is named {@code W<iii>_<Topic>_<Kind>__c}, e.g. {@code W001_Region_Text__c},
 * {@code W011_Support_Amount__c}; the topic cycles through 16 words, so names are 15 to 25 characters. 800 names make
 * a SELECT of about 17,100 characters, 18,700 bytes URL-encoded: over the 16,384 bytes a REST URI may have (so it must
 * be split), well under the 100,000 characters of a SOQL statement. The mix, by {@code i}:
 * <ul>
 * <li>{@code i % 133 == 34}: Long Text Area of 131,072 characters ({@code LongText}); {@code i % 133 == 100}: Rich
 * Text Area of 131,072 ({@code RichText}); 6 of each in 800 fields (0.75%), so that with the type's own long text
 * they stay under the 1,638,400 characters an object may declare (shorter, or Text, when they would not);</li>
 * <li>otherwise by {@code i % 20}: 0 to 9 Text of 20 to 255 characters (half the fields); 10 Number(18,2)
 * ({@code Value}); 11 Currency(16,2) ({@code Amount}); 12 Percent(5,2) ({@code Pct}); 13 Number(9,0) as int
 * ({@code Count}); 14 Date; 15 Date/Time ({@code At}); 16 Checkbox ({@code Flag}); 17 Picklist of 4 to 9 values
 * ({@code Pick}); 18 Email, Phone or URL in turn; 19 Text Area of 255 ({@code Note}).</li>
 * </ul>
 * Values: see {@link FilledValues}. Measured on seed 42 over 2,000 generated Accounts, the 800 fields make 31,211
 * bytes of Bulk API 2.0 CSV per row on average, about 5,000 of them the rare near-maximum long text values (see
 * docs/offline-salesforce.md).
 */
public final class WideObject {
    private static final String[] TOPICS = {"Region", "Segment", "Tier", "Source", "Channel", "Status", "Partner",
        "Contract", "Renewal", "Billing", "Support", "Product", "Market", "Risk", "Score", "Legacy"};
    private static final int[] TEXT_LENGTHS = {20, 40, 80, 255, 100, 30, 255, 50, 120, 200};
    private static final List<String> PICKS = List.of("Gold", "Silver", "Bronze", "Platinum", "Tier 1", "Tier 2",
            "EMEA", "AMER", "APAC", "Direct, Partner", "Ünïcode ✓", "N/A", "Other \"quoted\"");

    private WideObject() {
    }

    /** The first {@code count} wide fields for {@code type} (which sets how much long text still fits on it). */
    public static List<FieldDef> fields(SObjectDef type, int count) {
        long longText = SalesforceLimits.LONG_TEXT_PER_OBJECT;
        for (FieldDef f : type.fields()) {
            if (f.longTextArea()) {
                longText -= f.length();
            }
        }
        List<FieldDef> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String topic = TOPICS[(i - 1) % TOPICS.length];
            boolean rich = i % 133 == 100;
            if ((rich || i % 133 == 34) && longText >= SalesforceLimits.LONG_TEXT_MIN) {
                int length = (int) Math.min(SalesforceLimits.LONG_TEXT_MAX, longText);
                longText -= length;
                out.add(field(i, topic, rich ? "RichText" : "LongText", FieldType.TEXTAREA).length(length)
                        .extraTypeInfo(rich ? "richtextarea" : "plaintextarea").build());
                continue;
            }
            int k = i % 20;
            FieldDef.Builder b = switch (k) {
                case 10 -> field(i, topic, "Value", FieldType.DOUBLE).precision(18, 2);
                case 11 -> field(i, topic, "Amount", FieldType.CURRENCY).precision(16, 2);
                case 12 -> field(i, topic, "Pct", FieldType.PERCENT).precision(5, 2);
                case 13 -> field(i, topic, "Count", FieldType.INT).digits(9);
                case 14 -> field(i, topic, "Date", FieldType.DATE);
                case 15 -> field(i, topic, "At", FieldType.DATETIME);
                case 16 -> field(i, topic, "Flag", FieldType.BOOLEAN);
                case 17 -> field(i, topic, "Pick", FieldType.PICKLIST).length(255).picklist(picks(i));
                case 18 -> switch ((i / 20) % 3) {
                    case 0 -> field(i, topic, "Email", FieldType.EMAIL).length(80);
                    case 1 -> field(i, topic, "Phone", FieldType.PHONE).length(40);
                    default -> field(i, topic, "Url", FieldType.URL).length(255);
                };
                case 19 -> field(i, topic, "Note", FieldType.TEXTAREA).length(SalesforceLimits.TEXT_AREA_LENGTH);
                default -> field(i, topic, "Text", FieldType.STRING).length(TEXT_LENGTHS[(i / 20 + k) % 10]);
            };
            out.add(b.build());
        }
        return out;
    }

    private static FieldDef.Builder field(int i, String topic, String kind, FieldType type) {
        String name = String.format(Locale.ROOT, "W%03d_%s_%s__c", i, topic, kind);
        return FieldDef.builder(name, type).label(String.format(Locale.ROOT, "W%03d %s %s", i, topic, kind))
                .filled(true);
    }

    private static List<String> picks(int i) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < 4 + i % 6; j++) {
            out.add(PICKS.get((i + j) % PICKS.size()));
        }
        return out;
    }
}
