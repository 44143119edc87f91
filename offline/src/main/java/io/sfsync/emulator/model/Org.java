package io.sfsync.emulator.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.SalesforceLimits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The data of the emulated org: its types, their records, and the record changes DML makes. Every change moves
 * {@code LastModifiedDate} and {@code SystemModstamp} to the org clock's current second.
 */
public final class Org implements Schema, RowResolver {
    private final Map<String, ObjectTable> byLowerName = new ConcurrentHashMap<>();
    private final Map<String, ObjectTable> byPrefix = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final OrgClock clock;
    private final String orgId;
    private final DemoData data;
    private Journal journal;
    /** The time of the change being replayed from the journal; null when changes happen now. */
    private volatile Instant replayAt;

    public Org(List<SObjectDef> types, DemoData data, OrgClock clock) {
        this.clock = clock;
        this.data = data;
        this.orgId = Ids.of("00D", 1);
        for (SObjectDef t : types) {
            ObjectTable table = new ObjectTable(t, data, this);
            byLowerName.put(t.name().toLowerCase(Locale.ROOT), table);
            byPrefix.put(t.keyPrefix(), table);
            order.add(t.name());
        }
    }

    /** Records every later change in {@code j}, after replaying the changes it already holds. */
    public synchronized void journal(Journal j) {
        j.replay(this);
        this.journal = j;
    }

    private Instant now() {
        return replayAt != null ? replayAt : clock.now();
    }

    private void log(com.fasterxml.jackson.databind.node.ObjectNode entry) {
        if (journal != null) {
            journal.append(entry);
        }
    }

    /** Replays one journal entry with its original time. */
    void apply(com.fasterxml.jackson.databind.JsonNode e) {
        replayAt = Instant.parse(e.get("at").asText());
        try {
            String op = e.get("op").asText();
            switch (op) {
                case "create" -> {
                    String type = e.get("type").asText();
                    String id = create(type, Journal.decode(requireTable(type).def(), e.get("values")));
                    if (!id.equals(e.get("id").asText())) {
                        throw new IllegalStateException("journal replay diverged: created " + id + ", journal has "
                                + e.get("id").asText() + " (was the seed or a volume changed?)");
                    }
                }
                case "update" -> {
                    Locator l = locate(e.get("id").asText());
                    update(e.get("id").asText(), Journal.decode(l.table().def(), e.get("values")));
                }
                case "delete" -> delete(e.get("id").asText());
                case "undelete" -> undelete(e.get("id").asText());
                case "hardDelete" -> hardDelete(e.get("id").asText());
                case "touch" -> touch(e.get("id").asText());
                case "defineField" -> defineField(e.get("type").asText(), journaledField(e));
                case "removeField" -> removeField(e.get("type").asText(), e.get("name").asText());
                default -> throw new IllegalStateException("unknown journal entry " + op);
            }
        } finally {
            replayAt = null;
        }
    }

    public String orgId() {
        return orgId;
    }

    public OrgClock clock() {
        return clock;
    }

    public DemoData data() {
        return data;
    }

    /** The Id of the demo org's first user, who owns and changes what API calls create. */
    public String integrationUserId() {
        return Ids.of("005", 0);
    }

    @Override
    public SObjectDef find(String name) {
        ObjectTable t = table(name);
        return t == null ? null : t.def();
    }

    @Override
    public Collection<SObjectDef> all() {
        List<SObjectDef> out = new ArrayList<>();
        for (String n : order) {
            out.add(find(n));
        }
        return out;
    }

    /** The table of a type, any case, or null. */
    public ObjectTable table(String name) {
        return name == null ? null : byLowerName.get(name.toLowerCase(Locale.ROOT));
    }

    /** The table of a type; INVALID_TYPE-style 404 NOT_FOUND when unknown. */
    public ObjectTable requireTable(String name) {
        ObjectTable t = table(name);
        if (t == null) {
            throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
        }
        return t;
    }

