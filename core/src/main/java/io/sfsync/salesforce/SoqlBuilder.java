package io.sfsync.salesforce;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The extraction SOQL of a run and its {@code COUNT()} twin, built from one filter so that the estimate the plan is
 * based on and the rows the run extracts always agree.
 */
public final class SoqlBuilder {
    /** Preferred watermarks: SystemModstamp is indexed and also moves on system changes, so it misses nothing. */
    public static final List<String> WATERMARK_FIELDS = List.of("SystemModstamp", "LastModifiedDate");

    /** A record Id as SOQL may quote it: 15 or 18 letters and digits. */
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9]{15}([A-Za-z0-9]{3})?");

    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private SoqlBuilder() {
    }

    /** {@code SELECT <extracted fields> FROM X [WHERE <watermark> >= <from>]}; no WHERE when {@code from} is null. */
    public static String select(SObjectSchema schema, String watermarkField, Instant from) {
        List<SfField> fields = schema.extracted();
        if (fields.isEmpty()) {
            throw new IllegalArgumentException(schema.name() + " has no field a sync can extract");
        }
        StringBuilder b = selectFrom(schema, fields);
        return where(b, schema, watermarkField, from);
    }

    /** {@code SELECT <fields> FROM X}. */
    private static StringBuilder selectFrom(SObjectSchema schema, List<SfField> fields) {
        StringBuilder b = new StringBuilder(16 + fields.size() * 20).append("SELECT ");
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(fields.get(i).name());
        }
        return b.append(" FROM ").append(schema.name());
    }

    /**
     * The query of one field chunk of a wide object: {@code SELECT <fields> FROM X [WHERE <watermark> >= <from>]
     * [AND Id >= 'a' AND Id <= 'b'] ORDER BY Id}, the same filter as {@link #select}, narrowed to an Id range when
     * {@code idFrom} and {@code idTo} are given. Ordered by Id, so that the chunks of one range can be joined row by row.
     */
    public static String chunkSelect(SObjectSchema schema, List<SfField> fields, String watermarkField, Instant from,
            String idFrom, String idTo) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a chunk of " + schema.name() + " needs at least one field");
        }
        StringBuilder b = selectFrom(schema, fields);
        List<String> conditions = new ArrayList<>(3);
        if (from != null) {
            String filtered = where(new StringBuilder(), schema, watermarkField, from);
            conditions.add(filtered.substring(" WHERE ".length()));
        }
        if (idFrom != null) {
            conditions.add("Id >= '" + recordId(idFrom) + "'");
        }
        if (idTo != null) {
            conditions.add("Id <= '" + recordId(idTo) + "'");
        }
        if (!conditions.isEmpty()) {
            b.append(" WHERE ").append(String.join(" AND ", conditions));
        }
        return b.append(" ORDER BY Id").toString();
    }

    private static String recordId(String id) {
        if (!RECORD_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a Salesforce record Id: '" + id + "'");
        }
        return id;
    }

    /** {@code SELECT COUNT() FROM X} with exactly the WHERE of {@link #select}. */
    public static String count(SObjectSchema schema, String watermarkField, Instant from) {
        return where(new StringBuilder(80).append("SELECT COUNT() FROM ").append(schema.name()), schema,
                watermarkField, from);
    }

    /**
     * The watermark of an object: the configured field when the object has it, else SystemModstamp, else
     * LastModifiedDate, else null (the object always syncs in full). A configured field the object lacks falls back
     * rather than failing, because one configured default serves every object; a configured field that is not a
     * datetime is refused, because the incremental filter compares it with a datetime.
     */
    public static String watermarkField(SObjectSchema schema, String configured) {
        if (configured != null && !configured.isBlank()) {
            SfField f = schema.field(configured.trim());
            if (f != null) {
                requireDatetime(schema, f);
                return f.name();
            }
        }
        for (String candidate : WATERMARK_FIELDS) {
            SfField f = schema.field(candidate);
            if (f != null && f.type().equals("datetime")) {
                return f.name();
            }
        }
        return null;
    }

    /** A SOQL datetime literal: UTC, milliseconds, {@code Z}, unquoted ({@code 2024-01-15T10:30:00.000Z}). */
    public static String literal(Instant instant) {
        return LITERAL.format(instant);
    }

    private static String where(StringBuilder b, SObjectSchema schema, String watermarkField, Instant from) {
        if (from == null) {
            return b.toString();
        }
        if (watermarkField == null || watermarkField.isBlank()) {
            throw new IllegalArgumentException("an incremental query of " + schema.name()
                    + " needs a watermark field");
        }
        SfField f = schema.field(watermarkField.trim());
        if (f == null) {
            throw new IllegalArgumentException("the watermark field " + watermarkField + " is not a field of "
                    + schema.name());
        }
        requireDatetime(schema, f);
        // >= rather than >: rows stamped in the watermark's own second may not all have been read; the merge dedupes
        return b.append(" WHERE ").append(f.name()).append(" >= ").append(literal(from)).toString();
    }

    private static void requireDatetime(SObjectSchema schema, SfField f) {
        if (!f.type().equals("datetime")) {
            throw new IllegalArgumentException("the watermark field " + schema.name() + "." + f.name()
                    + " is a " + f.type() + ", not a datetime");
        }
    }
}
