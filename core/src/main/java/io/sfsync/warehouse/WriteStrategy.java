package io.sfsync.warehouse;

import java.sql.SQLException;
import java.util.List;

/**
 * How {@link TargetWriter} puts the staged rows into the target: {@link IncrementalMerge} or {@link FullReplace}, each
 * on the write's connection and dialect, the state row written in the same transaction as the rows; or
 * {@link FormulaUpdate}, which writes no state row.
 */
abstract class WriteStrategy {
    protected final WriteContext w;
    protected final WriterConnection sql;
    protected final WarehouseDialect dialect;
    protected final TableRef target;

    WriteStrategy(WriteContext w) {
        this.w = w;
        this.sql = w.sql();
        this.dialect = w.dialect();
        this.target = w.target();
    }

    /**
     * Writes the staged rows and the state row.
     *
     * @param drift the target's columns against the load's
     * @param exists whether the target exists
     * @param retained the target's columns for fields gone from Salesforce
     * @param duplicateKeys whether some key occurs twice in staging (then the source is deduplicated)
     * @return {rows inserted, rows changed, rows deleted}
     */
    abstract long[] write(SchemaDrift drift, boolean exists, List<String> retained, boolean duplicateKeys,
            WriteContext.StateRow state) throws SQLException;
}
