package io.sfsync.warehouse.duckdb;

import io.sfsync.warehouse.KeptFiles;
import io.sfsync.warehouse.AbstractWarehouseBehaviourTest;
import io.sfsync.warehouse.ColumnType;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse behaviour suite on a real DuckDB file in a temporary folder. */
class DuckDbWarehouseBehaviourTest extends AbstractWarehouseBehaviourTest {
    @TempDir
    Path dir;

    private DuckDbWarehouse duckDb;

    @Override
    protected Warehouse open() {
        duckDb = new DuckDbWarehouse(dir.resolve("db/sfsync.duckdb"), dir.resolve("stage"), controlSchema());
        return duckDb;
    }

    @Override
    protected String schema() {
        return "RAW";
    }

    @Override
    protected String stageName() {
        return "@SFSYNC_STAGE";
    }

    /**
     * Not {@code sfsync}: the database file {@code sfsync.duckdb} is a catalog of that name, and DuckDB refuses a
     * schema named like its catalog as ambiguous.
     */
    @Override
    protected String controlSchema() {
        return "SFSYNC_CONTROL";
    }

    @Override
    protected List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = duckDb.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(canonical(rs.getObject(i)));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Override
    protected Map<String, String> columnTypes(TableRef table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = duckDb.connect(); PreparedStatement p = c.prepareStatement("SELECT column_name, data_type"
                + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ?"
                + " ORDER BY ordinal_position")) {
            p.setString(1, table.schema());
            p.setString(2, table.table());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    @Override
    protected String storedType(ColumnType type) {
        switch (type.kind()) {
            case TEXT:
                return "VARCHAR";
            case DECIMAL:
                return "DECIMAL(" + type.precision() + "," + type.scale() + ")";
            case TIMESTAMP_TZ:
                return "TIMESTAMP WITH TIME ZONE";
            default:
                return type.kind().name();
        }
    }

    @Override
    protected List<String> tables() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = duckDb.connect(); PreparedStatement p = c.prepareStatement("SELECT table_name FROM"
                + " information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
            p.setString(1, schema());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    protected List<String> stagedFiles(String sobject, String runId) throws Exception {
        Path folder = duckDb.stageFolder(stageName()).resolve(sobject).resolve(runId);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            // The run folder's marker (which target it belongs to, for the retention) is not a stage file.
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals(KeptFiles.MARKER)).sorted()
                    .toList();
        }
    }

    private static Object canonical(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (v instanceof ZonedDateTime zdt) {
            return zdt.toInstant();
        }
        if (v instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return v;
    }
}
