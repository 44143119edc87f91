package io.sfsync.warehouse.snowflake;

import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files through a Snowflake stage on one load's session: {@code PUT} with its status checked, {@code COPY INTO} a
 * staging table with its result checked file by file, {@code REMOVE}. Failures name the object's batch or page and
 * say what the role needs.
 */
final class SnowflakeStageTransfers {
    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeStageTransfers.class);

    private final Connection connection;
    private final SnowflakeStageStatements stages;
    private final String sobject;

    SnowflakeStageTransfers(Connection connection, SnowflakeStageStatements stages, String sobject) {
        this.connection = connection;
        this.stages = stages;
        this.sobject = sobject;
    }

    void put(Path local, String location, WarehouseError code, String what) {
        try (Statement s = connection.createStatement()) {
            s.execute(stages.put(local, location));
            String status = putStatus(s.getResultSet());
            if (status != null && !status.equalsIgnoreCase("UPLOADED")) {
                throw new WarehouseException(code, what + " of " + sobject + " was not uploaded to "
                        + location + ": PUT reported " + status);
            }
        } catch (SQLException e) {
            throw new WarehouseException(code, "cannot upload " + what + " of " + sobject + " to "
                    + location + ": " + SnowflakeWarehouse.firstLine(e) + (code == WarehouseError.STAGE_NOT_WRITABLE
                    ? " (the role needs READ and WRITE on the stage)" : ""), e);
        }
    }

    /** The {@code status} of a PUT's result (one row per file), or null when the driver gives none. */
    private static String putStatus(ResultSet rs) throws SQLException {
        if (rs == null) {
            return null;
        }
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            int column = 0;
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (md.getColumnLabel(i).equalsIgnoreCase("status")) {
                    column = i;
                }
            }
            String status = null;
            while (column > 0 && rs.next()) {
                status = rs.getString(column);
                if (!"UPLOADED".equalsIgnoreCase(status)) {
                    return status;
                }
            }
            return status;
        }
    }

    /**
     * Copies the named files into a staging table and reads COPY's result: one row per file, each must be LOADED with
     * every row it parsed. A file Snowflake has loaded into that table before is skipped by COPY ("0 files processed"
     * or no row for it): refused, as the rows would be missing.
     */
    void copy(TableRef into, List<String> fileColumns, String location, List<String> files, String what) {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(stages.copyIntoStaging(into, fileColumns, location, files))) {
            ResultSetMetaData md = rs.getMetaData();
            Map<String, Integer> col = new java.util.HashMap<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                col.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
            }
            Set<String> loaded = new HashSet<>();
            while (rs.next()) {
                if (!col.containsKey("file")) {
                    break;
                }
                String file = rs.getString(col.get("file"));
                String status = rs.getString(col.get("status"));
                if (!"LOADED".equalsIgnoreCase(status)) {
                    String error = col.containsKey("first_error") ? rs.getString(col.get("first_error")) : null;
                    throw new WarehouseException(WarehouseError.LOAD_FAILED, what + " of " + sobject + ": COPY INTO "
                            + into + " reported " + status + " for " + file + (error == null ? "" : ": " + error));
                }
                loaded.add(file.substring(file.lastIndexOf('/') + 1));
            }
            List<String> missing = files.stream().filter(f -> !loaded.contains(f)).toList();
            if (!missing.isEmpty()) {
                throw new WarehouseException(WarehouseError.LOAD_FAILED, what + " of " + sobject + ": COPY INTO "
                        + into + " did not load " + missing.size() + " of " + files.size() + " files (" + missing.get(0)
                        + (missing.size() > 1 ? ", ..." : "") + "): Snowflake skips a file it has loaded into this"
                        + " table before; the run's files are named by run id, so this is a stage file of another"
                        + " load, or the stage was changed by hand");
            }
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.LOAD_FAILED, what + " of " + sobject + " could not be read"
                    + " as CSV into " + into + ": " + SnowflakeWarehouse.firstLine(e) + " (batches must be RFC 4180"
                    + " CSV with a header row and " + fileColumns.size() + " columns)", e);
        }
    }

    void removeQuietly(String location) {
        try {
            try (Statement s = connection.createStatement()) {
                s.execute(stages.remove(location));
            }
        } catch (SQLException e) {
            LOG.warn("could not remove {} from the user stage: {}", location, SnowflakeWarehouse.firstLine(e));
        }
    }
}
