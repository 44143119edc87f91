package io.sfsync.warehouse;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full sync's write: the target rewritten in place where the warehouse does so and the column types still fit
 * ({@link WarehouseDialect#replacesInPlace}); otherwise a new table filled from staging, the columns of fields gone
 * from Salesforce carried over, and swapped in (or renamed into place on a first sync), the state row last.
 */
final class FullReplace extends WriteStrategy {
    // The writer's category, as when this was its own code: a log setting for TargetWriter still covers it.
    private static final Logger LOG = LoggerFactory.getLogger(TargetWriter.class);

    FullReplace(WriteContext w) {
        super(w);
    }

    @Override
    long[] write(SchemaDrift drift, boolean exists, List<String> retained, boolean duplicateKeys,
            WriteContext.StateRow state) throws SQLException {
        TableRef staging = w.staging();
        TableRef fresh = w.fresh();
        List<Column> columns = w.columns();
        Column match = w.match();
        if (exists && dialect.replacesInPlace() && drift.typesFit()) {
            return inPlace(drift, retained, duplicateKeys, state);
        }
        if (exists) {
            drift.reportRebuilt();
        }
        List<SchemaDrift.Existing> kept = drift.carriedOver(retained);
        return sql.inTransactionUnlessDdlCommits(() -> {
            if (w.hardDeletes()) {
                sql.update(dialect.deleteFlaggedFromStaging(staging, columns, match, w.watermark(), w.deletedFlag(),
                        duplicateKeys));
            }
            boolean comparable = exists && drift.comparable();
            long inserted = exists ? sql.count(dialect.countNewKeys(staging, target, match)) : -1;
            long changed = comparable ? sql.count(dialect.countChangedRows(staging, target, columns, match,
                    w.watermark(), duplicateKeys)) : -1;
            sql.execute(dialect.dropTable(fresh));
            sql.execute(dialect.createTable(fresh, columns));
            w.checkpoints().reach("target.ddl");
            // the INSERT's own count is the new table's rows: no COUNT(*) of it afterwards
            long rows = sql.update(dialect.insertFromStaging(staging, fresh, columns, match, w.watermark(),
                    duplicateKeys));
            w.checkpoints().reach("target.inserted");
            for (SchemaDrift.Existing e : kept) {
                sql.execute(dialect.addColumn(fresh, new Column(e.name(), e.type())));
            }
            if (!kept.isEmpty()) {
                sql.execute(dialect.copyColumns(fresh, target, match,
                        kept.stream().map(SchemaDrift.Existing::name).toList()));
            }
            long deleted = exists ? sql.count(dialect.countMissingKeys(target, fresh, match)) : 0;
            if (!exists) {
                inserted = rows;
            }
            if (changed < 0) {
                changed = rows - inserted;
            }
            if (!exists) {
                sql.execute(dialect.renameTable(fresh, target.table()));
            } else {
                swap();
            }
            w.checkpoints().reach("target.swapped");
            state.write(retained);
            return new long[] {inserted, changed, deleted};
        });
    }

    /**
     * A first sync whose new table the load has already filled ({@link TargetWriter#writeFresh}): the delete mode
     * applied to it, renamed to the target, and the state row written. Returns {rows kept, 0, 0}.
     *
     * @param rows rows in the new table
     */
    long[] writeFilled(long rows, WriteContext.StateRow state) throws SQLException {
        TableRef fresh = w.fresh();
        return sql.inTransactionUnlessDdlCommits(() -> {
            long removed = 0;
            if (w.hardDeletes()) {
                // One row per key: a flagged row is its record's newest, as deleteFlaggedFromStaging would find.
                removed = sql.update(dialect.deleteTrue(fresh, TargetWriter.IS_DELETED));
            }
            sql.execute(dialect.renameTable(fresh, target.table()));
            w.checkpoints().reach("target.swapped");
            state.write(List.of());
            return new long[] {rows - removed, 0, 0};
        });
    }

    /** Makes the filled new table the target: what it must take over first, then the swap. */
    private void swap() throws SQLException {
        TableRef fresh = w.fresh();
        for (String statement : carryOver()) {
            sql.execute(statement);
        }
        List<String> swap = dialect.replaceTable(fresh, target);
        for (int i = 0; i < swap.size(); i++) {
            if (i == 0 || sql.ddlInTransaction()) {
                sql.execute(swap.get(i));
            } else {
                try {
                    sql.execute(swap.get(i));
                } catch (SQLException e) {
                    LOG.warn("{} is replaced, but cleaning up failed ({}): drop {} by hand", target,
                            WriterConnection.firstLine(e), fresh);
                }
            }
        }
    }

    /**
     * A full sync of an existing table whose column types still fit ({@link WarehouseDialect#replacesInPlace}): new
     * columns are added and grown ones widened first (DDL that commits at once; a load that fails afterwards leaves
     * only a nullable column or a wider type), then one transaction merges every staged row that differs, deletes the
     * rows whose key was not read, and writes the state row. The table stays the same object, with its grants,
     * policies, tags and comments; columns of fields that left Salesforce keep their values.
     */
    private long[] inPlace(SchemaDrift drift, List<String> retained, boolean duplicateKeys,
            WriteContext.StateRow state) throws SQLException {
        TableRef staging = w.staging();
        for (String statement : drift.columnChanges(target)) {
            sql.execute(statement);
        }
        return sql.inTransaction(() -> {
            w.checkpoints().reach("target.ddl");
            if (w.hardDeletes()) {
                sql.update(dialect.deleteFlaggedFromStaging(staging, w.columns(), w.match(), w.watermark(),
                        w.deletedFlag(), duplicateKeys));
            }
            long[] merged = sql.mergeCounts(dialect.mergeReplacing(staging, target, w.columns(), w.match(),
                    w.watermark(), duplicateKeys));
            w.checkpoints().reach("target.merged");
            long deleted = sql.update(dialect.deleteMissingKeys(target, staging, w.match()));
            state.write(retained);
            return new long[] {merged[0], merged[1], deleted};
        });
    }

    /**
     * What the new table of a swap must take over from the target (its grants to roles and its comment, where the
     * warehouse has them); a grant that cannot be copied is reported. Masking and row-access policies and tags are
     * not read here: a table whose column types changed is rebuilt without them, and the change says so.
     */
    private List<String> carryOver() throws SQLException {
        String show = dialect.showGrants(target);
        if (show == null) {
            return List.of();
        }
        List<String[]> grants = new ArrayList<>();
        try (Statement s = sql.connection().createStatement(); ResultSet rs = s.executeQuery(show)) {
            while (rs.next()) {
                String[] g = {rs.getString("privilege"), rs.getString("granted_to"), rs.getString("grantee_name"),
                    rs.getString("grant_option")};
                grants.add(g);
                if (!g[0].equals("OWNERSHIP") && !"ROLE".equals(g[1])) {
                    w.changes().add("grant of " + g[0] + " to " + g[1] + " " + g[2]
                            + " not copied to the rebuilt table " + target + ": grant it again");
                }
            }
        }
        String comment = null;
        try (var p = sql.connection().prepareStatement(dialect.tableComment())) {
            p.setString(1, target.schema());
            p.setString(2, target.table());
            try (ResultSet rs = p.executeQuery()) {
                comment = rs.next() ? rs.getString(1) : null;
            }
        }
        w.changes().add("rebuilt " + target + " for changed column types: its grants and comment were copied; masking"
                + " or row-access policies and tags on it must be applied again");
        return dialect.carryOver(target, w.fresh(), grants, comment);
    }
}
