package io.sfsync.testing;

import io.sfsync.app.SfsyncRuntime;
import io.sfsync.snowflakeemulator.SnowflakeEmulator;
import io.sfsync.snowflakeemulator.SnowflakeEmulatorConfig;
import io.sfsync.snowflakeemulator.engine.EngineSession;
import io.sfsync.snowflakeemulator.engine.SnowflakeError;
import io.sfsync.warehouse.snowflake.SnowflakeSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline Snowflake as sfsync's tests use it: started in this JVM on a free loopback port, with the service user
 * {@value #USER} whose role {@value #ROLE} holds README's least-privilege grants (plus CREATE SCHEMA when a test lets
 * sfsync create its schemas); {@link #settings()} gives the {@code sfsync.warehouse.*} properties that point sfsync at
 * it. Only {@link LoopbackOnly} tests may connect to it through the driver.
 */
public final class OfflineSnowflake implements AutoCloseable {
    /** The service user sfsync logs in as. */
    public static final String USER = "SFSYNC";
    /** Its password (a test value; the offline Snowflake only listens on loopback). */
    public static final String PASSWORD = "offline-test-password";
    /** Its role. */
    public static final String ROLE = "SFSYNC_LOADER";

    private final SnowflakeEmulator emulator;

    private OfflineSnowflake(SnowflakeEmulator emulator) {
        this.emulator = emulator;
    }

    /**
     * Starts it with its data under {@code dataDirectory}. The role may create schemas when {@code mayCreateSchemas};
     * each of {@code schemas} is created by the administrator with USAGE, CREATE TABLE and CREATE STAGE for the role.
     */
    public static OfflineSnowflake start(Path dataDirectory, boolean mayCreateSchemas, String... schemas)
            throws SnowflakeError {
        SnowflakeEmulator emulator = SnowflakeEmulator.start(SnowflakeEmulatorConfig.builder()
                .dataDirectory(dataDirectory).build());
        try {
            emulator.provisionServiceUser(USER, PASSWORD, ROLE, mayCreateSchemas, List.of(schemas));
        } catch (SnowflakeError | RuntimeException e) {
            emulator.close();
            throw e;
        }
        return new OfflineSnowflake(emulator);
    }

    /** Runs statements as the account administrator. */
    public void admin(String... statements) throws SnowflakeError {
        emulator.admin(statements);
    }

    /** Runs one query as the account administrator; its rows, values as the engine gives them. */
    public List<Object[]> adminQuery(String sql) throws SnowflakeError {
        try (EngineSession session = emulator.engine().openSession(emulator.adminUser(), "ACCOUNTADMIN",
                emulator.database(), null, null)) {
            return session.execute(sql, List.of()).rows();
        }
    }

    /** The {@code sfsync.warehouse.*} properties that make sfsync load into this offline Snowflake. */
    public Map<String, String> settings() {
        Map<String, String> p = new HashMap<>();
        p.put("sfsync.warehouse.type", "snowflake");
        p.put(SnowflakeSettings.PREFIX + "account-url", "http://127.0.0.1:" + emulator.port());
        p.put(SnowflakeSettings.PREFIX + "user", USER);
        p.put(SnowflakeSettings.PREFIX + "password", PASSWORD);
        p.put(SnowflakeSettings.PREFIX + "role", ROLE);
        p.put(SnowflakeSettings.PREFIX + "database", emulator.database());
        return p;
    }

    /**
     * Points a runtime at this offline Snowflake: its settings, the session schema {@code schema} (where the stage
     * lives) and a stage that sfsync may create.
     */
    public SfsyncRuntime configure(SfsyncRuntime runtime, String schema) {
        return runtime.setAll(settings()).set(SnowflakeSettings.PREFIX + "schema", schema)
                .set(SnowflakeSettings.PREFIX + "create-stage", "true");
    }

    public SnowflakeEmulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
