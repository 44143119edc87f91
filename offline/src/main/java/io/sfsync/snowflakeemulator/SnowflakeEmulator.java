package io.sfsync.snowflakeemulator;

import io.sfsync.snowflakeemulator.engine.EngineSession;
import io.sfsync.snowflakeemulator.engine.SnowflakeEngine;
import io.sfsync.snowflakeemulator.engine.SnowflakeError;
import io.sfsync.snowflakeemulator.server.SessionRegistry;
import io.sfsync.snowflakeemulator.server.SnowflakeHttpServer;
import io.sfsync.snowflakeemulator.server.SnowflakeProtocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The offline Snowflake: a loopback HTTP server that the unmodified Snowflake JDBC driver logs in to (connection
 * property {@code ssl=off}), running its statements on the {@link SnowflakeEngine} (Snowflake's semantics on an
 * embedded DuckDB). Start it with {@link #start}, connect with {@link #jdbcUrl()} and the admin user or a configured
 * user, stop it with {@link #close()}.
 *
 * <p>It never loads the Snowflake driver itself and opens no connection: it only listens, on a loopback address it
 * checks ({@code SnowflakeHttpServer.requireLoopback}), and {@link #jdbcUrl()} names that address. Whoever connects
 * through the driver must do so from a loopback-only network namespace ({@code @LoopbackOnly} tests, the demo's check).
 */
public final class SnowflakeEmulator implements AutoCloseable {
    private final SnowflakeEmulatorConfig config;
    private final SnowflakeEngine engine;
    private final SessionRegistry sessions;
    private final SnowflakeHttpServer server;
    private final Path dataDirectory;
    private final boolean temporaryData;

    private SnowflakeEmulator(SnowflakeEmulatorConfig config, SnowflakeEngine engine, SessionRegistry sessions,
            SnowflakeHttpServer server, Path dataDirectory, boolean temporaryData) {
        this.config = config;
        this.engine = engine;
        this.sessions = sessions;
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.temporaryData = temporaryData;
    }

    /** Opens the engine, creates the configured users and starts listening. */
    public static SnowflakeEmulator start(SnowflakeEmulatorConfig config) {
        SnowflakeHttpServer.requireLoopback(config.host());
        boolean temporary = config.dataDirectory() == null;
        Path data;
        try {
            data = temporary ? Files.createTempDirectory("snowflake-emulator-")
                    : Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder of the offline Snowflake", e);
        }
        SnowflakeEngine engine = SnowflakeEngine.open(data, config.account(), config.database(), config.adminUser(),
                config.adminPassword());
        SnowflakeHttpServer server = null;
        try {
            createUsers(engine, config);
            engine.transactions().blockingIdleLimit(config.blockingTransactionIdleLimit());
            engine.transactions().maxAge(config.transactionMaxAge());
            SessionRegistry sessions = new SessionRegistry(config.sessionTokenValidity(),
                    config.masterTokenValidity(), Clock.systemUTC());
            server = new SnowflakeHttpServer(config.host(), config.port(),
                    new SnowflakeProtocol(engine, sessions, config.account(), Clock.systemUTC()));
            server.start();
            return new SnowflakeEmulator(config, engine, sessions, server, data, temporary);
        } catch (Exception e) {
            if (server != null) {
                try {
                    server.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            engine.close();
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("the offline Snowflake did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Creates the configured users as the admin would, with SQL (CREATE ROLE, CREATE USER, GRANT ROLE). The
     * statements carry passwords: the engine must keep them out of what it logs.
     */
    private static void createUsers(SnowflakeEngine engine, SnowflakeEmulatorConfig config) throws SnowflakeError {
        if (config.users().isEmpty()) {
            return;
        }
        try (EngineSession admin = engine.openSession(config.adminUser(), "ACCOUNTADMIN", null, null, null)) {
            for (SnowflakeEmulatorConfig.User u : config.users()) {
                String name = identifier(u.name());
                for (String role : u.roles()) {
                    admin.execute("CREATE ROLE IF NOT EXISTS " + identifier(role), List.of());
                }
                if (u.defaultRole() != null) {
                    admin.execute("CREATE ROLE IF NOT EXISTS " + identifier(u.defaultRole()), List.of());
                }
                StringBuilder sql = new StringBuilder("CREATE USER IF NOT EXISTS ").append(name);
                if (u.password() != null) {
                    sql.append(" PASSWORD = ").append(literal(u.password()));
                }
                if (u.rsaPublicKey() != null) {
                    sql.append(" RSA_PUBLIC_KEY = ")
                            .append(literal(Base64.getEncoder().encodeToString(u.rsaPublicKey())));
                }
                if (u.defaultRole() != null) {
                    sql.append(" DEFAULT_ROLE = ").append(identifier(u.defaultRole()));
                }
                admin.execute(sql.toString(), List.of());
                for (String role : u.roles()) {
                    admin.execute("GRANT ROLE " + identifier(role) + " TO USER " + name, List.of());
                }
                if (u.defaultRole() != null && !u.roles().contains(u.defaultRole())) {
                    admin.execute("GRANT ROLE " + identifier(u.defaultRole()) + " TO USER " + name, List.of());
                }
            }
        }
    }

    private static String identifier(String name) {
        return "\"" + name.toUpperCase(Locale.ROOT).replace("\"", "\"\"") + "\"";
    }

    private static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Runs statements as the account administrator (role ACCOUNTADMIN), in one session, in order. */
    public void admin(String... statements) throws SnowflakeError {
        try (EngineSession session = engine.openSession(config.adminUser(), "ACCOUNTADMIN", config.database(), null,
                null)) {
            for (String sql : statements) {
                session.execute(sql, List.of());
            }
        }
    }

    /**
     * Sets up a service user as README's least-privilege grants do: a role with USAGE on the database, and CREATE
     * SCHEMA on it when {@code mayCreateSchemas}; each of {@code schemas} created by the administrator with USAGE,
     * CREATE TABLE and CREATE STAGE granted to the role; the user with that password and default role. Safe to run
     * again on the same data.
     */
    public void provisionServiceUser(String user, String password, String role, boolean mayCreateSchemas,
            List<String> schemas) throws SnowflakeError {
        String db = config.database();
        admin("CREATE ROLE IF NOT EXISTS " + role,
                "CREATE USER IF NOT EXISTS " + user + " PASSWORD = " + literal(password) + " DEFAULT_ROLE = " + role,
                "GRANT ROLE " + role + " TO USER " + user,
                "GRANT USAGE ON DATABASE " + db + " TO ROLE " + role);
        if (mayCreateSchemas) {
            admin("GRANT CREATE SCHEMA ON DATABASE " + db + " TO ROLE " + role);
        }
        for (String schema : schemas) {
            String q = "\"" + schema.replace("\"", "\"\"") + "\"";
            admin("CREATE SCHEMA IF NOT EXISTS " + q,
                    "GRANT USAGE, CREATE TABLE, CREATE STAGE ON SCHEMA " + q + " TO ROLE " + role);
        }
    }

    public int port() {
        return server.port();
    }

    public String host() {
        return config.host();
    }

    /**
     * The driver's URL: plain http to this loopback port ({@code ssl=off}; the driver then logs in with
     * {@code POST http://host:port/session/v1/login-request}).
     */
    public String jdbcUrl() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "jdbc:snowflake://" + h + ":" + port() + "/?ssl=off";
    }

    /** {@code http://host:port}, for the admin endpoint {@code /_emulator/queries}. */
    public String baseUrl() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + h + ":" + port();
    }

    public String account() {
        return config.account();
    }

    public String database() {
        return config.database();
    }

    public String adminUser() {
        return config.adminUser();
    }

    public String adminPassword() {
        return config.adminPassword();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The engine, for tests: query history, admin SQL. */
    public SnowflakeEngine engine() {
        return engine;
    }

    /** The open driver sessions, heartbeats and closes, for tests. */
    public SessionRegistry sessions() {
        return sessions;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (Exception e) {
            // stopping the listener failed; the engine must still be closed
        } finally {
            sessions.closeAllSessions();
            engine.close();
            if (temporaryData) {
                deleteTree(dataDirectory);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
