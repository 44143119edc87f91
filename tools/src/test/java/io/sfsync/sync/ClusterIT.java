package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.sync.OrgTables.RowHashes;
import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.testing.PackagedJar;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.snowflake.SnowflakeSettings;
import io.sfsync.warehouse.snowflake.SnowflakeWarehouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three sfsync nodes share one schedule through Quartz's clustered job store on a real PostgreSQL, writing to one
 * offline Snowflake. Each node is the packaged jar run as README says ({@code java -jar target/sfsync.jar run} in a
 * working directory with {@code config/} and {@code routes/}); the org, the offline Snowflake and PostgreSQL run in
 * this JVM. Three objects are scheduled every 15 s (Account through the Bulk API and the stage, Contact through REST,
 * Opportunity through Bulk then REST). The node running the first Account sync is killed with SIGKILL in the middle of
 * it; then:
 * <ul>
 *   <li>another node recovers that slot (Quartz recovery) and the tables converge to the org value by value, also
 *   after changes made in the org while the cluster runs;</li>
 *   <li>every slot that fired ran exactly once (one start line across all nodes, one history row), no run was
 *   skipped by the run lock (which would mean a slot fired twice), and every slot in the test's window ran unless a
 *   run of the same object was still going at its time (stateful job: skipped, not queued) or it fell between the
 *   kill and the recovery;</li>
 *   <li>no two runs of one target overlapped in time (from the history, and the killed run from its log).</li>
 * </ul>
 * Needs {@code target/sfsync.jar} ({@code mvn package}).
 */
@LoopbackOnly
class ClusterIT {
    private static final int ACCOUNTS = 50_000;
    private static final int CONTACTS = 400;
    private static final int OPPORTUNITIES = 3_000;
    private static final Map<String, String> TABLES = Map.of("Account", "ACCOUNTS", "Contact", "CONTACTS",
            "Opportunity", "OPPORTUNITIES");
    private static final Map<String, Integer> OFFSETS = Map.of("Account", 0, "Contact", 5, "Opportunity", 10);
    private static final int PERIOD_SECONDS = 15;
    /**
     * The nodes' misfire threshold. A slot that comes while a run of its object is going is blocked (stateful job);
     * once the run ends, Quartz's misfire handler (which looks every threshold) moves the trigger past it, so a slot
     * that falls within one threshold after such a run may be skipped too.
     */
    private static final int MISFIRE_THRESHOLD_MILLIS = 2000;
    private static final String CLUSTER_PASSWORD = "cluster-test-password";
    private static final Pattern STARTED = Pattern.compile("run (\\S+) of (\\w+) -> RAW\\.(\\w+) started on node"
            + " (\\S+) for the scheduled slot (\\S+)( \\(recovery)?");
    private static final Duration DEADLINE = Duration.ofSeconds(150);
    private static final DateTimeFormatter RUN_ID_SECOND = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    @TempDir
    Path dir;
    /** The nodes' working directories and logs, kept after the test. */
    private final Path nodesFolder = Path.of("target", "cluster-it").toAbsolutePath();

    /** One run as a node's log says it started. */
    private record Start(String node, String runId, String sobject, Instant slot, boolean recovery) {
    }

    /** One row of the history table. */
    private record Row(String runId, String sobject, boolean success, Instant started, Instant ended, String method,
            String error) {
    }

