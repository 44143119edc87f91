package io.sfsync.warehouse.duckdb;

import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvPage;
import io.sfsync.warehouse.JdbcLoadSession;
import io.sfsync.warehouse.KeptFiles;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.StageFiles;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of one DuckDB load on disk, read at commit: stage-path batches and pages in the stage's run folder
 * ({@code <stage>/<sobject>/<runId>}), merge-path pages beside the database ({@code <db>.pages/<sobject>/<runId>}).
 * Each is written under a {@code .part} name and renamed when whole, and the folders are marked for the retention;
 * after a commit they are removed, after a failure the stage files are kept.
 */
final class DuckDbRunFiles {

    /** A file to read at commit; {@code rows} as its page announced them, or -1 when unknown (batches). */
    record StagedFile(Path path, List<String> columns, long rows) {
    }

    private final DuckDbWarehouse warehouse;
    private final LoadSpec spec;
    private final String sobject;
    private final TableRef target;
    private final Path runFolder;
    /** Merge path: the folder holding the pages until commit, or null until the first page. */
    private Path pageFolder;
    private final TreeMap<Integer, StagedFile> files = new TreeMap<>();

    /** Creates the stage's run folder on the stage path. */
    DuckDbRunFiles(DuckDbWarehouse warehouse, LoadSpec spec, String sobject, TableRef target) {
        this.warehouse = warehouse;
        this.spec = spec;
        this.sobject = sobject;
        this.target = target;
        if (spec.viaStage()) {
            this.runFolder = warehouse.stageFolder(spec.stageName()).resolve(StageFiles.runFolder(sobject,
                    spec.runId()));
            try {
                Files.createDirectories(runFolder);
                KeptFiles.mark(runFolder, target, warehouse.keptFileOwner());
            } catch (IOException e) {
                throw new WarehouseException(WarehouseError.STAGE_NOT_WRITABLE, "cannot create the stage folder "
                        + runFolder + ": " + e + " (make the stage folder writable, or sync without the stage)", e);
            }
        } else {
            this.runFolder = null;
        }
    }

    /** The stage's run folder (stage path), or null. */
    Path runFolder() {
        return runFolder;
    }

    boolean isEmpty() {
        return files.isEmpty();
    }

    int size() {
        return files.size();
    }

    /** The file of a batch or page sequence, or null. */
    StagedFile get(int sequence) {
        return files.get(sequence);
    }

    Collection<StagedFile> all() {
        return files.values();
    }

