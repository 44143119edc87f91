package io.sfsync.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The crash tests' warehouse on DuckDB ({@link AbstractCrashSafety}): one DuckDB file and its stage folder, which the
 * children write and this JVM reads, read-only, as each kill left it (WAL included).
 */
abstract class DuckDbCrashSafety extends AbstractCrashSafety {
    private Path db;
    private Path stageRoot;

    @Override
    protected void startWarehouse(Path folder) {
        db = folder.resolve("crash.duckdb");
        stageRoot = folder.resolve("stage");
    }

    @Override
    protected void stopWarehouse() {
        // an embedded file: nothing runs
    }

    @Override
    protected List<String> warehouseArgs() {
        return List.of("--db", db.toString(), "--stage-root", stageRoot.toString());
    }

    /** The file as a reader sees it, without writing it: the rerun finds the WAL exactly as the kill left it. */
    @Override
    protected Connection openForReading() throws SQLException {
        if (!Files.exists(db)) {
            return DriverManager.getConnection("jdbc:duckdb:");
        }
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + db, p);
    }

    @Override
    protected void emptyWarehouse() throws IOException {
        for (Path p : List.of(db, db.resolveSibling(db.getFileName() + ".wal"))) {
            Files.deleteIfExists(p);
        }
        if (Files.exists(stageRoot)) {
            try (Stream<Path> files = Files.walk(stageRoot)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Override
    protected List<Path> stageFiles() throws IOException {
        return files(stageRoot);
    }

    /** The bytes of the WAL the kill left, which the next run replays. */
    @Override
    protected String leftByKill() {
        Path wal = db.resolveSibling(db.getFileName() + ".wal");
        try {
            return Long.toString(Files.exists(wal) ? Files.size(wal) : 0);
        } catch (IOException e) {
            return "?";
        }
    }

    @Override
    protected String leftByKillHeading() {
        return "wal bytes";
    }

    /**
     * DuckDB computes the fingerprint over every value itself, so that a table unchanged by a kill is recognised
     * without reading its 100,000 rows out.
     */
    @Override
    protected Fingerprint fingerprint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT"
                + " \"Id\"), BIT_XOR(HASH(t))::VARCHAR, SUM(HASH(t)::HUGEINT)::VARCHAR FROM \"" + SCHEMA + "\".\""
                + TABLE + "\" t")) {
            rs.next();
            return new Fingerprint(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4));
        }
    }
}
