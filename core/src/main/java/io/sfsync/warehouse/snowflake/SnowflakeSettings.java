package io.sfsync.warehouse.snowflake;

import io.sfsync.warehouse.Identifiers;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to reach Snowflake, from the {@code sfsync.warehouse.snowflake.*} properties (secrets as
 * {@code {{env:...}}} placeholders or files mounted from a vault; never literal in a file under version control).
 *
 * <table>
 * <caption>Keys under {@code sfsync.warehouse.snowflake.}</caption>
 * <tr><th>key</th><th>meaning</th></tr>
 * <tr><td>account-url</td><td>{@code https://<org>-<account>.snowflakecomputing.com} (required; {@code http://127.0.0.1:PORT} for the offline Snowflake)</td></tr>
 * <tr><td>user</td><td>the service user (required)</td></tr>
 * <tr><td>private-key-file</td><td>its PKCS#8 private key (PEM), for key-pair authentication</td></tr>
 * <tr><td>private-key-passphrase, private-key-passphrase-file</td><td>the key's passphrase, when encrypted</td></tr>
 * <tr><td>password, password-file</td><td>password authentication, when no private key is configured</td></tr>
 * <tr><td>role, warehouse</td><td>the role and virtual warehouse the sessions use</td></tr>
 * <tr><td>database</td><td>the database of every schema sfsync writes (required)</td></tr>
 * <tr><td>schema</td><td>the session's schema: where an unqualified stage lives</td></tr>
 * <tr><td>create-stage</td><td>create a missing named stage (needs CREATE STAGE); default false</td></tr>
 * <tr><td>pool-size</td><td>sessions open at most (more than the objects syncing at once); default 10</td></tr>
 * <tr><td>login-timeout-seconds</td><td>default 60</td></tr>
 * <tr><td>statement-timeout-seconds</td><td>a statement running longer is cancelled; default 14400 (4 h)</td></tr>
 * <tr><td>lock-timeout-seconds</td><td>a statement waiting longer for a lock fails; default 300</td></tr>
 * </table>
 * {@code sfsync.warehouse.control-schema} names the schema of the run history (default {@code SFSYNC_CONTROL}).
 * Secret files are read whenever a connection is opened, so a rotated secret is picked up without a restart.
 */
public final class SnowflakeSettings {
    /** Prefix of every key. */
    public static final String PREFIX = "sfsync.warehouse.snowflake.";
    /** Schema of the run history when none is configured. */
    public static final String DEFAULT_CONTROL_SCHEMA = "SFSYNC_CONTROL";
    /**
     * Sessions open at most by default: a load holds one from its first batch to its commit, so the pool must exceed
     * the number of objects that sync at once (idle Snowflake sessions cost nothing).
     */
    public static final int DEFAULT_POOL_SIZE = 10;

    private static final Pattern URL = Pattern.compile(
            "(jdbc:snowflake://|https://|http://)?([A-Za-z0-9][A-Za-z0-9._-]*)(?::(\\d{1,5}))?/?");

    private final String host;
    private final boolean plainHttp;
    private final Integer port;
    private final String user;
    private final Path privateKeyFile;
    private final Secret privateKeyPassphrase;
    private final Secret password;
    private final String role;
    private final String warehouse;
    private final String database;
    private final String schema;
    private final String controlSchema;
    private final boolean createStage;
    private final int poolSize;
    private final int loginTimeoutSeconds;
    private final int statementTimeoutSeconds;
    private final int lockTimeoutSeconds;

    /** A secret given as a value or as a file holding it (trimmed); null when neither is configured. */
    private record Secret(String value, Path file) {
        String read(String what) {
            if (value != null) {
                return value;
            }
            try {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new WarehouseException(WarehouseError.INVALID_CONFIGURATION, "cannot read the " + what
                        + " file " + file + ": " + e.getClass().getSimpleName() + " (mount it readable by sfsync)", e);
            }
        }
    }

    private SnowflakeSettings(Function<String, String> property) {
        requireAllOrOne(property);
        String url = required(property, "account-url");
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw invalid("account-url '" + url + "' is not a Snowflake account URL: use"
                    + " https://<org>-<account>.snowflakecomputing.com");
        }
        this.host = m.group(2).toLowerCase(Locale.ROOT);
        this.port = m.group(3) == null ? null : Integer.valueOf(m.group(3));
        this.plainHttp = "http://".equals(m.group(1));
        if (plainHttp && !isLoopback(host)) {
            throw invalid("account-url '" + url + "' uses plain http: only the offline Snowflake on this machine"
                    + " (127.0.0.1 or localhost) is reached without TLS; use https://<org>-<account>"
                    + ".snowflakecomputing.com");
        }
        this.user = required(property, "user");
        String keyFile = optional(property, "private-key-file");
        this.privateKeyFile = keyFile == null ? null : Path.of(keyFile);
        this.privateKeyPassphrase = secret(property, "private-key-passphrase");
        this.password = secret(property, "password");
        if (privateKeyFile == null && password == null) {
            throw invalid("no credentials for Snowflake user " + user + ": configure " + PREFIX + "private-key-file"
                    + " (key-pair authentication) or " + PREFIX + "password / password-file");
        }
        if (privateKeyFile != null && !Files.isReadable(privateKeyFile)) {
            throw invalid("the private key file " + privateKeyFile + " (" + PREFIX + "private-key-file) does not"
                    + " exist or cannot be read: mount the key and make it readable by sfsync");
        }
        this.role = identifierOrNull(property, "role");
        this.warehouse = identifierOrNull(property, "warehouse");
        this.database = Identifiers.require(required(property, "database"), "database");
        this.schema = identifierOrNull(property, "schema");
        String control = property.apply("sfsync.warehouse.control-schema");
        this.controlSchema = Identifiers.require(control == null || control.isBlank() ? DEFAULT_CONTROL_SCHEMA
                : control.trim(), "control schema");
        this.createStage = Boolean.parseBoolean(optional(property, "create-stage"));
        this.poolSize = integer(property, "pool-size", DEFAULT_POOL_SIZE, 1, 64);
        this.loginTimeoutSeconds = integer(property, "login-timeout-seconds", 60, 1, 3600);
        this.statementTimeoutSeconds = integer(property, "statement-timeout-seconds", 14_400, 1, 604_800);
        this.lockTimeoutSeconds = integer(property, "lock-timeout-seconds", 300, 1, 43_200);
    }

    /** Reads the settings; throws {@link WarehouseError#INVALID_CONFIGURATION} naming the key that is wrong. */
    public static SnowflakeSettings from(Function<String, String> property) {
        return new SnowflakeSettings(property);
    }

    /** {@code jdbc:snowflake://<host>[:port]/}. */
    public String jdbcUrl() {
        return "jdbc:snowflake://" + host + (port == null ? "" : ":" + port) + "/";
    }

    /**
     * The driver's connection properties, secrets included (read from their files now): key-pair
     * ({@code authenticator=SNOWFLAKE_JWT}, {@code private_key_file}, {@code private_key_file_pwd}) or password,
     * role, warehouse, database, schema, {@code JDBC_QUERY_RESULT_FORMAT=JSON} (no Arrow, so no {@code --add-opens}
     * on Java 17) and {@code disablePlatformDetection=true} (no probes of cloud metadata addresses).
     */
    public Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (privateKeyFile != null) {
            p.setProperty("authenticator", "SNOWFLAKE_JWT");
            p.setProperty("private_key_file", privateKeyFile.toAbsolutePath().toString());
            if (privateKeyPassphrase != null) {
                p.setProperty("private_key_file_pwd", privateKeyPassphrase.read("private key passphrase"));
            }
        } else {
            p.setProperty("password", password.read("password"));
        }
        if (role != null) {
            p.setProperty("role", objectName(role));
        }
        if (warehouse != null) {
            p.setProperty("warehouse", objectName(warehouse));
        }
        p.setProperty("db", objectName(database));
        if (schema != null) {
            p.setProperty("schema", objectName(schema));
        }
        if (plainHttp) {
            p.setProperty("ssl", "off");
        }
        p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        p.setProperty("disablePlatformDetection", "true");
        p.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
        return p;
    }

    public String host() {
        return host;
    }

    /**
     * A name as a connection property: Snowflake reads these like unquoted identifiers (folded to upper case), while
     * sfsync's statements quote every name exactly, so a name with a lower-case letter is sent in double quotes to
     * mean the same object in both ({@code Raw} is {@code "Raw"}, never {@code RAW}).
     */
    static String objectName(String name) {
        return name.equals(name.toUpperCase(Locale.ROOT)) ? name : '"' + name + '"';
    }

    public int statementTimeoutSeconds() {
        return statementTimeoutSeconds;
    }

    public int lockTimeoutSeconds() {
        return lockTimeoutSeconds;
    }

    public String user() {
        return user;
    }

    public boolean keyPair() {
        return privateKeyFile != null;
    }

    public String role() {
        return role;
    }

    public String warehouse() {
        return warehouse;
    }

    public String database() {
        return database;
    }

    /** The session's schema, or null. */
    public String schema() {
        return schema;
    }

    public String controlSchema() {
        return controlSchema;
    }

    public boolean createStage() {
        return createStage;
    }

    public int poolSize() {
        return poolSize;
    }

    /** Where and as whom, never a secret. */
    @Override
    public String toString() {
        return "snowflake " + user + "@" + host + " (" + (keyPair() ? "key pair" : "password") + ", role "
                + role + ", warehouse " + warehouse + ", database " + database + ")";
    }

    private static Secret secret(Function<String, String> property, String key) {
        String value = property.apply(PREFIX + key);
        String file = optional(property, key + "-file");
        if (value != null && !value.isEmpty() && file != null) {
            throw invalid("both " + PREFIX + key + " and " + PREFIX + key + "-file are set: keep one");
        }
        if (file != null) {
            return new Secret(null, Path.of(file));
        }
        return value == null || value.isEmpty() ? null : new Secret(value, null);
    }

    /** With more than one required setting missing, names them all at once rather than one per attempt. */
    private static void requireAllOrOne(Function<String, String> property) {
        List<String> missing = new ArrayList<>();
        for (String key : List.of("account-url", "user", "database")) {
            if (optional(property, key) == null) {
                missing.add(PREFIX + key);
            }
        }
        if (optional(property, "private-key-file") == null && optional(property, "password") == null
                && optional(property, "password-file") == null) {
            missing.add(PREFIX + "private-key-file (or password / password-file)");
        }
        if (missing.size() > 1) {
            throw invalid("Snowflake is not configured completely (sfsync.warehouse.type is snowflake): set "
                    + String.join(", ", missing));
        }
    }

    /** The offline Snowflake listens on loopback: 127.0.0.0/8 or localhost, never a name that DNS might resolve away. */
    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /** Whether the account URL is the offline Snowflake's plain-http loopback address ({@code ssl=off}). */
    public boolean plainHttp() {
        return plainHttp;
    }

    private static String required(Function<String, String> property, String key) {
        String v = optional(property, key);
        if (v == null) {
            throw invalid(PREFIX + key + " is not set (sfsync.warehouse.type is snowflake)");
        }
        return v;
    }

    private static String optional(Function<String, String> property, String key) {
        String v = property.apply(PREFIX + key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static String identifierOrNull(Function<String, String> property, String key) {
        String v = optional(property, key);
        return v == null ? null : Identifiers.require(v, key);
    }

    private static int integer(Function<String, String> property, String key, int fallback, int min, int max) {
        String v = optional(property, key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(PREFIX + key + " is '" + v + "': use a whole number from " + min + " to " + max);
    }

    private static WarehouseException invalid(String message) {
        return new WarehouseException(WarehouseError.INVALID_CONFIGURATION, message);
    }
}
