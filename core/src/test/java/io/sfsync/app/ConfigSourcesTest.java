package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources of the configuration and their one order: jar, directory, profile, environment, system properties. */
class ConfigSourcesTest {
    private static final String KEY = "sfsync.bulk-api-threshold";

    @TempDir
    Path dir;

    private ConfigSources load(Map<String, String> env, String... system) {
        Properties sys = new Properties();
        sys.setProperty(ConfigSources.CONFIG_DIR, dir.toString());
        for (int i = 0; i < system.length; i += 2) {
            sys.setProperty(system[i], system[i + 1]);
        }
        return ConfigSources.load(true, env, sys);
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
    }

    @Test
    void shouldApplyEachSourceOverTheOneBefore() throws IOException {
        ConfigSources jar = load(Map.of());
        assertThat(jar.properties().getProperty(KEY)).isEqualTo("1000");
        assertThat(jar.origin(KEY)).isEqualTo("sfsync.jar!/io/sfsync/config/application.properties");

        write("application.properties", KEY + " = 2000\ncamel.main.profile = prod\n");
        assertThat(load(Map.of()).properties().getProperty(KEY)).isEqualTo("2000");
        assertThat(load(Map.of()).origin(KEY)).isEqualTo(dir.resolve("application.properties").toString());
        assertThat(load(Map.of()).properties().getProperty("sfsync.stage-threshold")).as("the jar's default stays")
                .isEqualTo("50000");

        write("application-prod.properties", KEY + " = 3000\n");
        assertThat(load(Map.of()).properties().getProperty(KEY)).as("camel.main.profile picks the profile file")
                .isEqualTo("3000");
        write("application-night.properties", KEY + " = 3500\n");
        assertThat(load(Map.of("SFSYNC_PROFILE", "night")).properties().getProperty(KEY)).isEqualTo("3500");
        assertThat(load(Map.of(), ConfigSources.PROFILE, "night").origin(KEY))
                .isEqualTo(dir.resolve("application-night.properties").toString());

        ConfigSources env = load(Map.of("SFSYNC_BULK_API_THRESHOLD", "4000"));
        assertThat(env.properties().getProperty(KEY)).isEqualTo("4000");
        assertThat(env.origin(KEY)).isEqualTo("environment SFSYNC_BULK_API_THRESHOLD");

        ConfigSources sys = load(Map.of("SFSYNC_BULK_API_THRESHOLD", "4000"), KEY, "5000");
        assertThat(sys.properties().getProperty(KEY)).isEqualTo("5000");
        assertThat(sys.origin(KEY)).isEqualTo("-D" + KEY);
        assertThat(sys.problems()).isEmpty();
    }

