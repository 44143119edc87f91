package io.sfsync.warehouse.snowflake;

import io.sfsync.warehouse.AbstractWarehouseBehaviourTest;
import io.sfsync.warehouse.ColumnType;
import io.sfsync.warehouse.StageFiles;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The warehouse behaviour suite on Snowflake, read back through the Snowflake JDBC driver: each test works in a
 * schema of its own ({@code SFSYNC_IT_<random>}, with its stage and run history), created by the role and dropped
 * with everything in it afterwards. Subclasses say where Snowflake is: the offline Snowflake on loopback
 * ({@link SnowflakeWarehouseBehaviourIT}) or a real account ({@link SnowflakeWarehouseBehaviourManualIT}).
 */
abstract class SnowflakeWarehouseBehaviour extends AbstractWarehouseBehaviourTest {
    protected final String schema = "SFSYNC_IT_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)
            .toUpperCase(Locale.ROOT);
    protected SnowflakeWarehouse snowflake;

    /** The {@code sfsync.warehouse.snowflake.*} settings of the account under test. */
    protected abstract Map<String, String> settings() throws Exception;

    @Override
    protected Warehouse open() throws Exception {
        Map<String, String> p = new HashMap<>(settings());
        p.put(SnowflakeSettings.PREFIX + "create-stage", "true");
        p.put("sfsync.warehouse.control-schema", schema);
        snowflake = new SnowflakeWarehouse(SnowflakeSettings.from(p::get));
        try (Connection c = snowflake.connect()) {
            snowflake.ensureSchema(c, schema);
        }
        if (!snowflake.stageAvailable(stageName())) {
            throw new IllegalStateException("cannot create the stage " + stageName() + ": grant CREATE STAGE");
        }
        return snowflake;
    }

    @Override
    protected void cleanUp() throws SQLException {
        try (Connection c = snowflake.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + snowflake.dialect().quote(schema) + " CASCADE");
        }
    }

    @Override
    protected String schema() {
        return schema;
    }

    @Override
    protected String stageName() {
        return "@" + schema + ".SFSYNC_STAGE";
    }

    @Override
    protected String controlSchema() {
        return schema;
    }

    @Override
    protected List<List<Object>> query(String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = snowflake.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SESSION SET TIME_OUTPUT_FORMAT = 'HH24:MI:SS.FF9'");
            try (ResultSet rs = s.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.add(canonical(rs, md, i));
                    }
                    out.add(row);
                }
            } finally {
                s.execute("ALTER SESSION UNSET TIME_OUTPUT_FORMAT");
            }
        }
        return out;
    }

    @Override
    protected Map<String, String> columnTypes(TableRef table) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = snowflake.connect(); PreparedStatement p = c.prepareStatement("SELECT COLUMN_NAME,"
                + " DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE FROM"
                + " INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            p.setString(1, table.schema());
            p.setString(2, table.table());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    if (type.equals("TEXT")) {
                        long length = rs.getLong(3);
                        type = length >= 16_777_216L ? "VARCHAR" : "VARCHAR(" + length + ")";
                    } else if (type.equals("NUMBER")) {
                        type = "NUMBER(" + rs.getInt(4) + "," + rs.getInt(5) + ")";
                    }
                    out.put(rs.getString(1), type);
                }
            }
        }
        return out;
    }

    @Override
    protected String storedType(ColumnType type) {
        return snowflake.dialect().typeName(type);
    }

    @Override
    protected List<String> tables() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = snowflake.connect(); PreparedStatement p = c.prepareStatement("SELECT TABLE_NAME FROM"
                + " INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'"
                + " AND TABLE_NAME NOT IN ('sfsync_history', 'sfsync_state') ORDER BY TABLE_NAME")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Override
    protected List<String> stagedFiles(String sobject, String runId) {
        return snowflake.stagedFiles(stageName(), StageFiles.runFolder(sobject, runId));
    }

    private static Object canonical(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        if (rs.getObject(i) == null) {
            return null;
        }
        switch (md.getColumnType(i)) {
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT:
                return rs.getLong(i);
            case Types.DECIMAL:
            case Types.NUMERIC:
                return md.getScale(i) == 0 ? (Object) rs.getBigDecimal(i).longValueExact()
                        : rs.getBigDecimal(i).setScale(md.getScale(i));
            case Types.FLOAT:
            case Types.REAL:
            case Types.DOUBLE:
                return rs.getDouble(i);
            case Types.BOOLEAN:
            case Types.BIT:
                return rs.getBoolean(i);
            case Types.DATE:
                return LocalDate.parse(rs.getString(i));
            case Types.TIME:
                return LocalTime.parse(rs.getString(i));
            case Types.TIMESTAMP:
            case Types.TIMESTAMP_WITH_TIMEZONE:
                Timestamp ts = rs.getTimestamp(i);
                return ts.toInstant();
            default:
                return rs.getString(i);
        }
    }
}
