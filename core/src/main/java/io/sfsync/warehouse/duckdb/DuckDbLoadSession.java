package io.sfsync.warehouse.duckdb;

import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvPage;
import io.sfsync.warehouse.Catalog;
import io.sfsync.warehouse.JdbcLoadSession;
import io.sfsync.warehouse.Column;
import io.sfsync.warehouse.duckdb.DuckDbRunFiles.StagedFile;
import io.sfsync.warehouse.LoadOutcome;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.TargetWriter;
import io.sfsync.warehouse.WarehouseDialect;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load into DuckDB on its own connection. Batches go into an all-VARCHAR temporary staging table, either as they
 * arrive (merge path: each batch written to a temporary file and read with one {@code read_csv}) or at
 * commit from the run's stage files (stage path). Bulk pages are written unparsed as files (into the stage, or a
 * folder beside the database file on the merge path) and read at commit with one {@code read_csv} over all of them, which DuckDB
 * reads in parallel. Commit then converts, deduplicates and moves the staged rows into the target in one transaction.
 *
 * <p>A first full sync (the target does not exist) skips staging: at commit one {@code read_csv} over every file
 * converts the rows straight into the new table, in the transaction that renames it to the target. It falls back to
 * staging when the keys turn out not to be unique (staging deduplicates) or a value does not convert (staging names
 * it). Loading the pages as they arrive instead was measured and dropped: no faster on two cores shared with the org,
 * a sixth more CPU, and a new table twice the size on disk (one INSERT per few pages) that later merges scan slower.
 */
