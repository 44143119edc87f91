package io.sfsync.warehouse;

import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.load.CsvBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every load session does the same way on its one connection, whatever the warehouse: it checks the spec and
 * names the run's tables (staging, Id table, the new table of a full replace), refuses batches that do not fit the
 * schema or reuse a sequence, and commits as a template: {@link #load} moves the staged rows into the target
 * ({@link #writer} builds the {@link TargetWriter}), then {@link #finish} cleans up, and a failure names the stage
 * files it keeps. A warehouse says how its files reach staging and what it leaves behind.
 */
public abstract class JdbcLoadSession implements LoadSession {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcLoadSession.class);
    private static final int FILES_NAMED_IN_ERRORS = 5;

    /** The warehouse's own logger ({@code DuckDbLoadSession}, ...), so that the log says which one loaded. */
    private final Logger log = LoggerFactory.getLogger(getClass());

    /** Where a load stands: open until committed or aborted. */
    protected enum State { OPEN, COMMITTED, ABORTED }

    protected final LoadSpec spec;
    protected final String sobject;
    protected final List<Column> columns;
    protected final Column match;
    protected final Column watermark;
    protected final TableRef target;
    protected final TableRef staging;
    /** Id reconciliation: every key Salesforce has (match column only), or null. */
    protected final TableRef ids;
    protected final TableRef fresh;
    /** The crash tests' checkpoints, from the warehouse. */
    protected final Checkpoints checkpoints;
    private final WarehouseDialect dialect;
    private final SyncStateTable stateTable;
    private final Set<Integer> sequences = new HashSet<>();
    /** The session's connection, opened by the warehouse's constructor once its own preparations are done. */
    protected Connection connection;
    /** The newest watermark the commit may record (see {@link LoadSession#commit(String, Instant)}), or null. */
    protected Instant watermarkAtMost;
    private State state = State.OPEN;
    /** The load was suspended ({@link #suspend()}): {@link #finish} leaves every landed page where it is. */
    protected boolean keepPages;

    /**
     * Checks the spec and names the run's tables; opens nothing.
     *
     * @param stagingColumns the staging table's own columns, which no field may be named
     * @param checkpoints the warehouse's ({@link JdbcWarehouse#checkpoints()})
     */
    protected JdbcLoadSession(WarehouseDialect dialect, SyncStateTable stateTable, LoadSpec spec,
            List<String> stagingColumns, Checkpoints checkpoints) {
        this.checkpoints = checkpoints;
        this.dialect = dialect;
        this.stateTable = stateTable;
        this.spec = spec;
        if (spec == null || spec.target() == null || spec.schema() == null) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "a load needs a target table and a schema");
        }
        this.target = spec.target();
        dialect.table(target);
        this.sobject = spec.schema().name();
        StageFiles.requireRunId(spec.runId());
        this.columns = TypeMapping.columns(spec.schema().extracted());
        if (columns.isEmpty()) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, sobject + " has no field to load into " + target);
        }
        for (Column c : columns) {
            dialect.quote(c.name());
            if (stagingColumns.stream().anyMatch(c.name()::equalsIgnoreCase)) {
                throw new WarehouseException(WarehouseError.INVALID_SPEC, "field " + c.name() + " of " + sobject
                        + " collides with sfsync's staging column" + (stagingColumns.size() > 1 ? "s" : "")
                        + "; rename the field or leave it out");
            }
        }
        this.match = column(spec.matchField(), "match");
        this.watermark = spec.watermarkField() == null ? null : column(spec.watermarkField(), "watermark");
        this.staging = dialect.stagingTable(target, spec.runId());
        dialect.table(staging);
        this.ids = spec.reconcileIds() && !spec.fullReplace() ? new TableRef(staging.schema(), staging.table()
                + "_ids") : null;
        if (ids != null) {
            dialect.table(ids);
        }
        this.fresh = TableRefs.fresh(target, spec.runId());
        dialect.table(fresh);
    }

    /** Creates the staging table (and the Id table) on the session's connection. */
    protected void createStaging() throws SQLException {
        execute(dialect.createStaging(staging, columns.stream().map(Column::name).toList()));
        if (ids != null) {
            execute(dialect.createStaging(ids, List.of(match.name())));
        }
    }

    /**
     * Moves everything added into the target in one transaction and returns what it did; {@link #finish} follows,
     * committed or aborted.
     */
    protected abstract LoadOutcome load(String bulkJobId);

    /** Drops the work tables, removes what a commit no longer needs, releases the connection. */
    protected abstract void finish(State end);

    /** The stage files a failed load keeps, by name (none off the stage path). */
    protected abstract List<String> keptFiles();

    /** Where {@link #keptFiles} are. */
    protected abstract Object keptFilesLocation();

    @Override
    public final synchronized LoadOutcome commit(String bulkJobId, Instant watermarkAtMost) {
        this.watermarkAtMost = watermarkAtMost;
        requireOpen();
        long started = System.nanoTime();
        LoadOutcome outcome;
        try {
            outcome = load(bulkJobId);
        } catch (WarehouseException e) {
            end(State.ABORTED);
            throw withKeptFiles(e);
        }
        end(State.COMMITTED);
        checkpoints.reach("load.cleaned-up");
        log.info("loaded {} into {}: {} rows, {} inserted, {} updated, {} deleted{}; commit took {} s", sobject,
                target, outcome.rowsLoaded(), outcome.rowsInserted(), outcome.rowsUpdated(), outcome.rowsDeleted(),
                spec.fullReplace() ? " (full replace)" : "", String.format(Locale.ROOT, "%.1f",
                        (System.nanoTime() - started) / 1e9));
        return outcome;
    }

    @Override
    public final synchronized void abort() {
        if (state == State.OPEN) {
            end(State.ABORTED);
            if (!keptFiles().isEmpty()) {
                log.info("load of {} into {} aborted; stage files kept in {}", sobject, target, keptFilesLocation());
            }
        }
    }

    @Override
    public final synchronized void suspend() {
        if (state == State.OPEN) {
            keepPages = true;
            abort();
        }
    }

    @Override
    public final void close() {
        abort();
    }

    private void end(State end) {
        state = end;
        finish(end);
    }

    /** A writer of the staged rows into the target, on this session's connection. */
    protected TargetWriter writer(boolean transactionalDdl) {
        return new TargetWriter(connection, dialect, stateTable, spec, columns, match, watermark, staging, ids, fresh,
                transactionalDdl, checkpoints).watermarkAtMost(watermarkAtMost);
    }

    /** Takes the sequence for this load; each may be used once. */
    protected void claim(int sequence, String what) {
        if (!sequences.add(sequence)) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, what + " " + sequence + " of run "
                    + spec.runId() + " was already added to the load of " + target + "; number batches uniquely");
        }
    }

    /** Gives a sequence back after its batch failed, so that a retry may use it. */
    protected void release(int sequence) {
        sequences.remove(sequence);
    }

    /** Refuses an Id batch when the load does not reconcile Ids or the batch is not the match column alone. */
    protected void requireIdBatch(CsvBatch batch) {
        requireOpen();
        if (ids == null) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "the load of " + sobject + " into " + target
                    + " does not reconcile Ids (an incremental load with reconcileIds) and takes no Id batch");
        }
        if (batch.header().size() != 1 || !batch.header().get(0).equalsIgnoreCase(match.name())) {
            throw new WarehouseException(WarehouseError.SCHEMA_MISMATCH, "an Id batch of " + sobject + " must have"
                    + " exactly the column " + match.name() + ", not " + batch.header());
        }
    }

    /** A header mapped to the schema's column names; unknown or repeated columns are refused. */
    protected List<String> fileColumns(List<String> header, String what) {
        List<String> out = new ArrayList<>(header.size());
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            Column c = columns.stream().filter(col -> col.name().equalsIgnoreCase(name)).findFirst().orElse(null);
            if (c == null) {
                throw new WarehouseException(WarehouseError.SCHEMA_MISMATCH, what + " of "
                        + sobject + " has a column '" + name + "' that is not among the fields loaded into " + target
                        + " " + columns.stream().map(Column::name).toList() + "; refresh the schema (describe) or"
                        + " leave the field out of the query");
            }
            if (!seen.add(c.name().toLowerCase(Locale.ROOT))) {
                throw new WarehouseException(WarehouseError.SCHEMA_MISMATCH, what + " of "
                        + sobject + " has the column " + c.name() + " twice; each field may appear once");
            }
            out.add(c.name());
        }
        if (out.isEmpty()) {
            throw new WarehouseException(WarehouseError.SCHEMA_MISMATCH, what + " of "
                    + sobject + " has no header columns");
        }
        return out;
    }

    /** The loaded column of a field (the match or watermark field, or a file's column). */
    protected Column column(String field, String role) {
        if (field == null) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "the load of " + sobject + " into " + target
                    + " needs a " + role + " field");
        }
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(field)).findFirst()
                .orElseThrow(() -> new WarehouseException(WarehouseError.INVALID_SPEC, "the " + role + " field "
                        + field + " is not among the fields of " + sobject + " that are loaded "
                        + columns.stream().map(Column::name).toList() + "; configure one of them"));
    }

    /** Refuses staged rows without a match key: they could not be matched in the target. */
    protected void requireKeys(long nullKeys) {
        if (nullKeys > 0) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, nullKeys + " rows of " + sobject
                    + " have no " + match.name() + ", so they cannot be matched in " + target + "; the table is"
                    + " unchanged. Check that every batch has a " + match.name() + " column, or choose another"
                    + " match field.");
        }
    }

    /**
     * The first staged value of {@code c} that does not convert, in words (column, type, key, value, batch and its
     * stage file from {@code fileOf}, which may answer null); null when every value converts or the query fails.
     */
    protected String firstUnconvertible(Column c, IntFunction<String> fileOf) {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(dialect.firstUnconvertible(staging, c, match))) {
            if (rs.next()) {
                String value = rs.getString(2);
                if (value.length() > 60) {
                    value = value.substring(0, 60) + "...";
                }
                int sequence = rs.getInt(3);
                String file = fileOf.apply(sequence);
                return "column " + c.name() + " of " + target + " is " + dialect.typeName(c.type()) + ", but "
                        + match.name() + " " + rs.getString(1) + " has '" + value + "' in batch " + sequence
                        + (file != null ? " (stage file " + file + ")" : "");
            }
        } catch (SQLException e) {
            log.debug("diagnosing a conversion failure on {} failed", c.name(), e);
        }
        return null;
    }

    /** A value that does not convert: the table is unchanged, and the user is told how to go on. */
    protected WarehouseException typeMismatch(String diagnosis, Throwable cause) {
        return new WarehouseException(WarehouseError.TYPE_MISMATCH, diagnosis + "; " + target + " is unchanged. Fix"
                + " the value in Salesforce or map the field to another type, then run the sync again.", cause);
    }

    /** A failed load: the table is unchanged; {@code hint} (may be empty) says what to do. */
    protected WarehouseException loadFailed(String message, String hint, SQLException e) {
        return new WarehouseException(WarehouseError.LOAD_FAILED, "loading " + sobject + " into " + target
                + " failed, the table is unchanged: " + message + hint, e);
    }

    private WarehouseException withKeptFiles(WarehouseException e) {
        List<String> kept = keptFiles();
        if (kept.isEmpty()) {
            return e;
        }
        String more = kept.size() > FILES_NAMED_IN_ERRORS
                ? " and " + (kept.size() - FILES_NAMED_IN_ERRORS) + " more" : "";
        String text = e.detail() + " Stage files kept in " + keptFilesLocation() + ": "
                + String.join(", ", kept.subList(0, Math.min(kept.size(), FILES_NAMED_IN_ERRORS))) + more + ".";
        return new WarehouseException(e.code(), text, e.getCause() != null ? e.getCause() : e);
    }

    protected void requireOpen() {
        if (state != State.OPEN) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "the load of " + sobject + " into " + target
                    + " (run " + spec.runId() + ") is already " + state.name().toLowerCase(Locale.ROOT)
                    + "; open a new load");
        }
    }

    protected void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** Closes the session's connection (a pooled one goes back to its pool). */
    protected void closeConnection() {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the connection of run {} failed", spec.runId(), e);
        }
    }

    /** Deletes a file or an empty folder, logging a failure (a file left behind is harmless, but worth a word). */
    public static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", p, e.toString());
        }
    }
}
