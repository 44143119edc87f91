package io.sfsync.warehouse.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the {@code sfsync.warehouse.snowflake.*} keys; nothing here opens a connection. */
class SnowflakeSettingsTest {
    private static final String P = SnowflakeSettings.PREFIX;

    @TempDir
    Path dir;

    @Test
    void shouldUseKeyPairAuthenticationFromAMountedKeyWithItsPassphraseFile() throws Exception {
        Path key = Files.writeString(dir.resolve("rsa_key.p8"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        Path passphrase = Files.writeString(dir.resolve("passphrase"), "s3cret-phrase\n");
        Map<String, String> p = base();
        p.put(P + "private-key-file", key.toString());
        p.put(P + "private-key-passphrase-file", passphrase.toString());
        p.put(P + "role", "SFSYNC_LOADER");
        p.put(P + "warehouse", "LOAD_WH");
        p.put(P + "schema", "RAW");
        p.put("sfsync.warehouse.control-schema", "OPS");

        SnowflakeSettings s = SnowflakeSettings.from(p::get);
        Properties props = s.connectionProperties();

        assertThat(s.jdbcUrl()).isEqualTo("jdbc:snowflake://acme-prod.snowflakecomputing.com/");
        assertThat(props).containsEntry("user", "SFSYNC")
                .containsEntry("authenticator", "SNOWFLAKE_JWT")
                .containsEntry("private_key_file", key.toAbsolutePath().toString())
                .containsEntry("private_key_file_pwd", "s3cret-phrase")
                .containsEntry("role", "SFSYNC_LOADER")
                .containsEntry("warehouse", "LOAD_WH")
                .containsEntry("db", "ANALYTICS")
                .containsEntry("schema", "RAW")
                .containsEntry("JDBC_QUERY_RESULT_FORMAT", "JSON")
                .containsEntry("disablePlatformDetection", "true")
                .doesNotContainKey("password");
        assertThat(s.controlSchema()).isEqualTo("OPS");
        assertThat(s.toString()).contains("SFSYNC@acme-prod.snowflakecomputing.com", "key pair")
                .doesNotContain("s3cret", key.toString());
    }

    @Test
    void shouldFallBackToAPasswordAndReadARotatedPasswordFileOnEveryConnection() throws Exception {
        Path file = Files.writeString(dir.resolve("password"), "first\n");
        Map<String, String> p = without(base(), "password");
        p.put(P + "password-file", file.toString());

        SnowflakeSettings s = SnowflakeSettings.from(p::get);
        assertThat(s.connectionProperties()).containsEntry("password", "first").doesNotContainKey("authenticator");
        Files.writeString(file, "second");

        assertThat(s.connectionProperties()).containsEntry("password", "second");
        assertThat(s.keyPair()).isFalse();
        assertThat(s.controlSchema()).isEqualTo("SFSYNC_CONTROL");
        assertThat(s.poolSize()).isEqualTo(10);
        assertThat(s.createStage()).isFalse();
        assertThat(s.toString()).doesNotContain("first", "second");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://acme-prod.snowflakecomputing.com", "https://acme-prod.snowflakecomputing.com/",
        "acme-prod.snowflakecomputing.com", "jdbc:snowflake://acme-prod.snowflakecomputing.com/",
        "https://ACME-PROD.snowflakecomputing.com"})
    void shouldAcceptTheAccountUrlInTheUsualForms(String url) {
        Map<String, String> p = base();
        p.put(P + "account-url", url);

        assertThat(SnowflakeSettings.from(p::get).jdbcUrl())
                .isEqualTo("jdbc:snowflake://acme-prod.snowflakecomputing.com/");
    }

    @Test
    void shouldKeepAnExplicitPort() {
        Map<String, String> p = base();
        p.put(P + "account-url", "https://xy12345.eu-central-1.privatelink.snowflakecomputing.com:443");

        assertThat(SnowflakeSettings.from(p::get).jdbcUrl())
                .isEqualTo("jdbc:snowflake://xy12345.eu-central-1.privatelink.snowflakecomputing.com:443/");
    }

    @Test
    void shouldReachTheOfflineSnowflakeOverPlainHttpOnLoopbackOnly() {
        Map<String, String> p = base();
        p.put(P + "account-url", "http://127.0.0.1:18443");
        SnowflakeSettings offline = SnowflakeSettings.from(p::get);

        assertThat(offline.jdbcUrl()).isEqualTo("jdbc:snowflake://127.0.0.1:18443/");
        assertThat(offline.plainHttp()).isTrue();
        assertThat(offline.connectionProperties().getProperty("ssl")).isEqualTo("off");
        assertThat(SnowflakeSettings.from(base()::get).connectionProperties().getProperty("ssl")).isNull();

        p.put(P + "account-url", "http://acme-prod.snowflakecomputing.com");
        assertInvalid(p, "uses plain http: only the offline Snowflake on this machine");
    }

    @Test
    void shouldQuoteMixedCaseNamesInTheConnectionPropertiesAsTheStatementsDo() {
        Map<String, String> p = base();
        p.put(P + "database", "Salesforce");
        p.put(P + "schema", "RAW");
        p.put(P + "role", "Loader_Role");
        SnowflakeSettings s = SnowflakeSettings.from(p::get);

        assertThat(s.connectionProperties().getProperty("db")).isEqualTo("\"Salesforce\"");
        assertThat(s.connectionProperties().getProperty("schema")).isEqualTo("RAW");
        assertThat(s.connectionProperties().getProperty("role")).isEqualTo("\"Loader_Role\"");
        assertThat(s.statementTimeoutSeconds()).isEqualTo(14_400);
        assertThat(s.lockTimeoutSeconds()).isEqualTo(300);
    }

    @Test
    void shouldNameTheKeyThatIsMissingOrWrong() {
        assertInvalid(without(base(), "account-url"), "sfsync.warehouse.snowflake.account-url is not set");
        assertInvalid(without(base(), "user"), "sfsync.warehouse.snowflake.user is not set");
        assertInvalid(without(base(), "database"), "sfsync.warehouse.snowflake.database is not set");
        assertInvalid(without(base(), "password"), "no credentials for Snowflake user SFSYNC");
        Map<String, String> badUrl = base();
        badUrl.put(P + "account-url", "https://acme.snowflakecomputing.com/?user=x");
        assertInvalid(badUrl, "is not a Snowflake account URL");
        Map<String, String> missingKey = without(base(), "password");
        missingKey.put(P + "private-key-file", dir.resolve("absent.p8").toString());
        assertInvalid(missingKey, "does not exist or cannot be read");
        Map<String, String> both = base();
        both.put(P + "password-file", "/run/secrets/pw");
        assertInvalid(both, "keep one");
        Map<String, String> pool = base();
        pool.put(P + "pool-size", "0");
        assertInvalid(pool, "pool-size is '0'");
        Map<String, String> role = base();
        role.put(P + "role", "SYSADMIN; DROP DATABASE X");
        assertThatThrownBy(() -> SnowflakeSettings.from(role::get))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER));
    }

    @Test
    void shouldReportAnUnreadableSecretFileWhenConnecting() throws Exception {
        Map<String, String> p = without(base(), "password");
        p.put(P + "password-file", dir.resolve("not-mounted").toString());
        SnowflakeSettings s = SnowflakeSettings.from(p::get);

        assertThatThrownBy(s::connectionProperties)
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_CONFIGURATION))
                .hasMessageContaining("cannot read the password file");
    }

    private void assertInvalid(Map<String, String> p, String message) {
        assertThatThrownBy(() -> SnowflakeSettings.from(p::get))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_CONFIGURATION))
                .hasMessageContaining(message)
                .hasMessageNotContaining("not-a-real-password");
    }

    private static Map<String, String> base() {
        Map<String, String> p = new HashMap<>();
        p.put(P + "account-url", "https://acme-prod.snowflakecomputing.com");
        p.put(P + "user", "SFSYNC");
        p.put(P + "password", "not-a-real-password");
        p.put(P + "database", "ANALYTICS");
        return p;
    }

    private static Map<String, String> without(Map<String, String> p, String key) {
        p.remove(P + key);
        return p;
    }
}
