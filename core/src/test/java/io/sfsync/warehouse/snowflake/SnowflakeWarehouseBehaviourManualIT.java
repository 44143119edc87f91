package io.sfsync.warehouse.snowflake;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The warehouse behaviour suite on a real Snowflake account. Runs only by hand, when the SNOWFLAKE_* variables are
 * set (surefire excludes {@code *ManualIT}; CI never runs it):
 *
 * <pre>
 * SNOWFLAKE_ACCOUNT_URL=https://&lt;org&gt;-&lt;account&gt;.snowflakecomputing.com  SNOWFLAKE_USER=...  SNOWFLAKE_DATABASE=...
 * SNOWFLAKE_PRIVATE_KEY_FILE=/path/rsa_key.p8 [SNOWFLAKE_PRIVATE_KEY_PASSPHRASE=...]  (or SNOWFLAKE_PASSWORD=...)
 * [SNOWFLAKE_ROLE=...] [SNOWFLAKE_WAREHOUSE=...]
 * mvn -B test -Dtest=SnowflakeWarehouseBehaviourManualIT   (naming the test overrides the pom's exclude)
 * </pre>
 *
 * The role needs CREATE SCHEMA on the database: each test works in a schema of its own.
 */
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_ACCOUNT_URL", matches = ".+")
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_USER", matches = ".+")
@EnabledIfEnvironmentVariable(named = "SNOWFLAKE_DATABASE", matches = ".+")
class SnowflakeWarehouseBehaviourManualIT extends SnowflakeWarehouseBehaviour {
    private static final Map<String, String> VARIABLES = Map.of(
            "account-url", "SNOWFLAKE_ACCOUNT_URL",
            "user", "SNOWFLAKE_USER",
            "private-key-file", "SNOWFLAKE_PRIVATE_KEY_FILE",
            "private-key-passphrase", "SNOWFLAKE_PRIVATE_KEY_PASSPHRASE",
            "password", "SNOWFLAKE_PASSWORD",
            "role", "SNOWFLAKE_ROLE",
            "warehouse", "SNOWFLAKE_WAREHOUSE",
            "database", "SNOWFLAKE_DATABASE");

    @Override
    protected Map<String, String> settings() {
        Map<String, String> p = new HashMap<>();
        VARIABLES.forEach((key, variable) -> {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                p.put(SnowflakeSettings.PREFIX + key, value);
            }
        });
        return p;
    }
}