    @Test
    void shouldMapCamelsEnvironmentVariablesToTheComponentsKeys() {
        Map<String, String> env = new HashMap<>();
        env.put("CAMEL_COMPONENT_SALESFORCE_CLIENTID", "cid");
        env.put("CAMEL_COMPONENT_SALESFORCE_CLIENT_SECRET", "a-secret-value");
        env.put("CAMEL_COMPONENT_SALESFORCE_USERNAME", "someone@example.com");
        env.put("CAMEL_COMPONENT_SALESFORCE_KEYSTORE_RESOURCE", "file:/run/secrets/k.p12");
        env.put("SFSYNC_WAREHOUSE_SNOWFLAKE_ACCOUNT_URL", "https://acme.snowflakecomputing.com");
        env.put("SFSYNC_TEST_JAVA", "/usr/bin/java");
        env.put("SFSYNC_SALESFORCE_REFRESH_TOKEN", "a-refresh-token");
        ConfigSources c = load(env);
        Properties p = c.properties();
        assertThat(p.getProperty("camel.component.salesforce.clientId")).isEqualTo("cid");
        assertThat(p.getProperty("camel.component.salesforce.clientSecret")).isEqualTo("a-secret-value");
        assertThat(p.getProperty("camel.component.salesforce.userName")).isEqualTo("someone@example.com");
        assertThat(p.getProperty("camel.component.salesforce.keystore.resource")).isEqualTo("file:/run/secrets/k.p12");
        assertThat(p.getProperty("sfsync.warehouse.snowflake.account-url"))
                .isEqualTo("https://acme.snowflakecomputing.com");
        assertThat(c.origin("camel.component.salesforce.clientSecret"))
                .isEqualTo("environment CAMEL_COMPONENT_SALESFORCE_CLIENT_SECRET");
        assertThat(p.getProperty("sfsync.salesforce.refreshToken")).as("sfsync's own component").isEqualTo(
                "a-refresh-token");
        assertThat(c.problems()).isEmpty();
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void shouldRefuseAMisspelledSalesforceVariableAndWarnOfAMisspelledSfsyncOne() {
        ConfigSources c = load(Map.of("CAMEL_COMPONENT_SALESFORCE_CLIENTIDD", "cid", "SFSYNC_STAGE_TRESHOLD", "9"));
        assertThat(c.problems()).containsExactly("environment variable CAMEL_COMPONENT_SALESFORCE_CLIENTIDD is not a"
                + " setting of the salesforce component (did you mean CAMEL_COMPONENT_SALESFORCE_CLIENTID?)");
        assertThat(c.warnings()).containsExactly("environment variable SFSYNC_STAGE_TRESHOLD is not an sfsync setting"
                + " and is ignored (did you mean SFSYNC_STAGE_THRESHOLD?)");
        assertThat(c.properties().getProperty("sfsync.stage-threshold")).isEqualTo("50000");
    }

    @Test
    void shouldSayWhenTheDirectoryOrTheProfileIsMissing() {
        Properties sys = new Properties();
        sys.setProperty(ConfigSources.CONFIG_DIR, dir.resolve("nope").toString());
        assertThat(ConfigSources.load(true, Map.of(), sys).problems()).containsExactly("configuration directory "
                + dir.resolve("nope") + " does not exist (from --config)");
        assertThat(load(Map.of("SFSYNC_PROFILE", "qa")).problems()).containsExactly("profile 'qa' has no file "
                + dir.resolve("application-qa.properties") + " (from SFSYNC_PROFILE)");
    }

    @Test
    void shouldNotAddTheJarsDemoObjectsToANamedDirectory() throws IOException {
        assertThat(load(Map.of()).properties().stringPropertyNames()).noneMatch(k -> k.startsWith("camel.route-"));
        write("objects.properties", "camel.route-template[a].template-id = sync-object\n"
                + "camel.route-template[a].sobject = Case\n");
        assertThat(load(Map.of()).properties().getProperty("camel.route-template[a].sobject")).isEqualTo("Case");
    }

    @Test
    void shouldResolvePlaceholdersLikeCamel() throws IOException {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "s3cret-value\n");
        Properties p = new Properties();
        p.setProperty("a", "{{env:SF_ID}}");
        p.setProperty("b", "{{env:NOPE:fallback}}");
        p.setProperty("c", "{{file:" + secret + "}}");
        p.setProperty("d", "{{a}}-x");
        p.setProperty("e", "{{file:" + dir.resolve("missing") + "}}");
        Map<String, String> env = Map.of("SF_ID", "cid");
        assertThat(Placeholders.resolve(p.getProperty("a"), p, env)).isEqualTo("cid");
        assertThat(Placeholders.resolve(p.getProperty("b"), p, env)).isEqualTo("fallback");
        assertThat(Placeholders.resolve(p.getProperty("c"), p, env)).isEqualTo("s3cret-value");
        assertThat(Placeholders.resolve(p.getProperty("d"), p, env)).isEqualTo("cid-x");
        assertThat(Placeholders.resolve(p.getProperty("e"), p, env)).isNull();
        assertThat(new FilePropertiesFunction().apply(secret.toString())).isEqualTo("s3cret-value");
    }
}
