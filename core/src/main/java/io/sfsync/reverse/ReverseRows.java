package io.sfsync.reverse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The conversion of a reverse sync's rows to Salesforce's formats: the fields the columns write (in column order) and,
 * per row, the Salesforce text of each value; rows that cannot be converted, or have no key, become failures up front
 * and are never sent. It holds no rows: they pass through it one at a time ({@link ReverseFeed}).
 */
public final class ReverseRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<WritableField> fields;
    private final int keyIndex;

    /**
     * @param fields the fields of the source's columns, in order ({@link ReverseSchema#check})
     * @param keyField the key field's API name (one of {@code fields})
     */
    public ReverseRows(List<WritableField> fields, String keyField) {
        this.fields = List.copyOf(fields);
        int k = -1;
        for (int i = 0; i < fields.size(); i++) {
            k = fields.get(i).name().equalsIgnoreCase(keyField) ? i : k;
        }
        if (k < 0) {
            throw new IllegalArgumentException("the key field " + keyField + " is not among the columns");
        }
        this.keyIndex = k;
    }

    /**
     * A row as read from the warehouse (values in column order) converted: the Salesforce text of each value (null
     * for a null value), or null when the row cannot be sent, after handing its failure to {@code refused}.
     */
    public String[] convert(Object[] raw, Consumer<ReverseFailure> refused) {
        String[] text = new String[fields.size()];
        List<String> problems = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < text.length; i++) {
            try {
                text[i] = SfValues.text(raw[i], fields.get(i));
            } catch (IllegalArgumentException e) {
                problems.add(fields.get(i).name() + ": " + e.getMessage());
                bad.add(fields.get(i).name());
                text[i] = raw[i] == null ? null : raw[i].toString();
            }
        }
        if (!problems.isEmpty()) {
            refused.accept(new ReverseFailure(text[keyIndex], ReverseFailure.INVALID_VALUE,
                    String.join("; ", problems), String.join(",", bad), json(text)));
            return null;
        }
        if (text[keyIndex] == null || text[keyIndex].isBlank()) {
            refused.accept(new ReverseFailure(null, ReverseFailure.MISSING_KEY, "the row has no "
                    + fields.get(keyIndex).name() + ", the key of the write", fields.get(keyIndex).name(),
                    json(text)));
            return null;
        }
        return text;
    }

    public List<WritableField> fields() {
        return fields;
    }

    public WritableField keyField() {
        return fields.get(keyIndex);
    }

    /** A row's key value. */
    public String key(String[] row) {
        return row[keyIndex];
    }

    /** A row's values as JSON (column to text), as the failures table keeps them. */
    public String json(String[] row) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            values.put(fields.get(i).name(), row[i]);
        }
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A row as the record of an sObject Collections request: each field's JSON value, nulls as JSON null. */
    public Map<String, Object> record(String[] row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            WritableField f = fields.get(i);
            values.put(f.name(), row[i] == null ? null : SfValues.json(row[i], f));
        }
        return values;
    }
}
