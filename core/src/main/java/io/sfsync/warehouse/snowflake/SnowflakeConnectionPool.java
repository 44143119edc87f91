package io.sfsync.warehouse.snowflake;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The Snowflake sessions, pooled by HikariCP: at most {@code size} open or lent at once; a borrower waits up to the
 * borrow timeout for one. Each new session runs the dialect's session setup once. Closing a lent session returns it:
 * Hikari rolls back a transaction left open and restores auto-commit; a session idle longer than the idle limit is
 * closed (Snowflake ends idle sessions after some hours), and one that sat idle is checked ({@code isValid}) before it
 * is lent again, so that a session Snowflake ended is replaced. Opening sessions is left to a
 * {@link ConnectionFactory}, so tests use fakes and never reach the driver; the factory holds the secrets and Hikari
 * never sees them (it is given a {@link DataSource} whose description names no credential).
 */
final class SnowflakeConnectionPool implements AutoCloseable {
    /** Sessions are replaced after this long even when busy now and then (Snowflake's session tokens expire). */
    private static final Duration MAX_LIFETIME = Duration.ofHours(1);
    /** How long one wait for a session lasts before the pool checks whether opening sessions fails. */
    private static final Duration WAIT_SLICE = Duration.ofSeconds(1);

    /** Opens one physical connection. */
    @FunctionalInterface
    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final HikariDataSource pool;
    private final int size;
    private final Duration borrowTimeout;

    SnowflakeConnectionPool(ConnectionFactory factory, List<String> sessionSetup, int size, Duration borrowTimeout,
            Duration maxIdle) {
        this.size = size;
        this.borrowTimeout = borrowTimeout;
        HikariConfig config = new HikariConfig();
        config.setPoolName("sfsync-snowflake");
        config.setDataSource(new Sessions(factory, List.copyOf(sessionSetup)));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(0);
        config.setIdleTimeout(maxIdle.toMillis());
        config.setMaxLifetime(MAX_LIFETIME.toMillis());
        config.setConnectionTimeout(Math.min(borrowTimeout.toMillis(), WAIT_SLICE.toMillis()));
        // no session is opened before one is needed: a warehouse that is never used never logs in
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
    }

    /** A session for the caller alone until it closes it (which returns it to the pool). */
    Connection borrow() {
        long deadline = System.nanoTime() + borrowTimeout.toNanos();
        while (true) {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                if (pool.isClosed()) {
                    throw new WarehouseException(WarehouseError.UNREACHABLE, "the Snowflake warehouse was closed", e);
                }
                // Hikari gives the last failure to open a session as the cause: opening fails, waiting is useless
                if (e.getCause() instanceof SessionSetupFailed setup) {
                    throw new WarehouseException(WarehouseError.UNREACHABLE, "cannot set up a Snowflake session: "
                            + SnowflakeWarehouse.firstLine(setup.getCause()), setup.getCause());
                }
                if (e.getCause() instanceof SQLException login) {
                    throw new WarehouseException(WarehouseError.UNREACHABLE, "cannot connect to Snowflake: "
                            + SnowflakeWarehouse.firstLine(login) + " (check the account URL, the user and its key or"
                            + " password, the role and the network policy)", login);
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new WarehouseException(WarehouseError.UNREACHABLE, "all " + size + " Snowflake"
                            + " connections stayed busy for " + borrowTimeout.toSeconds() + " s: raise"
                            + " sfsync.warehouse.snowflake.pool-size or sync fewer objects at once");
                }
            }
        }
    }

    /** Sessions kept open for reuse now (for tests and diagnostics). */
    int idleCount() {
        return pool.getHikariPoolMXBean().getIdleConnections();
    }

    /** Closes every session; a session still lent is closed when it comes back. */
    @Override
    public void close() {
        pool.close();
    }

    /** A session could be opened but its setup failed. */
    private static final class SessionSetupFailed extends SQLException {
        private static final long serialVersionUID = 1L;

        SessionSetupFailed(SQLException cause) {
            super("the session setup failed", cause);
        }
    }

    /** The factory as Hikari takes it: each new session runs the setup statements once. */
    private static final class Sessions implements DataSource {
        private final ConnectionFactory factory;
        private final List<String> sessionSetup;

        Sessions(ConnectionFactory factory, List<String> sessionSetup) {
            this.factory = factory;
            this.sessionSetup = sessionSetup;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = factory.open();
            if (c == null) {
                throw new SQLException("the Snowflake driver opened no connection");
            }
            try (Statement s = c.createStatement()) {
                for (String sql : sessionSetup) {
                    s.execute(sql);
                }
                return c;
            } catch (SQLException e) {
                c.close();
                throw new SessionSetupFailed(e);
            }
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the Snowflake settings name the user");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
            // the driver logs through its own channel
        }

        @Override
        public void setLoginTimeout(int seconds) {
            // the driver's login timeout comes from the connection properties
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no java.util.logging parent");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }

        /** What Hikari logs for its data source: no account, user or secret. */
        @Override
        public String toString() {
            return "Snowflake sessions";
        }
    }
}