    /** Stage path: writes the batch into the stage's run folder. */
    void addBatch(CsvBatch batch, List<String> columns) {
        Path file = runFolder.resolve(StageFiles.fileName(sobject, spec.runId(), batch.sequence()));
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.write(part, batch.csv());
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            JdbcLoadSession.deleteQuietly(part);
            throw new WarehouseException(WarehouseError.STAGE_NOT_WRITABLE, "cannot write batch " + batch.sequence()
                    + " of " + sobject + " to the stage file " + file + ": " + e + " (check free space and"
                    + " permissions of the stage folder)", e);
        }
        files.put(batch.sequence(), new StagedFile(file, columns, -1));
    }

    /** Writes the page as it came into the stage's run folder (stage path) or the pages folder (merge path). */
    void addPage(CsvPage page, List<String> columns) {
        Path file = null;
        try {
            Path folder = spec.viaStage() ? runFolder : pageFolder();
            file = folder.resolve(StageFiles.fileName(sobject, spec.runId(), page.sequence()));
            Path part = file.resolveSibling(file.getFileName() + ".part");
            // forced to disk before the rename: a resume point recorded after this page must survive a lost node
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                page.writeTo(out);
                out.flush();
                channel.force(false);
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (file != null) {
                JdbcLoadSession.deleteQuietly(file.resolveSibling(file.getFileName() + ".part"));
            }
            throw new WarehouseException(spec.viaStage() ? WarehouseError.STAGE_NOT_WRITABLE
                    : WarehouseError.LOAD_FAILED, "cannot write page " + page.sequence() + " of " + sobject + " to "
                    + (file == null ? warehouse.pageFolder(sobject, spec.runId()) : file) + ": " + e
                    + " (check free space and permissions of " + (spec.viaStage() ? "the stage folder)"
                    : "the database's folder)"), e);
        }
        files.put(page.sequence(), new StagedFile(file, columns, page.rows()));
    }

    /**
     * The pages an interrupted run of the same run id landed, sequences 0 to {@code nextSequence - 1}, as this
     * load's: each must be there, whole (a page is renamed from {@code .part} only once written and forced to disk).
     * Their rows are known as a total only, which the first carries ({@link #checkRows} sums a layout's files).
     */
    void adopt(io.sfsync.warehouse.ResumePoint point, List<String> columns) {
        Path folder;
        try {
            folder = spec.viaStage() ? runFolder : pageFolder();
        } catch (IOException e) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot open the pages folder of the"
                    + " interrupted run " + point.runId() + ": " + e, e);
        }
        TreeMap<Integer, StagedFile> adopted = new TreeMap<>();
        for (int sequence = 0; sequence < point.nextSequence(); sequence++) {
            Path file = folder.resolve(StageFiles.fileName(sobject, spec.runId(), sequence));
            if (!Files.isRegularFile(file)) {
                throw new WarehouseException(WarehouseError.LOAD_FAILED, "page " + sequence + " of the interrupted"
                        + " run " + point.runId() + " is missing (" + file + ")");
            }
            adopted.put(sequence, new StagedFile(file, columns, sequence == 0 ? point.rows() : 0));
        }
        files.putAll(adopted);
    }

    /**
     * Merge path: reads a batch into {@code into} at once through a temporary file ({@code java.io.tmpdir}, removed
     * after), the batch's sequence as each row's batch. {@code what} names it in errors ({@code batch},
     * {@code Id batch}); {@code suffix} ends the file's name.
     */
    void loadNow(Connection connection, DuckDbDialect dialect, TableRef into, CsvBatch batch, List<String> columns,
            String what, String suffix) {
        String named = what + " " + batch.sequence();
        Path file = null;
        try {
            file = Files.createTempFile("sfsync-" + sobject + "-" + what.replace(' ', '-').toLowerCase(Locale.ROOT)
                    + "-", suffix);
            Files.write(file, batch.csv());
            try (PreparedStatement p = connection.prepareStatement(dialect.loadStaging(into, columns))) {
                p.setInt(1, batch.sequence());
                p.setString(2, file.toAbsolutePath().toString());
                p.executeUpdate();
            }
        } catch (IOException e) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "cannot write " + named + " of " + sobject
                    + " to a temporary file: " + e + " (check free space in java.io.tmpdir)", e);
        } catch (SQLException e) {
            throw new WarehouseException(DuckDbWarehouse.isReadOnly(e) ? WarehouseError.READ_ONLY
                    : WarehouseError.LOAD_FAILED, named + " of " + sobject + " could not be read as CSV into "
                    + into + ": " + DuckDbWarehouse.firstLine(e) + " (batches must be RFC 4180 CSV with a header"
                    + " row and " + columns.size() + " columns)", e);
        } finally {
            JdbcLoadSession.deleteQuietly(file);
        }
    }

    private Path pageFolder() throws IOException {
        if (pageFolder == null) {
            Path folder = warehouse.pageFolder(sobject, spec.runId());
            Files.createDirectories(folder);
            KeptFiles.mark(folder, target, warehouse.keptFileOwner());
            pageFolder = folder;
        }
        return pageFolder;
    }

    /** The files grouped by their column order (one group unless the header changed). */
    Map<List<String>, List<StagedFile>> byLayout() {
        Map<List<String>, List<StagedFile>> out = new LinkedHashMap<>();
        for (StagedFile f : files.values()) {
            out.computeIfAbsent(f.columns(), k -> new ArrayList<>()).add(f);
        }
        return out;
    }

    /** The files' absolute paths, in order, as the array parameter of a statement that reads them. */
    static Array paths(Connection connection, List<StagedFile> files) throws SQLException {
        return connection.createArrayOf("VARCHAR", files.stream().map(f -> f.path().toAbsolutePath().toString())
                .toArray());
    }

    /** Files that DuckDB could not read as CSV into {@code into}: named, with what they must look like. */
    WarehouseException unreadable(List<StagedFile> files, TableRef into, List<String> fileColumns,
            SQLException e) {
        return new WarehouseException(DuckDbWarehouse.isReadOnly(e) ? WarehouseError.READ_ONLY
                : WarehouseError.LOAD_FAILED, range(files) + " of " + sobject + " could not be read as CSV into "
                + into + ": " + DuckDbWarehouse.firstLine(e) + " (pages must be RFC 4180 CSV with a header row and "
                + fileColumns.size() + " columns)", e);
    }

    /** The rows read from pages must be the rows their pages announced (a cut-off page is caught here). */
    void checkRows(List<StagedFile> read, long loaded) {
        if (read.stream().anyMatch(f -> f.rows() < 0)) {
            return;
        }
        long announced = read.stream().mapToLong(StagedFile::rows).sum();
        if (announced != loaded) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, "the pages of " + sobject + " announced "
                    + announced + " rows (Sforce-NumberOfRecords), but " + loaded + " were read from " + range(read)
                    + "; " + target + " is unchanged. A page was probably cut off: run the sync again.");
        }
    }

    /** {@code the file X} or {@code the files X to Y}. */
    static String range(List<StagedFile> files) {
        String first = files.get(0).path().getFileName().toString();
        return files.size() == 1 ? "the file " + first : "the files " + first + " to "
                + files.get(files.size() - 1).path().getFileName();
    }

    /** Removes the stage files after a commit, and the pages folder either way (with its parents once empty). */
    void remove(boolean committed) {
        if (committed && runFolder != null) {
            files.values().forEach(f -> JdbcLoadSession.deleteQuietly(f.path()));
            JdbcLoadSession.deleteQuietly(runFolder.resolve(KeptFiles.MARKER));
            JdbcLoadSession.deleteQuietly(runFolder);
        }
        if (pageFolder != null) {
            files.values().forEach(f -> JdbcLoadSession.deleteQuietly(f.path()));
            JdbcLoadSession.deleteQuietly(pageFolder.resolve(KeptFiles.MARKER));
            // <db>.pages/<sobject>/<runId>: the run's folder, then its parents once no other run uses them
            for (Path p = pageFolder; p != null && !p.equals(warehouse.databaseFile().getParent());
                    p = p.getParent()) {
                if (!deleteEmptyQuietly(p)) {
                    break;
                }
            }
        }
    }

    /** Deletes an empty folder; false when it is not empty (another run's) or cannot be deleted. */
    private static boolean deleteEmptyQuietly(Path folder) {
        try {
            Files.deleteIfExists(folder);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