    @Override
    public RowView byId(String id) {
        Locator l = locate(id);
        return l == null ? null : l.table.row(l.row);
    }

    /** Where a record lives, or null when the Id is not one of this org's records. */
    public Locator locate(String id) {
        ObjectTable t = byPrefix.get(Ids.keyPrefix(id));
        long n = Ids.number(id);
        if (t == null || n < 0 || n > Integer.MAX_VALUE || !t.exists((int) n)) {
            return null;
        }
        return new Locator(t, (int) n);
    }

    /** The table whose records have Ids with this key prefix, or null. */
    public ObjectTable tableOfPrefix(String keyPrefix) {
        return byPrefix.get(keyPrefix);
    }

    /**
     * The live records of a type by their value of {@code field}: value (text lower-cased, as external ids match
     * case-insensitively) -> Ids, oldest first. Null values are left out. For upserts and unique-field checks.
     */
    public Map<String, List<String>> liveValues(String type, FieldDef field) {
        ObjectTable t = requireTable(type);
        Map<String, List<String>> out = new java.util.HashMap<>();
        int rows = t.rowLimit();
        for (int r = 0; r < rows; r++) {
            if (!t.exists(r) || t.isDeleted(r)) {
                continue;
            }
            Object v = t.row(r).get(field);
            if (v != null) {
                String key = v instanceof String s ? s.toLowerCase(Locale.ROOT) : v.toString();
                out.computeIfAbsent(key, k -> new ArrayList<>()).add(Ids.of(t.def().keyPrefix(), r));
            }
        }
        return out;
    }

    /** Creates a record; {@code values} holds the fields the caller set. Returns the new Id. */
    public String create(String type, Map<FieldDef, Object> values) {
        ObjectTable t = requireTable(type);
        synchronized (t) {
            SObjectDef def = t.def();
            Object[] v = new Object[def.slotCount()];
            Instant now = now();
            for (FieldDef f : def.fields()) {
                if (f.type() == FieldType.BOOLEAN) {
                    v[def.slot(f)] = Boolean.FALSE;
                }
            }
            values.forEach((f, value) -> v[def.slot(f)] = value);
            List<String> missing = new ArrayList<>();
            for (FieldDef f : def.fields()) {
                if (!f.nillable() && f.createable() && !f.defaultedOnCreate() && v[def.slot(f)] == null) {
                    missing.add(f.name());
                }
            }
            if (!missing.isEmpty()) {
                throw new ApiException(400, "REQUIRED_FIELD_MISSING",
                        "Required fields are missing: " + missing, missing);
            }
            setIfPresent(def, v, "OwnerId", v[slotOf(def, "OwnerId")] == null ? integrationUserId() : null);
            setIfPresent(def, v, "CreatedDate", now);
            setIfPresent(def, v, "CreatedById", integrationUserId());
            stamp(def, v, now, true);
            t.derive(v);
            int r = t.insert(v);
            String id = Ids.of(def.keyPrefix(), r);
            log(Journal.entry("create", now).put("type", def.name()).put("id", id).set("values",
                    Journal.encode(values)));
            return id;
        }
    }

    /** Updates the fields given; the record must exist and not be deleted. */
    public void update(String id, Map<FieldDef, Object> values) {
        Locator l = live(id);
        synchronized (l.table) {
            SObjectDef def = l.table.def();
            Object[] v = l.table.materialise(l.row);
            values.forEach((f, value) -> v[def.slot(f)] = value);
            Instant now = now();
            stamp(def, v, now, true);
            l.table.derive(v);
            l.table.put(l.row, v);
            log(Journal.entry("update", now).put("id", id).set("values", Journal.encode(values)));
        }
    }

    /** Moves a record to the recycle bin. */
    public void delete(String id) {
        Locator l = live(id);
        setDeleted(l, true);
    }

