package io.sfsync.cluster;

import io.sfsync.api.Defaults;
import io.sfsync.sync.InJvmRunLock;
import io.sfsync.sync.RunLock;
import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

import com.zaxxer.hikari.HikariDataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the {@code sfsync.cluster.*} settings into a clustered schedule: Quartz's JDBC job store on the cluster's
 * PostgreSQL database (clustered, so each slot fires on one node and a dead node's runs are recovered by another),
 * Quartz's tables created when missing, and the run lock all nodes share. Without those settings it changes nothing:
 * the in-memory schedule and the in-process run lock.
 */
public final class ClusterSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSchedule.class);
    /** The name under which Quartz finds the pool (DBConnectionManager is one per class loader). */
    private static final String DATA_SOURCE = "sfsyncCluster";

    private ClusterSchedule() {
    }

    /**
     * Configures the context's {@code quartz} component for the cluster the properties describe (before it starts)
     * and returns the run lock sfsync's runs use: across the cluster, or within this process when no cluster is set.
     */
    public static RunLock configure(CamelContext context, Function<String, String> property) {
        ClusterSettings settings = ClusterSettings.from(property).orElse(null);
        if (settings == null) {
            localSchedule(context, property);
            return new InJvmRunLock();
        }
        String type = property.apply("sfsync.warehouse.type");
        type = type == null || type.isBlank() ? "duckdb" : type.trim().toLowerCase(Locale.ROOT);
        if (type.equals("duckdb")) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, ClusterSettings.PREFIX + "jdbc-url is set, but"
                    + " the warehouse is DuckDB: a DuckDB file belongs to one process, so the nodes of a cluster"
                    + " cannot share it; use a warehouse every node reaches (sfsync.warehouse.type = snowflake) or"
                    + " remove the " + ClusterSettings.PREFIX + "* settings");
        }
        ClusterDatabase database = new ClusterDatabase(settings);
        boolean created;
        try (Connection c = database.open("sfsync|setup|" + settings.nodeId())) {
            created = QuartzTables.ensure(c, settings.tablePrefix(), settings.createTables(), settings.where());
        } catch (SQLException e) {
            throw database.unavailable("cannot be used", e);
        }
        HikariDataSource pool = database.pool();
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return pool.getConnection();
            }

            @Override
            public void shutdown() {
                pool.close();
            }

            @Override
            public void initialize() {
                // The pool is made above; Quartz only calls this for the providers it makes itself.
            }
        });
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        // One scheduler name on every node (camel.main.name): Quartz clusters the schedulers that share it.
        quartz.setPrefixInstanceName(false);
        quartz.setProperties(quartzProperties(settings, context.getName()));
        PostgresRunLock runLock = new PostgresRunLock(database, warehouseScope(type, property));
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    runLock.close();
                    pool.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the cluster's connections for shutdown", e);
        }
        LOG.info("Clustered schedule: node {} of cluster '{}' in {} (Quartz tables {}*{}, check-in every {} ms,"
                + " misfire threshold {} ms, {} threads); runs of one target never overlap across the nodes",
                settings.nodeId(), context.getName(), settings.where(), settings.tablePrefix(),
                created ? " created now" : "", settings.checkinInterval().toMillis(),
                settings.misfireThreshold().toMillis(), settings.threads());
        return runLock;
    }

    /**
     * The in-memory schedule gets {@code sfsync.schedule.threads} Quartz threads instead of Quartz's 10: a slot that
     * finds no free thread within the misfire threshold (a minute) is skipped, so twenty objects on one cron with ten
     * threads would lose half their slots whenever runs take over a minute. A thread whose run waits for a run slot
     * ({@link io.sfsync.sync.RunSlots}) costs a stack and nothing else. An estate that configured the quartz component
     * itself keeps its own properties.
     */
    private static void localSchedule(CamelContext context, Function<String, String> property) {
        QuartzComponent quartz = context.getComponent("quartz", QuartzComponent.class);
        if (quartz == null || quartz.getProperties() != null || quartz.getPropertiesFile() != null
                || quartz.getPropertiesRef() != null || quartz.getScheduler() != null) {
            return;
        }
        String threads = property.apply("sfsync.schedule.threads");
        threads = threads == null || threads.isBlank() ? Defaults.of("sfsync.schedule.threads") : threads.trim();
        quartz.setProperties(localQuartzProperties(Integer.parseInt(threads)));
    }

    /** Quartz's own defaults (org/quartz/quartz.properties in its jar) with {@code threads} threads. */
    static Properties localQuartzProperties(int threads) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "DefaultQuartzScheduler");
        p.setProperty("org.quartz.scheduler.rmi.export", "false");
        p.setProperty("org.quartz.scheduler.rmi.proxy", "false");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadPriority", "5");
        p.setProperty("org.quartz.threadPool.threadsInheritContextClassLoaderOfInitializingThread", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return p;
    }

    /** The Quartz properties of a clustered JDBC job store on PostgreSQL (no credential among them). */
    static Properties quartzProperties(ClusterSettings settings, String clusterName) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", clusterName);
        p.setProperty("org.quartz.scheduler.instanceId", settings.nodeId());
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // How long an idle scheduler waits before it looks for triggers again (Quartz: 30 s).
        p.setProperty("org.quartz.scheduler.idleWaitTime", "5000");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threads()));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass",
                "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", settings.tablePrefix());
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval",
                Long.toString(settings.checkinInterval().toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(settings.misfireThreshold().toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        return p;
    }

    /** The warehouse the targets are in, as the run lock's scope: its type, account and database. */
    static String warehouseScope(String type, Function<String, String> property) {
        if (type.equals("snowflake")) {
            // the account's host: the scheme, a default port and a trailing slash name the same account
            String url = String.valueOf(property.apply("sfsync.warehouse.snowflake.account-url")).trim()
                    .toLowerCase(Locale.ROOT).replaceAll("/+$", "").replaceFirst("^[a-z]+://", "")
                    .replaceFirst(":443$", "");
            String db = String.valueOf(property.apply("sfsync.warehouse.snowflake.database")).trim()
                    .toUpperCase(Locale.ROOT);
            return "snowflake " + url + " " + db;
        }
        return type;
    }
}
