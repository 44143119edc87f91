package io.sfsync.emulator.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Generated values of fields that have no hand-written generator: those of a wide object and those added with
 * {@code "fill": true}. A value is a pure function of one 64-bit hash (of seed, type, field name and row) and the
 * field's definition, so it costs nothing until it is read. Text is cut from two texts built once (plain and HTML), so
 * reading a value allocates only the value itself.
 *
 * <p>Like the custom fields of real wide objects, they are sparse: a nillable one is empty in {@value #NULL_PERCENT}% of
 * the records. Text values are between an eighth and a half of the declared length; one in twelve is one of the
 * awkward strings (quotes, commas, line breaks, non-ASCII) the CSV and JSON writers must carry exactly. Long and rich
 * text areas are usually 100 to 2,000 characters, but one value in {@value #HUGE_ONE_IN} is 120,000 characters or more
 * (or nine tenths of a shorter declared length); rich text is HTML cut at paragraph ends.
 */
final class FilledValues {
    /** One long or rich text value in this many is close to its declared maximum. */
    static final int HUGE_ONE_IN = 200;
    static final int HUGE_MIN = 120_000;
    /** Percent of the records in which a nillable filled field is empty. */
    static final int NULL_PERCENT = 35;
    private static final int MODERATE_MIN = 100;
    private static final int MODERATE_MAX = 2_000;
    private static final int BASE_CHARS = 160_000;

    private static final String[] WORDS = {"account", "renewal", "quarterly", "partner", "Zürich", "東京", "naïve",
        "São Paulo", "Ελληνικά", "contract", "pipeline", "forecast", "onboarding", "escalation", "ticket", "región",
        "Straße", "café", "résumé", "Kraków", "delivery", "invoice", "discount", "warranty", "support", "roadmap",
        "integration", "rollout", "segment", "territory", "quote", "signature", "budget", "approval", "shipment"};
    private static final String[] JOINS = {" ", " ", " ", " ", ", ", ". ", "; ", " - ", " \"", "\" ", " 'n' ", " & ",
        " / ", "\n", ",\"", " ✓ ", "\r\n", "\t"};
    private static final List<String> DEFAULT_PICKS = List.of("Alpha", "Beta", "Gamma, Delta", "Ω Omega",
        "Quote \"Q\"");
    private static final String PLAIN = plainText();
    private static final String HTML;
    private static final int[] PARAGRAPHS;

    static {
        StringBuilder b = new StringBuilder(BASE_CHARS + 1_000);
        List<Integer> starts = new ArrayList<>();
        long h = 7;
        while (b.length() < BASE_CHARS) {
            starts.add(b.length());
            h = DemoData.mix(h + 1);
            int words = 12 + (int) Math.floorMod(h, 80L);
            b.append(Math.floorMod(h >>> 8, 5L) == 0 ? "<p><b>" : "<p>");
            boolean bold = b.charAt(b.length() - 2) == 'b';
            for (int i = 0; i < words; i++) {
                h = DemoData.mix(h + i);
                b.append(i == 0 ? "" : Math.floorMod(h, 9L) == 0 ? " &amp; " : " ")
                        .append(WORDS[(int) Math.floorMod(h >>> 16, (long) WORDS.length)]);
                if (bold && i == 2) {
                    b.append("</b>");
                }
            }
            b.append(Math.floorMod(h >>> 24, 7L) == 0 ? "<br></p>" : "</p>");
        }
        starts.add(b.length());
        HTML = b.toString();
        PARAGRAPHS = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private FilledValues() {
    }

    private static String plainText() {
        StringBuilder b = new StringBuilder(BASE_CHARS + 100);
        long h = 11;
        while (b.length() < BASE_CHARS) {
            h = DemoData.mix(h + 1);
            b.append(WORDS[(int) Math.floorMod(h, (long) WORDS.length)]);
            b.append(JOINS[(int) Math.floorMod(h >>> 20, (long) JOINS.length)]);
        }
        return b.toString();
    }

    /** The value of field {@code f} in the generated row whose hash for this field is {@code h}. */
    static Object value(FieldDef f, long h) {
        long h2 = DemoData.mix(h + 0x632BE59BD9B4E019L);
        switch (f.type()) {
            case STRING, ENCRYPTEDSTRING, ANYTYPE, COMBOBOX:
                if (f.type() == FieldType.COMBOBOX) {
                    return pick(f, h);
                }
                return text(Math.max(1, f.length() == 0 ? 255 : f.length()), h, h2);
            case TEXTAREA:
                if (!f.longTextArea()) {
                    return text(Math.max(1, f.length()), h, h2);
                }
                int n = longLength(f.length(), h);
                return "richtextarea".equals(f.extraTypeInfo()) ? html(n, h2) : cut(PLAIN, h2, n);
            case PICKLIST:
                return pick(f, h);
            case MULTIPICKLIST: {
                List<String> all = picks(f);
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < all.size(); i++) {
                    if (((h >>> i) & 1) == 1 || (i == all.size() - 1 && out.length() == 0)) {
                        out.append(out.length() == 0 ? "" : ";").append(all.get(i));
                    }
                }
                return out.toString();
            }
            case EMAIL:
                return "w" + Math.floorMod(h, 1_000_000L) + "." + WORDS[(int) Math.floorMod(h2, 4L)].substring(0, 4)
                        + "@example" + Math.floorMod(h2 >>> 8, 50L) + ".com";
            case PHONE:
                return String.format(Locale.ROOT, "+1 (%03d) 555-%04d", 200 + Math.floorMod(h, 800L),
                        Math.floorMod(h2, 10_000L));
            case URL:
                return "https://www.example.com/" + ascii(h2) + "?id=" + Math.floorMod(h, 1_000_000L) + "&lang=de";
            case BOOLEAN:
                return (h & 1) == 0;
            case INT:
                return (int) (Math.floorMod(h, 1_999_999_999L) - 999_999_999L);
            case LONG:
                return Math.floorMod(h, 999_999_999_999_999L) * ((h2 & 1) == 0 ? 1 : -1);
            case DOUBLE, CURRENCY, PERCENT: {
                int precision = f.precision() <= 0 ? 18 : Math.min(f.precision(), 18);
                long max = 1;
                // 15 significant digits at most: REST writes these fields as JSON doubles (as Salesforce does), which
                // carry no more exactly; Bulk's CSV would carry all 18.
                for (int i = 0; i < Math.min(precision, 15); i++) {
                    max *= 10;
                }
                long v = Math.floorMod(h, max);
                return BigDecimal.valueOf((h2 & 1) == 0 ? v : -v, Math.max(0, f.scale()));
            }
            case DATE:
                return LocalDate.of(1990, 1, 1).plusDays(Math.floorMod(h, 365L * 45));
            case DATETIME:
                return Instant.ofEpochSecond(631_152_000L + Math.floorMod(h, 1_420_070_400L));
            case TIME:
                return LocalTime.ofNanoOfDay(Math.floorMod(h, 86_400_000L) * 1_000_000L);
            case BASE64:
                return Base64.getEncoder().encodeToString(cut(PLAIN, h, 24).getBytes(StandardCharsets.UTF_8));
            default:
                return null;
        }
    }

    private static int longLength(int declared, long h) {
        long r = DemoData.mix(h ^ 0x5DEECE66DL);
        if (Math.floorMod(r, (long) HUGE_ONE_IN) == 0) {
            int low = declared >= HUGE_MIN ? HUGE_MIN : declared * 9 / 10;
            return low + (int) Math.floorMod(r >>> 16, (long) (declared - low + 1));
        }
        int high = Math.min(declared, MODERATE_MAX);
        int low = Math.min(MODERATE_MIN, high);
        return low + (int) Math.floorMod(r >>> 16, (long) (high - low + 1));
    }

    private static String text(int declared, long h, long h2) {
        if (Math.floorMod(h2 >>> 32, 12L) == 0) {
            String tricky = DemoData.TRICKY_TEXT.get((int) Math.floorMod(h, (long) DemoData.TRICKY_TEXT.size()));
            return tricky.length() <= declared ? tricky : cut(tricky, 0, declared);
        }
        int low = Math.max(1, declared / 8);
        int high = Math.max(low, declared / 2);
        int n = low + (int) Math.floorMod(h, (long) (high - low + 1));
        return cut(PLAIN, h2, n);
    }

    private static String ascii(long h) {
        return WORDS[(int) Math.floorMod(h, 4L)] + "/" + WORDS[(int) Math.floorMod(h >>> 8, 3L) + 9];
    }

    private static List<String> picks(FieldDef f) {
        return f.picklistValues().isEmpty() ? DEFAULT_PICKS : f.picklistValues();
    }

    private static String pick(FieldDef f, long h) {
        List<String> all = picks(f);
        return all.get((int) Math.floorMod(h, (long) all.size()));
    }

    /** {@code n} characters (one fewer where a surrogate pair would be split) of {@code base} from a hashed start. */
    private static String cut(String base, long h, int n) {
        int len = Math.min(n, base.length());
        int start = (int) Math.floorMod(h, (long) (base.length() - len + 1));
        return cut(base, start, len);
    }

    private static String cut(String base, int start, int len) {
        int end = start + len;
        if (start > 0 && Character.isLowSurrogate(base.charAt(start))) {
            start++;
        }
        if (end < base.length() && end > start && Character.isHighSurrogate(base.charAt(end - 1))) {
            end--;
        }
        return base.substring(start, Math.max(start, end));
    }

    /** Whole paragraphs of the HTML text, at most {@code n} characters, or one short paragraph when none fits. */
    private static String html(int n, long h) {
        int first = (int) Math.floorMod(h, (long) (PARAGRAPHS.length - 1));
        int limit = PARAGRAPHS[first] + n;
        if (limit > HTML.length()) {
            first = 0;
            limit = n;
        }
        int lo = first + 1;
        int hi = PARAGRAPHS.length - 1;
        int last = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (PARAGRAPHS[mid] <= limit) {
                last = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (last < 0) {
            return "<p>" + cut(PLAIN, h, Math.max(1, n - 7)).replace('&', '+').replace('<', '(') + "</p>";
        }
        return HTML.substring(PARAGRAPHS[first], PARAGRAPHS[last]);
    }
}
