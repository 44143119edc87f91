package io.sfsync.warehouse.snowflake;

import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvPage;
import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.LoadOutcome;
import io.sfsync.warehouse.JdbcLoadSession;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.StageFiles;
import io.sfsync.warehouse.TargetWriter;
import io.sfsync.warehouse.WarehouseDialect;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load into Snowflake on one pooled session, which owns the run's temporary staging table.
 *
 * <p>Each batch is written to a local temporary file and {@code PUT} into a stage folder of the run, where it stays
 * until commit, which copies them all with one {@code COPY} per 1,000 files, naming every file: merge path, the user
 * stage ({@code @~/sfsync/<sobject>/<runId>/}, removed when the load ends); stage path, the named stage under
 * {@code <sobject>/<runId>/} (removed after a commit, kept after a failure); every COPY's result is read, file by file. Commit then checks the
 * staged rows (count, keys, every value converts), creates or widens the target, and moves the rows in with
 * {@link TargetWriter}: one MERGE (incremental) or the table rewritten in place (full), in one transaction with the
 * state row. Snowflake commits DDL at once, so everything that can fail on the data is checked before the first DDL;
 * a failed first load drops the target it created. Every statement carries the load's {@code QUERY_TAG}. Stage files are removed after a commit and kept, and named in the
 * error, after a failure.
 */
