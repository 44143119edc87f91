package io.sfsync.salesforce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvEncoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns REST query and queryAll pages ({@code {"totalSize","done","nextRecordsUrl","records":[..]}}) into CSV batches
 * byte for byte like the Bulk API 2.0 CSV of the same rows, so that what is loaded does not depend on the method:
 * datetimes {@code ...000+0000} become {@code ...000Z}, doubles printed by Java ({@code 4.347286E9}, {@code 15000.0})
 * become plain decimals ({@code 4347286000}, {@code 15000}), null becomes an empty field, and every other value is
 * kept as REST sends it. Values are converted by the describe type of their column, never by their look.
 */
public final class RestPages {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final char[] TRUE = "true".toCharArray();
    private static final char[] FALSE = "false".toCharArray();
    private static final DateTimeFormatter ANY_DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);
    private static final DateTimeFormatter BULK_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private RestPages() {
    }

    /** The page's records as a batch of the schema's extracted fields (the columns of the SOQL it answers). */
    public static CsvBatch toBatch(String page, SObjectSchema schema, int sequence) {
        return read(page, schema.extracted(), sequence).batch();
    }

    /** The page's records as a batch with these columns, in this order. */
    public static CsvBatch toBatch(String page, List<SfField> fields, int sequence) {
        return read(page, fields, sequence).batch();
    }

    /** The page's batch and paging in one pass. */
    public static RestPage read(String page, List<SfField> fields, int sequence) {
        requireBody(page == null || page.isEmpty());
        try (JsonParser p = JSON.createParser(page)) {
            return read(p, fields, sequence);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** The page's batch and paging in one pass, from the bytes of the body (UTF-8 JSON). */
    public static RestPage read(byte[] page, List<SfField> fields, int sequence) {
        requireBody(page == null || page.length == 0);
        try (JsonParser p = JSON.createParser(page)) {
            return read(p, fields, sequence);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** The page's batch and paging in one pass, streamed from the body (the stream is closed). */
    public static RestPage read(InputStream page, List<SfField> fields, int sequence) {
        requireBody(page == null);
        try (JsonParser p = JSON.createParser(page)) {
            return read(p, fields, sequence);
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /**
     * The page's records as rows of values (converted as for CSV: Bulk's datetime and number forms; "" for null), for
     * joining the field chunks of a wide object; and what paging needs.
     */
    public static RestRows readRows(String page, List<SfField> fields) {
        requireBody(page == null || page.isEmpty());
        try (JsonParser p = JSON.createParser(page)) {
            Converter c = new Converter(fields, true);
            RestPage paging = read(p, c, 0);
            return new RestRows(c.collected, paging.totalSize(), paging.done(), paging.nextRecordsUrl());
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** The path of the next page, or null when this page is the last (Salesforce then leaves the field out). */
    public static String nextRecordsUrl(String page) {
        String url = field(page, "nextRecordsUrl");
        return url == null || url.isEmpty() ? null : url;
    }

    /** Rows of the whole query (a {@code SELECT COUNT()} answers with it and no records). */
    public static long totalSize(String page) {
        String n = field(page, "totalSize");
        if (n == null) {
            throw new IllegalArgumentException("not a REST query page: no totalSize in " + abbreviate(page));
        }
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a REST query page: totalSize is '" + n + "'", e);
        }
    }

    /**
     * A scalar field at the top level of a JSON object body as text ({@code errorMessage} of a Bulk job, ...), or null
     * when it is absent or null. Nested values are skipped without building them.
     */
    public static String field(String json, String name) {
        requireBody(json == null || json.isEmpty());
        try (JsonParser p = JSON.createParser(json)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object, got " + abbreviate(json));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (key.equals(name) && v.isScalarValue()) {
                    return v == JsonToken.VALUE_NULL ? null : p.getText();
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private static RestPage read(JsonParser p, List<SfField> fields, int sequence) throws IOException {
        return read(p, new Converter(fields, false), sequence);
    }

    private static RestPage read(JsonParser p, Converter converter, int sequence) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a REST query page: expected a JSON object, got "
                    + (t == JsonToken.START_ARRAY ? "an array (an error answer?)" : String.valueOf(t)));
        }
        long totalSize = -1;
        boolean done = false;
        String next = null;
        CsvBatch batch = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "totalSize" -> totalSize = v.isNumeric() ? p.getLongValue() : -1;
                case "done" -> done = v == JsonToken.VALUE_TRUE;
                case "nextRecordsUrl" -> next = v == JsonToken.VALUE_STRING ? p.getText() : null;
                case "records" -> {
                    if (v != JsonToken.START_ARRAY) {
                        throw new IllegalArgumentException("not a REST query page: records is " + v);
                    }
                    batch = converter.convert(p, sequence);
                }
                default -> p.skipChildren();
            }
        }
        if (batch == null || totalSize < 0) {
            throw new IllegalArgumentException("not a REST query page: it has no " + (batch == null ? "records array"
                    : "totalSize"));
        }
        return new RestPage(batch, totalSize, done, next == null || next.isEmpty() ? null : next);
    }

    private static void requireBody(boolean missing) {
        if (missing) {
            throw new IllegalArgumentException("not a REST query page: the body is empty");
        }
    }

    private static RuntimeException malformed(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            return new IllegalArgumentException("not a REST query page: malformed JSON (" + j.getOriginalMessage()
                    + ")", e);
        }
        return new UncheckedIOException("cannot read the REST query page", e);
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** The per-page state: column lookup and one record's values in a reused char buffer. */
    private static final class Converter {
        private final String[] names;
        private final boolean[] datetime;
        private final Map<String, Integer> index;
        private final Map<String, Integer> lowerIndex;
        private final CsvEncoder out = new CsvEncoder();
        private final int[] start;
        private final int[] length;
        private final int[] seen;
        /** The records as rows of values, when the converter collects them instead of writing CSV. */
        private final List<String[]> collected;
        private char[] values = new char[4096];
        private int used;
        private int record;

        Converter(List<SfField> fields, boolean collect) {
            collected = collect ? new ArrayList<>() : null;
            if (fields == null || fields.isEmpty()) {
                throw new IllegalArgumentException("a REST page needs the fields of its SELECT to become CSV");
            }
            int n = fields.size();
            names = new String[n];
            datetime = new boolean[n];
            index = new HashMap<>(n * 2);
            lowerIndex = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                SfField f = fields.get(i);
                if (f.isCompound()) {
                    throw new IllegalArgumentException(f.name() + " is a compound " + f.type()
                            + " field: select its components instead");
                }
                names[i] = f.name();
                datetime[i] = f.type().equals("datetime");
                index.put(f.name(), i);
                lowerIndex.put(f.name().toLowerCase(Locale.ROOT), i);
            }
            start = new int[n];
            length = new int[n];
            seen = new int[n];
        }

        CsvBatch convert(JsonParser p, int sequence) throws IOException {
            List<String> header = new ArrayList<>(Arrays.asList(names));
            if (collected == null) {
                out.row(header);
            }
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("record " + (record + 1) + " of the page is not an object but "
                            + t);
                }
                record(p);
            }
            return new CsvBatch(sequence, header, out.toByteArray(), record);
        }

        private void record(JsonParser p) throws IOException {
            record++;
            used = 0;
            int expected = 0;
            while (p.nextToken() != JsonToken.END_OBJECT) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int col = expected < names.length && names[expected].equals(name) ? expected : column(name);
                if (col < 0) {
                    if (name.equals("attributes")) {
                        p.skipChildren();
                        continue;
                    }
                    throw new IllegalArgumentException("record " + record + " has the field " + name
                            + ", which is not among the " + names.length + " selected columns");
                }
                expected = col + 1;
                value(p, v, col, name);
                seen[col] = record;
            }
            if (collected != null) {
                String[] row = new String[names.length];
                for (int i = 0; i < names.length; i++) {
                    if (seen[i] != record) {
                        throw new IllegalArgumentException("record " + record + " lacks the selected field "
                                + names[i]);
                    }
                    row[i] = length[i] <= 0 ? "" : new String(values, start[i], length[i]);
                }
                collected.add(row);
                return;
            }
            for (int i = 0; i < names.length; i++) {
                if (seen[i] != record) {
                    throw new IllegalArgumentException("record " + record + " lacks the selected field " + names[i]);
                }
                int len = length[i];
                if (len <= 0) {
                    out.field(values, 0, 0);
                } else {
                    out.field(values, start[i], len);
                }
            }
            out.endRow();
        }

        private int column(String name) {
            Integer i = index.get(name);
            if (i == null) {
                i = lowerIndex.get(name.toLowerCase(Locale.ROOT));
            }
            return i == null ? -1 : i;
        }

        private void value(JsonParser p, JsonToken v, int col, String name) throws IOException {
            switch (v) {
                case VALUE_NULL -> length[col] = 0;
                case VALUE_TRUE -> put(col, TRUE, 0, TRUE.length);
                case VALUE_FALSE -> put(col, FALSE, 0, FALSE.length);
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(col, p.getTextCharacters(), p.getTextOffset(),
                        p.getTextLength());
                case VALUE_STRING -> {
                    if (datetime[col]) {
                        dateTime(col, p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), name);
                    } else {
                        put(col, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    }
                }
                case START_OBJECT, START_ARRAY -> throw new IllegalArgumentException("record " + record + " has a"
                        + (v == JsonToken.START_OBJECT ? "n object" : "n array") + " for " + name
                        + ": compound and relationship fields cannot be a CSV column; select their components");
                default -> throw new IllegalArgumentException("record " + record + " has an unexpected " + v
                        + " for " + name);
            }
        }

        /** Bulk writes decimals as BigDecimal.stripTrailingZeros().toPlainString(), and zero as "0". */
        private void number(int col, char[] c, int off, int len) {
            int end = off + len;
            int dot = -1;
            boolean exponent = false;
            boolean nonZero = false;
            for (int i = off; i < end; i++) {
                char ch = c[i];
                if (ch == 'e' || ch == 'E') {
                    exponent = true;
                } else if (ch == '.') {
                    dot = i;
                } else if (ch >= '1' && ch <= '9') {
                    nonZero = true;
                }
            }
            if (!nonZero && !exponent) {
                put(col, "0");
            } else if (exponent) {
                BigDecimal d = new BigDecimal(c, off, len);
                put(col, d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
            } else {
                if (dot >= 0) {
                    while (end > dot + 1 && c[end - 1] == '0') {
                        end--;
                    }
                    if (end == dot + 1) {
                        end = dot;
                    }
                }
                put(col, c, off, end - off);
            }
        }

        /** REST sends {@code 2024-01-15T10:30:00.000+0000}; Bulk writes {@code 2024-01-15T10:30:00.000Z}. */
        private void dateTime(int col, char[] c, int off, int len, String name) {
            if (len == 28 && c[off + 23] == '+' && c[off + 24] == '0' && c[off + 25] == '0' && c[off + 26] == '0'
                    && c[off + 27] == '0') {
                put(col, c, off, 23);
                values[start[col] + 23] = 'Z';
                length[col] = 24;
                used = start[col] + 24;
                return;
            }
            String text = new String(c, off, len);
            try {
                put(col, BULK_DATETIME.format(OffsetDateTime.parse(text, ANY_DATETIME).toInstant()));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("record " + record + " has an invalid datetime for " + name + ": "
                        + text, e);
            }
        }

        private void put(int col, String s) {
            reserve(s.length());
            s.getChars(0, s.length(), values, used);
            start[col] = used;
            length[col] = s.length();
            used += s.length();
        }

        private void put(int col, char[] c, int off, int len) {
            // one more than needed: the datetime fast path appends its Z in place
            reserve(len + 1);
            System.arraycopy(c, off, values, used, len);
            start[col] = used;
            length[col] = len;
            used += len;
        }

        private void reserve(int n) {
            if (used + n > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, used + n));
            }
        }
    }
}
