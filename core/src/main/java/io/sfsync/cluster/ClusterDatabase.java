package io.sfsync.cluster;

import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The cluster's PostgreSQL database: a pool for Quartz's job store, and sessions of their own for what must live as
 * long as a run (a run lock is held by its session and ends with it).
 */
final class ClusterDatabase {
    /** PostgreSQL's limit on application_name (NAMEDATALEN - 1). */
    static final int APPLICATION_NAME_MAX = 63;
    private final ClusterSettings settings;

    ClusterDatabase(ClusterSettings settings) {
        this.settings = settings;
    }

    ClusterSettings settings() {
        return settings;
    }

    /**
     * A new session (not pooled) named {@code applicationName} in {@code pg_stat_activity}, with TCP keep-alive so
     * that a node that vanished without closing its socket is noticed by the server.
     */
    Connection open(String applicationName) throws SQLException {
        Properties p = new Properties();
        if (settings.user() != null) {
            p.setProperty("user", settings.user());
        }
        if (settings.password() != null) {
            p.setProperty("password", settings.password());
        }
        p.setProperty("ApplicationName", applicationName.length() > APPLICATION_NAME_MAX
                ? applicationName.substring(0, APPLICATION_NAME_MAX) : applicationName);
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(settings.jdbcUrl(), p);
    }

    /** The pool Quartz's job store uses ({@code threads} workers, the cluster manager and the misfire handler). */
    HikariDataSource pool() {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(settings.jdbcUrl());
        c.setUsername(settings.user());
        c.setPassword(settings.password());
        c.setPoolName("sfsync-cluster");
        c.setMaximumPoolSize(settings.threads() + 3);
        c.setMinimumIdle(1);
        c.setConnectionTimeout(10_000);
        c.addDataSourceProperty("ApplicationName", "sfsync quartz " + settings.nodeId());
        c.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(c);
    }

    /** A failure of the database as one line: where, what, and nothing secret. */
    SyncException unavailable(String doing, SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst()
                .orElse("");
        if (settings.password() != null && !settings.password().isEmpty()) {
            message = message.replace(settings.password(), "****");
        }
        return new SyncException(SyncError.CLUSTER_UNAVAILABLE, "the cluster database " + settings.where() + " (user "
                + settings.user() + ") " + doing + ": " + message + " (SQLState " + e.getSQLState() + ")", e);
    }
}
