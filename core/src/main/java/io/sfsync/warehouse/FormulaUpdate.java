package io.sfsync.warehouse;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A formula refresh's write ({@link LoadSpec#formulasOnly}): the formula columns of the target's rows set to the staged
 * values where they differ, in one transaction; rows the target lacks are not inserted, no other column is touched,
 * and the state row is left alone, so the watermark stays where the last sync put it. A formula column the target
 * lacks (a formula field added in Salesforce since) is added first, as an incremental sync adds it, and so gets every
 * row's value at once.
 */
final class FormulaUpdate extends WriteStrategy {
    FormulaUpdate(WriteContext w) {
        super(w);
    }

    @Override
    long[] write(SchemaDrift drift, boolean exists, List<String> retained, boolean duplicateKeys,
            WriteContext.StateRow state) throws SQLException {
        if (!exists) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, target + " does not exist: sync "
                    + w.spec().schema().name() + " into it before refreshing its formula fields");
        }
        if (w.columns().size() < 2) {
            return new long[] {0, 0, 0};
        }
        List<String> ddl = new ArrayList<>(drift.columnChanges(target));
        if (!sql.ddlInTransaction()) {
            for (String statement : ddl) {
                sql.execute(statement);
            }
        }
        return sql.inTransaction(() -> {
            if (sql.ddlInTransaction()) {
                for (String statement : ddl) {
                    sql.execute(statement);
                }
            }
            long changed = sql.update(dialect.updateFormulaColumns(w.staging(), target, w.columns(), w.match(),
                    duplicateKeys));
            w.checkpoints().reach("target.merged");
            return new long[] {0, changed, 0};
        });
    }
}