    /** Restores a record from the recycle bin. */
    public void undelete(String id) {
        Locator l = locate(id);
        if (l == null) {
            throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
        }
        if (!l.table.isDeleted(l.row)) {
            throw new ApiException(400, "UNDELETE_FAILED", "Entity is not in the recycle bin");
        }
        setDeleted(l, false);
    }

    /** Removes a record with no trace: not even queryAll sees it again. */
    public void hardDelete(String id) {
        Locator l = locate(id);
        if (l == null) {
            throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
        }
        synchronized (l.table) {
            l.table.purge(l.row);
            log(Journal.entry("hardDelete", now()).put("id", id));
        }
    }

    /** A change made by the system, not a user: only {@code SystemModstamp} moves. */
    public void touch(String id) {
        Locator l = locate(id);
        if (l == null) {
            throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
        }
        synchronized (l.table) {
            SObjectDef def = l.table.def();
            Object[] v = l.table.materialise(l.row);
            Instant now = now();
            stamp(def, v, now, false);
            l.table.put(l.row, v);
            log(Journal.entry("touch", now).put("id", id));
        }
    }

    /**
     * A user change to {@code count} live records of a type, spread evenly over its rows: a text field gets a new
     * value, so {@code LastModifiedDate} and {@code SystemModstamp} move. For benchmarks and tests of incremental runs.
     * Returns how many records changed.
     */
    public int changeMany(String type, int count) {
        ObjectTable t = requireTable(type);
        SObjectDef def = t.def();
        FieldDef field = def.field("Description");
        for (FieldDef f : def.fields()) {
            if (field == null && f.updateable() && f.type() == FieldType.TEXTAREA && f.nillable()) {
                field = f;
            }
        }
        if (field == null) {
            throw new ApiException(400, "INVALID_FIELD", type + " has no updateable text area to change");
        }
        int rows = t.rowLimit();
        int step = Math.max(1, rows / Math.max(1, count));
        int changed = 0;
        for (int r = 0; r < rows && changed < count; r += step) {
            if (t.exists(r) && !t.isDeleted(r)) {
                update(Ids.of(def.keyPrefix(), r), Map.of(field, "changed at " + now() + " #" + changed));
                changed++;
            }
        }
        return changed;
    }

    /**
     * Adds a type with no records, as if a custom object had just been deployed: describeGlobal, describe, SOQL and
     * Bulk jobs see it at once. Its name and key prefix must be new to the org. Types added this way are not kept in
     * the journal, so an org with a journal refuses them.
     */
    public synchronized SObjectDef defineType(SObjectDef type) {
        if (journal != null) {
            throw new IllegalStateException("types defined at runtime cannot be replayed from a journal; start the"
                    + " emulator without one to define " + type.name());
        }
        if (table(type.name()) != null || byPrefix.containsKey(type.keyPrefix())) {
            throw new ApiException(400, "DUPLICATE_DEVELOPER_NAME", "a type named " + type.name() + " or with key"
                    + " prefix " + type.keyPrefix() + " already exists");
        }
        if (type.field("Id") == null) {
            throw new IllegalArgumentException(type.name() + " has no Id field");
        }
        ObjectTable table = new ObjectTable(type, data, this);
        byPrefix.put(type.keyPrefix(), table);
        byLowerName.put(type.name().toLowerCase(Locale.ROOT), table);
        order.add(type.name());
        return type;
    }

    /** Removes a type (one added with {@link #defineType}) and its records; its name and key prefix become free. */
    public synchronized void dropType(String name) {
        ObjectTable t = requireTable(name);
        order.remove(t.def().name());
        byLowerName.remove(t.def().name().toLowerCase(Locale.ROOT));
        byPrefix.remove(t.def().keyPrefix());
    }

    /**
     * Adds a field to a type, or replaces the definition of an existing one (existing values are kept). Refused, as
     * Salesforce's setup refuses it, when a length is out of range or the type would have more custom fields or long
     * text than {@link SalesforceLimits} allows.
     */
    public SObjectDef defineField(String type, FieldDef field) {
        return defineFields(type, List.of(field));
    }

