package io.sfsync.emulator.query;

import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.RowView;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.emulator.soql.EvalContext;
import io.sfsync.emulator.soql.SoqlQuery;

/**
 * The rows a query matched, frozen when it ran: the row numbers and, for rows that had been changed, the version
 * current at that moment. Later changes do not show through, as with Salesforce's query cursors and Bulk results.
 */
public final class ResultSet {
    private final SoqlQuery query;
    private final SObjectDef type;
    private final ObjectTable table;
    private final int[] rows;
    private final Object[][] versions;
    private final EvalContext context;

    ResultSet(SoqlQuery query, SObjectDef type, ObjectTable table, int[] rows, Object[][] versions,
            EvalContext context) {
        this.query = query;
        this.type = type;
        this.table = table;
        this.rows = rows;
        this.versions = versions;
        this.context = context;
    }

    public SoqlQuery query() {
        return query;
    }

    public SObjectDef type() {
        return type;
    }

    public int size() {
        return rows.length;
    }

    /** The {@code i}-th matched record as it was when the query ran. */
    public RowView row(int i) {
        return table.row(type, rows[i], versions[i]);
    }

    /** The context relationship paths are resolved in. */
    public EvalContext context() {
        return context;
    }
}
