package io.sfsync.warehouse.duckdb;

import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.warehouse.RunHistory;
import io.sfsync.warehouse.SyncStateTable;
import io.sfsync.warehouse.LoadSession;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.StageFiles;
import io.sfsync.warehouse.JdbcWarehouse;
import io.sfsync.warehouse.WarehouseDialect;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded warehouse: one DuckDB database file (default {@code ./data/sfsync.duckdb}) and a stage that is a local
 * folder per stage name (default {@code ./data/stage/<stage name without @>}, created when missing).
 *
 * <p>The file is opened once; every operation and every load session works on its own
 * {@link DuckDBConnection#duplicate() duplicate} of that connection, so several objects can sync into the same file
 * concurrently from one process (DuckDB allows only one process per file). Schema-level DDL is serialized inside the
 * process, because DuckDB fails concurrent creation of the same catalog entry with a write-write conflict.
 */
public final class DuckDbWarehouse extends JdbcWarehouse {
    private static final Logger LOG = LoggerFactory.getLogger(DuckDbWarehouse.class);
    /** Database file used when none is configured. */
    public static final Path DEFAULT_DATABASE = Path.of("data", "sfsync.duckdb");
    /** Schema of sfsync's own tables (run history) when none is configured. */
    public static final String DEFAULT_CONTROL_SCHEMA = "SFSYNC_CONTROL";

    /** DuckDB's lock error names the process holding the file: "Conflicting lock is held in PROGRAM (PID n)". */
    private static final Pattern LOCK_HOLDER = Pattern.compile("lock is held in (.+?\\(PID \\d+\\))");

    private final Path databaseFile;
    private final Path stageRoot;
    private final DuckDbDialect dialect = new DuckDbDialect();
    private final RunHistory history;
    private final SyncStateTable stateTable;
    /** Opened on first use (or {@link #open()}), so that a process refused at start-up never creates the file. */
    private DuckDBConnection root;
    private final Object ddlLock = new Object();
    /** DuckDB's catalog name: the database file's name without its extension. */
    private final String catalog;
    private boolean stateTableReady;

    /** The default database file, stage folder and control schema. */
    public DuckDbWarehouse() {
        this(DEFAULT_DATABASE);
    }

    /** This database file; the stage folder {@code stage} beside it; the default control schema. */
    public DuckDbWarehouse(Path databaseFile) {
        this(databaseFile, defaultStageRoot(databaseFile), DEFAULT_CONTROL_SCHEMA);
    }

    /** This database file, stage folder and control schema; no checkpoints ({@link Checkpoints#none()}). */
    public DuckDbWarehouse(Path databaseFile, Path stageRoot, String controlSchema) {
        this(databaseFile, stageRoot, controlSchema, Checkpoints.none());
    }

    /**
     * @param databaseFile the DuckDB file, created with its folders when missing
     * @param stageRoot the folder holding one sub-folder per stage name
     * @param controlSchema the schema of the run history table
     * @param checkpoints where its loads let a crash test stop them
     */
    public DuckDbWarehouse(Path databaseFile, Path stageRoot, String controlSchema, Checkpoints checkpoints) {
        super(checkpoints);
        this.databaseFile = databaseFile.toAbsolutePath().normalize();
        this.stageRoot = stageRoot.toAbsolutePath().normalize();
        this.catalog = this.databaseFile.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        if (controlSchema != null && controlSchema.equalsIgnoreCase(catalog)) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "the control schema '" + controlSchema
                    + "' has the name of the database file " + this.databaseFile.getFileName() + ", which DuckDB"
                    + " also uses as the catalog name, so its tables cannot be named unambiguously; configure"
                    + " another sfsync.warehouse.control-schema (default " + DEFAULT_CONTROL_SCHEMA + ")");
        }
        this.history = new RunHistory(dialect, controlSchema);
        this.stateTable = new SyncStateTable(dialect, controlSchema);
    }

    /** Opens the database file now (creating it when missing); fails when another process holds it. */
    @Override
    public synchronized void open() {
        if (root == null) {
            root = open(databaseFile);
        }
    }

    private synchronized DuckDBConnection root() {
        open();
        return root;
    }

    /** {@code stage} beside the database file: {@code ./data/stage} for the default file. */
    public static Path defaultStageRoot(Path databaseFile) {
        Path parent = databaseFile.toAbsolutePath().normalize().getParent();
        return parent.resolve("stage");
    }

    public Path databaseFile() {
        return databaseFile;
    }

    /**
     * Where a merge-path load keeps its Bulk pages until commit: {@code <database file>.pages/<sobject>/<runId>},
     * beside the database (on the disk that holds the data anyway, not in a {@code java.io.tmpdir} that may be memory).
     */
    public Path pageFolder(String sobject, String runId) {
        return databaseFile.resolveSibling(databaseFile.getFileName() + ".pages")
                .resolve(StageFiles.runFolder(sobject, runId));
    }

    /** Every stage folder under the stage root, and the merge path's {@code <database file>.pages}. */
    @Override
    public List<Path> keptFileRoots() {
        List<Path> roots = new ArrayList<>();
        if (Files.isDirectory(stageRoot)) {
            try (var stages = Files.newDirectoryStream(stageRoot, Files::isDirectory)) {
                stages.forEach(roots::add);
            } catch (IOException e) {
                // An unreadable stage root holds nothing the retention could remove either.
                return List.of(databaseFile.resolveSibling(databaseFile.getFileName() + ".pages"));
            }
        }
        roots.add(databaseFile.resolveSibling(databaseFile.getFileName() + ".pages"));
        return roots;
    }

    /** The database file: two processes with their own files may share one stage root. */
    @Override
    public String keptFileOwner() {
        return databaseFile.toString();
    }

    /** The stage folder on the stage path; the database's folder (pages, the database itself) on the merge path. */
    @Override
    public Path localFolder(LoadSpec spec) {
        return spec.viaStage() ? stageFolder(spec.stageName()) : databaseFile.getParent();
    }

    /** The local folder that backs a stage: {@code <stage root>/<stage name without @>}. */
    public Path stageFolder(String stageName) {
        return stageRoot.resolve(StageFiles.stageName(stageName));
    }

    @Override
    public WarehouseDialect dialect() {
        return dialect;
    }

    /** The dialect with its DuckDB-only statements (reading many files at once). */
    DuckDbDialect duckDbDialect() {
        return dialect;
    }

    /**
     * A new connection to the database (a duplicate of the warehouse's own), with the dialect's session settings
     * applied. The caller closes it.
     */
    @Override
    public Connection connect() {
        try {
            Connection c;
            DuckDBConnection database = root();
            synchronized (database) {
                c = database.duplicate();
            }
            try (Statement s = c.createStatement()) {
                for (String sql : dialect.sessionSetup()) {
                    s.execute(sql);
                }
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.UNREACHABLE, "cannot open a connection to the DuckDB file "
                    + databaseFile + ": " + firstLine(e) + " (was the warehouse closed?)", e);
        }
    }

    @Override
    public boolean stageAvailable(String stageName) {
        return stageProblem(stageName) == null;
    }

    @Override
    public String stageProblem(String stageName) {
        Path folder = stageFolder(stageName);
        for (Path p = folder; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                return (p.equals(folder) ? "its folder " + folder + " is a file" : "its folder " + folder
                        + " cannot be created because " + p + " is a file") + " (check sfsync.warehouse.stage-root)";
            }
        }
        try {
            Files.createDirectories(folder);
            Path probe = folder.resolve(".sfsync-probe-" + UUID.randomUUID());
            Files.write(probe, new byte[] {1});
            Files.delete(probe);
            return null;
        } catch (IOException | SecurityException e) {
            return "its folder " + folder + " cannot be written (" + e.getClass().getSimpleName() + "; check"
                    + " sfsync.warehouse.stage-root and its permissions)";
        }
    }

    @Override
    public LoadSession openLoad(LoadSpec spec) {
        if (spec != null && spec.target() != null && spec.target().schema().equalsIgnoreCase(catalog)) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "the target schema '" + spec.target().schema()
                    + "' has the name of the database file " + databaseFile.getFileName() + ", which DuckDB also uses"
                    + " as the catalog name, so " + spec.target() + " cannot be named unambiguously; choose another"
                    + " schema (sfsync.default-schema or the object's schema) or rename the file"
                    + " (sfsync.warehouse.duckdb.path)");
        }
        return new DuckDbLoadSession(this, spec);
    }

    @Override
    protected RunHistory history() {
        return history;
    }

    @Override
    protected String historyRights() {
        return "check that the warehouse user may create schemas and tables there, or configure another control"
                + " schema";
    }

    /** Serialized with the other DDL, see the class comment. */
    @Override
    protected void ensureHistoryTable(Connection c) throws SQLException {
        synchronized (ddlLock) {
            super.ensureHistoryTable(c);
        }
    }

    /** Serialized with the other DDL, see the class comment. */
    @Override
    protected void ensureResumeTable(Connection c) throws SQLException {
        synchronized (ddlLock) {
            super.ensureResumeTable(c);
        }
    }

    /** The run's page files: its stage run folder (stage path) or its pages folder (merge path). */
    @Override
    public void discardPages(String sobject, String runId, boolean viaStage, String stageName) {
        Path folder = viaStage ? stageFolder(stageName).resolve(io.sfsync.warehouse.StageFiles.runFolder(sobject,
                runId)) : pageFolder(sobject, runId);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.list(folder)) {
            files.forEach(io.sfsync.warehouse.JdbcLoadSession::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("could not list {} to remove an interrupted run's pages: {}", folder, e.toString());
        }
        io.sfsync.warehouse.JdbcLoadSession.deleteQuietly(folder);
    }

    @Override
    public SyncStateTable stateTable() {
        return stateTable;
    }

    @Override
    public synchronized void close() {
        if (root == null) {
            return;
        }
        try {
            root.close();
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.UNREACHABLE, "closing the DuckDB file " + databaseFile
                    + " failed: " + firstLine(e), e);
        }
    }

    /** Creates the state table when missing, once per warehouse; serialized with the other DDL. */
    void ensureStateTable(Connection c) {
        synchronized (ddlLock) {
            if (!stateTableReady) {
                stateTable.ensureTable(c);
                stateTableReady = true;
            }
        }
    }

    /** Creates the schema when missing; serialized, see the class comment. */
    @Override
    protected void ensureSchema(Connection c, String schema) throws SQLException {
        synchronized (ddlLock) {
            try (Statement s = c.createStatement()) {
                s.execute(dialect.createSchema(schema));
            }
        }
    }

    static String firstLine(Throwable e) {
        return io.sfsync.warehouse.SqlMessages.summary(e);
    }

    /** Whether the failure is a value that does not convert to its column's type. */
    static boolean isConversionError(SQLException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Conversion Error") || message.contains("Could not convert");
    }

    /** Whether the failure is DuckDB refusing a write to a read-only file or file system. */
    static boolean isReadOnly(Throwable e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("read-only") || m.contains("read only") || m.contains("readonly")
                || m.contains("permission denied");
    }

    @Override
    protected WarehouseException queryFailed(String what, SQLException e) {
        if (isReadOnly(e)) {
            return new WarehouseException(WarehouseError.READ_ONLY, "cannot " + what + ": the DuckDB file "
                    + databaseFile + " is read-only: " + firstLine(e), e);
        }
        return new WarehouseException(WarehouseError.QUERY_FAILED, "cannot " + what + " in " + databaseFile + ": "
                + firstLine(e), e);
    }

    private static DuckDBConnection open(Path file) {
        String fix = ": set sfsync.warehouse.duckdb.path to a file in a writable folder";
        Path parent = file.getParent();
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new WarehouseException(WarehouseError.UNREACHABLE, "cannot open the DuckDB file " + file + ": "
                        + p + " is a file, not a folder" + fix);
            }
        }
        if (Files.isDirectory(file)) {
            throw new WarehouseException(WarehouseError.UNREACHABLE, "cannot open the DuckDB file " + file + ": it is"
                    + " a folder; set sfsync.warehouse.duckdb.path to a file, e.g. " + file.resolve("sfsync.duckdb"));
        }
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new WarehouseException(isReadOnly(e) ? WarehouseError.READ_ONLY : WarehouseError.UNREACHABLE,
                    "cannot create the folder of the DuckDB file " + file + " (" + e.getClass().getSimpleName() + ": "
                            + e.getMessage() + ")" + fix, e);
        }
        try {
            return (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + file);
        } catch (SQLException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("lock")) {
                Matcher holder = LOCK_HOLDER.matcher(String.valueOf(e.getMessage()));
                throw new WarehouseException(WarehouseError.UNREACHABLE, "the DuckDB file " + file + " is in use by"
                        + " another process" + (holder.find() ? " (" + holder.group(1).trim() + ")" : "")
                        + " and DuckDB lets only one process write a file: stop that process or set"
                        + " sfsync.warehouse.duckdb.path to another file", e);
            }
            if (isReadOnly(e)) {
                throw new WarehouseException(WarehouseError.READ_ONLY, "the DuckDB file " + file + " cannot be"
                        + " written: make it and its folder writable, or set sfsync.warehouse.duckdb.path to another"
                        + " file (" + firstLine(e) + ")", e);
            }
            throw new WarehouseException(WarehouseError.UNREACHABLE, "cannot open the DuckDB file " + file + ": "
                    + firstLine(e) + " (is it a DuckDB 2.x database file?)", e);
        }
    }
}
