package io.sfsync.emulator;

import io.sfsync.emulator.model.DemoSchema;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How an emulator instance is set up: where it listens, its demo data, the credentials it accepts and how its Bulk API
 * jobs behave. Built with {@link #builder()}; every setting has a default that gives the documented demo org.
 */
public final class EmulatorConfig {
    /** Demo credentials, printed when the emulator starts and documented in README. */
    public static final String DEMO_CLIENT_ID = "sfsync-demo-client";
    public static final String DEMO_CLIENT_SECRET = "sfsync-demo-secret";
    public static final String DEMO_USERNAME = "integration@demo.sfsync.io";
    public static final String DEMO_PASSWORD = "demo-password";
    public static final String DEMO_SECURITY_TOKEN = "DEMOTOKEN";
    public static final String DEMO_REFRESH_TOKEN = "5Aep861demoRefreshTokenForTheOfflineOrg";

    private final String host;
    private final int port;
    private final long seed;
    private final Map<String, Integer> volumes;
    private final String clientId;
    private final String clientSecret;
    private final String username;
    private final String password;
    private final String securityToken;
    private final String refreshToken;
    private final boolean clientCredentialsEnabled;
    private final List<X509Certificate> jwtCertificates;
    private final List<String> jwtAudiences;
    private final Pacing pacing;
    private final Concurrency concurrency;
    private final List<BenchObject> benchObjects;
    private final long dailyApiRequests;
    private final long dailyBulkQueryJobs;
    private final int bulkDefaultPageBytes;
    private final long ingestUploadMaxBytes;
    private final boolean gzip;
    private final Duration sessionTimeout;
    private final java.nio.file.Path journal;
    private final String publicUrl;
    private final java.time.Clock clock;
    private final Map<String, Integer> wide;

    private EmulatorConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.seed = b.seed;
        this.volumes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.volumes));
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.username = b.username;
        this.password = b.password;
        this.securityToken = b.securityToken;
        this.refreshToken = b.refreshToken;
        this.clientCredentialsEnabled = b.clientCredentialsEnabled;
        this.jwtCertificates = List.copyOf(b.jwtCertificates);
        this.jwtAudiences = List.copyOf(b.jwtAudiences);
        this.pacing = b.pacing;
        this.concurrency = b.concurrency;
        this.benchObjects = List.copyOf(b.benchObjects);
        this.dailyApiRequests = b.dailyApiRequests;
        this.dailyBulkQueryJobs = b.dailyBulkQueryJobs;
        this.bulkDefaultPageBytes = b.bulkDefaultPageBytes;
        this.ingestUploadMaxBytes = b.ingestUploadMaxBytes;
        this.gzip = b.gzip;
        this.sessionTimeout = b.sessionTimeout;
        this.journal = b.journal;
        this.publicUrl = b.publicUrl;
        this.clock = b.clock;
        this.wide = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.wide));
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EmulatorConfig defaults() {
        return builder().build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public long seed() {
        return seed;
    }

    public Map<String, Integer> volumes() {
        return volumes;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String securityToken() {
        return securityToken;
    }

    public String refreshToken() {
        return refreshToken;
    }

    public boolean clientCredentialsEnabled() {
        return clientCredentialsEnabled;
    }

    public List<X509Certificate> jwtCertificates() {
        return jwtCertificates;
    }

    public List<String> jwtAudiences() {
        return jwtAudiences;
    }

    /** How fast the org answers ({@link Pacing#FAST} unless set). */
    public Pacing pacing() {
        return pacing;
    }

    /** The long-running request and cursor limits ({@link Concurrency#DOCUMENTED} unless set). */
    public Concurrency concurrency() {
        return concurrency;
    }

    /** The synthetic benchmark objects the org starts with, each with its rows (see {@link BenchObject}). */
    public List<BenchObject> benchObjects() {
        return benchObjects;
    }

    public long dailyApiRequests() {
        return dailyApiRequests;
    }

    public long dailyBulkQueryJobs() {
        return dailyBulkQueryJobs;
    }

    public int bulkDefaultPageBytes() {
        return bulkDefaultPageBytes;
    }

    /** The largest Bulk API 2.0 ingest upload taken, in bytes of its base64 encoding. */
    public long ingestUploadMaxBytes() {
        return ingestUploadMaxBytes;
    }

    public boolean gzip() {
        return gzip;
    }

    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    /** The file the org's changes are kept in across restarts, or null (changes live as long as the process). */
    public java.nio.file.Path journal() {
        return journal;
    }

    /** The URL clients are told to use (instance URL, identity URLs), or null for {@code http://host:port}. */
    public String publicUrl() {
        return publicUrl;
    }

    /** The clock the org's clock runs on (the machine's by default; a fixed one stands still until advanced). */
    public java.time.Clock clock() {
        return clock;
    }

    /**
     * Types made wide when the org starts, and how many filled custom fields each gets (see
     * {@link io.sfsync.emulator.model.WideObject}).
     */
    public Map<String, Integer> wide() {
        return wide;
    }

    /** Builder of an {@link EmulatorConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private long seed = 42;
        private final Map<String, Integer> volumes = new LinkedHashMap<>(DemoSchema.DEFAULT_VOLUMES);
        private String clientId = DEMO_CLIENT_ID;
        private String clientSecret = DEMO_CLIENT_SECRET;
        private String username = DEMO_USERNAME;
        private String password = DEMO_PASSWORD;
        private String securityToken = DEMO_SECURITY_TOKEN;
        private String refreshToken = DEMO_REFRESH_TOKEN;
        private boolean clientCredentialsEnabled = true;
        private final List<X509Certificate> jwtCertificates = new ArrayList<>();
        private final List<String> jwtAudiences = new ArrayList<>();
        private Pacing pacing = Pacing.FAST;
        private Concurrency concurrency = Concurrency.DOCUMENTED;
        private final List<BenchObject> benchObjects = new ArrayList<>();
        private long dailyApiRequests = 100_000;
        private long dailyBulkQueryJobs = 10_000;
        private int bulkDefaultPageBytes = 3 * 1024 * 1024;
        private long ingestUploadMaxBytes = SalesforceLimits.INGEST_UPLOAD_BASE64_BYTES;
        private boolean gzip = true;
        private Duration sessionTimeout = Duration.ofHours(2);
        private java.nio.file.Path journal;
        private String publicUrl;
        private java.time.Clock clock = java.time.Clock.systemUTC();
        private final Map<String, Integer> wide = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Gives {@code type} this many custom fields when the org starts, a fixed mix of field types like an enterprise
         * org's, each with generated values on every generated row (see {@link io.sfsync.emulator.model.WideObject}).
         * At most 800 custom fields fit on an object, the type's own included; the org refuses to start otherwise.
         */
        public Builder wide(String type, int fields) {
            if (fields < 0) {
                throw new IllegalArgumentException("wide fields of " + type + " must not be negative");
            }
            wide.put(Objects.requireNonNull(type), fields);
            return this;
        }

        /**
         * The clock under the org's clock: record timestamps read it (plus the offset the clock API moves). A
         * {@link java.time.Clock#fixed fixed} clock makes timestamps move only when a test advances them.
         */
        public Builder clock(java.time.Clock value) {
            this.clock = Objects.requireNonNull(value);
            return this;
        }

        /** The URL to advertise when clients reach the emulator under another name (a container's service name). */
        public Builder publicUrl(String value) {
            this.publicUrl = value == null ? null : value.replaceAll("/+$", "");
            return this;
        }

        /** Keeps the org's changes in this file and replays them on the next start (same seed and volumes). */
        public Builder journal(java.nio.file.Path file) {
            this.journal = file;
            return this;
        }

        /** Loopback address to bind (default 127.0.0.1). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value);
            return this;
        }

        /** Port to listen on; 0 (default) picks a free one. */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Generated rows of one type (User, Account, Contact, Opportunity, Kitchen_Sink__c). */
        public Builder volume(String type, int rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("volume of " + type + " must not be negative");
            }
            volumes.put(type, rows);
            return this;
        }

        public Builder volumes(Map<String, Integer> values) {
            values.forEach(this::volume);
            return this;
        }

        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        public Builder clientSecret(String value) {
            this.clientSecret = value;
            return this;
        }

        public Builder username(String value) {
            this.username = value;
            return this;
        }

        public Builder password(String value) {
            this.password = value;
            return this;
        }

        public Builder securityToken(String value) {
            this.securityToken = value;
            return this;
        }

        public Builder refreshToken(String value) {
            this.refreshToken = value;
            return this;
        }

        public Builder clientCredentialsEnabled(boolean value) {
            this.clientCredentialsEnabled = value;
            return this;
        }

        /** A certificate whose key signs JWT bearer assertions (the connected app's "digital signature"). */
        public Builder jwtCertificate(X509Certificate value) {
            this.jwtCertificates.add(Objects.requireNonNull(value));
            return this;
        }

        /** An extra {@code aud} value JWT assertions may carry (the emulator's own URLs are always accepted). */
        public Builder jwtAudience(String value) {
            this.jwtAudiences.add(value);
            return this;
        }

        /** How long a Bulk job stays UploadComplete, then InProgress (at least), before it completes. */
        public Builder bulkTiming(Duration queued, Duration processing) {
            this.pacing = pacing.withBulkTiming(queued, processing);
            return this;
        }

        /** Paces answers like a real org ({@link Pacing#REALISTIC}) or not ({@link Pacing#FAST}, the default). */
        public Builder pacing(Pacing value) {
            this.pacing = Objects.requireNonNull(value);
            return this;
        }

        /** The long-running request and cursor limits (default {@link Concurrency#DOCUMENTED}, a production org's). */
        public Builder concurrency(Concurrency value) {
            this.concurrency = Objects.requireNonNull(value);
            return this;
        }

        /** Adds synthetic custom objects for a benchmark, e.g. {@code BenchObject.spread(30, 100, 2_000_000, seed)}. */
        public Builder benchObjects(List<BenchObject> values) {
            benchObjects.addAll(values);
            return this;
        }

        public Builder dailyApiRequests(long value) {
            this.dailyApiRequests = value;
            return this;
        }

        public Builder dailyBulkQueryJobs(long value) {
            this.dailyBulkQueryJobs = value;
            return this;
        }

        /**
         * The largest Bulk API 2.0 ingest upload taken, in bytes of its base64 encoding (default Salesforce's 150 MB);
         * lower it to test the refusal without sending 100 MB.
         */
        public Builder ingestUploadMaxBytes(long value) {
            this.ingestUploadMaxBytes = value;
            return this;
        }

        /** Result page size, in bytes of CSV, when a client does not send {@code maxRecords}. */
        public Builder bulkDefaultPageBytes(int value) {
            this.bulkDefaultPageBytes = value;
            return this;
        }

        /** Whether responses are gzipped for clients that send {@code Accept-Encoding: gzip} (default true). */
        public Builder gzip(boolean value) {
            this.gzip = value;
            return this;
        }

        public Builder sessionTimeout(Duration value) {
            this.sessionTimeout = value;
            return this;
        }

        public EmulatorConfig build() {
            return new EmulatorConfig(this);
        }
    }
}