    @Test
    void shouldRunEverySlotOnceOnOneOfThreeNodesAndRecoverAKilledRun() throws Exception {
        Path jar = Path.of("target", "sfsync.jar").toAbsolutePath();
        assertThat(jar).as("the packaged jar (mvn package)").exists();
        List<Node> nodes = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(true).start();
                OfflineSnowflake snowflake = OfflineSnowflake.start(dir.resolve("snowflake"), true, "RAW");
                SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder()
                        .volume("Account", ACCOUNTS).volume("Contact", CONTACTS).volume("Opportunity", OPPORTUNITIES)
                        .bulkTiming(Duration.ofMillis(50), Duration.ofMillis(1500)).gzip(false)
                        .dailyApiRequests(10_000_000).dailyBulkQueryJobs(1_000_000).build());
                SnowflakeWarehouse reader = admin(snowflake)) {
            long t0 = System.nanoTime();
            String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
            Path passwordFile = Files.writeString(dir.resolve("snowflake-password"), OfflineSnowflake.PASSWORD);
            deleteTree(nodesFolder);
            for (int i = 1; i <= 3; i++) {
                Path home = prepare(nodesFolder.resolve("node-" + i), "node-" + i, snowflake, passwordFile, jdbcUrl);
                nodes.add(Node.start(jar, PackagedJar.credentials(org), home));
            }
            // From the moment the first scheduler runs, every slot must fire (on some node).
            await("a node's scheduler to start", () -> nodes.stream().anyMatch(n -> n.log().contains(
                    "Scheduler sfsync_$_" + n.id + " started.")) ? Boolean.TRUE : null);
            Instant scheduling = Instant.now();
            // The first Account run: its node is killed in the middle of it (planned, its Bulk job running).
            Start first = await("the first Account run", () -> starts(nodes).stream()
                    .filter(s -> s.sobject().equals("Account")).findFirst().orElse(null));
            Node victim = nodes.stream().filter(n -> n.id.equals(first.node())).findFirst().orElseThrow();
            await("the first Account run to plan", () -> victim.log().contains("sync Account -> RAW.ACCOUNTS: ")
                    ? Boolean.TRUE : null);
            Instant killedAt = Instant.now();
            victim.kill();
            System.out.printf(Locale.ROOT, "cluster: killed %s during run %s (slot %s) at +%.1f s%n", victim.id,
                    first.runId(), first.slot(), (System.nanoTime() - t0) / 1e9);

            Start recovery = await("another node recovering the Account slot " + first.slot(), () -> starts(nodes)
                    .stream().filter(s -> s.sobject().equals("Account") && s.slot().equals(first.slot())
                            && !s.runId().equals(first.runId())).findFirst().orElse(null));
            assertThat(recovery.node()).isNotEqualTo(victim.id);
            assertThat(recovery.recovery()).as("the run of the killed slot says it is a recovery").isTrue();
            await("the recovered Account run to succeed", () -> history(reader).stream()
                    .filter(r -> r.runId().equals(recovery.runId()) && r.success()).findFirst().orElse(null));
            System.out.printf(Locale.ROOT, "cluster: %s recovered slot %s as run %s, done at +%.1f s%n",
                    recovery.node(), first.slot(), recovery.runId(), (System.nanoTime() - t0) / 1e9);

            // Changes in the org while the cluster runs: the next runs bring them over.
            org.org().clock().advance(Duration.ofMinutes(10));
            org.org().changeMany("Account", 300);
            org.org().changeMany("Contact", 40);
            org.org().changeMany("Opportunity", 200);
            Instant changed = Instant.now();
            for (String sobject : TABLES.keySet()) {
                await("a successful " + sobject + " run after the org changed", () -> history(reader).stream()
                        .filter(r -> r.sobject().equals(sobject) && r.success() && r.started().isAfter(changed))
                        .findFirst().orElse(null));
            }
            Instant stopped = Instant.now();
            nodes.forEach(Node::requestStop);
            for (Node n : nodes) {
                n.awaitStop();
            }
            System.out.printf(Locale.ROOT, "cluster: all nodes stopped at +%.1f s%n", (System.nanoTime() - t0) / 1e9);

            List<Start> starts = starts(nodes);
            List<Row> history = history(reader);
            Map<String, Row> byId = new HashMap<>();
            history.forEach(r -> byId.put(r.runId(), r));
            for (Start s : starts) {
                Row r = byId.get(s.runId());
                System.out.printf(Locale.ROOT, "cluster: %-11s slot %s %-6s run %s %s%s%n", s.sobject(), s.slot(),
                        s.node(), s.runId(), r == null ? "(no history: killed)" : r.method() + " "
                        + (r.success() ? "ok" : "FAILED " + r.error()) + " " + r.started() + " .. " + r.ended(),
                        s.recovery() ? " (recovery)" : "");
            }
            checkEverySlotRanOnce(starts, history, victim, killedAt, recovery, scheduling, stopped);
            checkNoOverlap(starts, history, victim, killedAt);
            for (Node n : nodes) {
                assertThat(n.log()).as(n.id + " skipped no run (a skip means a slot fired twice)")
                        .doesNotContain("sync skipped")
                        .as(n.id + " logged no secret").doesNotContain(CLUSTER_PASSWORD)
                        .doesNotContain(OfflineSnowflake.PASSWORD);
            }
            assertThat(nodes.stream().filter(n -> n.log().contains("(Quartz tables qrtz_* created now,")).count())
                    .as("nodes that created Quartz's tables (all three started together)").isEqualTo(1);
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                List<String> columns = OrgTables.orgColumns(org, t.getKey());
                RowHashes expected = OrgTables.orgHashes(org, t.getKey(), columns);
                RowHashes actual;
                try (Connection c = reader.connect()) {
                    actual = OrgTables.tableHashes(c, "RAW", t.getValue(), columns);
                }
                assertThat(actual.differences(expected)).as("RAW." + t.getValue() + " equals the org value by value")
                        .isEmpty();
            }
            System.out.printf(Locale.ROOT, "cluster: %d runs on %d nodes, all checks passed at +%.1f s%n",
                    history.size(), nodes.size(), (System.nanoTime() - t0) / 1e9);
        } finally {
            for (Node n : nodes) {
                n.kill();
            }
        }
    }

    // --- the checks -------------------------------------------------------------------------------------------------

    /**
     * One start line and one history row per fired slot (the killed run and its recovery aside), and every slot of the
     * window fired unless a run of its object was going at its time or it fell between the kill and the recovery.
     */
    private static void checkEverySlotRanOnce(List<Start> starts, List<Row> history, Node victim, Instant killedAt,
            Start recovery, Instant scheduling, Instant stopped) {
        Map<String, Row> rows = new HashMap<>();
        history.forEach(r -> rows.put(r.runId(), r));
        Map<String, List<Start>> bySlot = new LinkedHashMap<>();
        for (Start s : starts) {
            bySlot.computeIfAbsent(s.sobject() + " " + s.slot(), k -> new ArrayList<>()).add(s);
        }
        Instant recovered = rows.get(recovery.runId()).started();
        for (Map.Entry<String, List<Start>> e : bySlot.entrySet()) {
            List<Start> finished = e.getValue().stream().filter(s -> !killed(s, victim, rows)).toList();
            assertThat(finished).as("runs of slot " + e.getKey() + " that were not killed").hasSize(1);
            Row row = rows.get(finished.get(0).runId());
            assertThat(row).as("the history row of " + finished.get(0)).isNotNull();
            assertThat(row.success()).as("run " + row + " succeeded").isTrue();
        }
        assertThat(history).as("every history row belongs to a started run").allSatisfy(r -> assertThat(
                starts.stream().anyMatch(s -> s.runId().equals(r.runId()))).isTrue());
        for (String sobject : TABLES.keySet()) {
            List<Start> mine = starts.stream().filter(s -> s.sobject().equals(sobject)).toList();
            long offset = OFFSETS.get(sobject);
            long after = scheduling.getEpochSecond() + 1;
            Instant first = Instant.ofEpochSecond(after + Math.floorMod(offset - after, PERIOD_SECONDS));
            List<String> missed = new ArrayList<>();
            for (Instant slot = first; slot.isBefore(stopped.minusSeconds(1)); slot = slot.plusSeconds(
                    PERIOD_SECONDS)) {
                Instant t = slot;
                boolean ran = mine.stream().anyMatch(s -> s.slot().equals(t));
                boolean busy = history.stream().anyMatch(r -> r.sobject().equals(sobject)
                        && !r.started().isAfter(t) && !r.ended().plusMillis(MISFIRE_THRESHOLD_MILLIS + 1000)
                                .isBefore(t))
                        || mine.stream().anyMatch(s -> killed(s, victim, rows) && !killedAt.isBefore(t));
                boolean failingOver = !t.isBefore(killedAt) && !t.isAfter(recovered);
                if (!ran && !busy && !failingOver) {
                    missed.add(t.toString());
                }
            }
            assertThat(missed).as("slots of " + sobject + " that never ran").isEmpty();
            System.out.printf(Locale.ROOT, "cluster: %s ran %d slots on nodes %s%n", sobject, mine.size(),
                    new TreeSet<>(mine.stream().map(Start::node).toList()));
        }
    }

    /** Intervals of the runs of each target, from the history; the killed run from its start second to the kill. */
    private static void checkNoOverlap(List<Start> starts, List<Row> history, Node victim, Instant killedAt) {
        Map<String, Row> rows = new HashMap<>();
        history.forEach(r -> rows.put(r.runId(), r));
        for (String sobject : TABLES.keySet()) {
            List<Instant[]> intervals = new ArrayList<>();
            history.stream().filter(r -> r.sobject().equals(sobject))
                    .forEach(r -> intervals.add(new Instant[] {r.started(), r.ended()}));
            starts.stream().filter(s -> s.sobject().equals(sobject) && killed(s, victim, rows))
                    .forEach(s -> intervals.add(new Instant[] {LocalDateTime.parse(s.runId().substring(0, 14),
                            RUN_ID_SECOND).toInstant(ZoneOffset.UTC), killedAt}));
            intervals.sort(Comparator.comparing(i -> i[0]));
            for (int i = 1; i < intervals.size(); i++) {
                assertThat(intervals.get(i)[0]).as("a run of " + sobject + " started while the one before it ("
                        + intervals.get(i - 1)[0] + " to " + intervals.get(i - 1)[1] + ") was going")
                        .isAfterOrEqualTo(intervals.get(i - 1)[1]);
            }
        }
    }

    private static boolean killed(Start s, Node victim, Map<String, Row> rows) {
        return s.node().equals(victim.id) && !rows.containsKey(s.runId());
    }

    // --- reading what happened --------------------------------------------------------------------------------------

    private static List<Start> starts(List<Node> nodes) {
        List<Start> out = new ArrayList<>();
        for (Node n : nodes) {
            Matcher m = STARTED.matcher(n.log());
            while (m.find()) {
                assertThat(m.group(4)).isEqualTo(n.id);
                out.add(new Start(m.group(4), m.group(1), m.group(2), Instant.parse(m.group(5)), m.group(6) != null));
            }
        }
        out.sort(Comparator.comparing(Start::slot));
        return out;
    }

    private static List<Row> history(SnowflakeWarehouse reader) {
        List<Row> out = new ArrayList<>();
        if (!reader.tableExists(new TableRef("SFSYNC_CONTROL", "sfsync_history"))) {
            return out;
        }
        try (Connection c = reader.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT \"run_id\", \"sobject\", \"success\", \"sync_timestamp\","
                    + " \"sync_duration_seconds\", \"sync_method\", \"error\" FROM \"SFSYNC_CONTROL\".\"sfsync_history\"")) {
                while (rs.next()) {
                    Instant started = rs.getTimestamp(4).toInstant();
                    long millis = Math.round(rs.getDouble(5) * 1000);
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getBoolean(3), started,
                            started.plusMillis(millis), rs.getString(6), rs.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Polls until {@code probe} answers something, within the test's deadline. */
    private static <T> T await(String what, java.util.function.Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("waited " + DEADLINE.toSeconds() + " s for " + what);
    }

    // --- the nodes --------------------------------------------------------------------------------------------------

    private static SnowflakeWarehouse admin(OfflineSnowflake snowflake) {
        Map<String, String> p = new HashMap<>();
        p.put(SnowflakeSettings.PREFIX + "account-url", snowflake.settings().get(SnowflakeSettings.PREFIX
                + "account-url"));
        p.put(SnowflakeSettings.PREFIX + "user", snowflake.emulator().adminUser());
        p.put(SnowflakeSettings.PREFIX + "password", snowflake.emulator().adminPassword());
        p.put(SnowflakeSettings.PREFIX + "role", "ACCOUNTADMIN");
        p.put(SnowflakeSettings.PREFIX + "database", snowflake.emulator().database());
        p.put(SnowflakeSettings.PREFIX + "pool-size", "2");
        return new SnowflakeWarehouse(SnowflakeSettings.from(p::get));
    }

    /** A node's working directory as a user sets it up: README's config/ (plus this node's keys) and routes/. */
    private static Path prepare(Path home, String nodeId, OfflineSnowflake snowflake, Path passwordFile,
            String jdbcUrl) throws IOException {
        Files.createDirectories(home.resolve("config"));
        copyTree(Path.of("routes"), home.resolve("routes"));
        Map<String, String> keys = new LinkedHashMap<>();
        snowflake.settings().forEach((k, v) -> {
            if (!k.equals(SnowflakeSettings.PREFIX + "password")) {
                keys.put(k, v);
            }
        });
        keys.put(SnowflakeSettings.PREFIX + "password-file", passwordFile.toString());
        keys.put(SnowflakeSettings.PREFIX + "schema", "RAW");
        keys.put(SnowflakeSettings.PREFIX + "create-stage", "true");
        keys.put(SnowflakeSettings.PREFIX + "lock-timeout-seconds", "30");
        keys.put("sfsync.cluster.jdbc-url", jdbcUrl);
        keys.put("sfsync.cluster.user", "postgres");
        keys.put("sfsync.cluster.password", "{{env:SFSYNC_CLUSTER_PASSWORD}}");
        keys.put("sfsync.cluster.node-id", nodeId);
        keys.put("sfsync.cluster.checkin-interval-ms", "1000");
        keys.put("sfsync.cluster.misfire-threshold-ms", Integer.toString(MISFIRE_THRESHOLD_MILLIS));
        keys.put("sfsync.bulk.poll-initial-ms", "100");
        keys.put("sfsync.bulk.poll-max-ms", "500");
        StringBuilder app = new StringBuilder(Files.readString(Path.of("config", "application.properties"),
                StandardCharsets.UTF_8)).append("\n# ClusterIT\n");
        keys.forEach((k, v) -> app.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(home.resolve("config/application.properties"), app.toString());
        StringBuilder objects = new StringBuilder();
        for (Map.Entry<String, String> t : TABLES.entrySet()) {
            String id = "sync-" + t.getKey().toLowerCase(Locale.ROOT);
            objects.append("camel.route-template[").append(id).append("].template-id = sync-object\n")
                    .append("camel.route-template[").append(id).append("].sobject = ").append(t.getKey()).append('\n')
                    .append("camel.route-template[").append(id).append("].table = ").append(t.getValue()).append('\n')
                    .append("camel.route-template[").append(id).append("].cron = ").append(OFFSETS.get(t.getKey()))
                    .append('/').append(PERIOD_SECONDS).append(" * * * * ?\n");
        }
        Files.writeString(home.resolve("config/objects.properties"), objects.toString());
        return home;
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** One node: {@code java -jar target/sfsync.jar run} in its working directory, its output in {@code node.log}. */
    private static final class Node {
        final String id;
        final Process process;
        final Path log;

        private Node(String id, Process process, Path log) {
            this.id = id;
            this.process = process;
            this.log = log;
        }

        static Node start(Path jar, Map<String, String> env, Path home) throws IOException {
            Path log = home.resolve("node.log");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx640m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "run")
                    .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().keySet().removeIf(k -> k.startsWith("CAMEL_") || k.startsWith("SFSYNC_"));
            pb.environment().put("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true");
            pb.environment().put("SFSYNC_CLUSTER_PASSWORD", CLUSTER_PASSWORD);
            // three nodes on one host: each its own free management port
            pb.environment().put("CAMEL_MANAGEMENT_PORT", "0");
            pb.environment().put("CAMEL_SERVER_PORT", "0");
            pb.environment().putAll(env);
            return new Node(home.getFileName().toString(), pb.start(), log);
        }

        String log() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }

        /** SIGKILL. */
        void kill() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }

        /** SIGTERM: camel-main lets a run in progress finish (within its shutdown timeout). */
        void requestStop() {
            process.destroy();
        }

        void awaitStop() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
