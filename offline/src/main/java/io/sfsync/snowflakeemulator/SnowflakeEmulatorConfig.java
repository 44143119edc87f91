package io.sfsync.snowflakeemulator;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How to start the offline Snowflake: where its data lives (a temporary folder by default), the loopback address and
 * port, the account, the bootstrap database and admin user, further users (password and/or RSA public key, default
 * role and roles granted), and how long session and master tokens stay valid.
 */
public final class SnowflakeEmulatorConfig {
    private final Path dataDirectory;
    private final String host;
    private final int port;
    private final String account;
    private final String database;
    private final String adminUser;
    private final String adminPassword;
    private final List<User> users;
    private final Duration sessionTokenValidity;
    private final Duration masterTokenValidity;
    private final Duration blockingTransactionIdleLimit;
    private final Duration transactionMaxAge;

    private SnowflakeEmulatorConfig(Builder b) {
        this.dataDirectory = b.dataDirectory;
        this.host = b.host;
        this.port = b.port;
        this.account = b.account.toUpperCase(Locale.ROOT);
        this.database = b.database.toUpperCase(Locale.ROOT);
        this.adminUser = b.adminUser.toUpperCase(Locale.ROOT);
        this.adminPassword = b.adminPassword != null ? b.adminPassword : randomPassword();
        this.users = List.copyOf(b.users);
        this.sessionTokenValidity = b.sessionTokenValidity;
        this.masterTokenValidity = b.masterTokenValidity;
        this.blockingTransactionIdleLimit = b.blockingTransactionIdleLimit;
        this.transactionMaxAge = b.transactionMaxAge;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SnowflakeEmulatorConfig defaults() {
        return builder().build();
    }

    /** A user to create at start: a password and/or an RSA public key (DER, X.509), roles granted, default role. */
    public record User(String name, String password, byte[] rsaPublicKey, String defaultRole, List<String> roles) {
        public User {
            Objects.requireNonNull(name, "name");
            roles = roles == null ? List.of() : List.copyOf(roles);
            if (password == null && rsaPublicKey == null) {
                throw new IllegalArgumentException("user " + name + " needs a password or an RSA public key");
            }
        }

        @Override
        public String toString() {
            return "User[" + name + ", password " + (password == null ? "none" : "set") + ", key "
                    + (rsaPublicKey == null ? "none" : "set") + ", default role " + defaultRole + ", roles " + roles
                    + "]";
        }
    }

    /** Reads an RSA public key given as PEM ({@code -----BEGIN PUBLIC KEY-----}) or as DER bytes; returns DER. */
    public static byte[] publicKeyDer(byte[] pemOrDer) {
        String text = new String(pemOrDer, java.nio.charset.StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN")) {
            String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return Base64.getDecoder().decode(body);
        }
        return pemOrDer.clone();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String account() {
        return account;
    }

    public String database() {
        return database;
    }

    public String adminUser() {
        return adminUser;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public List<User> users() {
        return users;
    }

    public Duration sessionTokenValidity() {
        return sessionTokenValidity;
    }

    public Duration masterTokenValidity() {
        return masterTokenValidity;
    }

    /** How long a transaction that blocks another may sit idle before it is rolled back (Snowflake: 5 minutes). */
    public Duration blockingTransactionIdleLimit() {
        return blockingTransactionIdleLimit;
    }

    /** How old a transaction may get before it is rolled back (Snowflake: 4 hours). */
    public Duration transactionMaxAge() {
        return transactionMaxAge;
    }

    private static String randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Builder; every setting has a default. */
    public static final class Builder {
        private Path dataDirectory;
        private String host = "127.0.0.1";
        private int port;
        private String account = "SFSYNC";
        private String database = "SFSYNC";
        private String adminUser = "ADMIN";
        private String adminPassword;
        private final List<User> users = new ArrayList<>();
        private Duration sessionTokenValidity = Duration.ofHours(1);
        private Duration masterTokenValidity = Duration.ofHours(4);
        private Duration blockingTransactionIdleLimit = Duration.ofMinutes(5);
        private Duration transactionMaxAge = Duration.ofHours(4);

        private Builder() {
        }

        /** Folder of the DuckDB file and the stages; null (the default) means a new temporary folder. */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = dir;
            return this;
        }

        /** Loopback address to bind (default 127.0.0.1); any other address is refused at start. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** Port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535");
            }
            this.port = port;
            return this;
        }

        public Builder account(String account) {
            this.account = Objects.requireNonNull(account);
            return this;
        }

        public Builder database(String database) {
            this.database = Objects.requireNonNull(database);
            return this;
        }

        public Builder adminUser(String user) {
            this.adminUser = Objects.requireNonNull(user);
            return this;
        }

        /** The admin's password; a random one when not set. */
        public Builder adminPassword(String password) {
            this.adminPassword = Objects.requireNonNull(password);
            return this;
        }

        public Builder user(User user) {
            this.users.add(Objects.requireNonNull(user));
            return this;
        }

        public Builder sessionTokenValidity(Duration validity) {
            this.sessionTokenValidity = positive(validity);
            return this;
        }

        public Builder masterTokenValidity(Duration validity) {
            this.masterTokenValidity = positive(validity);
            return this;
        }

        /**
         * A transaction whose session stays idle this long while it blocks another transaction is rolled back (the
         * detached transaction of a killed client, above all); Snowflake: 5 minutes.
         */
        public Builder blockingTransactionIdleLimit(Duration limit) {
            this.blockingTransactionIdleLimit = positive(limit);
            return this;
        }

        /** A transaction older than this is rolled back; Snowflake: 4 hours. */
        public Builder transactionMaxAge(Duration age) {
            this.transactionMaxAge = positive(age);
            return this;
        }

        public SnowflakeEmulatorConfig build() {
            return new SnowflakeEmulatorConfig(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a token validity must be positive");
            }
            return d;
        }
    }
}