final class DuckDbLoadSession extends JdbcLoadSession {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbLoadSession.class);

    private final DuckDbWarehouse warehouse;
    private final DuckDbDialect dialect;
    /** Files to read at commit by sequence, with their column order: stage-path batches, and pages on both paths. */
    private final DuckDbRunFiles stagedFiles;
    /** Whether a batch went into staging as it arrived (merge path), so that staging is the only way in. */
    private boolean stagedDirectly;
    /** Whether staging is a view over the files rather than a table ({@link #stageInPlace}). */
    private boolean stagingIsView;

    /** Staged rows, distinct and missing keys; the newest watermark when {@code newestKnown}. */
    private record Stats(long rows, long distinctKeys, long nullKeys, boolean newestKnown, Instant newest) {
        boolean hasDuplicateKeys() {
            return distinctKeys != rows;
        }
    }

    DuckDbLoadSession(DuckDbWarehouse warehouse, LoadSpec spec) {
        super(warehouse.dialect(), warehouse.stateTable(), spec, List.of(WarehouseDialect.BATCH_COLUMN),
                warehouse.checkpoints());
        this.warehouse = warehouse;
        this.dialect = warehouse.duckDbDialect();
        this.stagedFiles = new DuckDbRunFiles(warehouse, spec, sobject, target);
        this.connection = warehouse.connect();
        try {
            warehouse.ensureSchema(connection, target.schema());
            warehouse.ensureStateTable(connection);
            createStaging();
        } catch (SQLException e) {
            closeConnection();
            throw writeFailed("cannot create the staging table " + staging, e);
        }
    }

    @Override
    public synchronized void addBatch(CsvBatch batch) {
        requireOpen();
        List<String> fileColumns = fileColumns(batch.header(), "batch " + batch.sequence());
        claim(batch.sequence(), "batch");
        if (spec.viaStage()) {
            try {
                stagedFiles.addBatch(batch, fileColumns);
            } catch (WarehouseException e) {
                release(batch.sequence());
                throw e;
            }
            return;
        }
        stagedDirectly = true;
        try {
            stagedFiles.loadNow(connection, dialect, staging, batch, fileColumns, "batch", String.format(Locale.ROOT,
                    "-%06d.csv", batch.sequence()));
        } catch (WarehouseException e) {
            release(batch.sequence());
            throw e;
        }
    }

    @Override
    public synchronized void addPage(CsvPage page) {
        requireOpen();
        if (page.isEmpty()) {
            return;
        }
        List<String> fileColumns = fileColumns(page.header(), "page " + page.sequence());
        claim(page.sequence(), "page");
        try {
            stagedFiles.addPage(page, fileColumns);
        } catch (WarehouseException e) {
            release(page.sequence());
            throw e;
        }
    }

    /** Between pages the session has no transaction open: the point commits by itself. */
    @Override
    public synchronized void recordResumePoint(io.sfsync.warehouse.ResumePoint point) {
        requireOpen();
        warehouse.recordResumePoint(connection, point);
    }

    @Override
    public synchronized void adopt(io.sfsync.warehouse.ResumePoint point) {
        requireOpen();
        List<String> fileColumns = fileColumns(point.columns(), "the pages of the interrupted run " + point.runId());
        stagedFiles.adopt(point, fileColumns);
        for (int sequence = 0; sequence < point.nextSequence(); sequence++) {
            claim(sequence, "page");
        }
    }

    @Override
    public synchronized void addIds(CsvBatch batch) {
        requireIdBatch(batch);
        stagedFiles.loadNow(connection, dialect, ids, batch, List.of(match.name()), "Id batch", ".csv");
    }

    @Override
    protected LoadOutcome load(String bulkJobId) {
        LoadOutcome outcome = replaceFromFiles(bulkJobId);
        if (outcome != null) {
            return outcome;
        }
        long loading = System.nanoTime();
        Stats stats;
        if (readsInPlace()) {
            stats = stageInPlace();
        } else {
            loadStagedFiles();
            stats = stagedStats();
        }
        LOG.debug("{} ms: staged {} files of {}{}", (System.nanoTime() - loading) / 1_000_000, stagedFiles.size(),
                sobject, stagingIsView ? " (read in place)" : "");
        checkpoints.reach("load.staged");
        return mergeOrReplace(stats, bulkJobId);
    }

    @Override
    protected List<String> keptFiles() {
        return spec.viaStage() ? stagedFiles.all().stream().map(f -> f.path().getFileName().toString()).toList()
                : List.of();
    }

    @Override
    protected Object keptFilesLocation() {
        return stagedFiles.runFolder();
    }

    /** Stage files and pages into staging: one read_csv per column layout over all of its files. */
    private void loadStagedFiles() {
        for (var e : stagedFiles.byLayout().entrySet()) {
            List<StagedFile> files = e.getValue();
            long loaded;
            try (PreparedStatement p = connection.prepareStatement(dialect.loadStagingFiles(staging, e.getKey()))) {
                p.setArray(1, DuckDbRunFiles.paths(connection, files));
                loaded = p.executeUpdate();
            } catch (SQLException ex) {
                throw stagedFiles.unreadable(files, staging, e.getKey(), ex);
            }
            stagedFiles.checkRows(files, loaded);
        }
    }

    /**
     * A first full sync of files: converts them straight into the new table and renames it to the target in one
     * transaction. Null when it does not apply (batches in staging, a target that exists, a match field that is not
     * text) or cannot be finished without staging (duplicate keys to resolve, a value to diagnose).
     */
    private LoadOutcome replaceFromFiles(String bulkJobId) {
        if (!spec.fullReplace() || stagedFiles.isEmpty() || stagedDirectly || !match.type().isText()) {
            return null;
        }
        try {
            connection.setAutoCommit(false);
            if (Catalog.tableExists(connection, dialect, target)) {
                endTransaction();
                return null;
            }
            execute(dialect.dropTable(fresh));
            execute(dialect.createTable(fresh, columns));
            for (var e : stagedFiles.byLayout().entrySet()) {
                List<Column> fileColumns = e.getKey().stream().map(n -> column(n, "file")).toList();
                List<StagedFile> files = e.getValue();
                long loaded;
                try (PreparedStatement p = connection.prepareStatement(dialect.insertFiles(fresh, fileColumns))) {
                    p.setArray(1, DuckDbRunFiles.paths(connection, files));
                    loaded = p.executeUpdate();
                } catch (SQLException ex) {
                    if (DuckDbWarehouse.isConversionError(ex)) {
                        LOG.debug("a value of {} does not convert; staging the files to name it", sobject);
                        endTransaction();
                        return null;
                    }
                    throw stagedFiles.unreadable(files, fresh, e.getKey(), ex);
                }
                stagedFiles.checkRows(files, loaded);
            }
            Stats stats = stats(fresh);
            if (stats.hasDuplicateKeys()) {
                LOG.debug("{} has {} rows but {} keys; staging the files to keep the newest row of each", sobject,
                        stats.rows(), stats.distinctKeys());
                endTransaction();
                return null;
            }
            requireKeys(stats.nullKeys());
            checkpoints.reach("load.staged");
            return writer(true).writeFresh(stats.rows(), bulkJobId);
        } catch (SQLException e) {
            endTransaction();
            throw loadFailed(e);
        } catch (RuntimeException e) {
            endTransaction();
            throw e;
        }
    }

    /** Rolls back an open transaction and returns to autocommit. */
    private void endTransaction() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            LOG.warn("rollback of the load into {} failed: {}", target, DuckDbWarehouse.firstLine(e));
        }
    }

    private Stats stagedStats() {
        try {
            return stats(staging);
        } catch (SQLException e) {
            throw loadFailed(e);
        }
    }

    /**
     * Whether the commit reads the files where they are ({@link #stageInPlace}): an incremental load whose rows are
     * all in files of one column layout.
     */
    private boolean readsInPlace() {
        return !spec.fullReplace() && !stagedDirectly && !stagedFiles.isEmpty() && stagedFiles.byLayout().size() == 1;
    }

    /**
     * Staging as a view over the files, which every statement of the commit reads anew (each only the columns it
     * needs) instead of a table filled first. Parsing is cheap next to copying every value into a table as wide as
     * the object: 100,000 Accounts of 43 columns parse in about 0.25 s and take 0.9 s to copy. An incremental load
     * usually changes few of the target's rows, so the commit reads the files three times (counts, changed rows,
     * the update). Returns the counts of the staged rows, checked against what the pages announced.
     */
    private Stats stageInPlace() {
        var layout = stagedFiles.byLayout().entrySet().iterator().next();
        List<StagedFile> files = layout.getValue();
        List<String> paths = files.stream().map(f -> f.path().toAbsolutePath().toString()).toList();
        try {
            execute(dialect.dropTable(staging));
            execute(dialect.createStagingView(staging, columns.stream().map(Column::name).toList(), layout.getKey(),
                    paths));
            stagingIsView = true;
            Stats stats = stats(staging);
            stagedFiles.checkRows(files, stats.rows());
            return stats;
        } catch (SQLException e) {
            throw stagedFiles.unreadable(files, staging, layout.getKey(), e);
        }
    }

    /**
     * Staging as a table after all, for what needs one: deduplication (ordered by row position), hard deletes
     * (removed from staging), diagnosing a value that does not convert (the first one in file order).
     */
    private void materializeStaging() throws SQLException {
        if (!stagingIsView) {
            return;
        }
        TableRef copy = new TableRef(staging.schema(), staging.table() + "_copy");
        execute(dialect.copyToTempTable(staging, copy));
        execute(dialect.dropView(staging));
        stagingIsView = false;
        execute(dialect.renameTable(copy, staging.table()));
    }

    private LoadOutcome mergeOrReplace(Stats stats, String bulkJobId) {
        requireKeys(stats.nullKeys());
        if (stagingIsView && (stats.hasDuplicateKeys() || TargetWriter.removesDeletedRows(spec, columns))) {
            try {
                materializeStaging();
            } catch (SQLException e) {
                throw loadFailed(e);
            }
        }
        TargetWriter writer = writer(true);
        if (stats.newestKnown()) {
            writer.stagedMaximum(stats.newest());
        }
        try {
            return writer.write(stats.rows(), stats.hasDuplicateKeys(), bulkJobId);
        } catch (SQLException e) {
            throw loadFailed(e);
        }
    }

    private Stats stats(TableRef table) throws SQLException {
        boolean withNewest = table.equals(staging) && watermark != null;
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(withNewest ? dialect.stagingStats(table, match, watermark)
                        : dialect.stagingStats(table, match))) {
            rs.next();
            return new Stats(rs.getLong(1), rs.getLong(2), rs.getLong(3), withNewest,
                    withNewest ? dialect.instant(rs.getObject(4)) : null);
        }
    }

    /** A failure of the transaction: a value that does not convert is named with its column, key and file. */
    private WarehouseException loadFailed(SQLException e) {
        if (DuckDbWarehouse.isReadOnly(e)) {
            return new WarehouseException(WarehouseError.READ_ONLY, "cannot write " + target + " to "
                    + warehouse.databaseFile() + ", which is read-only; the table is unchanged. "
                    + DuckDbWarehouse.firstLine(e), e);
        }
        String message = String.valueOf(e.getMessage());
        if (DuckDbWarehouse.isConversionError(e)) {
            String diagnosis = diagnoseConversion();
            return typeMismatch(diagnosis != null ? diagnosis : DuckDbWarehouse.firstLine(e), e);
        }
        String hint = message.contains("conflict") ? " (another connection changed " + target + " at the same"
                + " time; run the sync again when it is done)" : "";
        return loadFailed(DuckDbWarehouse.firstLine(e), hint, e);
    }

    private String diagnoseConversion() {
        try {
            materializeStaging();
        } catch (SQLException e) {
            LOG.debug("copying the staged rows of {} to diagnose a conversion failure failed", sobject, e);
            return null;
        }
        for (Column c : columns) {
            String diagnosis = c.type().isText() ? null : firstUnconvertible(c, sequence -> {
                StagedFile f = stagedFiles.get(sequence);
                return f != null && spec.viaStage() ? f.path().toString() : null;
            });
            if (diagnosis != null) {
                return diagnosis;
            }
        }
        return null;
    }

    /** Drops staging, releases the connection, removes page files (stage files after a commit) unless suspended. */
    @Override
    protected void finish(State end) {
        try {
            execute(stagingIsView ? dialect.dropView(staging) : dialect.dropTable(staging));
            if (ids != null) {
                execute(dialect.dropTable(ids));
            }
            if (end == State.ABORTED) {
                execute(dialect.dropTable(fresh));
            }
        } catch (SQLException e) {
            LOG.warn("could not drop the work tables of run {} ({}); drop them by hand: {}", spec.runId(), staging,
                    DuckDbWarehouse.firstLine(e));
        } finally {
            closeConnection();
        }
        if (!keepPages) {
            stagedFiles.remove(end == State.COMMITTED);
        }
    }

    private WarehouseException writeFailed(String what, SQLException e) {
        return new WarehouseException(DuckDbWarehouse.isReadOnly(e) ? WarehouseError.READ_ONLY
                : WarehouseError.LOAD_FAILED, what + " in " + warehouse.databaseFile() + ": "
                + DuckDbWarehouse.firstLine(e), e);
    }
}
