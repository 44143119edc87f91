package io.sfsync.salesforce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.sfsync.load.CsvBatch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;

/**
 * Turns REST query and queryAll pages ({@code {"totalSize","done","nextRecordsUrl","records":[..]}}) into CSV batches
 * byte for byte like the Bulk API 2.0 CSV of the same rows, so that what is loaded does not depend on the method:
 * datetimes {@code ...000+0000} become {@code ...000Z}, doubles printed by Java ({@code 4.347286E9}, {@code 15000.0})
 * become plain decimals ({@code 4347286000}, {@code 15000}), null becomes an empty field, and every other value is
 * kept as REST sends it. Values are converted by the describe type of their column, never by their look.
 */
public final class RestPages {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    static final char[] TRUE = "true".toCharArray();
    static final char[] FALSE = "false".toCharArray();
    static final DateTimeFormatter ANY_DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);
    static final DateTimeFormatter BULK_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
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
            RestRecordConverter c = new RestRecordConverter(fields, true);
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
        return read(p, new RestRecordConverter(fields, false), sequence);
    }

    private static RestPage read(JsonParser p, RestRecordConverter converter, int sequence) throws IOException {
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
}