    /** Adds or replaces several fields of a type at once (all are checked before any is added). */
    public SObjectDef defineFields(String type, List<FieldDef> fields) {
        ObjectTable t = requireTable(type);
        synchronized (t) {
            SObjectDef next = t.def();
            for (FieldDef field : fields) {
                if (replayAt == null) {
                    // A replayed journal's fields were accepted when they were added, perhaps by an older org.
                    checkField(next, field);
                }
                next = next.withField(field);
            }
            t.redefine(next);
            for (FieldDef field : fields) {
                ObjectNode entry = Journal.entry("defineField", now())
                        .put("type", next.name()).put("name", field.name())
                        .put("fieldType", field.type().name()).put("length", field.length())
                        .put("precision", field.precision()).put("scale", field.scale()).put("digits", field.digits())
                        .put("label", field.label()).put("extraTypeInfo", field.extraTypeInfo())
                        .put("fill", field.filled()).put("externalId", field.externalId())
                        .put("unique", field.unique()).put("formula", field.calculatedFormula());
                com.fasterxml.jackson.databind.node.ArrayNode picks = entry.putArray("picklistValues");
                field.picklistValues().forEach(picks::add);
                log(entry);
            }
            return next;
        }
    }

    private static FieldDef journaledField(com.fasterxml.jackson.databind.JsonNode e) {
        FieldDef.Builder b = FieldDef.builder(e.get("name").asText(), FieldType.valueOf(e.get("fieldType").asText()))
                .length(e.get("length").asInt()).precision(e.get("precision").asInt(), e.get("scale").asInt())
                .digits(e.get("digits").asInt()).label(e.get("label").asText())
                .filled(e.path("fill").asBoolean(false));
        if (e.hasNonNull("formula")) {
            b.formula(e.get("formula").asText());
        }
        if (e.hasNonNull("extraTypeInfo")) {
            b.extraTypeInfo(e.get("extraTypeInfo").asText());
        }
        if (e.path("externalId").asBoolean(false)) {
            b.externalId();
        }
        if (e.path("unique").asBoolean(false)) {
            b.unique();
        }
        List<String> picks = new ArrayList<>();
        e.path("picklistValues").forEach(v -> picks.add(v.asText()));
        if (!picks.isEmpty()) {
            b.picklist(picks);
        }
        return b.build();
    }

