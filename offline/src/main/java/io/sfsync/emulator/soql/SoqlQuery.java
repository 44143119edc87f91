package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.RowView;
import io.sfsync.emulator.model.SObjectDef;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** A parsed and validated SOQL query: what to select from which type, and the compiled filter, order and window. */
public final class SoqlQuery {
    private final String text;
    private final SObjectDef sobject;
    private final boolean count;
    private final FieldPath countField;
    private final String countAlias;
    private final List<FieldPath> select;
    private final Condition where;
    private final Set<FieldDef> whereFields;
    private final List<OrderKey> orderBy;
    private final int limit;
    private final int offset;

    SoqlQuery(String text, SObjectDef sobject, boolean count, FieldPath countField, String countAlias,
            List<FieldPath> select, Condition where, Set<FieldDef> whereFields, List<OrderKey> orderBy,
            int limit, int offset) {
        this.text = text;
        this.sobject = sobject;
        this.count = count;
        this.countField = countField;
        this.countAlias = countAlias;
        this.select = List.copyOf(select);
        this.where = where;
        this.whereFields = Set.copyOf(whereFields);
        this.orderBy = List.copyOf(orderBy);
        this.limit = limit;
        this.offset = offset;
    }

    /** The FROM type. */
    public SObjectDef sobject() {
        return sobject;
    }

    /** {@code SELECT COUNT()}: the answer is the number of matching rows, no records. */
    public boolean isCount() {
        return count;
    }

    /**
     * For {@code SELECT COUNT(field) [alias]}: the counted field (rows where it is non-null count), else null. Such a
     * query returns one AggregateResult record; {@link #isCount()} is false and {@link #select()} empty.
     */
    public FieldPath countField() {
        return countField;
    }

    /** The AggregateResult key of {@link #countField()}: its alias, or {@code expr0}; null for other queries. */
    public String countAlias() {
        return countAlias;
    }

    /** The selected fields in SELECT order; empty for COUNT queries. */
    public List<FieldPath> select() {
        return select;
    }

    /** Whether the row passes the WHERE clause (always, without one). */
    public boolean matches(RowView row, EvalContext ctx) {
        return where == null || where.test(row, ctx);
    }

    /** The ORDER BY order, ending with Id so it is total; null without ORDER BY. */
    public Comparator<RowView> ordering(EvalContext ctx) {
        if (orderBy.isEmpty()) {
            return null;
        }
        OrderKey[] keys = orderBy.toArray(OrderKey[]::new);
        return (a, b) -> compare(keys, a, b, ctx);
    }

    private int compare(OrderKey[] keys, RowView a, RowView b, EvalContext ctx) {
        for (OrderKey k : keys) {
            Object x = k.path().value(a, ctx);
            Object y = k.path().value(b, ctx);
            if (x == null || y == null) {
                if (x == y) {
                    continue;
                }
                return (x == null) == k.nullsFirst() ? -1 : 1;
            }
            int c = k.kind().compare(x, y);
            if (c != 0) {
                return k.descending() ? (c > 0 ? -1 : 1) : c;
            }
        }
        String ia = a.id();
        String ib = b.id();
        if (ia == null || ib == null) {
            return ia == ib ? 0 : ia == null ? -1 : 1;
        }
        return ia.compareTo(ib);
    }

    /** True when rows come in natural Id order: no ORDER BY, or exactly {@code ORDER BY Id [ASC]}. */
    public boolean orderedById() {
        if (orderBy.isEmpty()) {
            return true;
        }
        OrderKey k = orderBy.get(0);
        return orderBy.size() == 1 && !k.descending() && k.path().references().isEmpty()
                && k.path().field().name().equals("Id");
    }

    /** LIMIT, or -1 without one. */
    public int limit() {
        return limit;
    }

    /** OFFSET, or 0 without one. */
    public int offset() {
        return offset;
    }

    /** The query text as given. */
    public String text() {
        return text;
    }

    /** Fields of {@link #sobject()} the WHERE clause reads (the first reference for relationship paths). */
    public Set<FieldDef> whereFields() {
        return whereFields;
    }

    @Override
    public String toString() {
        return text;
    }

    /** One compiled ORDER BY item. */
    record OrderKey(FieldPath path, ValueKind kind, boolean descending, boolean nullsFirst) {
    }
}
