package io.sfsync.salesforce;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The field chunks of a REST query too long for one request (property chunking). A REST query travels in the URL
 * ({@code GET /services/data/vXX.X/queryAll/?q=SELECT ...}), and Salesforce refuses a request whose URI and headers
 * together exceed 16,384 bytes (414 URI Too Long, 431 Request Header Fields Too Large; Salesforce Help article
 * 000386264). An object of several hundred fields does not fit: its fields are split into chunks that each fit, every
 * chunk selecting the record Id and its stamps first, so that the chunks of one Id range can be joined by Id and
 * checked to describe the same version of every record.
 *
 * @param chunks the fields of each chunk query, in order; each starts with the key fields (Id and the stamps); one
 *         chunk when the plain query fits
 * @param uriBytes the request target of the plain, unsplit query ({@code /services/...?q=...}), in bytes
 * @param budget the most bytes of request target one query may take
 */
public record QueryChunks(List<List<SfField>> chunks, int uriBytes, int budget) {
    /** Salesforce's limit on the URI plus headers of one REST request (Help article 000386264). */
    public static final int SALESFORCE_REQUEST_LIMIT = 16_384;
    /** An Id as wide as the real ones, for sizing range conditions before the Ids are known. */
    private static final String SAMPLE_ID = "001000000000000AAA";

    public QueryChunks {
        chunks = chunks.stream().map(List::copyOf).toList();
    }

    /** Whether the query must be split. */
    public boolean split() {
        return chunks.size() > 1;
    }

    /**
     * The chunks of the extraction query of {@code schema}: one (the plain query) when {@link SoqlBuilder#select}
     * fits in {@code budget} bytes of request target, else as few chunks as fit, each with Id, the stamp and a run of
     * the other fields in describe order, sized with the longest WHERE a chunk query can get (filter and Id range).
     *
     * @param keyNames the fields every chunk selects first: {@code Id}, then the fields that version a record
     *         ({@code SystemModstamp}, and the watermark field when it is another); empty when the object has no
     *         stamp: then the query is never split (the caller must not read it in chunks)
     * @param path the query resource's path, {@code /services/data/v62.0/queryAll/}
     * @throws IllegalArgumentException when one field with the keys does not fit in the budget
     */
    public static QueryChunks plan(SObjectSchema schema, String watermarkField, Instant from, List<String> keyNames,
            String path, int budget) {
        List<SfField> extracted = schema.extracted();
        int plain = requestTargetBytes(path, SoqlBuilder.select(schema, watermarkField, from));
        if (plain <= budget || keyNames.size() < 2) {
            return new QueryChunks(List.of(extracted), plain, budget);
        }
        List<SfField> keys = new ArrayList<>(keyNames.size());
        for (String k : keyNames) {
            SfField f = schema.field(k);
            if (f == null) {
                throw new IllegalArgumentException(schema.name() + " has no " + k + " to join chunks by");
            }
            keys.add(f);
        }
        int base = requestTargetBytes(path, SoqlBuilder.chunkSelect(schema, keys, watermarkField, from,
                SAMPLE_ID, SAMPLE_ID));
        List<List<SfField>> chunks = new ArrayList<>();
        List<SfField> current = new ArrayList<>(keys);
        int size = base;
        for (SfField f : extracted) {
            if (keys.contains(f)) {
                continue;
            }
            int more = encodedLength(", " + f.name());
            if (base + more > budget) {
                throw new IllegalArgumentException(schema.name() + "." + f.name() + " does not fit in a query of "
                        + budget + " bytes of URI even alone");
            }
            if (size + more > budget) {
                chunks.add(current);
                current = new ArrayList<>(keys);
                size = base;
            }
            current.add(f);
            size += more;
        }
        if (current.size() > keys.size() || chunks.isEmpty()) {
            chunks.add(current);
        }
        return new QueryChunks(chunks, plain, budget);
    }

    /** Bytes of {@code <path>?q=<soql, percent-encoded>}: what the request line carries. */
    public static int requestTargetBytes(String path, String soql) {
        return path.length() + "?q=".length() + encodedLength(soql);
    }

    /**
     * Bytes of the text percent-encoded as a query parameter: unreserved ASCII as is, every other UTF-8 byte as
     * {@code %XX} (a space is counted as {@code %20}, the longer of its two encodings).
     */
    static int encodedLength(String s) {
        int n = 0;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean unreserved = c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_'
                    || c == '~');
            n += unreserved ? 1 : 3;
        }
        return n;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "QueryChunks[%d chunks, %,d bytes unsplit, budget %,d]", chunks.size(),
                uriBytes, budget);
    }
}
