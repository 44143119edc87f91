package io.sfsync.warehouse.snowflake;

import io.sfsync.api.SyncResult;
import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.warehouse.RunHistory;
import io.sfsync.warehouse.SyncStateTable;
import io.sfsync.warehouse.Catalog;
import io.sfsync.warehouse.LoadSession;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.JdbcWarehouse;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.snowflake.client.api.driver.SnowflakeDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snowflake as the warehouse: one database ({@code sfsync.warehouse.snowflake.database}), a small pool of sessions
 * ({@link SnowflakeConnectionPool}, by HikariCP), named internal stages for the stage path, and the run history in the
 * control schema. No connection is opened until the first call that needs one. The SQL is {@link SnowflakeDialect}'s.
 */
public final class SnowflakeWarehouse extends JdbcWarehouse {
    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeWarehouse.class);
    private static final Duration BORROW_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration MAX_IDLE = Duration.ofMinutes(30);

    private final SnowflakeSettings settings;
    private final SnowflakeDialect dialect = new SnowflakeDialect();
    private final SnowflakeConnectionPool pool;
    private final RunHistory history;
    private final SyncStateTable stateTable;
    private boolean stateTableReady;
    private volatile boolean historyReady;

    /** The warehouse these settings describe; connects through the Snowflake JDBC driver on first use. */
    public SnowflakeWarehouse(SnowflakeSettings settings) {
        this(settings, Checkpoints.none());
    }

    /** The same, its loads reaching these checkpoints (a crash test's, else {@link Checkpoints#none()}). */
    public SnowflakeWarehouse(SnowflakeSettings settings, Checkpoints checkpoints) {
        this(settings, () -> {
            Connection c = SnowflakeDriver.INSTANCE.connect(settings.jdbcUrl(), settings.connectionProperties());
            if (c == null) {
                throw new SQLException("the Snowflake driver does not accept " + settings.jdbcUrl());
            }
            return c;
        }, checkpoints);
    }

    /** The warehouse with connections from {@code factory} (tests pass fakes; nothing here reaches a network). */
    SnowflakeWarehouse(SnowflakeSettings settings, SnowflakeConnectionPool.ConnectionFactory factory) {
        this(settings, factory, Checkpoints.none());
    }

    private SnowflakeWarehouse(SnowflakeSettings settings, SnowflakeConnectionPool.ConnectionFactory factory,
            Checkpoints checkpoints) {
        super(checkpoints);
        this.settings = settings;
        List<String> setup = new ArrayList<>(dialect.sessionSetup());
        setup.addAll(dialect.timeouts(settings.statementTimeoutSeconds(), settings.lockTimeoutSeconds()));
        this.pool = new SnowflakeConnectionPool(factory, setup, settings.poolSize(), BORROW_TIMEOUT, MAX_IDLE);
        this.history = new RunHistory(dialect, settings.controlSchema());
        this.stateTable = new SyncStateTable(dialect, settings.controlSchema());
    }

    public SnowflakeSettings settings() {
        return settings;
    }

    @Override
    public SnowflakeDialect dialect() {
        return dialect;
    }

    /** A pooled session (session setup applied); closing it returns it to the pool. */
    @Override
    public Connection connect() {
        return pool.borrow();
    }

    /**
     * Whether the named internal stage exists; when it does not and {@code create-stage} is on, creates it. False
     * (the planner then loads without the stage) when it is missing or cannot be created.
     */
    @Override
    public boolean stageAvailable(String stageName) {
        SnowflakeStageStatements.StageRef stage = stage(stageName);
        try (Connection c = connect()) {
            if (stageExists(c, stage)) {
                return true;
            }
            if (!settings.createStage()) {
                LOG.warn("Snowflake stage {} does not exist (or the role {} cannot see it), and"
                        + " sfsync.warehouse.snowflake.create-stage is off; loading without the stage", stageName,
                        settings.role());
                return false;
            }
            try (Statement s = c.createStatement()) {
                s.execute(dialect.stages().createStage(stage));
            }
            if (!stageExists(c, stage)) {
                // CREATE STAGE IF NOT EXISTS succeeds on a stage that exists but that this role may not use.
                LOG.warn("Snowflake stage {} exists but the role {} may not use it (grant it READ and WRITE);"
                        + " loading without the stage", stageName, settings.role());
                return false;
            }
            LOG.info("created the Snowflake stage {}", dialect.stages().stageName(stage));
            return true;
        } catch (SQLException e) {
            LOG.warn("Snowflake stage {} is not usable, loading without it: {}", stageName, firstLine(e));
            return false;
        }
    }

    /** The files under a folder of a named stage ({@code Account/r1}), by file name; empty when there are none. */
    public List<String> stagedFiles(String stageName, String folder) {
        String location = dialect.stages().stageLocation(stage(stageName), folder);
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(dialect.stages().list(location))) {
            while (rs.next()) {
                String name = rs.getString(1);
                out.add(name.substring(name.lastIndexOf('/') + 1));
            }
        } catch (SQLException e) {
            throw queryFailed("list " + location, e);
        }
        out.sort(null);
        return out;
    }

    /**
     * The run's pages: its folder of the named stage (stage path) or of the user stage (merge path), as its load
     * named them ({@code SnowflakeLoadSession}).
     */
    @Override
    public void discardPages(String sobject, String runId, boolean viaStage, String stageName) {
        String folder = io.sfsync.warehouse.StageFiles.runFolder(sobject, runId);
        String location = viaStage ? dialect.stages().stageLocation(stage(stageName), folder)
                : dialect.stages().userStageLocation(folder);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(dialect.stages().remove(location));
        } catch (SQLException e) {
            LOG.warn("could not remove the pages of run {} ({}): run REMOVE {}", runId, firstLine(e), location);
        }
    }

    @Override
    public LoadSession openLoad(LoadSpec spec) {
        return new SnowflakeLoadSession(this, spec);
    }

    @Override
    protected RunHistory history() {
        return history;
    }

    @Override
    protected String historyRights() {
        return "the role needs USAGE and CREATE TABLE on the control schema, or CREATE SCHEMA on the database";
    }

    @Override
    public SyncStateTable stateTable() {
        return stateTable;
    }

    /**
     * Creates the control schema and the history table when missing, once per warehouse rather than once per run
     * (three statements, one of them an INFORMATION_SCHEMA query on the warehouse); again after a failed append.
     */
    @Override
    protected void ensureHistoryTable(Connection c) throws SQLException {
        if (!historyReady) {
            super.ensureHistoryTable(c);
            historyReady = true;
        }
    }

    @Override
    public void recordHistory(SyncResult result) {
        try {
            super.recordHistory(result);
        } catch (WarehouseException e) {
            historyReady = false;
            throw e;
        }
    }

    /** Creates the state table when missing, once per warehouse (DDL: outside any load's transaction). */
    synchronized void ensureStateTable(Connection c) {
        if (!stateTableReady) {
            try {
                ensureSchema(c, stateTable.table().schema());
            } catch (SQLException e) {
                throw new WarehouseException(WarehouseError.HISTORY_FAILED, "cannot create the control schema "
                        + stateTable.table().schema() + ": " + firstLine(e) + " (grant the role CREATE SCHEMA on"
                        + " the database, or create the schema and grant it USAGE and CREATE TABLE)", e);
            }
            stateTable.ensureTable(c);
            stateTableReady = true;
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return settings.toString();
    }

    /** Creates the schema when it does not exist (checked first: the role may lack CREATE SCHEMA). */
    @Override
    protected void ensureSchema(Connection c, String schema) throws SQLException {
        if (Catalog.schemaExists(c, dialect, schema)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(dialect.createSchema(schema));
            // CREATE SCHEMA also makes the new schema the session's current one; the pooled session goes back to
            // the configured schema, where unqualified names are meant to resolve.
            if (settings.schema() != null) {
                s.execute(dialect.useSchema(settings.schema()));
            }
        }
    }

    /**
     * The configured stage, qualified with the configured schema when it names none, so that it does not depend on
     * which schema a session happens to be in.
     */
    SnowflakeStageStatements.StageRef stage(String stageName) {
        SnowflakeStageStatements.StageRef stage = dialect.stages().stage(stageName);
        return stage.schema() == null && settings.schema() != null
                ? new SnowflakeStageStatements.StageRef(null, settings.schema(), stage.name()) : stage;
    }

    boolean stageExists(Connection c, SnowflakeStageStatements.StageRef stage) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(dialect.stages().stageExists(stage))) {
            if (stage.schema() == null) {
                p.setNull(1, Types.VARCHAR);
            } else {
                p.setString(1, stage.schema());
            }
            p.setString(2, stage.name());
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    static String firstLine(Throwable e) {
        return io.sfsync.warehouse.SqlMessages.summary(e);
    }

    @Override
    protected WarehouseException queryFailed(String what, SQLException e) {
        return new WarehouseException(WarehouseError.QUERY_FAILED, "cannot " + what + " in Snowflake database "
                + settings.database() + ": " + firstLine(e), e);
    }
}
