package io.sfsync.app;

import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;

/**
 * The JDBC drivers are optional dependencies of the product: an estate adds the one its configuration uses. A missing
 * one is a configuration mistake with one line that names the dependency to add, before anything connects.
 */
final class Drivers {
    static final Driver DUCKDB = new Driver("org.duckdb.DuckDBDriver", "org.duckdb:duckdb_jdbc",
            "sfsync.warehouse.type = duckdb");
    static final Driver SNOWFLAKE = new Driver("net.snowflake.client.api.driver.SnowflakeDriver",
            "net.snowflake:snowflake-jdbc", "sfsync.warehouse.type = snowflake");
    static final Driver POSTGRESQL = new Driver("org.postgresql.Driver", "org.postgresql:postgresql",
            "sfsync.cluster.jdbc-url");

    private Drivers() {
    }

    record Driver(String className, String dependency, String neededBy) {
        /** Fails with {@link SyncError#INVALID_CONFIGURATION} when the driver's class is not on the classpath. */
        void require() {
            try {
                Class.forName(className, false, Drivers.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, neededBy + " needs the JDBC driver "
                        + dependency + " on the classpath, and it is missing: add that dependency (sfsync declares"
                        + " its drivers optional, so that an estate carries only the ones it uses)");
            }
        }
    }
}
