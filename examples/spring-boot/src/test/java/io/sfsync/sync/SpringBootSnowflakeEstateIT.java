package io.sfsync.sync;

import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.warehouse.snowflake.SnowflakeSettings;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot estate into the offline Snowflake through the unmodified snowflake-jdbc driver, its warehouse given
 * as Spring properties (sfsync.warehouse.*). The driver runs only in the loopback-only fork (pom.xml, execution
 * snowflake-driver-it).
 */
@LoopbackOnly
class SpringBootSnowflakeEstateIT extends SpringBootEstateBehaviour {
    private static final SalesforceEmulator ORG = contacts();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        OfflineSnowflake snowflake = OfflineSnowflake.start(tempDir().resolve("snowflake"), true, "RAW");
        offline(registry, ORG, snowflake);
        snowflake.settings().forEach((key, value) -> registry.add(key, () -> value));
        registry.add(SnowflakeSettings.PREFIX + "schema", () -> "RAW");
        registry.add(SnowflakeSettings.PREFIX + "create-stage", () -> "true");
    }

    @Override
    SalesforceEmulator org() {
        return ORG;
    }
}
