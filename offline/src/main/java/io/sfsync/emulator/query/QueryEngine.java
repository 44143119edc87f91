package io.sfsync.emulator.query;

import io.sfsync.emulator.SalesforceLimits;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.RowView;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.emulator.soql.EvalContext;
import io.sfsync.emulator.soql.SoqlException;
import io.sfsync.emulator.soql.SoqlParser;
import io.sfsync.emulator.soql.SoqlQuery;

import java.util.Arrays;
import java.util.Comparator;

/** Runs SOQL against the org: a scan in Id order with the compiled WHERE, then ORDER BY, OFFSET and LIMIT. */
public final class QueryEngine {
    private final Org org;

    public QueryEngine(Org org) {
        this.org = org;
    }

    /**
     * Parses and validates SOQL against the org's schema (SoqlException on error). A statement longer than
     * {@link SalesforceLimits#SOQL_CHARACTERS} is refused as MALFORMED_QUERY before it is read, and the message does not
     * repeat it.
     */
    public SoqlQuery parse(String soql) {
        if (soql.length() > SalesforceLimits.SOQL_CHARACTERS) {
            throw new SoqlException(SoqlException.MALFORMED_QUERY, SalesforceLimits.SOQL_TOO_LONG);
        }
        return SoqlParser.parse(soql, org);
    }

    public EvalContext context() {
        return new EvalContext(org.clock().now(), org);
    }

    /** Runs a parsed query; {@code includeDeleted} is queryAll's scope (records in the recycle bin too). */
    public ResultSet run(SoqlQuery q, boolean includeDeleted) {
        EvalContext ctx = context();
        ObjectTable table = org.table(q.sobject().name());
        SObjectDef type = table.def();
        int limit = q.limit() < 0 ? Integer.MAX_VALUE : q.limit();
        long wanted = q.offset() + (long) limit;
        boolean natural = q.orderedById();
        int n = table.rowLimit();
        int[] rows = new int[Math.min(n, 1024)];
        Object[][] versions = new Object[rows.length][];
        int count = 0;
        for (int r = 0; r < n && (!natural || count < wanted); r++) {
            if (!table.exists(r)) {
                continue;
            }
            Object[] version = table.storedRow(r);
            if (!includeDeleted && version != null && table.isDeleted(r)) {
                continue;
            }
            RowView row = table.row(type, r, version);
            if (!q.matches(row, ctx)) {
                continue;
            }
            if (count == rows.length) {
                int grown = Math.min(n, Math.max(rows.length * 2, 1024));
                rows = Arrays.copyOf(rows, grown);
                versions = Arrays.copyOf(versions, grown);
            }
            rows[count] = r;
            versions[count] = version;
            count++;
        }
        int[] ordered = order(q, table, type, rows, versions, count, ctx);
        int from = (int) Math.min(count, q.offset());
        int to = (int) Math.min(count, wanted);
        int[] outRows = new int[to - from];
        Object[][] outVersions = new Object[to - from][];
        for (int i = from; i < to; i++) {
            int idx = ordered == null ? i : ordered[i];
            outRows[i - from] = rows[idx];
            outVersions[i - from] = versions[idx];
        }
        return new ResultSet(q, type, table, outRows, outVersions, ctx);
    }

    /** Positions into {@code rows} in ORDER BY order, or null when the scan order (Id) already is the order. */
    private static int[] order(SoqlQuery q, ObjectTable table, SObjectDef type, int[] rows, Object[][] versions,
            int count, EvalContext ctx) {
        if (q.orderedById()) {
            return null;
        }
        Comparator<RowView> cmp = q.ordering(ctx);
        Integer[] idx = new Integer[count];
        RowView[] views = new RowView[count];
        for (int i = 0; i < count; i++) {
            idx[i] = i;
            views[i] = table.row(type, rows[i], versions[i]);
        }
        Arrays.sort(idx, (a, b) -> cmp.compare(views[a], views[b]));
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /** Counts matching rows without keeping them ({@code SELECT COUNT()}), honouring LIMIT. */
    public int count(SoqlQuery q, boolean includeDeleted) {
        return run(q, includeDeleted).size();
    }
}