final class SnowflakeLoadSession extends JdbcLoadSession {
    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeLoadSession.class);
    private static final String STAGED_SUFFIX = ".gz";

    /** A batch in the named stage: its staged file name, its columns in file order, its rows. */
    private record StagedBatch(String file, List<String> columns, long rows) {
    }

    private record Stats(long rows, long distinctKeys, long nullKeys) {
        boolean hasDuplicateKeys() {
            return distinctKeys != rows;
        }
    }

    private final SnowflakeWarehouse warehouse;
    private final SnowflakeDialect dialect;
    private final String userLocation;
    private final String stageLocation;
    private final Path localDir;
    private final TreeMap<Integer, StagedBatch> stagedBatches = new TreeMap<>();
    /** Id batches PUT into the user stage's run folder, copied into the Id table at commit. */
    private final List<String> idFiles = new ArrayList<>();
    private final SnowflakeStageTransfers transfers;
    private long expectedRows;
    /** A page did not say how many rows it holds: the staged count cannot be checked. */
    private boolean rowsUnknown;
    /** The session's id once the commit has registered it as a load's ({@link DetachedTransactions}). */
    private String loadSession;

    SnowflakeLoadSession(SnowflakeWarehouse warehouse, LoadSpec spec) {
        super(warehouse.dialect(), warehouse.stateTable(), spec, List.of(WarehouseDialect.BATCH_COLUMN,
                SnowflakeDialect.ROW_COLUMN), warehouse.checkpoints());
        this.warehouse = warehouse;
        this.dialect = warehouse.dialect();
        String runFolder = StageFiles.runFolder(sobject, spec.runId());
        this.userLocation = dialect.stages().userStageLocation(runFolder);
        this.stageLocation = spec.viaStage()
                ? dialect.stages().stageLocation(warehouse.stage(spec.stageName()), runFolder) : null;
        try {
            this.localDir = Files.createTempDirectory("sfsync-" + sobject + "-");
        } catch (IOException e) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot create a temporary folder for the"
                    + " batches of " + sobject + ": " + e + " (check java.io.tmpdir)", e);
        }
        try {
            this.connection = warehouse.connect();
        } catch (WarehouseException e) {
            deleteLocalDir();
            throw e;
        }
        this.transfers = new SnowflakeStageTransfers(connection, dialect.stages(), sobject);
        try {
            execute(dialect.queryTag(sobject, target, spec.runId()));
            warehouse.ensureSchema(connection, target.schema());
            createStaging();
        } catch (SQLException e) {
            closeConnection();
            deleteLocalDir();
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot create the staging tables " + staging
                    + ": " + SnowflakeWarehouse.firstLine(e) + " (the role needs USAGE and CREATE TABLE on schema "
                    + target.schema() + ")", e);
        }
    }

    @Override
    public synchronized void addBatch(CsvBatch batch) {
        requireOpen();
        List<String> fileColumns = fileColumns(batch.header(), "batch " + batch.sequence());
        addFile(batch.sequence(), "batch", fileColumns, batch.rows(), local -> Files.write(local, batch.csv()));
    }

    /**
     * A Bulk page goes the way of a batch, unparsed: written to a local file as it came, {@code PUT} (compressed by
     * the driver) and copied like a batch; its announced row count is checked against the staged rows at commit.
     */
    @Override
    public synchronized void addPage(CsvPage page) {
        requireOpen();
        if (page.isEmpty()) {
            return;
        }
        List<String> fileColumns = fileColumns(page.header(), "page " + page.sequence());
        addFile(page.sequence(), "page", fileColumns, page.rows(), local -> {
            try (OutputStream out = Files.newOutputStream(local)) {
                page.writeTo(out);
            }
        });
    }

    private interface LocalFile {
        void write(Path local) throws IOException;
    }

    private void addFile(int sequence, String what, List<String> fileColumns, long rows, LocalFile content) {
        claim(sequence, what);
        String name = StageFiles.fileName(sobject, spec.runId(), sequence);
        Path local = localDir.resolve(name);
        try {
            content.write(local);
            transfers.put(local, batchLocation(), stageLocation != null ? WarehouseError.STAGE_NOT_WRITABLE
                    : WarehouseError.LOAD_FAILED, what + " " + sequence);
            stagedBatches.put(sequence, new StagedBatch(name + STAGED_SUFFIX, fileColumns, rows));
            if (rows < 0) {
                rowsUnknown = true;
            } else {
                expectedRows += rows;
            }
        } catch (IOException e) {
            release(sequence);
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot write " + what + " " + sequence + " of "
                    + sobject + " to a temporary file: " + e + " (check free space in java.io.tmpdir)", e);
        } catch (WarehouseException e) {
            release(sequence);
            throw e;
        } finally {
            deleteQuietly(local);
        }
    }

    /** Between pages the session has no transaction open: the point commits by itself. */
    @Override
    public synchronized void recordResumePoint(io.sfsync.warehouse.ResumePoint point) {
        requireOpen();
        warehouse.recordResumePoint(connection, point);
    }

    /**
     * The pages an interrupted run of the same run id PUT (sequences 0 to {@code nextSequence - 1}) as this load's:
     * each must be in the run's stage folder ({@code LIST}); their rows are known as a total, checked at commit with
     * the others.
     */
    @Override
    public synchronized void adopt(io.sfsync.warehouse.ResumePoint point) {
        requireOpen();
        List<String> fileColumns = fileColumns(point.columns(), "the pages of the interrupted run " + point.runId());
        java.util.Set<String> there = new java.util.HashSet<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(dialect.stages().list(batchLocation()))) {
            while (rs.next()) {
                String name = rs.getString(1);
                there.add(name.substring(name.lastIndexOf('/') + 1));
            }
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot list the pages of the interrupted run "
                    + point.runId() + " in " + batchLocation() + ": " + SnowflakeWarehouse.firstLine(e), e);
        }
        TreeMap<Integer, StagedBatch> adopted = new TreeMap<>();
        for (int sequence = 0; sequence < point.nextSequence(); sequence++) {
            String file = StageFiles.fileName(sobject, spec.runId(), sequence) + STAGED_SUFFIX;
            if (!there.contains(file)) {
                throw new WarehouseException(WarehouseError.LOAD_FAILED, "page " + sequence + " of the interrupted"
                        + " run " + point.runId() + " is missing from " + batchLocation() + " (" + file + ")");
            }
            adopted.put(sequence, new StagedBatch(file, fileColumns, -1));
        }
        for (int sequence : adopted.keySet()) {
            claim(sequence, "page");
        }
        stagedBatches.putAll(adopted);
        expectedRows += point.rows();
    }

    /**
     * Id reconciliation: the batch is PUT into the run's folder of the user stage, like a merge-path batch, and
     * copied into the Id table at commit with the others (one COPY per 1,000 files, not one per batch).
     */
    @Override
    public synchronized void addIds(CsvBatch batch) {
        requireIdBatch(batch);
        String name = "ids_" + StageFiles.fileName(sobject, spec.runId(), batch.sequence());
        Path local = localDir.resolve(name);
        try {
            Files.write(local, batch.csv());
            transfers.put(local, userLocation, WarehouseError.LOAD_FAILED, "batch " + batch.sequence());
            idFiles.add(name + STAGED_SUFFIX);
        } catch (IOException e) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot write Id batch " + batch.sequence()
                    + " of " + sobject + " to a temporary file: " + e + " (check free space in java.io.tmpdir)", e);
        } finally {
            deleteQuietly(local);
        }
    }

    @Override
    protected LoadOutcome load(String bulkJobId) {
        copyStagedBatches();
        for (int from = 0; from < idFiles.size(); from += SnowflakeStageStatements.MAX_FILES_PER_COPY) {
            List<String> chunk = idFiles.subList(from, Math.min(idFiles.size(),
                    from + SnowflakeStageStatements.MAX_FILES_PER_COPY));
            transfers.copy(ids, List.of(match.name()), userLocation, chunk, "Id batches " + chunk.get(0)
                    + (chunk.size() > 1 ? " to " + chunk.get(chunk.size() - 1) : ""));
        }
        checkpoints.reach("load.staged");
        return mergeOrReplace(bulkJobId);
    }

    @Override
    protected List<String> keptFiles() {
        return stageLocation == null ? List.of() : stagedBatches.values().stream().map(StagedBatch::file).toList();
    }

    @Override
    protected Object keptFilesLocation() {
        return stageLocation;
    }

    /** Stage path: one COPY per column layout (usually one), each naming at most the COPY limit of files. */
    private void copyStagedBatches() {
        Map<List<String>, List<String>> byLayout = new LinkedHashMap<>();
        for (StagedBatch b : stagedBatches.values()) {
            byLayout.computeIfAbsent(b.columns(), k -> new ArrayList<>()).add(b.file());
        }
        for (var e : byLayout.entrySet()) {
            List<String> files = e.getValue();
            for (int from = 0; from < files.size(); from += SnowflakeStageStatements.MAX_FILES_PER_COPY) {
                List<String> chunk = files.subList(from, Math.min(files.size(),
                        from + SnowflakeStageStatements.MAX_FILES_PER_COPY));
                transfers.copy(staging, e.getKey(), batchLocation(), chunk, "stage files " + chunk.get(0)
                        + (chunk.size() > 1 ? " to " + chunk.get(chunk.size() - 1) : ""));
            }
        }
    }

    /**
     * Checks the staged rows in one scan (count, keys, every value converts; the newest watermark read on the way),
     * then creates or widens the target and moves the rows in.
     */
    private LoadOutcome mergeOrReplace(String bulkJobId) {
        List<Column> typed = columns.stream().filter(c -> !c.type().isText()).toList();
        Stats stats;
        Instant newest;
        Column failing = null;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(dialect.stagingSummary(staging, match, watermark, typed))) {
            rs.next();
            stats = new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            newest = watermark == null ? null : dialect.instant(rs.getObject(4));
            for (int i = 0; i < typed.size() && failing == null; i++) {
                if (rs.getLong(5 + i) > 0) {
                    failing = typed.get(i);
                }
            }
        } catch (SQLException e) {
            throw loadFailed(e);
        }
        if (!rowsUnknown && stats.rows() != expectedRows) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "the batches of " + sobject + " held "
                    + expectedRows + " rows, but " + stats.rows() + " were staged; " + target + " is unchanged."
                    + " Check that every batch is RFC 4180 CSV with a header row.");
        }
        requireKeys(stats.nullKeys());
        if (failing != null) {
            throw typeMismatch(diagnose(failing), null);
        }
        List<String> aborted = abortDetachedTransactions();
        try {
            // The state table's DDL commits at once: before the load's transaction.
            warehouse.ensureStateTable(connection);
            String transaction = DetachedTransactions.name(warehouse.settings().database(), target);
            LoadOutcome outcome = writer(false).stagedMaximum(newest).beginWith(dialect.beginTransaction(transaction))
                    .write(stats.rows(), stats.hasDuplicateKeys(), bulkJobId);
            return aborted.isEmpty() ? outcome : outcome.withNotes(aborted);
        } catch (SQLException e) {
            throw loadFailed(e);
        }
    }

    /**
     * Before anything can wait on a lock: aborts the transaction a killed earlier load of this target left open
     * ({@link DetachedTransactions}), which would otherwise hold the target's and the state table's locks for hours.
     */
    private List<String> abortDetachedTransactions() {
        try {
            loadSession = DetachedTransactions.session(connection, dialect);
            return DetachedTransactions.abortDetached(connection, dialect, loadSession, warehouse.settings().database(),
                    target);
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot check for a transaction an earlier,"
                    + " killed load of " + target + " left open (SHOW TRANSACTIONS, SYSTEM$ABORT_TRANSACTION): "
                    + SnowflakeWarehouse.firstLine(e) + "; " + target + " is unchanged", e);
        }
    }

    private String diagnose(Column c) {
        String diagnosis = firstUnconvertible(c, sequence -> {
            StagedBatch b = stagedBatches.get(sequence);
            return b != null ? b.file() : null;
        });
        return diagnosis != null ? diagnosis : "column " + c.name() + " of " + target + " is "
                + dialect.typeName(c.type()) + ", but some staged values are not";
    }

    private WarehouseException loadFailed(SQLException e) {
        String message = SnowflakeWarehouse.firstLine(e);
        String hint = message.toLowerCase(Locale.ROOT).contains("too long") ? " (a text value is longer than its"
                + " column: the field's length was probably raised in Salesforce; a full sync rebuilds " + target
                + " from describe)" : DetachedTransactions.lockHint(message);
        return loadFailed(message, hint, e);
    }

    /** Drops the work tables, removes the run's stage files after a commit, returns the session to the pool. */
    @Override
    protected void finish(State end) {
        try {
            try {
                execute(dialect.unsetQueryTag());
                execute(dialect.dropTable(staging));
                if (ids != null) {
                    execute(dialect.dropTable(ids));
                }
                if (end == State.ABORTED) {
                    execute(dialect.dropTable(fresh));
                }
            } catch (SQLException e) {
                LOG.warn("could not drop the work tables of run {} ({}, {}); drop them by hand: {}", spec.runId(),
                        staging, fresh, SnowflakeWarehouse.firstLine(e));
            }
            // a suspended load's pages in the user stage are the resume's (sfsync.bulk.resume)
            if (!keepPages && (!idFiles.isEmpty() || !stagedBatches.isEmpty() && stageLocation == null)) {
                transfers.removeQuietly(userLocation);
            }
            if (stageLocation != null && end == State.COMMITTED && !stagedBatches.isEmpty()) {
                try {
                    execute(dialect.stages().remove(stageLocation));
                } catch (SQLException e) {
                    LOG.warn("{} is loaded, but its stage files could not be removed ({}): run REMOVE {}", target,
                            SnowflakeWarehouse.firstLine(e), stageLocation);
                }
            }
        } finally {
            closeConnection();
            DetachedTransactions.release(loadSession);
            deleteLocalDir();
        }
    }

    /**
     * Where the batches wait for the commit: the named stage's run folder (stage path; kept after a failure, named in
     * the error), else the run's folder of the user stage (merge path; removed when the load ends either way). Both
     * are loaded at commit by COPYs that name up to 1,000 files each, instead of one COPY per batch.
     */
    private String batchLocation() {
        return stageLocation != null ? stageLocation : userLocation;
    }

    private void deleteLocalDir() {
        try (var files = Files.list(localDir)) {
            files.forEach(SnowflakeLoadSession::deleteQuietly);
        } catch (IOException e) {
            LOG.debug("could not list {}", localDir, e);
        }
        deleteQuietly(localDir);
    }
}
