package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.RowResolver;
import io.sfsync.emulator.model.RowView;
import io.sfsync.emulator.model.SObjectDef;
import java.util.ArrayList;
import java.util.List;

/** A field of the queried type ({@code Name}) or reached through parent relationships ({@code Account.Owner.Email}). */
public final class FieldPath {
    private final List<FieldDef> references;
    private final FieldDef field;
    private final List<String> relationshipNames;
    private final String canonicalName;
    /** The references followed by the final field: step i is read from the record reached after i hops. */
    private final FieldDef[] steps;
    /** The type each step was validated on; rows of another type (polymorphic targets, schema drift) look it up. */
    private final SObjectDef[] owners;
    /** Per step, the last other type seen at run time and its field of that name; racy but immutable entries. */
    private final Memo[] memos;

    FieldPath(List<FieldDef> references, FieldDef field, List<SObjectDef> owners) {
        this.references = List.copyOf(references);
        this.field = field;
        List<String> names = new ArrayList<>();
        StringBuilder canonical = new StringBuilder();
        for (FieldDef r : references) {
            names.add(r.relationshipName());
            canonical.append(r.relationshipName()).append('.');
        }
        this.relationshipNames = List.copyOf(names);
        this.canonicalName = canonical.append(field.name()).toString();
        this.steps = new FieldDef[references.size() + 1];
        for (int i = 0; i < references.size(); i++) {
            steps[i] = references.get(i);
        }
        steps[references.size()] = field;
        this.owners = owners.toArray(SObjectDef[]::new);
        this.memos = new Memo[steps.length];
    }

    /** The reference fields traversed ({@code OwnerId} for {@code Owner.Name}); empty for a plain field. */
    public List<FieldDef> references() {
        return references;
    }

    /** The final field, on the type reached by the last reference. */
    public FieldDef field() {
        return field;
    }

    /** The path in API-name casing ({@code Owner.Name}) whatever the query's casing. */
    public String canonicalName() {
        return canonicalName;
    }

    /** The canonical relationship names traversed ({@code Owner}), for building nested records. */
    public List<String> relationshipNames() {
        return relationshipNames;
    }

    /** The value at the end of the path; null when a reference on the way is null or does not resolve. */
    public Object value(RowView row, EvalContext ctx) {
        RowView current = row;
        int last = steps.length - 1;
        for (int i = 0; i < last; i++) {
            current = hop(current, i, ctx);
            if (current == null) {
                return null;
            }
        }
        return read(current, last);
    }

    /** The record reached after {@code hops} references (0 = {@code row}), or null when a hop is null. */
    public RowView parent(RowView row, int hops, EvalContext ctx) {
        if (hops < 0 || hops > references.size()) {
            throw new IllegalArgumentException("hops " + hops + " outside 0.." + references.size());
        }
        RowView current = row;
        for (int i = 0; i < hops && current != null; i++) {
            current = hop(current, i, ctx);
        }
        return current;
    }

    private RowView hop(RowView row, int step, EvalContext ctx) {
        Object id = read(row, step);
        RowResolver resolver = ctx.resolver();
        if (id == null || resolver == null) {
            return null;
        }
        return resolver.byId(ValueKind.text(id));
    }

    private Object read(RowView row, int step) {
        SObjectDef type = row.type();
        FieldDef f = type == owners[step] ? steps[step] : lookup(type, step);
        return f == null ? null : row.get(f);
    }

    private FieldDef lookup(SObjectDef type, int step) {
        Memo m = memos[step];
        if (m == null || m.type() != type) {
            m = new Memo(type, type.field(steps[step].name()));
            memos[step] = m;
        }
        return m.field();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPath p && p.canonicalName.equals(canonicalName)
                && p.owners[0].name().equals(owners[0].name());
    }

    @Override
    public int hashCode() {
        return canonicalName.hashCode();
    }

    @Override
    public String toString() {
        return canonicalName;
    }

    /** A type seen at run time and its field for one step (null when that type lacks it). */
    private record Memo(SObjectDef type, FieldDef field) {
    }
}
