package io.sfsync.emulator.dml;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Ids;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.SObjectDef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record writes of one request or one Bulk job, checked the way Salesforce checks a DML row and then applied
 * through the {@link Org} (so queries, the journal and the audit fields see them). Checking and applying are separate
 * steps so that an all-or-none request can check every record before it writes any. A row's failure is a
 * {@link RowError}, never an exception. Not thread-safe: one instance serves one request or job.
 *
 * <p>Error codes and messages follow what real orgs return: REQUIRED_FIELD_MISSING, INVALID_FIELD_FOR_INSERT_UPDATE,
 * MALFORMED_ID, ENTITY_IS_DELETED, DUPLICATE_VALUE and DUPLICATE_EXTERNAL_ID (the last two as in the SOAP API's
 * upsert() documentation and client code that parses them: "duplicate value found: F duplicates value on record with
 * id: X", "F: more than one record found for external id field: [a, b]"). For an Id that was never issued the org
 * answers INVALID_CROSS_REFERENCE_KEY "invalid cross reference id" (unverified against a live org).
 */
public final class Dml {
    private static final String PENDING = "pending";

    /** What a write does. */
    public enum Op {
        INSERT, UPDATE, DELETE, HARD_DELETE
    }

    /** A checked write: ready to {@link #apply}, or failed with {@link #error}. */
    public static final class Write {
        private final Op op;
        private final SObjectDef type;
        private final String id;
        private final Map<FieldDef, Object> values;
        private final RowError error;

        private Write(Op op, SObjectDef type, String id, Map<FieldDef, Object> values, RowError error) {
            this.op = op;
            this.type = type;
            this.id = id;
            this.values = values;
            this.error = error;
        }

        public RowError error() {
            return error;
        }

        /** The record's Id when known before applying (updates and deletes). */
        public String id() {
            return id;
        }

        /** Whether applying it creates a record. */
        public boolean creates() {
            return op == Op.INSERT;
        }
    }

    /** What became of a write: the record's Id, whether it was created, or the error. */
    public record Result(String id, boolean created, RowError error) {
        public boolean success() {
            return error == null;
        }
    }

    private final Org org;
    /** type.field -> the index of that field (unique and external id fields), built when first needed. */
    private final Map<String, Index> indexes = new HashMap<>();

    public Dml(Org org) {
        this.org = org;
    }

    /** A failed write: for errors found before the values could be read. */
    public static Write failed(RowError error) {
        return failed(null, error);
    }

    /** A failed write of the record {@code id} names (null when none). */
    public static Write failed(String id, RowError error) {
        return new Write(null, null, id, Map.of(), error);
    }

    public Write insert(SObjectDef type, Map<FieldDef, Object> values) {
        try {
            for (FieldDef f : values.keySet()) {
                if (!f.createable()) {
                    throw notWritable(f);
                }
            }
            List<String> missing = new ArrayList<>();
            for (FieldDef f : type.fields()) {
                if (!f.nillable() && f.createable() && !f.defaultedOnCreate() && f.type() != FieldType.BOOLEAN
                        && values.get(f) == null) {
                    missing.add(f.name());
                }
            }
            if (!missing.isEmpty()) {
                throw new ApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing,
                        missing);
            }
            checkReferences(values);
            claimUnique(type, null, values);
            return new Write(Op.INSERT, type, null, values, null);
        } catch (ApiException e) {
            return failed(RowError.of(e));
        }
    }

    public Write update(SObjectDef type, String rawId, Map<FieldDef, Object> values) {
        try {
            String id = liveId(type, rawId);
            for (Map.Entry<FieldDef, Object> e : values.entrySet()) {
                FieldDef f = e.getKey();
                if (!f.updateable()) {
                    throw notWritable(f);
                }
                if (e.getValue() == null && !f.nillable() && f.type() != FieldType.BOOLEAN) {
                    throw new ApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: ["
                            + f.name() + "]", List.of(f.name()));
                }
            }
            checkReferences(values);
            claimUnique(type, id, values);
            return new Write(Op.UPDATE, type, id, values, null);
        } catch (ApiException e) {
            return failed(rawId, RowError.of(e));
        }
    }

    /**
     * An upsert on {@code key} (an external id field, or Id): an update of the one live record holding
     * {@code keyValue}, else an insert. {@code values} holds the key field when it is an external id; on Id, a null
     * {@code keyValue} inserts.
     */
    public Write upsert(SObjectDef type, FieldDef key, Object keyValue, Map<FieldDef, Object> values) {
        if (key.type() == FieldType.ID) {
            // Upserting on Id: a record without one is created ("Upsert Records Using sObject Collections").
            return keyValue == null ? insert(type, values) : update(type, (String) keyValue, values);
        }
        if (keyValue == null) {
            return failed(new RowError("MISSING_ARGUMENT", key.name() + " not specified", List.of()));
        }
        List<String> matches = index(type, key).holders(TextValues.key(keyValue));
        if (matches.size() > 1) {
            return failed(new RowError("DUPLICATE_EXTERNAL_ID", key.label() + ": more than one record found for"
                    + " external id field: " + matches, List.of(key.name())));
        }
        if (matches.size() == 1 && !matches.get(0).equals(PENDING)) {
            Map<FieldDef, Object> changes = new LinkedHashMap<>(values);
            changes.remove(key);
            return update(type, matches.get(0), changes);
        }
        return insert(type, values);
    }

    /** A delete to the recycle bin, or a hard delete; {@code type} may be null (any type). */
    public Write delete(SObjectDef type, String rawId, boolean hard) {
        try {
            String id = liveId(type, rawId);
            SObjectDef actual = org.locate(id).table().def();
            if (actual.field("IsDeleted") == null) {
                throw new ApiException(400, "INVALID_TYPE_FOR_OPERATION", "entity type cannot be deleted");
            }
            return new Write(hard ? Op.HARD_DELETE : Op.DELETE, actual, id, Map.of(), null);
        } catch (ApiException e) {
            return failed(rawId, RowError.of(e));
        }
    }

    /** Applies a checked write (a failed one is returned as it is). */
    public Result apply(Write w) {
        if (w.error != null) {
            return new Result(w.id, false, w.error);
        }
        try {
            switch (w.op) {
                case INSERT -> {
                    String id = org.create(w.type.name(), w.values);
                    settle(w.type, id, w.values, true);
                    return new Result(id, true, null);
                }
                case UPDATE -> {
                    org.update(w.id, w.values);
                    settle(w.type, w.id, w.values, false);
                }
                case DELETE -> {
                    org.delete(w.id);
                    forget(w.type, w.id);
                }
                case HARD_DELETE -> {
                    org.hardDelete(w.id);
                    forget(w.type, w.id);
                }
                default -> throw new IllegalStateException(w.op.name());
            }
            return new Result(w.id, false, null);
        } catch (ApiException e) {
            // Another request changed the record between check and apply.
            return new Result(w.id, false, RowError.of(e));
        }
    }

    /** The live record an Id names, as an 18-character Id; the record's error otherwise. */
    private String liveId(SObjectDef type, String rawId) {
        String id = rawId == null ? null : Ids.to18(rawId.trim());
        if (id == null || type != null && !Ids.keyPrefix(id).equals(type.keyPrefix())) {
            String label = type == null ? "Record ID" : type.label() + " ID";
            throw new ApiException(400, "MALFORMED_ID", label + ": id value of incorrect type: " + rawId,
                    List.of("Id"));
        }
        Org.Locator l = org.locate(id);
        if (l == null) {
            ObjectTable t = type != null ? org.table(type.name()) : org.tableOfPrefix(Ids.keyPrefix(id));
            boolean issued = t != null && Ids.number(id) >= 0 && Ids.number(id) < t.rowLimit();
            if (issued) {
                throw new ApiException(400, "ENTITY_IS_DELETED", "entity is deleted", List.of());
            }
            throw new ApiException(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of());
        }
        if (l.table().isDeleted(l.row())) {
            throw new ApiException(400, "ENTITY_IS_DELETED", "entity is deleted", List.of());
        }
        return id;
    }

    /**
     * A lookup must name a live record of a type it may point to. Targets the org does not model (Group) are taken on
     * trust.
     */
    private void checkReferences(Map<FieldDef, Object> values) {
        for (Map.Entry<FieldDef, Object> e : values.entrySet()) {
            FieldDef f = e.getKey();
            if (f.type() != FieldType.REFERENCE || e.getValue() == null) {
                continue;
            }
            String id = (String) e.getValue();
            Org.Locator l = org.locate(id);
            boolean allModelled = f.referenceTo().stream().allMatch(t -> org.table(t) != null);
            if (l == null) {
                if (allModelled || org.tableOfPrefix(Ids.keyPrefix(id)) != null) {
                    throw new ApiException(400, "INVALID_CROSS_REFERENCE_KEY", f.label() + ": id value of incorrect"
                            + " type: " + id, List.of(f.name()));
                }
                continue;
            }
            if (!f.referenceTo().contains(l.table().def().name())) {
                throw new ApiException(400, "FIELD_INTEGRITY_EXCEPTION", f.label() + ": id value of incorrect type: "
                        + id, List.of(f.name()));
            }
            if (l.table().isDeleted(l.row())) {
                throw new ApiException(400, "ENTITY_IS_DELETED", "entity is deleted", List.of(f.name()));
            }
        }
    }

    /** Unique fields: DUPLICATE_VALUE when another live (or already claimed) record holds the value. */
    private void claimUnique(SObjectDef type, String selfId, Map<FieldDef, Object> values) {
        List<Map.Entry<Index, String>> claims = new ArrayList<>();
        for (Map.Entry<FieldDef, Object> e : values.entrySet()) {
            FieldDef f = e.getKey();
            if (!f.unique() || e.getValue() == null) {
                continue;
            }
            Index index = index(type, f);
            String k = TextValues.key(e.getValue());
            for (String holder : index.holders(k)) {
                if (!holder.equals(selfId)) {
                    throw new ApiException(400, "DUPLICATE_VALUE", "duplicate value found: " + f.name()
                            + " duplicates value on record with id: " + (holder.equals(PENDING) ? "" : holder),
                            List.of(f.name()));
                }
            }
            claims.add(Map.entry(index, k));
        }
        for (Map.Entry<Index, String> c : claims) {
            c.getKey().claim(c.getValue(), selfId == null ? PENDING : selfId);
        }
    }

    /** After a write: the indexes hold the record's new values under its Id (in place of an insert's claim). */
    private void settle(SObjectDef type, String id, Map<FieldDef, Object> values, boolean created) {
        for (Map.Entry<FieldDef, Object> e : values.entrySet()) {
            Index index = indexes.get(indexKey(type, e.getKey()));
            if (index != null) {
                index.put(id, e.getValue() == null ? null : TextValues.key(e.getValue()), created);
            }
        }
    }

    private void forget(SObjectDef type, String id) {
        indexes.forEach((k, index) -> {
            if (k.startsWith(type.name() + ".")) {
                index.remove(id);
            }
        });
    }

    /** The index of a type's field, built once per request or job from the org's live records. */
    private Index index(SObjectDef type, FieldDef f) {
        return indexes.computeIfAbsent(indexKey(type, f), k -> new Index(org.liveValues(type.name(), f)));
    }

    /**
     * Value -> Ids of the live records holding it (and {@link #PENDING} claims of checked inserts), with the reverse
     * map so that a write moves a record in constant time: a job of many rows must not rescan the index per row.
     */
    private static final class Index {
        private final Map<String, List<String>> byValue;
        private final Map<String, String> valueOf = new HashMap<>();

        Index(Map<String, List<String>> byValue) {
            this.byValue = byValue;
            byValue.forEach((k, ids) -> ids.forEach(id -> valueOf.put(id, k)));
        }

        List<String> holders(String k) {
            return byValue.getOrDefault(k, List.of());
        }

        void claim(String k, String holder) {
            byValue.computeIfAbsent(k, x -> new ArrayList<>()).add(holder);
        }

        /** Record {@code id} now holds {@code k} (null: no value); a created record replaces its insert's claim. */
        void put(String id, String k, boolean created) {
            String old = valueOf.remove(id);
            if (old != null && !old.equals(k)) {
                byValue.get(old).remove(id);
            }
            if (k == null) {
                return;
            }
            List<String> ids = byValue.computeIfAbsent(k, x -> new ArrayList<>());
            if (created) {
                ids.remove(PENDING);
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
            valueOf.put(id, k);
        }

        void remove(String id) {
            String old = valueOf.remove(id);
            if (old != null) {
                byValue.get(old).remove(id);
            }
        }
    }

    private static String indexKey(SObjectDef type, FieldDef f) {
        return type.name() + "." + f.name();
    }

    private static ApiException notWritable(FieldDef f) {
        return new ApiException(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + f.name()
                + ". Please check the security settings of this field and verify that it is read/write for your"
                + " profile or permission set.", List.of(f.name()));
    }
}
