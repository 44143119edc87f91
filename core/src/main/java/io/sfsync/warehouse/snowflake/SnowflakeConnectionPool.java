package io.sfsync.warehouse.snowflake;

import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small bounded pool of Snowflake connections (no pooling library resolves here, and a sync needs little: a few
 * long loads and short metadata queries). At most {@code size} connections are open or lent at once; a borrower
 * waits up to the borrow timeout for one. Each new connection runs the dialect's session setup once. Closing a lent
 * connection returns it: an open transaction is rolled back and auto-commit restored first, and a connection that
 * fails that, or sat idle longer than the idle limit (Snowflake ends idle sessions after some hours), is closed
 * instead of reused. Opening connections is left to a {@link ConnectionFactory}, so tests use fakes and never reach
 * the driver.
 */
final class SnowflakeConnectionPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnowflakeConnectionPool.class);

    /** Opens one physical connection. */
    @FunctionalInterface
    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private record Idle(Connection connection, Instant since) {
    }

    private final ConnectionFactory factory;
    private final List<String> sessionSetup;
    private final int size;
    private final Duration borrowTimeout;
    private final Duration maxIdle;
    private final Clock clock;
    private final Semaphore permits;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private boolean closed;

    SnowflakeConnectionPool(ConnectionFactory factory, List<String> sessionSetup, int size, Duration borrowTimeout,
            Duration maxIdle, Clock clock) {
        this.factory = factory;
        this.sessionSetup = List.copyOf(sessionSetup);
        this.size = size;
        this.borrowTimeout = borrowTimeout;
        this.maxIdle = maxIdle;
        this.clock = clock;
        this.permits = new Semaphore(size, true);
    }

    /** A connection for the caller alone until it closes it (which returns it to the pool). */
    Connection borrow() {
        try {
            if (!permits.tryAcquire(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new WarehouseException(WarehouseError.UNREACHABLE, "all " + size + " Snowflake connections"
                        + " stayed busy for " + borrowTimeout.toSeconds() + " s: raise"
                        + " sfsync.warehouse.snowflake.pool-size or sync fewer objects at once");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WarehouseException(WarehouseError.UNREACHABLE, "interrupted while waiting for a Snowflake"
                    + " connection", e);
        }
        try {
            return lend(reuseOrOpen());
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Connections kept open for reuse now (for tests and diagnostics). */
    synchronized int idleCount() {
        return idle.size();
    }

    @Override
    public void close() {
        List<Idle> toClose;
        synchronized (this) {
            closed = true;
            toClose = List.copyOf(idle);
            idle.clear();
        }
        for (Idle i : toClose) {
            closeQuietly(i.connection());
        }
    }

    private Connection reuseOrOpen() {
        while (true) {
            Idle candidate;
            synchronized (this) {
                if (closed) {
                    throw new WarehouseException(WarehouseError.UNREACHABLE, "the Snowflake warehouse was closed");
                }
                candidate = idle.pollFirst();
            }
            if (candidate == null) {
                return open();
            }
            if (Duration.between(candidate.since(), clock.instant()).compareTo(maxIdle) > 0) {
                closeQuietly(candidate.connection());
                continue;
            }
            return candidate.connection();
        }
    }

    private Connection open() {
        Connection c;
        try {
            c = factory.open();
        } catch (SQLException e) {
            throw new WarehouseException(WarehouseError.UNREACHABLE, "cannot connect to Snowflake: "
                    + SnowflakeWarehouse.firstLine(e) + " (check the account URL, the user and its key or password,"
                    + " the role and the network policy)", e);
        }
        try (Statement s = c.createStatement()) {
            for (String sql : sessionSetup) {
                s.execute(sql);
            }
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new WarehouseException(WarehouseError.UNREACHABLE, "cannot set up a Snowflake session: "
                    + SnowflakeWarehouse.firstLine(e), e);
        }
    }

    /** Returns a physical connection after use: reset and kept, or closed. */
    private void giveBack(Connection c) {
        try {
            boolean keep;
            try {
                if (!c.getAutoCommit()) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
                keep = !c.isClosed();
            } catch (SQLException e) {
                LOG.debug("discarding a Snowflake connection that could not be reset", e);
                keep = false;
            }
            synchronized (this) {
                if (keep && !closed) {
                    idle.addFirst(new Idle(c, clock.instant()));
                    return;
                }
            }
            closeQuietly(c);
        } finally {
            permits.release();
        }
    }

    /** Wraps the physical connection so that {@code close()} gives it back, once. */
    private Connection lend(Connection physical) {
        InvocationHandler handler = new InvocationHandler() {
            private boolean returned;

            @Override
            public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                String name = method.getName();
                synchronized (this) {
                    if (name.equals("close")) {
                        if (!returned) {
                            returned = true;
                            giveBack(physical);
                        }
                        return null;
                    }
                    if (name.equals("isClosed")) {
                        return returned || physical.isClosed();
                    }
                    if (returned) {
                        throw new SQLException("this connection was returned to the pool");
                    }
                }
                try {
                    return method.invoke(physical, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a Snowflake connection failed", e);
        }
    }
}