    /**
     * What Salesforce's setup refuses: lengths out of range, the 801st custom field, too much long text, a formula the
     * org cannot evaluate or whose result does not fit its field.
     */
    private void checkField(SObjectDef type, FieldDef f) {
        FieldDef existing = type.field(f.name());
        if (f.calculated()) {
            try {
                Formula.check(type, this, f);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "INVALID_FIELD", "the formula of " + f.name() + " is not valid: "
                        + e.getMessage());
            }
        }
        if (f.type() == FieldType.STRING && (f.length() < 1 || f.length() > SalesforceLimits.TEXT_LENGTH)) {
            throw new ApiException(400, "INVALID_FIELD", "The length of Text field " + f.name() + " must be from 1 to "
                    + SalesforceLimits.TEXT_LENGTH + " characters, not " + f.length()
                    + "; use a Long Text Area for more");
        }
        if (f.type() == FieldType.TEXTAREA) {
            if (f.longTextArea() || f.extraTypeInfo() != null) {
                if (f.length() < SalesforceLimits.LONG_TEXT_MIN || f.length() > SalesforceLimits.LONG_TEXT_MAX) {
                    throw new ApiException(400, "INVALID_FIELD", "The length of Long or Rich Text Area " + f.name()
                            + " must be from " + SalesforceLimits.LONG_TEXT_MIN + " to " + SalesforceLimits.LONG_TEXT_MAX
                            + " characters, not " + f.length());
                }
            } else if (f.length() != SalesforceLimits.TEXT_AREA_LENGTH) {
                throw new ApiException(400, "INVALID_FIELD", "A Text Area is " + SalesforceLimits.TEXT_AREA_LENGTH
                        + " characters long, not " + f.length() + " (" + f.name() + "); use a Long Text Area for more");
            }
        }
        if (f.custom() && existing == null) {
            long custom = type.fields().stream().filter(FieldDef::custom).count();
            if (custom >= SalesforceLimits.CUSTOM_FIELDS_PER_OBJECT) {
                throw new ApiException(400, "LIMIT_EXCEEDED", type.name() + " already has " + custom
                        + " custom fields, the most an object may have (" + SalesforceLimits.CUSTOM_FIELDS_PER_OBJECT
                        + ", Unlimited Edition); " + f.name() + " was not added");
            }
        }
        if (f.longTextArea()) {
            long declared = f.length();
            for (FieldDef other : type.fields()) {
                if (other.longTextArea() && !other.name().equalsIgnoreCase(f.name())) {
                    declared += other.length();
                }
            }
            if (declared > SalesforceLimits.LONG_TEXT_PER_OBJECT) {
                throw new ApiException(400, "LIMIT_EXCEEDED", "The long and rich text areas of " + type.name()
                        + " would declare " + declared + " characters together, more than the "
                        + SalesforceLimits.LONG_TEXT_PER_OBJECT + " an object may have; " + f.name() + " was not added");
            }
        }
    }

    /** Removes a field from a type; its values are dropped from every view. */
    public SObjectDef removeField(String type, String field) {
        ObjectTable t = requireTable(type);
        synchronized (t) {
            if (t.def().field(field) == null) {
                throw new ApiException(404, "NOT_FOUND", "No such field " + field + " on " + t.def().name());
            }
            t.redefine(t.def().withoutField(field));
            log(Journal.entry("removeField", now()).put("type", t.def().name()).put("name", field));
            return t.def();
        }
    }

    private void setDeleted(Locator l, boolean deleted) {
        synchronized (l.table) {
            SObjectDef def = l.table.def();
            Object[] v = l.table.materialise(l.row);
            v[def.slot(def.field("IsDeleted"))] = deleted;
            Instant now = now();
            stamp(def, v, now, true);
            l.table.put(l.row, v);
            log(Journal.entry(deleted ? "delete" : "undelete", now).put("id", ids(l)));
        }
    }

    private static String ids(Locator l) {
        return Ids.of(l.table.def().keyPrefix(), l.row);
    }

    private Locator live(String id) {
        Locator l = locate(id);
        if (l == null) {
            throw new ApiException(404, "NOT_FOUND", "The requested resource does not exist");
        }
        if (l.table.isDeleted(l.row)) {
            throw new ApiException(404, "ENTITY_IS_DELETED", "entity is deleted");
        }
        return l;
    }

    private void stamp(SObjectDef def, Object[] v, Instant now, boolean user) {
        if (user) {
            setIfPresent(def, v, "LastModifiedDate", now);
            setIfPresent(def, v, "LastModifiedById", integrationUserId());
        }
        setIfPresent(def, v, "SystemModstamp", now);
    }

    private static int slotOf(SObjectDef def, String field) {
        FieldDef f = def.field(field);
        return f == null ? -1 : def.slot(f);
    }

    private static void setIfPresent(SObjectDef def, Object[] v, String field, Object value) {
        int slot = slotOf(def, field);
        if (slot >= 0 && value != null) {
            v[slot] = value;
        }
    }

    /** Counts per type for status reports. */
    public Map<String, Map<String, Integer>> stats() {
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (String n : order) {
            ObjectTable t = table(n);
            out.put(n, Map.of("generated", t.generatedRows(), "allocated", t.rowLimit(), "stored", t.storedRows()));
        }
        return out;
    }

    /** A record's table and row number. */
    public record Locator(ObjectTable table, int row) {
    }
}
