package io.sfsync.warehouse;

import io.sfsync.api.DeleteMode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental load's write: the target created, or its columns added and widened; the deletes of delete mode hard;
 * the staged rows merged (one MERGE, or through a work table); the Id reconciliation; and the state row, in one
 * transaction (together with the DDL where DDL joins transactions).
 */
final class IncrementalMerge extends WriteStrategy {
    IncrementalMerge(WriteContext w) {
        super(w);
    }

    @Override
    long[] write(SchemaDrift drift, boolean exists, List<String> retained, boolean duplicateKeys,
            WriteContext.StateRow state) throws SQLException {
        List<String> ddl = new ArrayList<>();
        if (!exists) {
            ddl.add(dialect.createTable(target, w.columns()));
        } else {
            ddl.addAll(drift.columnChanges(target));
        }
        boolean created = false;
        if (!sql.ddlInTransaction()) {
            for (String statement : ddl) {
                sql.execute(statement);
                created |= !exists;
            }
        }
        try {
            return sql.inTransaction(() -> {
                if (sql.ddlInTransaction()) {
                    for (String statement : ddl) {
                        sql.execute(statement);
                    }
                }
                w.checkpoints().reach("target.ddl");
                long deleted = 0;
                if (w.hardDeletes()) {
                    deleted += sql.update(dialect.deleteFlaggedFromTarget(target, w.staging(), w.columns(), w.match(),
                            w.watermark(), w.deletedFlag(), duplicateKeys));
                    sql.update(dialect.deleteFlaggedFromStaging(w.staging(), w.columns(), w.match(), w.watermark(),
                            w.deletedFlag(), duplicateKeys));
                    if (exists && drift.has(TargetWriter.IS_DELETED)) {
                        deleted += sql.update(dialect.deleteTrue(target, TargetWriter.IS_DELETED));
                    }
                }
                long inserted;
                long changed;
                if (dialect.mergesThroughWorkTable() && exists) {
                    long[] collected = mergeThroughWorkTable(retained, duplicateKeys);
                    inserted = collected[0];
                    changed = collected[1];
                } else if (dialect.mergeReportsCounts()) {
                    long[] merged = sql.mergeCounts(dialect.merge(w.staging(), target, w.columns(), w.match(),
                            w.watermark(), duplicateKeys));
                    inserted = merged[0];
                    changed = merged[1];
                } else {
                    inserted = sql.count(dialect.countNewKeys(w.staging(), target, w.match()));
                    changed = sql.count(dialect.countChangedRows(w.staging(), target, w.columns(), w.match(),
                            w.watermark(), duplicateKeys));
                    sql.execute(dialect.merge(w.staging(), target, w.columns(), w.match(), w.watermark(),
                            duplicateKeys));
                }
                w.checkpoints().reach("target.merged");
                deleted += reconcile();
                state.write(retained);
                return new long[] {inserted, changed, deleted};
            });
        } catch (SQLException | RuntimeException e) {
            if (created) {
                sql.dropQuietly(target);
            }
            throw e;
        }
    }

    /**
     * The MERGE's effect through a work table ({@link WarehouseDialect#mergesThroughWorkTable}): the keys of the new
     * and changed rows, each with a flag per column that differs (the values are read from staging again). When at
     * most a third of the columns changed anywhere, only those are updated; otherwise the changed keys' rows are
     * replaced whole (columns the target keeps for fields that left Salesforce are carried over from each replaced
     * row). New keys are appended. Returns {new keys, changed rows}.
     */
    private long[] mergeThroughWorkTable(List<String> retained, boolean duplicateKeys) throws SQLException {
        TableRef staging = w.staging();
        Column match = w.match();
        TableRef work = dialect.changedRowsTable(staging);
        List<Column> compared = w.columns().stream().filter(c -> !w.same(c.name(), match.name())).toList();
        sql.execute(dialect.collectChangedRows(work, staging, target, w.columns(), match, w.watermark(),
                duplicateKeys, retained));
        long fresh;
        long all;
        List<String> changedColumns = new ArrayList<>();
        try (Statement s = sql.connection().createStatement();
                ResultSet rs = s.executeQuery(dialect.countCollectedRows(work, compared.size()))) {
            rs.next();
            fresh = rs.getLong(1);
            all = rs.getLong(2);
            for (int i = 0; i < compared.size(); i++) {
                if (rs.getBoolean(3 + i)) {
                    changedColumns.add(compared.get(i).name());
                }
            }
        }
        List<String> sourceColumns = w.columns().stream().map(Column::name).toList();
        String source = dialect.source(staging, w.columns(), match, w.watermark(), duplicateKeys);
        boolean replaceWhole = changedColumns.size() * 3 > compared.size();
        if (all > fresh) {
            if (replaceWhole) {
                sql.update(dialect.deleteChangedRows(target, work, match));
                sql.update(dialect.insertCollectedRows(target, work, source, match, sourceColumns, retained, false));
            } else if (!changedColumns.isEmpty()) {
                sql.update(dialect.updateChangedColumns(target, work, source, match, changedColumns));
            }
        }
        if (fresh > 0 && !(all > fresh && replaceWhole)) {
            sql.update(dialect.insertCollectedRows(target, work, source, match, sourceColumns, List.of(), true));
        }
        sql.execute(dialect.dropTable(work));
        return new long[] {fresh, all - fresh};
    }

    /**
     * Id reconciliation: rows whose key Salesforce no longer has are marked deleted (soft) or removed (hard). Refuses
     * when the Id query returned nothing while the target has rows: that is far likelier a broken extraction than an
     * org that purged everything.
     */
    private long reconcile() throws SQLException {
        TableRef ids = w.ids();
        if (ids == null) {
            return 0;
        }
        long known = sql.count(dialect.countRows(ids));
        if (known == 0 && sql.count(dialect.countRows(target)) > 0) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "the Id reconciliation of " + target
                    + " read no Id at all from Salesforce, while the table has rows; nothing was marked deleted and "
                    + target + " is unchanged. Check the object's sharing and the integration user's access.");
        }
        if (w.spec().deleteMode() == DeleteMode.HARD || w.deletedFlag() == null) {
            return sql.update(dialect.deleteMissingKeys(target, ids, w.match()));
        }
        return sql.update(dialect.flagMissingKeys(target, ids, w.match(), TargetWriter.IS_DELETED));
    }
}
