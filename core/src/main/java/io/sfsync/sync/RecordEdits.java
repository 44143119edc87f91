package io.sfsync.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Bean {@code sfsync-record}: edits of one record for the route {@code sfsync-transform}, whose body is the record
 * (a map of API field name to value, null for null). For example {@code method: "hash(*, 'Email')"}.
 */
public final class RecordEdits {
    /** What {@link #mask} writes over a value. */
    public static final String MASK = "****";

    /** Replaces the field's value with {@value #MASK} (null stays null). */
    public void mask(Map<String, String> record, String field) {
        require(record, field);
        if (record.get(field) != null) {
            record.put(field, MASK);
        }
    }

    /** Replaces the field's value with its SHA-256, in hex (null stays null): equal values stay equal. */
    public void hash(Map<String, String> record, String field) {
        require(record, field);
        String value = record.get(field);
        if (value != null) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
                record.put(field, HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JVM has no SHA-256", e);
            }
        }
    }

    /** Sets the field to null: its column stays, without the value. */
    public void clear(Map<String, String> record, String field) {
        require(record, field);
        record.put(field, null);
    }

    /** Sets the field to {@code value}. */
    public void set(Map<String, String> record, String field, String value) {
        require(record, field);
        record.put(field, value);
    }

    private static void require(Map<String, String> record, String field) {
        if (!record.containsKey(field)) {
            throw new IllegalArgumentException("sfsync-transform: the record has no field '" + field + "' (fields: "
                    + String.join(", ", record.keySet()) + ")");
        }
    }
}
