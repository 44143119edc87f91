package io.sfsync.warehouse;

import io.sfsync.api.DeleteMode;
import io.sfsync.checkpoint.Checkpoints;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * What one {@link TargetWriter#write} works on: the load's connection and dialect, its columns, the tables it reads
 * and writes, and the schema changes it reports (in the order found, kept after a failure too).
 *
 * @param deletedFlag the boolean IsDeleted column, or null when the object has none
 * @param ids the staging table of the Id reconciliation (match column only), or null
 * @param fresh the new table of a full replace
 */
record WriteContext(WriterConnection sql, WarehouseDialect dialect, LoadSpec spec, List<Column> columns, Column match,
        Column watermark, Column deletedFlag, TableRef staging, TableRef ids, TableRef fresh, List<String> changes) {

    /** Writes the target's state row, naming the columns the target keeps for fields gone from Salesforce. */
    interface StateRow {
        void write(List<String> retained) throws SQLException;
    }

    TableRef target() {
        return spec.target();
    }

    /** The named points of the writes where a crash test may stop them (the connection's). */
    Checkpoints checkpoints() {
        return sql.checkpoints();
    }

    /** Whether the rows of records deleted in Salesforce go (delete mode hard, and the object has IsDeleted). */
    boolean hardDeletes() {
        return spec.deleteMode() == DeleteMode.HARD && deletedFlag != null;
    }

    /** Whether two column names name the same column on this warehouse. */
    boolean same(String a, String b) {
        return dialect.caseSensitiveIdentifiers() ? a.equals(b) : a.toLowerCase(Locale.ROOT).equals(
                b.toLowerCase(Locale.ROOT));
    }
}
