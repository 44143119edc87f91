package io.sfsync.emulator.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The records of one sObject type. Generated rows are computed on demand from {@link DemoData}; only rows that were
 * changed or created are stored, each as an immutable array of values by slot, replaced whole on every change so that a
 * reader holding an array holds a consistent snapshot of that row.
 */
public final class ObjectTable {
    private volatile SObjectDef def;
    private final DemoData.TypeGenerator generator;
    private final int generated;
    private final AtomicInteger next;
    private final ConcurrentHashMap<Integer, Object[]> stored = new ConcurrentHashMap<>();
    private final Set<Integer> purged = ConcurrentHashMap.newKeySet();
    /** Where formulas find parents and the org clock. */
    private final Org org;

    ObjectTable(SObjectDef def, DemoData data, Org org) {
        this.def = def;
        this.org = org;
        this.generator = data.forType(def);
        this.generated = def.name().equals("OpportunityStage") ? DemoSchema.STAGES.size() : data.volume(def.name());
        this.next = new AtomicInteger(generated);
    }

    public SObjectDef def() {
        return def;
    }

    void redefine(SObjectDef next) {
        this.def = next;
    }

    /** Rows ever allocated (generated plus created), including deleted and purged ones. */
    public int rowLimit() {
        return next.get();
    }

    public int generatedRows() {
        return generated;
    }

    /** Rows that were changed or created since start. */
    public int storedRows() {
        return stored.size();
    }

    /** Whether row {@code r} exists at all (it may be in the recycle bin). */
    public boolean exists(int r) {
        return r >= 0 && r < next.get() && !purged.contains(r);
    }

    /** The stored version of a row, or null when it is still as generated. */
    public Object[] storedRow(int r) {
        return stored.get(r);
    }

    /** A view of row {@code r} as it is now, or null when it does not exist. */
    public RowView row(int r) {
        if (!exists(r)) {
            return null;
        }
        return new Row(def, r, stored.get(r));
    }

    /** A view of row {@code r} bound to a stored version captured earlier (null = generated). */
    public RowView row(SObjectDef type, int r, Object[] version) {
        return new Row(type, r, version);
    }

    /** Whether the row is in the recycle bin. */
    public boolean isDeleted(int r) {
        Object[] s = stored.get(r);
        FieldDef f = def.field("IsDeleted");
        return s != null && f != null && Boolean.TRUE.equals(s[def.slot(f)]);
    }

    Object value(SObjectDef type, int r, Object[] version, FieldDef f) {
        FieldType t = f.type();
        if (t.isCompound()) {
            return compound(type, r, version, f);
        }
        if (f.calculated()) {
            return formula(type, r, version, f);
        }
        if (version != null) {
            int slot = type.slot(f);
            return slot < version.length ? version[slot] : null;
        }
        return r < generated ? generator.value(r, f) : null;
    }

    private Object formula(SObjectDef type, int r, Object[] version, FieldDef f) {
        return f.formula().evaluate(f, new Row(type, r, version), org, org.clock());
    }

    private Object compound(SObjectDef type, int r, Object[] version, FieldDef f) {
        Map<String, Object> parts = new LinkedHashMap<>();
        boolean any = false;
        for (FieldDef c : type.fields()) {
            if (f.name().equals(c.compoundFieldName())) {
                Object v = value(type, r, version, c);
                any |= v != null;
                parts.put(componentKey(f, c), v);
            }
        }
        return any ? parts : null;
    }

    /** The key of a component inside a compound value: {@code BillingCity} -> {@code city}. */
    static String componentKey(FieldDef compound, FieldDef component) {
        String n = component.name();
        String prefix = compound.name().endsWith("__c")
                ? compound.name().substring(0, compound.name().length() - 3) + "__"
                : compound.name().substring(0, compound.name().length() - "Address".length());
        String rest = n.startsWith(prefix) ? n.substring(prefix.length()) : n;
        rest = rest.endsWith("__s") ? rest.substring(0, rest.length() - 3) : rest;
        return Character.toLowerCase(rest.charAt(0)) + rest.substring(1);
    }

    /** Every stored value of a row as it is now, by slot (generated rows are materialised). */
    Object[] materialise(int r) {
        SObjectDef type = def;
        Object[] current = stored.get(r);
        Object[] out = new Object[type.slotCount()];
        if (current != null) {
            System.arraycopy(current, 0, out, 0, Math.min(current.length, out.length));
            return out;
        }
        for (FieldDef f : type.fields()) {
            if (!f.type().isCompound() && !f.calculated()) {
                out[type.slot(f)] = value(type, r, null, f);
            }
        }
        return out;
    }

    /** Allocates a new row number and stores its first version. */
    int insert(Object[] values) {
        int r = next.getAndIncrement();
        String id = Ids.of(def.keyPrefix(), r);
        values[def.slot(def.field("Id"))] = id;
        stored.put(r, values);
        return r;
    }

    void put(int r, Object[] values) {
        stored.put(r, values);
    }

    void purge(int r) {
        purged.add(r);
        stored.remove(r);
    }

    /** Fills the values Salesforce derives from others (names, Opportunity stage fields). */
    void derive(Object[] v) {
        SObjectDef type = def;
        FieldDef name = type.field("Name");
        if (name != null && !name.createable() && type.field("LastName") != null) {
            Object first = v[type.slot(type.field("FirstName"))];
            Object last = v[type.slot(type.field("LastName"))];
            v[type.slot(name)] = first == null ? last : first + " " + last;
        }
        if (type.name().equals("Opportunity")) {
            int stage = DemoData.OpportunityStages.indexOf((String) v[type.slot(type.field("StageName"))]);
            if (stage >= 0) {
                v[type.slot(type.field("IsClosed"))] = DemoData.OpportunityStages.closed(stage);
                v[type.slot(type.field("IsWon"))] = DemoData.OpportunityStages.won(stage);
                v[type.slot(type.field("ForecastCategory"))] = DemoData.OpportunityStages.forecast(stage);
                int probability = type.slot(type.field("Probability"));
                if (v[probability] == null) {
                    v[probability] = BigDecimal.valueOf(DemoData.OpportunityStages.probability(stage));
                }
            }
            Object close = v[type.slot(type.field("CloseDate"))];
            if (close instanceof LocalDate d) {
                v[type.slot(type.field("FiscalYear"))] = d.getYear();
                v[type.slot(type.field("FiscalQuarter"))] = (d.getMonthValue() - 1) / 3 + 1;
            }
        }
    }

    static Instant utcMidnight(LocalDate d) {
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** A record of this table at one version. */
    private final class Row implements RowView {
        private final SObjectDef type;
        private final int r;
        private final Object[] version;

        Row(SObjectDef type, int r, Object[] version) {
            this.type = type;
            this.r = r;
            this.version = version;
        }

        @Override
        public SObjectDef type() {
            return type;
        }

        @Override
        public Object get(FieldDef field) {
            return value(type, r, version, field);
        }

        @Override
        public String id() {
            return Ids.of(type.keyPrefix(), r);
        }

        @Override
        public String toString() {
            return type.name() + "#" + r;
        }
    }
}
