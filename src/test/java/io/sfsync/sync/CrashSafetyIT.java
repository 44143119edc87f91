package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.app.Checkpoints;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.Ids;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.sync.OrgTables.RowHashes;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5: a sync killed with SIGKILL at any moment leaves the old table or the new one, never a mix, and the next
 * run converges to the org with no duplicates and no missed rows.
 *
 * <p>The org (100,000 Accounts) runs in this JVM; each sync runs in a child JVM ({@link CrashChild}) on one DuckDB
 * file. A child started with {@code -Dsfsync.checkpoint.pause=<name>#<n>} stops at that {@link Checkpoints checkpoint}
 * and prints it; the test then kills it (SIGKILL) and, with the file as the crash left it (WAL included):
 * <ul>
 *   <li>the target is absent or equal to the snapshot taken before the run (the old table), or equal to the org (the
 *   new one), compared row by row through a hash of every value; no Id occurs twice; no work table is left;</li>
 *   <li>the state row goes with the data: absent with the table, the old row with the old table, a new row with the
 *   new one, and its watermark never beyond {@code MAX(SystemModstamp)} of the table.</li>
 * </ul>
 * A fresh child then reruns the same sync without a checkpoint; it must succeed and leave the table equal to the org
 * value by value (every extracted field of every row), with no duplicate Id and the watermark at
 * {@code MAX(SystemModstamp)}. Kills at seeded random moments (after the run starts, and right after the state row,
 * to land in the COMMIT) cover the moments between checkpoints.
 *
 * <p>A table of every kill is printed at the end (and written to {@code target/crash-safety/summary.txt} beside the
 * children's logs). Besides the verdict it reports what a kill leaves behind without breaking the next run: the WAL
 * DuckDB replays, the killed run's stage files, the files left in the child's {@code java.io.tmpdir}, and the Bulk
 * jobs left in the org. Class folders are jarred once so that the children share a class-data archive (seconds of
 * start-up each on a busy machine).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyIT {
    private static final int ACCOUNTS = 100_000;
    private static final String SOBJECT = "Account";
    private static final String SCHEMA = "RAW";
    private static final String TABLE = "ACCOUNTS";
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);
    private static final String RANDOM_AFTER = "random after ";
    /** Random kills after the state row land in [0, this) ms: the COMMIT, the WAL checkpoint, the clean-up. */
    private static final int RANDOM_AFTER_COMMIT_MILLIS = 400;
    private static final Pattern PLANNED = Pattern.compile("sync Account -> RAW\\.ACCOUNTS: (\\w+) \\(");

    /** One way of running the sync: the child's arguments and the method they make the planner choose. */
    private record Mode(String method, Map<String, String> args) {
    }

    private static final Mode STAGE_FULL = new Mode("bulk_api_stage_full", args("bulk", "1000", "stage", "50000",
            "max-records", "25000", "batch-rows", "10000"));
    private static final Mode BULK_FULL_FORCED = new Mode("bulk_api_full", args("bulk", "1000", "stage", "50000",
            "use-stage", "false", "force", "true", "max-records", "25000", "batch-rows", "10000"));
    private static final Mode STAGE_INCREMENTAL = new Mode("bulk_api_stage_incremental", args("bulk", "1000",
            "stage", "4000", "max-records", "4000", "batch-rows", "2000"));
    private static final Mode BULK_INCREMENTAL = new Mode("bulk_api_incremental", args("bulk", "1000",
            "stage", "1000000", "max-records", "2000", "batch-rows", "1000"));
    private static final Mode REST_INCREMENTAL = new Mode("regular_api_incremental", args("bulk", "100000",
            "stage", "1000000", "rest-batch-size", "200"));

    @TempDir
    static Path dir;
    private static SalesforceEmulator emulator;
    private static Path db;
    private static Path stageRoot;
    /** The children's {@code java.io.tmpdir}: what a kill leaves there is counted, and kept out of /tmp. */
    private static Path childTemp;
    /** The children's logs, kept after the test ({@code target/crash-safety}). */
    private static final Path LOGS = Path.of("target", "crash-safety").toAbsolutePath();
    private static List<String> columns;
    /** The org as it is now (hashed in the background while a child starts). */
    private static CompletableFuture<RowHashes> org;
    /** The target as the last rerun left it (null: no table), with its state row. */
    private static Snapshot current;
    /** The fingerprint of a table found equal to the org, value by value, during this kill (or null). */
    private static Fingerprint verified;
    private static final Random RANDOM = new Random(20_240_611L);
    private static final List<Kill> KILLS = new ArrayList<>();
    private static final long START = System.nanoTime();
    private static int children;
    /** The test classpath with its class folders in one jar, and the children's shared class-data archive. */
    private static String childClasspath;
    private static Path classArchive;
    private static boolean archiveRequested;
    private static int created;

    private record State(Instant watermark, String lastRunId) {
    }

    /**
     * What DuckDB computes over every value of the table: rows, distinct Ids, and the XOR and the sum of a hash of each
     * whole row. Equal fingerprints mean the same rows (as a set), so a table unchanged by a kill is recognised without
     * reading it out.
     */
    private record Fingerprint(long rows, long distinctIds, String xor, String sum) {
    }

    private record Snapshot(Fingerprint fingerprint, State state) {
    }

    /** One kill and its rerun, for the summary. */
    private static final class Kill {
        final String scenario;
        final Mode mode;
        final String checkpoint;
        String planned = "-";
        String stoppedAt = "-";
        long killMillis;
        String afterKill = "-";
        long walBytes = -1;
        long stageFilesLeft;
        long stageBytesLeft;
        long tempFilesLeft;
        long tempBytesLeft;
        String rerunMethod = "-";
        String rerunRows = "-";
        double rerunSeconds;
        double checkSeconds;
        final List<String> problems = new ArrayList<>();

        Kill(String scenario, Mode mode, String checkpoint) {
            this.scenario = scenario;
            this.mode = mode;
            this.checkpoint = checkpoint;
        }
    }

    private static Map<String, String> args(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    @BeforeAll
    static void startOrg() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume(SOBJECT, ACCOUNTS)
                .bulkTiming(Duration.ofMillis(5), Duration.ofMillis(10)).gzip(false)
                .dailyApiRequests(10_000_000).dailyBulkQueryJobs(1_000_000).build());
        db = dir.resolve("crash.duckdb");
        stageRoot = dir.resolve("stage");
        childTemp = Files.createDirectories(dir.resolve("tmp"));
        if (Files.exists(LOGS)) {
            try (Stream<Path> old = Files.walk(LOGS)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(LOGS);
        childClasspath = jarredClasspath();
        classArchive = dir.resolve("child.jsa");
        columns = OrgTables.orgColumns(emulator, SOBJECT);
        assertThat(columns.get(0)).isEqualTo("Id");
        org = CompletableFuture.completedFuture(OrgTables.orgHashes(emulator, SOBJECT, columns));
        assertThat(org.join().rows()).isEqualTo(ACCOUNTS);
    }

    @AfterAll
    static void stop() {
        String jobs = "";
        if (emulator != null) {
            Map<String, Long> calls = emulator.requests().counters();
            long createdJobs = calls.getOrDefault("bulk.create", 0L);
            long deletedJobs = calls.getOrDefault("bulk.delete", 0L);
            jobs = "; Bulk jobs created " + createdJobs + ", deleted " + deletedJobs + " ("
                    + (createdJobs - deletedJobs) + " left in the org by killed runs)";
            emulator.close();
        }
        printSummary(jobs);
    }

    // --- scenarios --------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void firstFullSyncIntoAnEmptyFileKilledAnywhereConverges() throws Exception {
        List<Kill> kills = new ArrayList<>();
        for (String checkpoint : List.of("extract.bulk-page#2", "load.staged#1", "target.swapped#1",
                "target.committed#1")) {
            emptyWarehouse();
            kills.add(killAndRerun("first full", STAGE_FULL, checkpoint));
        }
        assertNoProblems(kills);
    }

    @Test
    @Order(2)
    void forcedFullSyncOverTheTableKilledAnywhereLeavesOldOrNew() throws Exception {
        requireTable();
        List<Kill> kills = new ArrayList<>();
        for (String checkpoint : List.of("extract.bulk-job-created#1", "load.page#3", "target.inserted#1",
                "state.written#1")) {
            changeOrg(2_000, 20, 5);
            kills.add(killAndRerun("forced full", BULK_FULL_FORCED, checkpoint));
        }
        assertNoProblems(kills);
    }

    @Test
    @Order(3)
    void incrementalSyncsKilledAnywhereLeaveOldOrNew() throws Exception {
        requireTable();
        List<Kill> kills = new ArrayList<>();
        for (String checkpoint : List.of("plan.done#1", "extract.bulk-page#1", "load.page#2", "load.staged#1",
                "target.ddl#1", "load.cleaned-up#1")) {
            changeOrg(5_000, 50, 10);
            kills.add(killAndRerun("incremental", STAGE_INCREMENTAL, checkpoint));
        }
        for (String checkpoint : List.of("extract.bulk-page#2", "load.page#1", "load.before-commit#1",
                "target.merged#1", "state.written#1", "history.recorded#1")) {
            changeOrg(2_500, 25, 5);
            kills.add(killAndRerun("incremental", BULK_INCREMENTAL, checkpoint));
        }
        for (String checkpoint : List.of("extract.rest-page#1", "extract.rest-page#3", "load.batch#1")) {
            changeOrg(500, 10, 3);
            kills.add(killAndRerun("incremental", REST_INCREMENTAL, checkpoint));
        }
        assertNoProblems(kills);
    }

    @Test
    @Order(4)
    void syncsKilledAtRandomMomentsLeaveOldOrNew() throws Exception {
        requireTable();
        List<Kill> kills = new ArrayList<>();
        // Anywhere in the run: a random delay after the child says the run started.
        for (Mode mode : List.of(BULK_FULL_FORCED, STAGE_INCREMENTAL, BULK_INCREMENTAL)) {
            changeOrg(mode == BULK_FULL_FORCED ? 2_000 : 5_000, 20, 5);
            kills.add(killAndRerun("random", mode, null));
        }
        // In the COMMIT, DuckDB's checkpoint of the WAL and the clean-up after it: a random delay after the state row.
        for (Mode mode : List.of(BULK_FULL_FORCED, STAGE_INCREMENTAL)) {
            changeOrg(mode == BULK_FULL_FORCED ? 2_000 : 5_000, 20, 5);
            kills.add(killAndRerun("random", mode, RANDOM_AFTER + "state.written#1"));
        }
        assertNoProblems(kills);
    }

    /** When a scenario runs on its own: the table the earlier scenarios would have left, synced without a kill. */
    private static void requireTable() throws Exception {
        if (current != null) {
            return;
        }
        Kill baseline = new Kill("baseline", STAGE_FULL, "none");
        verified = null;
        rerun(baseline, STAGE_FULL, org.join());
        assertThat(baseline.problems).as("the baseline sync").isEmpty();
    }

    // --- one kill and its rerun -------------------------------------------------------------------------------------

    /**
     * Kills a child at {@code checkpoint}, checks the file, reruns, checks again. {@code null}: at a seeded random
     * moment after the run started; {@code "random after <checkpoint>"}: at a seeded random moment after the run
     * passed that checkpoint.
     */
    private static Kill killAndRerun(String scenario, Mode mode, String checkpoint) throws Exception {
        Kill kill = new Kill(scenario, mode, checkpoint == null ? "random" : checkpoint);
        KILLS.add(kill);
        Snapshot before = current;
        verified = null;
        boolean random = checkpoint == null || checkpoint.startsWith(RANDOM_AFTER);
        String after = checkpoint == null ? null : checkpoint.substring(random ? RANDOM_AFTER.length() : 0);
        try (Child child = random ? Child.start(mode, null, after, "kill-" + kill.checkpoint, false)
                : Child.start(mode, checkpoint, null, "kill-" + kill.checkpoint, false)) {
            if (random) {
                String seen = after == null ? child.awaitLine(l -> l.equals(CrashChild.STARTED))
                        : child.awaitLine(l -> l.startsWith(Checkpoints.PASSED + " "));
                if (seen == null) {
                    kill.problems.add("the child never printed " + (after == null ? CrashChild.STARTED
                            : Checkpoints.PASSED) + ": " + child.tail());
                }
                long delayMillis = RANDOM.nextInt((int) (after == null ? Math.max(1, typicalRunMillis(mode))
                        : RANDOM_AFTER_COMMIT_MILLIS));
                // The point of this kill is an arbitrary moment of the run: this delay is the moment, not a wait.
                Thread.sleep(delayMillis);
                kill.stoppedAt = child.finished() ? "finished first" : "+" + delayMillis + " ms";
            } else {
                String line = child.awaitLine(l -> l.startsWith(Checkpoints.MARKER + " ") || l.startsWith(
                        CrashChild.RESULT));
                if (line == null || !line.startsWith(Checkpoints.MARKER + " ")) {
                    kill.problems.add("checkpoint " + checkpoint + " was never reached (" + line + "): "
                            + child.tail());
                } else {
                    kill.stoppedAt = line.substring(Checkpoints.MARKER.length() + 1);
                }
            }
            kill.killMillis = child.kill();
            kill.planned = child.plannedMethod();
        }
        RowHashes expected = org.join();
        if (!kill.planned.equals("-") && !kill.planned.equals(mode.method())) {
            kill.problems.add("the killed run planned " + kill.planned + ", not " + mode.method());
        }
        long t0 = System.nanoTime();
        inspectAfterKill(kill, before, expected);
        kill.checkSeconds = (System.nanoTime() - t0) / 1e9;
        rerun(kill, mode, expected);
        System.out.printf(Locale.ROOT, "crash %-27s at %-27s -> %-6s (kill %.1f s, check %.1f s) rerun %s %.1f s"
                + " %s%n", mode.method(), kill.checkpoint, kill.afterKill, kill.killMillis / 1e3, kill.checkSeconds,
                kill.rerunMethod, kill.rerunSeconds, kill.problems.isEmpty() ? "ok" : kill.problems);
        return kill;
    }

    private static void inspectAfterKill(Kill kill, Snapshot before, RowHashes expected) throws IOException {
        Path wal = db.resolveSibling(db.getFileName() + ".wal");
        kill.walBytes = Files.exists(wal) ? Files.size(wal) : 0;
        // What the kill left in java.io.tmpdir (the child's copy of DuckDB's native library, a batch file), counted
        // and removed: no child runs now.
        for (Path f : files(childTemp)) {
            kill.tempFilesLeft++;
            kill.tempBytesLeft += Files.size(f);
            Files.delete(f);
        }
        kill.stageFilesLeft = stageFiles().size();
        for (Path f : stageFiles()) {
            kill.stageBytesLeft += Files.size(f);
        }
        try (Connection c = openReadOnly()) {
            List<String> workTables = workTables(c);
            if (!workTables.isEmpty()) {
                kill.problems.add("work tables left after the kill: " + workTables);
            }
            Snapshot now = read(c);
            if (now == null) {
                kill.afterKill = "absent";
                if (before != null) {
                    kill.problems.add("the table vanished: it existed before the run");
                }
                return;
            }
            checkStateNotAhead(kill, c, now);
            Fingerprint f = now.fingerprint();
            if (f.rows() != f.distinctIds()) {
                kill.problems.add("duplicate Ids after the kill: " + f.rows() + " rows, " + f.distinctIds()
                        + " distinct Ids");
            }
            if (before != null && f.equals(before.fingerprint())) {
                kill.afterKill = "old";
                if (now.state() == null || before.state() == null
                        || !now.state().lastRunId().equals(before.state().lastRunId())) {
                    kill.problems.add("the table is the old one but the state row is " + now.state() + ", not "
                            + before.state());
                }
                return;
            }
            RowHashes rows = OrgTables.tableHashes(c, SCHEMA, TABLE, columns);
            if (rows.sameAs(expected)) {
                kill.afterKill = "new";
                verified = f;
                if (now.state() == null) {
                    kill.problems.add("the table is the new one but it has no state row");
                } else if (before != null && before.state() != null
                        && now.state().lastRunId().equals(before.state().lastRunId())) {
                    kill.problems.add("the table is the new one but the state row is still the old run's "
                            + now.state());
                }
            } else {
                kill.afterKill = "MIXED";
                kill.problems.add("after the kill the table is neither the old one (" + (before == null ? "absent"
                        : "fingerprint " + before.fingerprint() + ", now " + f) + ") nor the org ("
                        + rows.differences(expected) + ")");
            }
        } catch (SQLException e) {
            kill.afterKill = "unreadable";
            kill.problems.add("DuckDB could not read the file the kill left (WAL " + kill.walBytes + " bytes): "
                    + e.getMessage());
        }
    }

    private static void rerun(Kill kill, Mode mode, RowHashes expected) throws Exception {
        List<Path> stageBefore = stageFiles();
        long t0 = System.nanoTime();
        String result;
        int exit;
        try (Child child = Child.start(mode, null, null, "rerun-" + kill.checkpoint, true)) {
            result = child.awaitLine(l -> l.startsWith(CrashChild.RESULT));
            exit = child.awaitExit();
            kill.rerunSeconds = (System.nanoTime() - t0) / 1e9;
            if (result == null || exit != 0) {
                kill.problems.add("the rerun did not succeed (exit " + exit + "): " + (result != null ? result
                        : child.tail()));
            }
        }
        if (result != null) {
            kill.rerunMethod = field(result, "sync_method");
            kill.rerunRows = field(result, "actual_records");
            if (!"true".equals(field(result, "success"))) {
                kill.problems.add("the rerun failed: " + result);
            }
            runMillis.put(mode.method(), Math.round(durationSeconds(result) * 1000));
        }
        List<Path> stageAfter = new ArrayList<>(stageFiles());
        stageAfter.removeAll(stageBefore);
        if (!stageAfter.isEmpty()) {
            kill.problems.add("the rerun left stage files: " + stageAfter);
        }
        try (Connection c = openReadOnly()) {
            List<String> workTables = workTables(c);
            if (!workTables.isEmpty()) {
                kill.problems.add("work tables left after the rerun: " + workTables);
            }
            Snapshot now = read(c);
            current = now;
            if (now == null) {
                kill.problems.add("no table after the rerun");
                return;
            }
            if (now.fingerprint().rows() != now.fingerprint().distinctIds()) {
                kill.problems.add("duplicate Ids after the rerun: " + now.fingerprint());
            }
            // Unchanged since it was compared with this org value by value after the kill: equal still.
            if (!now.fingerprint().equals(verified)) {
                RowHashes rows = OrgTables.tableHashes(c, SCHEMA, TABLE, columns);
                if (!rows.sameAs(expected)) {
                    kill.problems.add("after the rerun the table differs from the org: "
                            + rows.differences(expected));
                }
            }
            checkStateNotAhead(kill, c, now);
            Instant max = maxStamp(c);
            if (now.state() == null || max == null || !max.equals(now.state().watermark())) {
                kill.problems.add("after the rerun the state row is " + now.state() + ", its watermark not"
                        + " MAX(SystemModstamp) " + max);
            }
        }
    }

    private static void checkStateNotAhead(Kill kill, Connection c, Snapshot now) throws SQLException {
        if (now.state() == null || now.state().watermark() == null) {
            return;
        }
        Instant max = maxStamp(c);
        if (max == null || now.state().watermark().isAfter(max)) {
            kill.problems.add("the state row is ahead of the data: watermark " + now.state().watermark()
                    + " > MAX(SystemModstamp) " + max);
        }
    }

    // --- the org and the file ---------------------------------------------------------------------------------------

    /** A user change to {@code changes} records, {@code deletes} to the recycle bin, {@code creates} new ones. */
    private static void changeOrg(int changes, int deletes, int creates) {
        emulator.org().clock().advance(Duration.ofMinutes(10));
        emulator.org().changeMany(SOBJECT, changes);
        ObjectTable table = emulator.org().table(SOBJECT);
        String prefix = table.def().keyPrefix();
        for (int done = 0; done < deletes;) {
            int r = RANDOM.nextInt(table.rowLimit());
            if (table.exists(r) && !table.isDeleted(r)) {
                emulator.org().delete(Ids.of(prefix, r));
                done++;
            }
        }
        FieldDef name = table.def().field("Name");
        for (int i = 0; i < creates; i++) {
            emulator.org().create(SOBJECT, Map.of(name, "Crash test account " + ++created));
        }
        org = CompletableFuture.supplyAsync(() -> OrgTables.orgHashes(emulator, SOBJECT, columns));
    }

    private static void emptyWarehouse() throws IOException {
        for (Path p : List.of(db, db.resolveSibling(db.getFileName() + ".wal"))) {
            Files.deleteIfExists(p);
        }
        if (Files.exists(stageRoot)) {
            try (Stream<Path> files = Files.walk(stageRoot)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        current = null;
    }

    /** The file as a reader sees it, without writing it: the rerun finds the WAL exactly as the kill left it. */
    private static Connection openReadOnly() throws SQLException {
        if (!Files.exists(db)) {
            return DriverManager.getConnection("jdbc:duckdb:");
        }
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        return DriverManager.getConnection("jdbc:duckdb:" + db, p);
    }

    /** The target's rows and state row, or null when there is no target. */
    private static Snapshot read(Connection c) throws SQLException {
        if (!tableExists(c, SCHEMA, TABLE)) {
            if (state(c) != null) {
                throw new SQLException("a state row without its table: " + state(c));
            }
            return null;
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT"
                + " \"Id\"), BIT_XOR(HASH(t))::VARCHAR, SUM(HASH(t)::HUGEINT)::VARCHAR FROM \"" + SCHEMA + "\".\""
                + TABLE + "\" t")) {
            rs.next();
            return new Snapshot(new Fingerprint(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)),
                    state(c));
        }
    }

    private static State state(Connection c) throws SQLException {
        if (!tableExists(c, "SFSYNC_CONTROL", "sfsync_state")) {
            return null;
        }
        try (PreparedStatement p = c.prepareStatement("SELECT \"watermark\", \"last_run_id\" FROM "
                + "\"SFSYNC_CONTROL\".\"sfsync_state\" WHERE \"target_table\" = ?")) {
            p.setString(1, SCHEMA + "." + TABLE);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? new State(instant(rs.getObject(1)), rs.getString(2)) : null;
            }
        }
    }

    private static Instant maxStamp(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(\"SystemModstamp\") FROM \""
                + SCHEMA + "\".\"" + TABLE + "\"")) {
            rs.next();
            return instant(rs.getObject(1));
        }
    }

    private static Instant instant(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return OffsetDateTime.parse(v.toString()).toInstant();
    }

    private static boolean tableExists(Connection c, String schema, String table) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM information_schema.tables WHERE "
                + "table_schema = ? AND table_name = ?")) {
            p.setString(1, schema);
            p.setString(2, table);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** Tables in the target's schema other than the target: a load's fresh table left behind. */
    private static List<String> workTables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT table_schema || '.' || table_name FROM "
                + "information_schema.tables WHERE table_schema = ? AND table_name <> ?")) {
            p.setString(1, SCHEMA);
            p.setString(2, TABLE);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static List<Path> stageFiles() throws IOException {
        return files(stageRoot);
    }

    private static List<Path> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    /**
     * The test classpath with its class folders packed into one jar (the JVM archives no class loaded from a folder),
     * in the place of the first folder; the first folder wins for a name in several, as on the classpath.
     */
    private static String jarredClasspath() throws IOException {
        List<String> out = new ArrayList<>();
        Path jar = dir.resolve("sfsync-classes.jar");
        boolean jarListed = false;
        try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
            Set<String> seen = new HashSet<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path folder = Path.of(entry);
                if (!Files.isDirectory(folder)) {
                    out.add(entry);
                    continue;
                }
                if (!jarListed) {
                    out.add(jar.toString());
                    jarListed = true;
                }
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path f : files.filter(f -> !f.equals(folder)).sorted().toList()) {
                        String name = folder.relativize(f).toString().replace(File.separatorChar, '/');
                        boolean isDir = Files.isDirectory(f);
                        if (seen.add(isDir ? name + "/" : name)) {
                            j.putNextEntry(new JarEntry(isDir ? name + "/" : name));
                            if (!isDir) {
                                Files.copy(f, j);
                            }
                            j.closeEntry();
                        }
                    }
                }
            }
        }
        return String.join(File.pathSeparator, out);
    }

    // --- results ----------------------------------------------------------------------------------------------------

    private static final Map<String, Long> runMillis = new LinkedHashMap<>();

    /** Most of how long the last complete run of this method took, for the random kills. */
    private static long typicalRunMillis(Mode mode) {
        return runMillis.getOrDefault(mode.method(), 3_000L) * 9 / 10;
    }

    private static double durationSeconds(String result) {
        try {
            return Double.parseDouble(field(result, "sync_duration_seconds"));
        } catch (RuntimeException e) {
            return 3;
        }
    }

    private static String field(String logLine, String key) {
        Matcher m = Pattern.compile("(?:^| )" + key + "=(\"[^\"]*\"|\\S+)").matcher(logLine);
        return m.find() ? m.group(1) : "-";
    }

    private static void assertNoProblems(List<Kill> kills) {
        List<String> problems = new ArrayList<>();
        for (Kill k : kills) {
            for (String p : k.problems) {
                problems.add(k.mode.method() + " killed at " + k.checkpoint + ": " + p);
            }
        }
        assertThat(problems).as("problems after kills").isEmpty();
    }

    private static void printSummary(String jobs) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%nCrashSafetyIT: %d kills, %d child JVMs,"
                + " %.0f s (load average %s)%n", KILLS.size(), children, (System.nanoTime() - START) / 1e9,
                loadAverage()));
        b.append("after = the target as the kill left it (absent / old = the snapshot before the run / new = the org);"
                + " wal = bytes of crash.duckdb.wal the kill left; stage = files (MiB) in the stage after the kill;"
                + " tmp = files (MiB) the kill left in java.io.tmpdir\n");
        b.append(String.format(Locale.ROOT, "%-11s %-26s %-30s %-26s %7s %-6s %7s %11s %10s %-24s %6s %5s  %s%n",
                "scenario", "method", "kill at", "stopped at", "kill ms", "after", "wal", "stage", "tmp", "rerun",
                "rows", "s", "verdict"));
        for (Kill k : KILLS) {
            b.append(String.format(Locale.ROOT, "%-11s %-26s %-30s %-26s %7d %-6s %7d %4d (%4.0f) %3d (%4.0f)"
                    + " %-24s %6s %5.1f  %s%n", k.scenario, k.mode.method(), k.checkpoint, k.stoppedAt, k.killMillis,
                    k.afterKill, k.walBytes, k.stageFilesLeft, k.stageBytesLeft / 1048576.0, k.tempFilesLeft,
                    k.tempBytesLeft / 1048576.0, k.rerunMethod, k.rerunRows, k.rerunSeconds,
                    k.problems.isEmpty() ? "ok" : "FAIL: " + String.join(" | ", k.problems)));
        }
        List<String> distinct = KILLS.stream().filter(k -> !k.checkpoint.startsWith("random")).map(k -> k.checkpoint)
                .distinct().sorted().toList();
        b.append(distinct.size()).append(" distinct checkpoints ").append(distinct).append(", ")
                .append(KILLS.stream().filter(k -> k.checkpoint.startsWith("random")).count())
                .append(" random moments").append(jobs).append("; child logs in ").append(LOGS).append('\n');
        System.out.print(b);
        try {
            Files.writeString(LOGS.resolve("summary.txt"), b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.out.println("could not write the summary: " + e);
        }
    }

    private static String loadAverage() {
        try {
            String[] avg = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return avg[0] + " " + avg[1] + " " + avg[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    // --- the child JVM ----------------------------------------------------------------------------------------------

    /** A {@link CrashChild} JVM: its standard output read line by line, its log in a file. */
    private static final class Child implements AutoCloseable {
        private static final String EOF = "\u0000EOF";
        private final Process process;
        private final Path log;
        private final long started = System.nanoTime();
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private volatile boolean ended;

        private Child(Process process, Path log) {
            this.process = process;
            this.log = log;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String l = r.readLine(); l != null; l = r.readLine()) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    // The process was killed.
                } finally {
                    ended = true;
                    lines.add(EOF);
                }
            }, "crash-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** @param exitsNormally whether it will end by itself (then it may write the class-data archive at exit) */
        static Child start(Mode mode, String pauseAt, String announce, String label, boolean exitsNormally)
                throws IOException {
            int n = ++children;
            Path log = LOGS.resolve(String.format(Locale.ROOT, "%03d-%s.log", n,
                    label.replaceAll("[^A-Za-z0-9.#-]", "_")));
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Xlog:all=warning:stderr", "-Djava.io.tmpdir=" + childTemp));
            // Class data sharing: the first child that ends by itself archives the classes it loaded, the later
            // ones map that archive instead of loading and verifying ~10,000 classes each (seconds on a busy box).
            if (Files.exists(classArchive)) {
                command.add("-XX:SharedArchiveFile=" + classArchive);
            } else if (exitsNormally && !archiveRequested) {
                archiveRequested = true;
                command.add("-XX:ArchiveClassesAtExit=" + classArchive);
            }
            if (pauseAt != null) {
                command.add("-D" + Checkpoints.PROPERTY + "=" + pauseAt);
            }
            if (announce != null) {
                command.add("-D" + Checkpoints.ANNOUNCE_PROPERTY + "=" + announce);
            }
            command.addAll(List.of("-cp", childClasspath, CrashChild.class.getName(),
                    "--url", emulator.baseUrl(), "--db", db.toString(), "--stage-root", stageRoot.toString()));
            mode.args().forEach((k, v) -> {
                command.add("--" + k);
                command.add(v);
            });
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
            pb.environment().put("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true");
            return new Child(pb.start(), log);
        }

        /** The first line that matches, or the last line before the output ended (null: nothing, or timed out). */
        String awaitLine(java.util.function.Predicate<String> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
            String last = null;
            while (true) {
                String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    return last;
                }
                if (l.equals(EOF)) {
                    lines.add(EOF);
                    return last;
                }
                if (wanted.test(l)) {
                    return l;
                }
                last = l;
            }
        }

        boolean finished() {
            return ended || !process.isAlive();
        }

        /** SIGKILL; returns the child's age in milliseconds when it was killed. */
        long kill() throws InterruptedException {
            long age = (System.nanoTime() - started) / 1_000_000;
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child did not die from SIGKILL");
            }
            return age;
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                return -1;
            }
            return process.exitValue();
        }

        /** The method the child's run planned, from its log ("-" when it did not get that far). */
        String plannedMethod() {
            try {
                Matcher m = PLANNED.matcher(Files.readString(log, StandardCharsets.UTF_8));
                return m.find() ? m.group(1) : "-";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The last lines of the child's log, for an error message. */
        String tail() {
            try {
                List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
                return log + ": " + String.join(" | ", all.subList(Math.max(0, all.size() - 6), all.size()));
            } catch (IOException e) {
                return log + " (unreadable: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
