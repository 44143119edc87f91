package io.sfsync.warehouse;

import io.sfsync.api.DeleteMode;
import io.sfsync.checkpoint.Checkpoints;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>This class holds the watermark and the state row; the parts of the work are {@link IncrementalMerge},
 * {@link FullReplace}, {@link FormulaUpdate} (a formula refresh, which leaves the state row alone) and
 * {@link SchemaDrift}, on the connection as {@link WriterConnection} runs it.
 */
public final class TargetWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TargetWriter.class);
    /** The boolean field that marks a record deleted in Salesforce, where the object has it. */
    static final String IS_DELETED = "IsDeleted";

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
    private final Checkpoints checkpoints;
    private final List<String> changes = new ArrayList<>();
    private boolean stagedMaximumKnown;
    private Instant stagedMaximum;
    private String begin;

    /**
     * @param ids the staging table of the Id reconciliation (match column only), or null
     * @param ddlInTransaction whether DDL joins the transaction (DuckDB) or commits at once (Snowflake)
     * @param checkpoints the load's ({@link JdbcWarehouse#checkpoints()})
     */
    public TargetWriter(Connection connection, WarehouseDialect dialect, SyncStateTable stateTable, LoadSpec spec,
            List<Column> columns, Column match, Column watermark, TableRef staging, TableRef ids, TableRef fresh,
            boolean ddlInTransaction, Checkpoints checkpoints) {
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
        this.checkpoints = checkpoints;
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

    /**
     * Merges (incremental) or replaces (full) the target with the staged rows and writes the state row.
     *
     * @param stagedRows rows in staging
     * @param duplicateKeys whether some key occurs twice in staging (then the source is deduplicated)
     * @param bulkJobId the run's Bulk job, for the state row, or null
     */
    public LoadOutcome write(long stagedRows, boolean duplicateKeys, String bulkJobId) throws SQLException {
        SyncState old = stateTable.read(connection, target).orElse(null);
        if (spec.formulasOnly()) {
            // The watermark is the last sync's: a formula refresh reads every record, whatever its stamp.
            boolean exists = Catalog.tableExists(connection, dialect, target);
            WriteContext w = context();
            long[] counts = new FormulaUpdate(w).write(SchemaDrift.of(w, exists), exists, List.of(), duplicateKeys,
                    kept -> { });
            return new LoadOutcome(stagedRows, 0, counts[1], 0, old == null ? null : old.watermark(), changes);
        }
        Instant mark = newWatermark(old);
        boolean exists = Catalog.tableExists(connection, dialect, target);
        WriteContext w = context();
        SchemaDrift drift = SchemaDrift.of(w, exists);
        List<String> retained = drift.retained();
        for (String r : retained) {
            if (old == null || old.retainedColumns().stream().noneMatch(n -> w.same(n, r))) {
                changes.add("kept column " + r + ": the field is no longer in Salesforce (new rows get NULL)");
            }
        }
        WriteContext.StateRow state = kept -> writeState(mark, bulkJobId, kept);
        WriteStrategy strategy = spec.fullReplace() ? new FullReplace(w) : new IncrementalMerge(w);
        long[] counts = strategy.write(drift, exists, retained, duplicateKeys, state);
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
        long[] counts = new FullReplace(context()).writeFilled(rows, kept -> writeState(newMark, bulkJobId, kept));
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

    private WriteContext context() {
        WriterConnection sql = new WriterConnection(connection, dialect, target, spec.runId(), ddlInTransaction, begin,
                checkpoints);
        return new WriteContext(sql, dialect, spec, columns, match, watermark, deletedFlag, staging, ids, fresh,
                changes);
    }

    private void writeState(Instant mark, String bulkJobId, List<String> retained) throws SQLException {
        stateTable.write(connection, new SyncState(target.toString(), spec.schema().name(),
                watermark == null ? null : watermark.name(), mark, spec.runId(), bulkJobId, spec.syncMethod(),
                Instant.now(), retained, spec.deleteMode().wireName()));
        checkpoints.reach("state.written");
    }

    /** The schema changes found so far (also after a failure). */
    public List<String> changes() {
        return List.copyOf(changes);
    }

    /** The target's state row, read on the load's connection. */
    public Optional<SyncState> state() throws SQLException {
        return stateTable.read(connection, target);
    }
}
