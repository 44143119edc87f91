package io.sfsync.warehouse.snowflake;

import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse behaviour suite on the offline Snowflake, through the unmodified snowflake-jdbc driver: every load,
 * merge, replace, schema change and refusal of {@link io.sfsync.warehouse.AbstractWarehouseBehaviourTest} as
 * Snowflake's SQL, types and errors give it, logged in as a role that may create schemas (each test makes its own).
 */
@LoopbackOnly
class SnowflakeWarehouseBehaviourIT extends SnowflakeWarehouseBehaviour {
    @TempDir
    static Path dir;
    private static OfflineSnowflake offline;

    @BeforeAll
    static void startSnowflake() throws Exception {
        offline = OfflineSnowflake.start(dir.resolve("snowflake"), true);
    }

    @AfterAll
    static void stopSnowflake() {
        if (offline != null) {
            offline.close();
        }
    }

    @Override
    protected Map<String, String> settings() {
        return offline.settings();
    }
}
