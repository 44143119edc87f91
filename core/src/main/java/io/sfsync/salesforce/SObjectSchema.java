package io.sfsync.salesforce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An sObject's fields as describe lists them, and the subset a sync extracts: everything but compound parents and
 * base64 fields, in describe order.
 */
public record SObjectSchema(String name, List<SfField> fields) {

    public SObjectSchema {
        fields = List.copyOf(fields);
    }

    /** The field with this API name, any case; null when there is none. */
    public SfField field(String apiName) {
        for (SfField f : fields) {
            if (f.name().equalsIgnoreCase(apiName)) {
                return f;
            }
        }
        return null;
    }

    public boolean hasField(String apiName) {
        return field(apiName) != null;
    }

    /** The fields a sync selects, in describe order; these are also the warehouse table's columns. */
    public List<SfField> extracted() {
        List<SfField> out = new ArrayList<>();
        for (SfField f : fields) {
            if (!f.isCompound() && !f.isBinary()) {
                out.add(f);
            }
        }
        return out;
    }

    /** The formula fields a sync extracts (describe {@code calculated}), in describe order. */
    public List<SfField> formulaFields() {
        return extracted().stream().filter(SfField::calculated).toList();
    }

    /**
     * This object reduced to what a formula refresh reads: the match field, then the formula fields; their columns are
     * the only ones it updates.
     */
    public SObjectSchema formulasOnly(String matchField) {
        List<SfField> out = new ArrayList<>();
        out.add(field(matchField));
        formulaFields().stream().filter(f -> !f.name().equalsIgnoreCase(matchField)).forEach(out::add);
        return new SObjectSchema(name, out);
    }

    @Override
    public String toString() {
        return name + fields.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
    }
}
