package io.sfsync.warehouse.duckdb;

import io.sfsync.load.CsvBatch;
import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.LoadOutcome;
import io.sfsync.warehouse.LoadSession;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.StageFiles;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.TableRefs;
import io.sfsync.warehouse.TargetWriter;
import io.sfsync.warehouse.TypeMapping;
import io.sfsync.warehouse.WarehouseDialect;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load into DuckDB on its own connection. Batches go into an all-VARCHAR temporary staging table, either as they
 * arrive (merge path: each batch written to a temporary file and read with one {@code read_csv}) or at
 * commit from the run's stage files (stage path). Commit then converts, deduplicates and moves the staged rows into
 * the target in one transaction.
 */
final class DuckDbLoadSession implements LoadSession {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbLoadSession.class);
    private static final int FILES_NAMED_IN_ERRORS = 5;

    private enum State { OPEN, COMMITTED, ABORTED }

    private final DuckDbWarehouse warehouse;
    private final WarehouseDialect dialect;
    private final LoadSpec spec;
    private final String sobject;
    private final List<Column> columns;
    private final Column match;
    private final Column watermark;
    private final TableRef target;
    private final TableRef staging;
    /** Id reconciliation: every key Salesforce has (match column only), or null. */
    private final TableRef ids;
    private final Path runFolder;
    private final Set<Integer> sequences = new HashSet<>();
    /** Stage path: the files written so far by sequence, with their column order. */
    private final TreeMap<Integer, StagedFile> stagedFiles = new TreeMap<>();
    private final Connection connection;
    private State state = State.OPEN;

    private record StagedFile(Path path, List<String> columns) {
    }

    private record Stats(long rows, long distinctKeys, long nullKeys) {
        boolean hasDuplicateKeys() {
            return distinctKeys != rows;
        }
    }

    DuckDbLoadSession(DuckDbWarehouse warehouse, LoadSpec spec) {
        this.warehouse = warehouse;
        this.dialect = warehouse.dialect();
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
            if (c.name().equalsIgnoreCase(WarehouseDialect.BATCH_COLUMN)) {
                throw new WarehouseException(WarehouseError.INVALID_SPEC, "field " + c.name() + " of " + sobject
                        + " collides with sfsync's staging column; rename the field or leave it out");
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
        dialect.table(TableRefs.fresh(target, spec.runId()));
        if (spec.viaStage()) {
            this.runFolder = warehouse.stageFolder(spec.stageName()).resolve(StageFiles.runFolder(sobject,
                    spec.runId()));
            try {
                Files.createDirectories(runFolder);
            } catch (IOException e) {
                throw new WarehouseException(WarehouseError.STAGE_NOT_WRITABLE, "cannot create the stage folder "
                        + runFolder + ": " + e + " (make the stage folder writable, or sync without the stage)", e);
            }
        } else {
            this.runFolder = null;
        }
        this.connection = warehouse.connect();
        try {
            warehouse.ensureSchema(connection, target.schema());
            warehouse.ensureStateTable(connection);
            execute(dialect.createStaging(staging, columns.stream().map(Column::name).toList()));
            if (ids != null) {
                execute(dialect.createStaging(ids, List.of(match.name())));
            }
        } catch (SQLException e) {
            closeConnection();
            throw writeFailed("cannot create the staging table " + staging, e);
        }
    }

    @Override
    public synchronized void addBatch(CsvBatch batch) {
        requireOpen();
        List<String> fileColumns = fileColumns(batch);
        if (!sequences.add(batch.sequence())) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "batch " + batch.sequence() + " of run "
                    + spec.runId() + " was already added to the load of " + target + "; number batches uniquely");
        }
        if (spec.viaStage()) {
            stagedFiles.put(batch.sequence(), new StagedFile(writeStageFile(batch), fileColumns));
            return;
        }
        Path file = null;
        try {
            file = Files.createTempFile("sfsync-" + sobject + "-",
                    String.format(Locale.ROOT, "-%06d.csv", batch.sequence()));
            Files.write(file, batch.csv());
            loadFile(staging, file, batch.sequence(), fileColumns, "batch " + batch.sequence());
        } catch (IOException e) {
            sequences.remove(batch.sequence());
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot write batch " + batch.sequence() + " of "
                    + sobject + " to a temporary file: " + e + " (check free space in java.io.tmpdir)", e);
        } catch (WarehouseException e) {
            sequences.remove(batch.sequence());
            throw e;
        } finally {
            deleteQuietly(file);
        }
    }

    @Override
    public synchronized void addIds(CsvBatch batch) {
        requireOpen();
        if (ids == null) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "the load of " + sobject + " into " + target
                    + " does not reconcile Ids (an incremental load with reconcileIds) and takes no Id batch");
        }
        if (batch.header().size() != 1 || !batch.header().get(0).equalsIgnoreCase(match.name())) {
            throw new WarehouseException(WarehouseError.SCHEMA_MISMATCH, "an Id batch of " + sobject + " must have"
                    + " exactly the column " + match.name() + ", not " + batch.header());
        }
        Path file = null;
        try {
            file = Files.createTempFile("sfsync-" + sobject + "-ids-", ".csv");
            Files.write(file, batch.csv());
            loadFile(ids, file, batch.sequence(), List.of(match.name()), "Id batch " + batch.sequence());
        } catch (IOException e) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot write Id batch " + batch.sequence()
                    + " of " + sobject + " to a temporary file: " + e + " (check free space in java.io.tmpdir)", e);
        } finally {
            deleteQuietly(file);
        }
    }

    @Override
    public synchronized LoadOutcome commit(String bulkJobId) {
        requireOpen();
        LoadOutcome outcome;
        try {
            for (var e : stagedFiles.entrySet()) {
                loadFile(staging, e.getValue().path(), e.getKey(), e.getValue().columns(), "stage file "
                        + e.getValue().path());
            }
            io.sfsync.app.Checkpoints.reach("load.staged");
            outcome = mergeOrReplace(bulkJobId);
        } catch (WarehouseException e) {
            finish(State.ABORTED);
            throw withKeptFiles(e);
        }
        finish(State.COMMITTED);
        io.sfsync.app.Checkpoints.reach("load.cleaned-up");
        LOG.info("loaded {} into {}: {} rows, {} inserted, {} updated, {} deleted{}", sobject, target,
                outcome.rowsLoaded(), outcome.rowsInserted(), outcome.rowsUpdated(), outcome.rowsDeleted(),
                spec.fullReplace() ? " (full replace)" : "");
        return outcome;
    }

    @Override
    public synchronized void abort() {
        if (state == State.OPEN) {
            finish(State.ABORTED);
            if (!stagedFiles.isEmpty()) {
                LOG.info("load of {} into {} aborted; stage files kept in {}", sobject, target, runFolder);
            }
        }
    }

    @Override
    public void close() {
        abort();
    }

    private LoadOutcome mergeOrReplace(String bulkJobId) {
        Stats stats;
        try {
            stats = stats();
        } catch (SQLException e) {
            throw loadFailed(e);
        }
        if (stats.nullKeys() > 0) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, stats.nullKeys() + " rows of " + sobject
                    + " have no " + match.name() + ", so they cannot be matched in " + target + "; the table is"
                    + " unchanged. Check that every batch has a " + match.name() + " column, or choose another"
                    + " match field.");
        }
        TargetWriter writer = new TargetWriter(connection, dialect, warehouse.stateTable(), spec, columns, match,
                watermark, staging, ids, TableRefs.fresh(target, spec.runId()), true);
        try {
            return writer.write(stats.rows(), stats.hasDuplicateKeys(), bulkJobId);
        } catch (SQLException e) {
            throw loadFailed(e);
        }
    }

    private Stats stats() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(dialect.stagingStats(staging, match))) {
            rs.next();
            return new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    private void loadFile(TableRef into, Path file, int sequence, List<String> fileColumns, String what) {
        try (PreparedStatement p = connection.prepareStatement(dialect.loadStaging(into, fileColumns))) {
            p.setInt(1, sequence);
            p.setString(2, file.toAbsolutePath().toString());
            p.executeUpdate();
        } catch (SQLException e) {
            throw new WarehouseException(DuckDbWarehouse.isReadOnly(e) ? WarehouseError.READ_ONLY
                    : WarehouseError.LOAD_FAILED, what + " of " + sobject + " could not be read as CSV into "
                    + into + ": " + DuckDbWarehouse.firstLine(e) + " (batches must be RFC 4180 CSV with a header"
                    + " row and " + fileColumns.size() + " columns)", e);
        }
    }

    /** The batch's header mapped to the schema's column names; unknown or repeated columns are refused. */
    private List<String> fileColumns(CsvBatch batch) {
        List<String> out = new ArrayList<>(batch.header().size());
        Set<String> seen = new HashSet<>();
        for (String name : batch.header()) {
            Column c = columns.stream().filter(col -> col.name().equalsIgnoreCase(name)).findFirst().orElse(null);
            if (c == null) {
                throw new WarehouseException(WarehouseError.SCHEMA_MISMATCH, "batch " + batch.sequence() + " of "
                        + sobject + " has a column '" + name + "' that is not among the fields loaded into " + target
                        + " " + columns.stream().map(Column::name).toList() + "; refresh the schema (describe) or"
                        + " leave the field out of the query");
            }
            if (!seen.add(c.name().toLowerCase(Locale.ROOT))) {
                throw new WarehouseException(WarehouseError.SCHEMA_MISMATCH, "batch " + batch.sequence() + " of "
                        + sobject + " has the column " + c.name() + " twice; each field may appear once");
            }
            out.add(c.name());
        }
        if (out.isEmpty()) {
            throw new WarehouseException(WarehouseError.SCHEMA_MISMATCH, "batch " + batch.sequence() + " of "
                    + sobject + " has no header columns");
        }
        return out;
    }

    private Path writeStageFile(CsvBatch batch) {
        Path file = runFolder.resolve(StageFiles.fileName(sobject, spec.runId(), batch.sequence()));
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.write(part, batch.csv());
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            sequences.remove(batch.sequence());
            deleteQuietly(part);
            throw new WarehouseException(WarehouseError.STAGE_NOT_WRITABLE, "cannot write batch " + batch.sequence()
                    + " of " + sobject + " to the stage file " + file + ": " + e + " (check free space and"
                    + " permissions of the stage folder)", e);
        }
    }

    private Column column(String field, String role) {
        if (field == null) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "the load of " + sobject + " into " + target
                    + " needs a " + role + " field");
        }
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(field)).findFirst()
                .orElseThrow(() -> new WarehouseException(WarehouseError.INVALID_SPEC, "the " + role + " field "
                        + field + " is not among the fields of " + sobject + " that are loaded "
                        + columns.stream().map(Column::name).toList() + "; configure one of them"));
    }

    /** A failure of the transaction: a value that does not convert is named with its column, key and file. */
    private WarehouseException loadFailed(SQLException e) {
        if (DuckDbWarehouse.isReadOnly(e)) {
            return new WarehouseException(WarehouseError.READ_ONLY, "cannot write " + target + " to "
                    + warehouse.databaseFile() + ", which is read-only; the table is unchanged. "
                    + DuckDbWarehouse.firstLine(e), e);
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("Conversion Error") || message.contains("Could not convert")) {
            String diagnosis = diagnoseConversion();
            return new WarehouseException(WarehouseError.TYPE_MISMATCH, (diagnosis != null ? diagnosis
                    : DuckDbWarehouse.firstLine(e)) + "; " + target + " is unchanged. Fix the value in Salesforce or"
                    + " map the field to another type, then run the sync again.", e);
        }
        String hint = message.contains("conflict") ? " (another connection changed " + target + " at the same"
                + " time; run the sync again when it is done)" : "";
        return new WarehouseException(WarehouseError.LOAD_FAILED, "loading " + sobject + " into " + target
                + " failed, the table is unchanged: " + DuckDbWarehouse.firstLine(e) + hint, e);
    }

    private String diagnoseConversion() {
        for (Column c : columns) {
            if (c.type().isText()) {
                continue;
            }
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery(dialect.firstUnconvertible(staging, c, match))) {
                if (rs.next()) {
                    String value = rs.getString(2);
                    if (value.length() > 60) {
                        value = value.substring(0, 60) + "...";
                    }
                    int sequence = rs.getInt(3);
                    StagedFile f = stagedFiles.get(sequence);
                    return "column " + c.name() + " of " + target + " is " + dialect.typeName(c.type()) + ", but "
                            + match.name() + " " + rs.getString(1) + " has '" + value + "' in batch " + sequence
                            + (f != null ? " (stage file " + f.path() + ")" : "");
                }
            } catch (SQLException ex) {
                LOG.debug("diagnosing a conversion failure on {} failed", c.name(), ex);
            }
        }
        return null;
    }

    private WarehouseException withKeptFiles(WarehouseException e) {
        if (stagedFiles.isEmpty()) {
            return e;
        }
        List<String> names = stagedFiles.values().stream().limit(FILES_NAMED_IN_ERRORS)
                .map(f -> f.path().getFileName().toString()).toList();
        String more = stagedFiles.size() > FILES_NAMED_IN_ERRORS
                ? " and " + (stagedFiles.size() - FILES_NAMED_IN_ERRORS) + " more" : "";
        String text = e.detail() + " Stage files kept in " + runFolder
                + ": " + String.join(", ", names) + more + ".";
        return new WarehouseException(e.code(), text, e.getCause() != null ? e.getCause() : e);
    }

    /** Drops staging, removes the run's stage files after a commit, releases the connection. */
    private void finish(State end) {
        state = end;
        try {
            execute(dialect.dropTable(staging));
            if (ids != null) {
                execute(dialect.dropTable(ids));
            }
            if (end == State.ABORTED) {
                execute(dialect.dropTable(TableRefs.fresh(target, spec.runId())));
            }
        } catch (SQLException e) {
            LOG.warn("could not drop the work tables of run {} ({}); drop them by hand: {}", spec.runId(), staging,
                    DuckDbWarehouse.firstLine(e));
        } finally {
            closeConnection();
        }
        if (end == State.COMMITTED && runFolder != null) {
            for (StagedFile f : stagedFiles.values()) {
                deleteQuietly(f.path());
            }
            deleteQuietly(runFolder);
        }
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "the load of " + sobject + " into " + target
                    + " (run " + spec.runId() + ") is already " + state.name().toLowerCase(Locale.ROOT)
                    + "; open a new load");
        }
    }

    private WarehouseException writeFailed(String what, SQLException e) {
        return new WarehouseException(DuckDbWarehouse.isReadOnly(e) ? WarehouseError.READ_ONLY
                : WarehouseError.LOAD_FAILED, what + " in " + warehouse.databaseFile() + ": "
                + DuckDbWarehouse.firstLine(e), e);
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private void closeConnection() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the connection of run {} failed", spec.runId(), e);
        }
    }

    private static void deleteQuietly(Path p) {
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
