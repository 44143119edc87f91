package io.sfsync.warehouse;

import io.sfsync.api.DeleteMode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every load, the same on each warehouse: staged rows into the target, the target's columns kept in step
 * with Salesforce, deletes applied as the delete mode says, and the target's row in the state table advanced, all on
 * the load's connection.
 *
 * <p>Where DDL is transactional (DuckDB) everything happens in one transaction, a full replace included (a new table
 * swapped in). Where DDL commits at once (Snowflake) the column changes run first, then the data and state changes in
 * one transaction: a full replace of an existing table rewrites it in place ({@link WarehouseDialect#replacesInPlace}),
 * so it keeps its grants and the state row commits with the rows. Only a first sync (renamed into place) and a table
 * rebuilt for changed column types (its grants copied, then swapped) commit their DDL before the state row. Either way
 * the state row never runs ahead of the data: after a crash the next run reads from the old watermark (or a newer one
 * whose rows are all in), and the MERGE's change condition makes re-reading harmless.
 *
 * <p>Schema drift: a field new in Salesforce becomes a column (ADD COLUMN); a field whose length or precision grew
 * widens its column; a field gone from Salesforce keeps its column (NULL for new rows; a full sync carries the old
 * values over); any other type change is reported and left alone. Every change is reported once, in the outcome.
 */
public final class TargetWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TargetWriter.class);
    private static final String IS_DELETED = "IsDeleted";

    private final Connection connection;
    private final WarehouseDialect dialect;
    private final SyncStateTable stateTable;
    private final LoadSpec spec;
    private final List<Column> columns;
    private final Column match;
    private final Column watermark;
    /** The newest watermark the state row may get ({@link #watermarkAtMost(Instant)}), or null. */
    private Instant watermarkAtMost;
    private final Column deletedFlag;
    private final TableRef target;
    private final TableRef staging;
    private final TableRef ids;
    private final TableRef fresh;
    private final boolean ddlInTransaction;
    private final List<String> changes = new ArrayList<>();
    private boolean stagedMaximumKnown;
    private Instant stagedMaximum;
    private String begin;

    /**
     * @param ids the staging table of the Id reconciliation (match column only), or null
     * @param ddlInTransaction whether DDL joins the transaction (DuckDB) or commits at once (Snowflake)
     */
    public TargetWriter(Connection connection, WarehouseDialect dialect, SyncStateTable stateTable, LoadSpec spec,
            List<Column> columns, Column match, Column watermark, TableRef staging, TableRef ids, TableRef fresh,
            boolean ddlInTransaction) {
        this.connection = connection;
        this.dialect = dialect;
        this.stateTable = stateTable;
        this.spec = spec;
        this.columns = columns;
        this.match = match;
        this.watermark = watermark;
        this.deletedFlag = columns.stream().filter(c -> c.name().equals(IS_DELETED)
                && c.type().kind() == ColumnType.Kind.BOOLEAN).findFirst().orElse(null);
        this.target = spec.target();
        this.staging = staging;
        this.ids = ids;
        this.fresh = fresh;
        this.ddlInTransaction = ddlInTransaction;
    }

    /**
     * The newest watermark in staging, when the load read it already (with its counts, in one pass over the staged
     * files): {@link #write} then does not read staging again for it. Null: staging has none.
     */
    public TargetWriter stagedMaximum(Instant newest) {
        this.stagedMaximumKnown = true;
        this.stagedMaximum = newest;
        return this;
    }

    /**
     * The newest watermark the state row may get, whatever newer rows were loaded (null: no cap): a run whose rows are
     * not all from one snapshot records where its snapshot ends, and the next run reads the newer ones again.
     */
    public TargetWriter watermarkAtMost(Instant cap) {
        this.watermarkAtMost = cap;
        return this;
    }

    /**
     * The statement that begins the load's transaction once auto-commit is off (Snowflake: {@code BEGIN TRANSACTION
     * NAME ...}, so that a later run can find it if this process dies inside it); without one the first statement
     * begins it.
     */
    public TargetWriter beginWith(String statement) {
        this.begin = statement;
        return this;
    }

    /** Whether a load removes the rows of deleted records (hard delete mode, and the object has IsDeleted). */
    public static boolean removesDeletedRows(LoadSpec spec, List<Column> columns) {
        return spec.deleteMode() == DeleteMode.HARD && columns.stream().anyMatch(c -> c.name().equals(IS_DELETED)
                && c.type().kind() == ColumnType.Kind.BOOLEAN);
    }

    /** A column of the existing target as the catalog describes it; {@code type} is null when sfsync has none. */
    record Existing(String name, ColumnType type, String rawType) {
    }

    private enum Change { NONE, WIDEN, DIFFERS }

    /**
     * Merges (incremental) or replaces (full) the target with the staged rows and writes the state row.
     *
     * @param stagedRows rows in staging
     * @param duplicateKeys whether some key occurs twice in staging (then the source is deduplicated)
     * @param bulkJobId the run's Bulk job, for the state row, or null
     */
    public LoadOutcome write(long stagedRows, boolean duplicateKeys, String bulkJobId) throws SQLException {
        SyncState old = stateTable.read(connection, target).orElse(null);
        Instant mark = newWatermark(old);
        boolean exists = Catalog.tableExists(connection, dialect, target);
        List<Existing> existing = exists ? existingColumns(target) : List.of();
        List<String> retained = retained(existing);
        for (String r : retained) {
            if (old == null || old.retainedColumns().stream().noneMatch(n -> same(n, r))) {
                changes.add("kept column " + r + ": the field is no longer in Salesforce (new rows get NULL)");
            }
        }
        long[] counts = spec.fullReplace()
                ? replace(exists, existing, retained, stagedRows, duplicateKeys, mark, bulkJobId)
                : merge(exists, existing, retained, duplicateKeys, mark, bulkJobId);
        if (!changes.isEmpty()) {
            LOG.info("schema of {} changed: {}", target, String.join("; ", changes));
        }
        return new LoadOutcome(stagedRows, counts[0], counts[1], counts[2], mark, changes);
    }

    /**
     * A full replace whose new table the load has already filled, while the target does not exist yet (a first sync):
     * {@code fresh} holds the converted rows, one per key and none without a key, with exactly the load's columns.
     * Nothing can be compared, carried over or counted against an old table, so the writer applies the delete mode to
     * {@code fresh}, renames it to the target and writes the state row. On a warehouse whose DDL joins transactions,
     * the caller may have begun the transaction that filled {@code fresh}: it is committed here, or rolled back.
     *
     * @param rows rows in {@code fresh}
     * @param bulkJobId the run's Bulk job, for the state row, or null
     */
    public LoadOutcome writeFresh(long rows, String bulkJobId) throws SQLException {
        if (!spec.fullReplace()) {
            throw new IllegalStateException("only a full replace can be written from a filled new table");
        }
        Instant mark = null;
        if (watermark != null) {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery(dialect.maxValue(fresh, watermark.name()))) {
                rs.next();
                mark = dialect.instant(rs.getObject(1));
            }
            if (mark != null && watermarkAtMost != null && mark.isAfter(watermarkAtMost)) {
                mark = watermarkAtMost;
            }
        }
        if (Catalog.tableExists(connection, dialect, target)) {
            throw new IllegalStateException(target + " exists: a full replace of it compares and carries over columns,"
                    + " which needs the staged rows");
        }
        Instant newMark = mark;
        long[] counts = inTransactionUnlessDdlCommits(() -> {
            long removed = 0;
            if (spec.deleteMode() == DeleteMode.HARD && deletedFlag != null) {
                // One row per key: a flagged row is its record's newest, as deleteFlaggedFromStaging would find.
                removed = update(dialect.deleteTrue(fresh, IS_DELETED));
            }
            execute(dialect.renameTable(fresh, target.table()));
            io.sfsync.checkpoint.Checkpoints.reach("target.swapped");
            writeState(newMark, bulkJobId, List.of());
            return new long[] {rows - removed, 0, 0};
        });
        return new LoadOutcome(rows, counts[0], counts[1], counts[2], mark, changes);
    }

    /** The newest watermark staged, or the old one when that is newer (an incremental run re-reads the overlap). */
    private Instant newWatermark(SyncState old) throws SQLException {
        if (watermark == null) {
            return null;
        }
        Instant staged;
        if (stagedMaximumKnown) {
            staged = stagedMaximum;
        } else {
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery(dialect.maxStaged(staging, watermark))) {
                rs.next();
                staged = dialect.instant(rs.getObject(1));
            }
        }
        if (staged != null && watermarkAtMost != null && staged.isAfter(watermarkAtMost)) {
            staged = watermarkAtMost;
        }
        Instant before = old != null && !spec.fullReplace() && watermark.name().equals(old.watermarkField())
                ? old.watermark() : null;
        if (staged == null) {
            return before;
        }
        return before != null && before.isAfter(staged) ? before : staged;
    }

    private long[] merge(boolean exists, List<Existing> existing, List<String> retained, boolean duplicateKeys,
            Instant mark, String bulkJobId) throws SQLException {
        List<String> ddl = new ArrayList<>();
        if (!exists) {
            ddl.add(dialect.createTable(target, columns));
        } else {
            ddl.addAll(columnChanges(target, existing));
        }
        boolean created = false;
        if (!ddlInTransaction) {
            for (String sql : ddl) {
                execute(sql);
                created |= !exists;
            }
        }
        try {
            return inTransaction(() -> {
                if (ddlInTransaction) {
                    for (String sql : ddl) {
                        execute(sql);
                    }
                }
                io.sfsync.checkpoint.Checkpoints.reach("target.ddl");
                long deleted = 0;
                if (spec.deleteMode() == DeleteMode.HARD && deletedFlag != null) {
                    deleted += update(dialect.deleteFlaggedFromTarget(target, staging, columns, match, watermark,
                            deletedFlag, duplicateKeys));
                    update(dialect.deleteFlaggedFromStaging(staging, columns, match, watermark, deletedFlag,
                            duplicateKeys));
                    if (exists && hasColumn(existing, IS_DELETED)) {
                        deleted += update(dialect.deleteTrue(target, IS_DELETED));
                    }
                }
                long inserted;
                long changed;
                if (dialect.mergesThroughWorkTable() && exists) {
                    long[] collected = mergeThroughWorkTable(retained, duplicateKeys);
                    inserted = collected[0];
                    changed = collected[1];
                } else if (dialect.mergeReportsCounts()) {
                    long[] merged = mergeCounts(dialect.merge(staging, target, columns, match, watermark,
                            duplicateKeys));
                    inserted = merged[0];
                    changed = merged[1];
                } else {
                    inserted = count(dialect.countNewKeys(staging, target, match));
                    changed = count(dialect.countChangedRows(staging, target, columns, match, watermark,
                            duplicateKeys));
                    execute(dialect.merge(staging, target, columns, match, watermark, duplicateKeys));
                }
                io.sfsync.checkpoint.Checkpoints.reach("target.merged");
                deleted += reconcile();
                writeState(mark, bulkJobId, retained);
                return new long[] {inserted, changed, deleted};
            });
        } catch (SQLException | RuntimeException e) {
            if (created) {
                dropQuietly(target);
            }
            throw e;
        }
    }

    /**
     * The MERGE's effect through a work table ({@link WarehouseDialect#mergesThroughWorkTable}): the keys of the new
     * and changed rows, each with a flag per column that differs (the values are read from staging again). When at most a third of the columns changed anywhere, only those
     * are updated; otherwise the changed keys' rows are replaced whole (columns the target keeps for fields that left
     * Salesforce are carried over from each replaced row). New keys are appended. Returns {new keys, changed rows}.
     */
    private long[] mergeThroughWorkTable(List<String> retained, boolean duplicateKeys) throws SQLException {
        TableRef work = dialect.changedRowsTable(staging);
        List<Column> compared = columns.stream().filter(c -> !same(c.name(), match.name())).toList();
        execute(dialect.collectChangedRows(work, staging, target, columns, match, watermark, duplicateKeys,
                retained));
        long fresh;
        long all;
        List<String> changedColumns = new ArrayList<>();
        try (Statement s = connection.createStatement();
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
        List<String> sourceColumns = columns.stream().map(Column::name).toList();
        String source = dialect.source(staging, columns, match, watermark, duplicateKeys);
        boolean replaceWhole = changedColumns.size() * 3 > compared.size();
        if (all > fresh) {
            if (replaceWhole) {
                update(dialect.deleteChangedRows(target, work, match));
                update(dialect.insertCollectedRows(target, work, source, match, sourceColumns, retained, false));
            } else if (!changedColumns.isEmpty()) {
                update(dialect.updateChangedColumns(target, work, source, match, changedColumns));
            }
        }
        if (fresh > 0 && !(all > fresh && replaceWhole)) {
            update(dialect.insertCollectedRows(target, work, source, match, sourceColumns, List.of(), true));
        }
        execute(dialect.dropTable(work));
        return new long[] {fresh, all - fresh};
    }

    /**
     * Id reconciliation: rows whose key Salesforce no longer has are marked deleted (soft) or removed (hard). Refuses
     * when the Id query returned nothing while the target has rows: that is far likelier a broken extraction than an
     * org that purged everything.
     */
    private long reconcile() throws SQLException {
        if (ids == null) {
            return 0;
        }
        long known = count(dialect.countRows(ids));
        if (known == 0 && count(dialect.countRows(target)) > 0) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "the Id reconciliation of " + target
                    + " read no Id at all from Salesforce, while the table has rows; nothing was marked deleted and "
                    + target + " is unchanged. Check the object's sharing and the integration user's access.");
        }
        if (spec.deleteMode() == DeleteMode.HARD || deletedFlag == null) {
            return update(dialect.deleteMissingKeys(target, ids, match));
        }
        return update(dialect.flagMissingKeys(target, ids, match, IS_DELETED));
    }

    private long[] replace(boolean exists, List<Existing> existing, List<String> retained, long stagedRows,
            boolean duplicateKeys, Instant mark, String bulkJobId) throws SQLException {
        if (exists && dialect.replacesInPlace()
                && columns.stream().allMatch(c -> find(existing, c.name()) == null
                        || compare(find(existing, c.name()), c) != Change.DIFFERS)) {
            return replaceInPlace(existing, retained, duplicateKeys, mark, bulkJobId);
        }
        if (exists) {
            for (Column c : columns) {
                Existing e = find(existing, c.name());
                if (e == null) {
                    changes.add("added column " + c.name() + " (" + dialect.typeName(c.type()) + ")");
                } else if (compare(e, c) == Change.WIDEN) {
                    changes.add("widened column " + c.name() + " from " + e.rawType() + " to "
                            + dialect.typeName(c.type()));
                }
            }
        }
        List<Existing> kept = new ArrayList<>();
        for (String r : retained) {
            Existing e = find(existing, r);
            if (e.type() == null) {
                changes.add("dropped column " + r + " on this full sync: its type " + e.rawType()
                        + " cannot be recreated");
            } else {
                kept.add(e);
            }
        }
        return inTransactionUnlessDdlCommits(() -> {
            if (spec.deleteMode() == DeleteMode.HARD && deletedFlag != null) {
                update(dialect.deleteFlaggedFromStaging(staging, columns, match, watermark, deletedFlag,
                        duplicateKeys));
            }
            // Rows can be compared with the old table only where every column exists there with a type that
            // converts: a column whose type changed would be cast (and may fail) in the comparison.
            boolean comparable = exists && columns.stream().allMatch(c -> find(existing, c.name()) != null
                    && compare(find(existing, c.name()), c) != Change.DIFFERS);
            long inserted = exists ? count(dialect.countNewKeys(staging, target, match)) : -1;
            long changed = comparable ? count(dialect.countChangedRows(staging, target, columns, match, watermark,
                    duplicateKeys)) : -1;
            execute(dialect.dropTable(fresh));
            execute(dialect.createTable(fresh, columns));
            io.sfsync.checkpoint.Checkpoints.reach("target.ddl");
            execute(dialect.insertFromStaging(staging, fresh, columns, match, watermark, duplicateKeys));
            io.sfsync.checkpoint.Checkpoints.reach("target.inserted");
            for (Existing e : kept) {
                execute(dialect.addColumn(fresh, new Column(e.name(), e.type())));
            }
            if (!kept.isEmpty()) {
                execute(dialect.copyColumns(fresh, target, match, kept.stream().map(Existing::name).toList()));
            }
            long rows = count(dialect.countRows(fresh));
            long deleted = exists ? count(dialect.countMissingKeys(target, fresh, match)) : 0;
            if (!exists) {
                inserted = rows;
            }
            if (changed < 0) {
                changed = rows - inserted;
            }
            if (!exists) {
                execute(dialect.renameTable(fresh, target.table()));
            } else {
                for (String sql : carryOver()) {
                    execute(sql);
                }
                List<String> swap = dialect.replaceTable(fresh, target);
                for (int i = 0; i < swap.size(); i++) {
                    if (i == 0 || ddlInTransaction) {
                        execute(swap.get(i));
                    } else {
                        try {
                            execute(swap.get(i));
                        } catch (SQLException e) {
                            LOG.warn("{} is replaced, but cleaning up failed ({}): drop {} by hand", target,
                                    firstLine(e), fresh);
                        }
                    }
                }
            }
            io.sfsync.checkpoint.Checkpoints.reach("target.swapped");
            writeState(mark, bulkJobId, retained);
            return new long[] {inserted, changed, deleted};
        });
    }

    /**
     * A full sync of an existing table whose column types still fit ({@link WarehouseDialect#replacesInPlace}): new
     * columns are added and grown ones widened first (DDL that commits at once; a load that fails afterwards leaves
     * only a nullable column or a wider type), then one transaction merges every staged row that differs, deletes the
     * rows whose key was not read, and writes the state row. The table stays the same object, with its grants,
     * policies, tags and comments; columns of fields that left Salesforce keep their values.
     */
    private long[] replaceInPlace(List<Existing> existing, List<String> retained, boolean duplicateKeys, Instant mark,
            String bulkJobId) throws SQLException {
        for (String sql : columnChanges(target, existing)) {
            execute(sql);
        }
        return inTransaction(() -> {
            io.sfsync.checkpoint.Checkpoints.reach("target.ddl");
            if (spec.deleteMode() == DeleteMode.HARD && deletedFlag != null) {
                update(dialect.deleteFlaggedFromStaging(staging, columns, match, watermark, deletedFlag,
                        duplicateKeys));
            }
            long[] merged = mergeCounts(dialect.mergeReplacing(staging, target, columns, match, watermark,
                    duplicateKeys));
            io.sfsync.checkpoint.Checkpoints.reach("target.merged");
            long deleted = update(dialect.deleteMissingKeys(target, staging, match));
            writeState(mark, bulkJobId, retained);
            return new long[] {merged[0], merged[1], deleted};
        });
    }

    /** Runs a MERGE and reads its result row: {rows inserted, rows updated}, by Snowflake's column labels. */
    private long[] mergeCounts(String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            long[] counts = new long[2];
            var md = rs.getMetaData();
            if (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String label = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                    if (label.contains("inserted")) {
                        counts[0] = rs.getLong(i);
                    } else if (label.contains("updated")) {
                        counts[1] = rs.getLong(i);
                    }
                }
            }
            return counts;
        } finally {
            timed(started, sql);
        }
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
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(show)) {
            while (rs.next()) {
                String[] g = {rs.getString("privilege"), rs.getString("granted_to"), rs.getString("grantee_name"),
                    rs.getString("grant_option")};
                grants.add(g);
                if (!g[0].equals("OWNERSHIP") && !"ROLE".equals(g[1])) {
                    changes.add("grant of " + g[0] + " to " + g[1] + " " + g[2] + " not copied to the rebuilt table "
                            + target + ": grant it again");
                }
            }
        }
        String comment = null;
        try (var p = connection.prepareStatement(dialect.tableComment())) {
            p.setString(1, target.schema());
            p.setString(2, target.table());
            try (ResultSet rs = p.executeQuery()) {
                comment = rs.next() ? rs.getString(1) : null;
            }
        }
        changes.add("rebuilt " + target + " for changed column types: its grants and comment were copied; masking"
                + " or row-access policies and tags on it must be applied again");
        return dialect.carryOver(target, fresh, grants, comment);
    }

    /** ADD COLUMN for new fields and widening for grown ones; other type changes are reported only. */
    private List<String> columnChanges(TableRef table, List<Existing> existing) {
        List<String> ddl = new ArrayList<>();
        for (Column c : columns) {
            Existing e = find(existing, c.name());
            if (e == null) {
                ddl.add(dialect.addColumn(table, c));
                changes.add("added column " + c.name() + " (" + dialect.typeName(c.type()) + ")");
                continue;
            }
            Change change = compare(e, c);
            if (change == Change.WIDEN) {
                ddl.add(dialect.widenColumn(table, c));
                changes.add("widened column " + c.name() + " from " + e.rawType() + " to "
                        + dialect.typeName(c.type()));
            } else if (change == Change.DIFFERS) {
                changes.add("column " + c.name() + " is " + e.rawType() + " but the field is now "
                        + dialect.typeName(c.type()) + " in Salesforce; kept as it is (a forced full sync rebuilds"
                        + " the table with the new type)");
            }
        }
        return ddl;
    }

    private Change compare(Existing e, Column desired) {
        ColumnType have = e.type();
        ColumnType want = desired.type();
        if (have == null) {
            return Change.DIFFERS;
        }
        if (dialect.typeName(have).equals(dialect.typeName(want))) {
            return Change.NONE;
        }
        if (have.kind() == ColumnType.Kind.TEXT && want.kind() == ColumnType.Kind.TEXT) {
            return have.length() > 0 && (want.length() == 0 || want.length() > have.length()) ? Change.WIDEN
                    : Change.NONE;
        }
        if (have.kind() == ColumnType.Kind.DECIMAL && want.kind() == ColumnType.Kind.DECIMAL) {
            if (want.scale() != have.scale()) {
                return Change.DIFFERS;
            }
            return want.precision() > have.precision() ? Change.WIDEN : Change.NONE;
        }
        if (have.kind() == ColumnType.Kind.INTEGER && want.kind() == ColumnType.Kind.BIGINT) {
            return Change.WIDEN;
        }
        if (have.kind() == ColumnType.Kind.BIGINT && want.kind() == ColumnType.Kind.INTEGER) {
            return Change.NONE;
        }
        return Change.DIFFERS;
    }

    private List<String> retained(List<Existing> existing) {
        List<String> out = new ArrayList<>();
        for (Existing e : existing) {
            if (columns.stream().noneMatch(c -> same(c.name(), e.name()))) {
                out.add(e.name());
            }
        }
        return out;
    }

    private void writeState(Instant mark, String bulkJobId, List<String> retained) throws SQLException {
        stateTable.write(connection, new SyncState(target.toString(), spec.schema().name(),
                watermark == null ? null : watermark.name(), mark, spec.runId(), bulkJobId, spec.syncMethod(),
                Instant.now(), retained, spec.deleteMode().wireName()));
        io.sfsync.checkpoint.Checkpoints.reach("state.written");
    }

    private List<Existing> existingColumns(TableRef table) throws SQLException {
        List<Existing> out = new ArrayList<>();
        try (var p = connection.prepareStatement(dialect.listColumnTypes())) {
            p.setString(1, table.schema());
            p.setString(2, table.table());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    long length = rs.getLong(3);
                    int precision = rs.getInt(4);
                    int scale = rs.getInt(5);
                    ColumnType parsed = dialect.columnType(type, length, precision, scale);
                    out.add(new Existing(rs.getString(1), parsed, parsed == null ? type : dialect.typeName(parsed)));
                }
            }
        }
        return out;
    }

    private Existing find(List<Existing> existing, String name) {
        return existing.stream().filter(e -> same(e.name(), name)).findFirst().orElse(null);
    }

    private boolean hasColumn(List<Existing> existing, String name) {
        return find(existing, name) != null;
    }

    private boolean same(String a, String b) {
        return dialect.caseSensitiveIdentifiers() ? a.equals(b) : a.toLowerCase(Locale.ROOT).equals(
                b.toLowerCase(Locale.ROOT));
    }

    /** The schema changes found so far (also after a failure). */
    public List<String> changes() {
        return List.copyOf(changes);
    }

    /** The target's state row, read on the load's connection. */
    public Optional<SyncState> state() throws SQLException {
        return stateTable.read(connection, target);
    }

    private interface Work {
        long[] run() throws SQLException;
    }

    private long[] inTransaction(Work work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            if (begin != null) {
                execute(begin);
            }
            long[] out = work.run();
            long started = System.nanoTime();
            connection.commit();
            timed(started, "COMMIT");
            io.sfsync.checkpoint.Checkpoints.reach("target.committed");
            return out;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** DuckDB: one transaction. Snowflake: each statement commits (the swap is DDL), the state row last. */
    private long[] inTransactionUnlessDdlCommits(Work work) throws SQLException {
        return ddlInTransaction ? inTransaction(work) : work.run();
    }

    private void execute(String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
        timed(started, sql);
    }

    private long update(String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(sql);
        } finally {
            timed(started, sql);
        }
    }

    private long count(String sql) throws SQLException {
        long started = System.nanoTime();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } finally {
            timed(started, sql);
        }
    }

    /** Debug: how long each statement of the commit took, to see where a slow load spends its time. */
    private static void timed(long started, String sql) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} ms: {}", (System.nanoTime() - started) / 1_000_000,
                    sql.length() > 120 ? sql.substring(0, 120) + "..." : sql);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback of the load into {} failed: {}", target, firstLine(e));
        }
    }

    private void dropQuietly(TableRef table) {
        try {
            execute(dialect.dropTable(table));
        } catch (SQLException e) {
            LOG.warn("could not drop {}, created by the failed load of run {}: {}", table, spec.runId(),
                    firstLine(e));
        }
    }

    private static String firstLine(SQLException e) {
        return io.sfsync.warehouse.SqlMessages.summary(e);
    }
}
