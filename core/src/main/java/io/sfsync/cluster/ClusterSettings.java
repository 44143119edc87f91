package io.sfsync.cluster;

import io.sfsync.sync.SyncError;
import io.sfsync.sync.SyncException;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code sfsync.cluster.*} settings: where the cluster's PostgreSQL database is and how this node takes part.
 * With no {@code sfsync.cluster.jdbc-url} there is no cluster and sfsync schedules in memory, as a single process.
 *
 * <table>
 * <caption>keys</caption>
 * <tr><td>jdbc-url</td><td>{@code jdbc:postgresql://host:5432/db}: turns the cluster on</td></tr>
 * <tr><td>user, password</td><td>the database user of every node (password from {@code {{env:...}}} or a file)</td></tr>
 * <tr><td>node-id</td><td>this node's name, unique in the cluster (default host name and process id)</td></tr>
 * <tr><td>checkin-interval-ms</td><td>how often a node tells the others it is alive (default 5000); a node silent
 * for this plus 7.5 s is taken as dead and its runs are recovered</td></tr>
 * <tr><td>misfire-threshold-ms</td><td>how late a slot may still fire (default 10000); later, it is skipped</td></tr>
 * <tr><td>threads</td><td>runs this node may do at once (default 5)</td></tr>
 * <tr><td>table-prefix</td><td>prefix of Quartz's tables (default {@code qrtz_})</td></tr>
 * <tr><td>create-tables</td><td>create Quartz's tables when missing (default true)</td></tr>
 * </table>
 */
public final class ClusterSettings {
    /** The prefix of every key. */
    public static final String PREFIX = "sfsync.cluster.";
    private static final Pattern TABLE_PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0,30}");
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,100}");

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String nodeId;
    private final Duration checkinInterval;
    private final Duration misfireThreshold;
    private final int threads;
    private final String tablePrefix;
    private final boolean createTables;

    private ClusterSettings(Function<String, String> property, List<String> problems) {
        jdbcUrl = value(property, "jdbc-url");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            problems.add(PREFIX + "jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/database), not "
                    + where(jdbcUrl));
        }
        user = value(property, "user");
        password = value(property, "password");
        if (user == null) {
            problems.add(PREFIX + "user is not set (the PostgreSQL user every node logs in as)");
        }
        if (password == null && !jdbcUrl.contains("password=")) {
            problems.add(PREFIX + "password is not set (give it as {{env:SFSYNC_CLUSTER_PASSWORD}} or from a file)");
        }
        String node = value(property, "node-id");
        nodeId = node == null ? defaultNodeId() : node;
        if (!NODE_ID.matcher(nodeId).matches()) {
            problems.add(PREFIX + "node-id '" + nodeId + "' must be 1 to 100 letters, digits or . _ : @ -");
        }
        checkinInterval = Duration.ofMillis(number(property, "checkin-interval-ms", 5000, 500, 600_000, problems));
        misfireThreshold = Duration.ofMillis(number(property, "misfire-threshold-ms", 10_000, 1000, 3_600_000,
                problems));
        threads = (int) number(property, "threads", 5, 1, 100, problems);
        String prefix = value(property, "table-prefix");
        tablePrefix = prefix == null ? "qrtz_" : prefix.toLowerCase(Locale.ROOT);
        if (!TABLE_PREFIX.matcher(tablePrefix).matches()) {
            problems.add(PREFIX + "table-prefix '" + prefix + "' must be a lower-case SQL name prefix (letters,"
                    + " digits, _), e.g. qrtz_");
        }
        String create = value(property, "create-tables");
        if (create != null && !create.equalsIgnoreCase("true") && !create.equalsIgnoreCase("false")) {
            problems.add(PREFIX + "create-tables must be true or false, got '" + create + "'");
        }
        createTables = create == null || Boolean.parseBoolean(create);
    }

    /**
     * The cluster the properties describe, or empty when {@code sfsync.cluster.jdbc-url} is not set. Every problem
     * of the settings is reported at once, each in one line.
     */
    public static Optional<ClusterSettings> from(Function<String, String> property) {
        if (value(property, "jdbc-url") == null) {
            return Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        ClusterSettings settings = new ClusterSettings(property, problems);
        if (!problems.isEmpty()) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, String.join("; ", problems));
        }
        return Optional.of(settings);
    }

    private static String value(Function<String, String> property, String key) {
        String v = property.apply(PREFIX + key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static long number(Function<String, String> property, String key, long fallback, long min, long max,
            List<String> problems) {
        String v = value(property, key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(PREFIX + key + " is '" + v + "': use a whole number from " + min + " to " + max);
        return fallback;
    }

    /** The host name and the process id: unique per process on a network, and what an operator recognises. */
    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        String pid = Long.toString(ManagementFactory.getRuntimeMXBean().getPid());
        String id = host.replaceAll("[^A-Za-z0-9._:@-]", "_") + "-" + pid;
        return id.length() > 100 ? id.substring(id.length() - 100) : id;
    }

    /** A JDBC URL as messages may show it: no query string (it may carry a password). */
    static String where(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database as messages name it (the URL without its parameters). */
    public String where() {
        return where(jdbcUrl);
    }

    public String user() {
        return user;
    }

    /** The password, or null when the URL carries it. Never logged. */
    String password() {
        return password;
    }

    public String nodeId() {
        return nodeId;
    }

    public Duration checkinInterval() {
        return checkinInterval;
    }

    public Duration misfireThreshold() {
        return misfireThreshold;
    }

    public int threads() {
        return threads;
    }

    public String tablePrefix() {
        return tablePrefix;
    }

    public boolean createTables() {
        return createTables;
    }

    @Override
    public String toString() {
        return "cluster " + where() + " as " + user + ", node " + nodeId;
    }
}
