package io.sfsync.emulator.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An sObject type: its describe-level flags and its fields in describe order. Each field owns a storage slot that stays
 * the same when fields are added or removed later (schema drift), so stored records never need rewriting.
 */
public final class SObjectDef {
    private final String name;
    private final String label;
    private final String labelPlural;
    private final String keyPrefix;
    private final boolean bulkSupported;
    private final boolean replicateable;
    private final List<FieldDef> fields;
    private final Map<String, FieldDef> byLowerName;
    private final Map<String, FieldDef> byLowerRelationship;
    private final Map<String, Integer> slots;
    private final int slotCount;

    private SObjectDef(String name, String label, String labelPlural, String keyPrefix, boolean bulkSupported,
            boolean replicateable, List<FieldDef> fields, Map<String, Integer> slots, int slotCount) {
        this.name = name;
        this.label = label;
        this.labelPlural = labelPlural;
        this.keyPrefix = keyPrefix;
        this.bulkSupported = bulkSupported;
        this.replicateable = replicateable;
        this.fields = List.copyOf(fields);
        this.slots = Map.copyOf(slots);
        this.slotCount = slotCount;
        Map<String, FieldDef> lower = new HashMap<>();
        Map<String, FieldDef> rel = new HashMap<>();
        for (FieldDef f : fields) {
            if (lower.put(f.name().toLowerCase(Locale.ROOT), f) != null) {
                throw new IllegalArgumentException("duplicate field " + f.name() + " on " + name);
            }
            if (f.relationshipName() != null) {
                rel.put(f.relationshipName().toLowerCase(Locale.ROOT), f);
            }
        }
        this.byLowerName = Collections.unmodifiableMap(lower);
        this.byLowerRelationship = Collections.unmodifiableMap(rel);
    }

    /** A new type whose slots follow the order of {@code fields}. */
    public static SObjectDef of(String name, String label, String labelPlural, String keyPrefix, boolean bulkSupported,
            List<FieldDef> fields) {
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (FieldDef f : fields) {
            slots.put(f.name(), slots.size());
        }
        return new SObjectDef(name, label, labelPlural, keyPrefix, bulkSupported, true, fields, slots, slots.size());
    }

    public String name() {
        return name;
    }

    public String label() {
        return label;
    }

    public String labelPlural() {
        return labelPlural;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public boolean custom() {
        return name.endsWith("__c");
    }

    /** Whether Bulk API 2.0 accepts query jobs on this type (INVALIDENTITY otherwise). */
    public boolean bulkSupported() {
        return bulkSupported;
    }

    public boolean replicateable() {
        return replicateable;
    }

    public List<FieldDef> fields() {
        return fields;
    }

    /** The field with this API name, any case; null when there is none. */
    public FieldDef field(String apiName) {
        return byLowerName.get(apiName.toLowerCase(Locale.ROOT));
    }

    /** The reference field whose relationship has this name ({@code Owner} -> {@code OwnerId}), any case; or null. */
    public FieldDef relationship(String relationshipName) {
        return byLowerRelationship.get(relationshipName.toLowerCase(Locale.ROOT));
    }

    /** Storage slot of a field of this type. */
    public int slot(FieldDef field) {
        Integer s = slots.get(field.name());
        if (s == null) {
            throw new IllegalArgumentException("no field " + field.name() + " on " + name);
        }
        return s;
    }

    /** Number of slots a record of this type needs (also counts slots of removed fields). */
    public int slotCount() {
        return slotCount;
    }

    /** This type with one more field (or with {@code field} replacing the field of the same name, keeping its slot). */
    public SObjectDef withField(FieldDef field) {
        List<FieldDef> next = new ArrayList<>(fields);
        Map<String, Integer> nextSlots = new LinkedHashMap<>(slots);
        int count = slotCount;
        FieldDef existing = field(field.name());
        if (existing != null) {
            next.set(next.indexOf(existing), field);
        } else {
            next.add(field);
            nextSlots.put(field.name(), count++);
        }
        return new SObjectDef(name, label, labelPlural, keyPrefix, bulkSupported, replicateable, next, nextSlots, count);
    }

    /** This type without the named field; its slot is retired, not reused. */
    public SObjectDef withoutField(String fieldName) {
        FieldDef existing = Objects.requireNonNull(field(fieldName), fieldName);
        List<FieldDef> next = new ArrayList<>(fields);
        next.remove(existing);
        Map<String, Integer> nextSlots = new LinkedHashMap<>(slots);
        nextSlots.remove(existing.name());
        return new SObjectDef(name, label, labelPlural, keyPrefix, bulkSupported, replicateable, next, nextSlots,
                slotCount);
    }

    @Override
    public String toString() {
        return name;
    }
}
