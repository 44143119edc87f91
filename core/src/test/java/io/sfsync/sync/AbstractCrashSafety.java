package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.checkpoint.Checkpoints;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the crash-safety tests share, whatever the warehouse: the org (Accounts) in this JVM, each sync in a child JVM
 * ({@link CrashChild}) that a checkpoint ({@link Checkpoints}) or a seeded random moment stops and SIGKILL ends, and
 * after each kill the same checks:
 * <ul>
 *   <li>the target is absent or equal to the snapshot taken before the run (the old table), or equal to the org (the
 *   new one), compared row by row through a hash of every value; no Id occurs twice; no work table is left;</li>
 *   <li>the state row goes with the data: absent with the table, the old row with the old table, a new row with the
 *   new one, and its watermark never beyond {@code MAX(SystemModstamp)} of the table.</li>
 * </ul>
 * A fresh child then reruns the same sync without a checkpoint; it must succeed and leave the table equal to the org
 * value by value (every extracted field of every row), with no duplicate Id and the watermark at
 * {@code MAX(SystemModstamp)}. A table of every kill is printed at the end (and written to {@code summary.txt} beside
 * the children's logs). Class folders are jarred once so that the children share a class-data archive (seconds of
 * start-up each on a busy machine).
 *
 * <p>A subclass says where the warehouse is and how to read it ({@link #startWarehouse}, {@link #warehouseArgs},
 * {@link #openForReading}, ...) and which kills to make ({@link #killAndRerun}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractCrashSafety {
    protected static final String SOBJECT = "Account";
    protected static final String SCHEMA = "RAW";
    protected static final String TABLE = "ACCOUNTS";
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);
    protected static final String RANDOM_AFTER = "random after ";
    /** {@link #killAndResume}'s page for a run killed in its commit: it resumes there, after its last page. */
    protected static final long AT_COMMIT = -1;
    /** Random kills after the state row land in [0, this) ms: the COMMIT, the WAL checkpoint, the clean-up. */
    private static final int RANDOM_AFTER_COMMIT_MILLIS = 400;
    private static final Pattern PLANNED = Pattern.compile("sync Account -> RAW\\.ACCOUNTS: (\\w+) \\(");

    /** One way of running the sync: the child's arguments and the method they make the planner choose. */
    protected record Mode(String method, Map<String, String> args) {
    }

    @TempDir
    static Path dir;
    protected SalesforceEmulator emulator;
    /** The children's {@code java.io.tmpdir}: what a kill leaves there is counted, and kept out of /tmp. */
    private Path childTemp;
    /** The children's logs, kept after the test. */
    private Path logs;
    private List<String> columns;
    /** The org as it is now (hashed in the background while a child starts). */
    private CompletableFuture<RowHashes> org;
    /** The target as the last rerun left it (null: no table), with its state row. */
    private Snapshot current;
    /** The fingerprint of a table found equal to the org, value by value, during this kill (or null). */
    private Fingerprint verified;
    /**
     * The target's rows as the default {@link #fingerprint} read them in the current {@link #read} (null: not read,
     * or a warehouse computes its fingerprint itself), so that a million rows are read out once, not twice.
     */
    private RowHashes lastRead;
    private final Random seeded = new Random(20_240_611L);
    private final List<Kill> kills = new ArrayList<>();
    private final long start = System.nanoTime();
    private int children;
    /** The test classpath with its class folders in one jar, and the children's shared class-data archive. */
    private String childClasspath;
    private Path classArchive;
    private boolean archiveRequested;
    private int created;

    // --- the warehouse under test -----------------------------------------------------------------------------------

    /** Accounts in the org. */
    protected abstract int accounts();

    /** Where the children's logs and the summary go (emptied first). */
    protected abstract Path logsFolder();

    /** Starts the warehouse, with its state under {@code folder}; the org runs already. */
    protected abstract void startWarehouse(Path folder) throws Exception;

    /** Stops it (after the last child). */
    protected abstract void stopWarehouse();

    /** The {@link CrashChild} arguments that point a child at the warehouse. */
    protected abstract List<String> warehouseArgs();

    /** A connection that reads the warehouse as the kill left it, changing nothing (a killed run's data included). */
    protected abstract Connection openForReading() throws SQLException;

    /** Removes the target and its state row: the next sync is a first one. */
    protected abstract void emptyWarehouse() throws Exception;

    /** The files in the warehouse's stage now. */
    protected abstract List<Path> stageFiles() throws IOException;

    /**
     * What else a kill left that the next run must cope with (DuckDB: the WAL it replays), as a short text for the
     * summary, read before anything opens the warehouse; "-" when nothing.
     */
    protected String leftByKill() {
        return "-";
    }

    /** The heading of {@link #leftByKill} in the summary. */
    protected String leftByKillHeading() {
        return "left";
    }

    /**
     * Whether a first full sync may leave the new table without its state row for a moment (where the rename is DDL
     * that commits by itself and the state row follows it); the next run then reads the watermark from the table.
     */
    protected boolean firstTableMayPrecedeItsStateRow() {
        return false;
    }

    /** Further checks after a rerun whose result line is {@code result} (null: none); problems go to the kill. */
    protected void checkRerun(Kill kill, String result) throws SQLException {
    }

    /**
     * The fingerprint of the target: rows, distinct Ids, and the XOR and the sum of a hash of every row. By default
     * computed here from every value; a warehouse can compute it itself.
     */
    protected Fingerprint fingerprint(Connection c) throws SQLException {
        RowHashes rows = OrgTables.tableHashes(c, SCHEMA, TABLE, columns);
        lastRead = rows;
        long xor = 0;
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (long h : rows.byId().values()) {
            xor ^= h;
            sum = sum.add(java.math.BigInteger.valueOf(h));
        }
        return new Fingerprint(rows.rows(), rows.byId().size(), Long.toString(xor), sum.toString());
    }

    private record State(Instant watermark, String lastRunId) {
    }

    /**
     * What DuckDB computes over every value of the table: rows, distinct Ids, and the XOR and the sum of a hash of each
     * whole row. Equal fingerprints mean the same rows (as a set), so a table unchanged by a kill is recognised without
     * reading it out.
     */
    protected record Fingerprint(long rows, long distinctIds, String xor, String sum) {
    }

    private record Snapshot(Fingerprint fingerprint, State state) {
    }

    /** One kill and its rerun, for the summary. */
    protected static final class Kill {
        final String scenario;
        final Mode mode;
        final String checkpoint;
        String planned = "-";
        String stoppedAt = "-";
        long killMillis;
        String afterKill = "-";
        String left = "-";
        long stageFilesLeft;
        long stageBytesLeft;
        long tempFilesLeft;
        long tempBytesLeft;
        String rerunMethod = "-";
        String rerunRows = "-";
        double rerunSeconds;
        double checkSeconds;
        final List<String> problems = new ArrayList<>();
        /** The page the rerun must say it resumed from ({@code resumed_from_page}), {@link #AT_COMMIT}, or 0: none. */
        long resumePage;
        /** Result pages the rerun may read that the killed run read already (the one in flight at the kill). */
        int rereads;
        /** What the rerun's {@code resume_refused} must say, or null: no refusal expected. */
        String refusal;
        /** The request log's last entry before the killed run started. */
        long logFrom;

        Kill(String scenario, Mode mode, String checkpoint) {
            this.scenario = scenario;
            this.mode = mode;
            this.checkpoint = checkpoint;
        }
    }

    protected static Map<String, String> args(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put(kv[i], kv[i + 1]);
        }
        return out;
    }

    @BeforeAll
    void startOrg() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume(SOBJECT, accounts())
                .bulkTiming(Duration.ofMillis(5), Duration.ofMillis(10)).gzip(false)
                .dailyApiRequests(10_000_000).dailyBulkQueryJobs(1_000_000).build());
        childTemp = Files.createDirectories(dir.resolve("tmp"));
        logs = logsFolder().toAbsolutePath();
        if (Files.exists(logs)) {
            try (Stream<Path> old = Files.walk(logs)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(logs);
        startWarehouse(dir);
        childClasspath = jarredClasspath();
        classArchive = dir.resolve("child.jsa");
        columns = OrgTables.orgColumns(emulator, SOBJECT);
        assertThat(columns.get(0)).isEqualTo("Id");
        org = CompletableFuture.completedFuture(OrgTables.orgHashes(emulator, SOBJECT, columns));
        assertThat(org.join().rows()).isEqualTo(accounts());
    }

    @AfterAll
    void stop() {
        String jobs = "";
        if (emulator != null) {
            Map<String, Long> calls = emulator.requests().counters();
            long createdJobs = calls.getOrDefault("bulk.create", 0L);
            long deletedJobs = calls.getOrDefault("bulk.delete", 0L);
            jobs = "; Bulk jobs created " + createdJobs + ", deleted " + deletedJobs + " ("
                    + (createdJobs - deletedJobs) + " left in the org by killed runs)";
            emulator.close();
        }
        stopWarehouse();
        printSummary(jobs);
    }

    /** The org. */
    public SalesforceEmulator emulator() {
        return emulator;
    }

    /** When a scenario runs on its own: the table the earlier scenarios would have left, synced without a kill. */
    public void requireTable(Mode mode) throws Exception {
        if (current != null) {
            return;
        }
        Kill baseline = new Kill("baseline", mode, "none");
        verified = null;
        rerun(baseline, mode, org.join());
        assertThat(baseline.problems).as("the baseline sync").isEmpty();
    }

    // --- one kill and its rerun -------------------------------------------------------------------------------------

    /**
     * Kills a child at {@code checkpoint}, checks the file, reruns, checks again. {@code null}: at a seeded random
     * moment after the run started; {@code "random after <checkpoint>"}: at a seeded random moment after the run
     * passed that checkpoint.
     */
    protected Kill killAndRerun(String scenario, Mode mode, String checkpoint) throws Exception {
        return killAndRerun(new Kill(scenario, mode, checkpoint == null ? "random" : checkpoint), checkpoint,
                k -> { });
    }

    /**
     * Kills a Bulk run at {@code checkpoint} and reruns it: the rerun must resume at page {@code resumePage}
     * (its result's {@code resumed_from_page}) and read no result page the killed run read, but for {@code rereads}
     * (the page in flight at the kill), as the org's request log shows; and leave the table equal to the org.
     */
    public Kill killAndResume(String scenario, Mode mode, String checkpoint, long resumePage, int rereads)
            throws Exception {
        Kill kill = new Kill(scenario, mode, checkpoint);
        kill.resumePage = resumePage;
        kill.rereads = rereads;
        return killAndRerun(kill, checkpoint, k -> { });
    }

    /**
     * Kills a Bulk run at {@code checkpoint}, does {@code afterKill} with the killed run's job id (deletes the job,
     * moves the org's clock), and reruns it: the rerun must start over, its {@code resume_refused} saying
     * {@code refusal}, and leave the table equal to the org.
     */
    public Kill killAndStartOver(String scenario, Mode mode, String checkpoint,
            java.util.function.Consumer<String> afterKill, String refusal) throws Exception {
        Kill kill = new Kill(scenario, mode, checkpoint);
        kill.refusal = refusal;
        return killAndRerun(kill, checkpoint, k -> {
            List<String> jobs = emulator.bulkJobIds();
            if (jobs.isEmpty()) {
                k.problems.add("the killed run left no Bulk job in the org");
                return;
            }
            afterKill.accept(jobs.get(jobs.size() - 1));
        });
    }

    private Kill killAndRerun(Kill kill, String checkpoint, java.util.function.Consumer<Kill> beforeRerun)
            throws Exception {
        Mode mode = kill.mode;
        kills.add(kill);
        kill.logFrom = emulator.requests().lastSeq();
        Snapshot before = current;
        verified = null;
        boolean random = checkpoint == null || checkpoint.startsWith(RANDOM_AFTER);
        String after = checkpoint == null ? null : checkpoint.substring(random ? RANDOM_AFTER.length() : 0);
        try (Child child = random ? startChild(mode, null, after, "kill-" + kill.checkpoint, false)
                : startChild(mode, checkpoint, null, "kill-" + kill.checkpoint, false)) {
            if (random) {
                String seen = after == null ? child.awaitLine(l -> l.equals(CrashChild.STARTED))
                        : child.awaitLine(l -> l.startsWith(Checkpoints.PASSED + " "));
                if (seen == null) {
                    kill.problems.add("the child never printed " + (after == null ? CrashChild.STARTED
                            : Checkpoints.PASSED) + ": " + child.tail());
                }
                long delayMillis = seeded.nextInt((int) (after == null ? Math.max(1, typicalRunMillis(mode))
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
        beforeRerun.accept(kill);
        rerun(kill, mode, expected);
        System.out.printf(Locale.ROOT, "crash %-27s at %-27s -> %-6s (kill %.1f s, check %.1f s) rerun %s %.1f s"
                + " %s%n", mode.method(), kill.checkpoint, kill.afterKill, kill.killMillis / 1e3, kill.checkSeconds,
                kill.rerunMethod, kill.rerunSeconds, kill.problems.isEmpty() ? "ok" : kill.problems);
        return kill;
    }

    private void inspectAfterKill(Kill kill, Snapshot before, RowHashes expected) throws IOException {
        kill.left = leftByKill();
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
        try (Connection c = openForReading()) {
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
            RowHashes rows = readRows(c);
            if (rows.sameAs(expected)) {
                kill.afterKill = "new";
                verified = f;
                if (now.state() == null && !(before == null && firstTableMayPrecedeItsStateRow())) {
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
            kill.problems.add("the warehouse could not be read as the kill left it (" + kill.left + "): "
                    + e.getMessage());
        }
    }

    private void rerun(Kill kill, Mode mode, RowHashes expected) throws Exception {
        List<Path> stageBefore = stageFiles();
        long t0 = System.nanoTime();
        String result;
        int exit;
        try (Child child = startChild(mode, null, null, "rerun-" + kill.checkpoint, true)) {
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
        if (result != null) {
            checkResume(kill, result);
        }
        List<Path> stageAfter = new ArrayList<>(stageFiles());
        stageAfter.removeAll(stageBefore);
        if (!stageAfter.isEmpty()) {
            kill.problems.add("the rerun left stage files: " + stageAfter);
        }
        try (Connection c = openForReading()) {
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
                RowHashes rows = readRows(c);
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
        checkRerun(kill, result);
    }

    /** The rerun resumed where it should, or started over saying why, as the kill expects. */
    private void checkResume(Kill kill, String result) {
        String page = field(result, "resumed_from_page");
        if (kill.resumePage == AT_COMMIT && (page.equals("-") || Long.parseLong(page) <= 0)) {
            kill.problems.add("the rerun did not resume at the commit: " + result);
        }
        if (kill.resumePage != 0) {
            if (kill.resumePage > 0 && !Long.toString(kill.resumePage).equals(page)) {
                kill.problems.add("the rerun resumed from page " + page + ", not " + kill.resumePage + ": " + result);
            }
            Map<String, Integer> reads = resultPageReads(kill.logFrom);
            long reread = reads.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            if (reread != kill.rereads) {
                kill.problems.add("result pages read again: " + reread + ", expected " + kill.rereads + " ("
                        + reads.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList()
                        + ")");
            }
        }
        if (kill.refusal != null) {
            String refused = field(result, "resume_refused");
            if (!"0".equals(page) || !refused.contains(kill.refusal)) {
                kill.problems.add("the rerun should have started over saying '" + kill.refusal + "', but"
                        + " resumed_from_page=" + page + " resume_refused=" + refused);
            }
        }
    }

    /**
     * How often each result page (job and first row, decoded from the locator: the offline org's locators are the
     * base64 of {@code <offset>:<job id>}) was read since the request log's entry {@code from}.
     */
    private Map<String, Integer> resultPageReads(long from) {
        Map<String, Integer> reads = new LinkedHashMap<>();
        for (var e : emulator.requests().since(from)) {
            if (!"bulk.results".equals(e.operation()) || e.status() != 200) {
                continue;
            }
            String job = e.path().replaceAll(".*/jobs/query/([^/]+)/results.*", "$1");
            String offset = "0";
            Matcher m = Pattern.compile("(?:^|&)locator=([^&]+)").matcher(e.query() == null ? "" : e.query());
            if (m.find()) {
                String decoded = new String(java.util.Base64.getUrlDecoder().decode(m.group(1)),
                        StandardCharsets.US_ASCII);
                offset = decoded.substring(0, decoded.indexOf(':'));
            }
            reads.merge(job + "@" + offset, 1, Integer::sum);
        }
        return reads;
    }

    private void checkStateNotAhead(Kill kill, Connection c, Snapshot now) throws SQLException {
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
    public void changeOrg(int changes, int deletes, int creates) {
        emulator.org().clock().advance(Duration.ofMinutes(10));
        emulator.org().changeMany(SOBJECT, changes);
        ObjectTable table = emulator.org().table(SOBJECT);
        String prefix = table.def().keyPrefix();
        for (int done = 0; done < deletes;) {
            int r = seeded.nextInt(table.rowLimit());
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

    /** Empties the warehouse: the next sync is a first full one. */
    public void emptyTarget() throws Exception {
        emptyWarehouse();
        current = null;
    }

    /** The target's rows and state row, or null when there is no target. */
    private Snapshot read(Connection c) throws SQLException {
        lastRead = null;
        if (!tableExists(c, SCHEMA, TABLE)) {
            if (state(c) != null) {
                throw new SQLException("a state row without its table: " + state(c));
            }
            return null;
        }
        return new Snapshot(fingerprint(c), state(c));
    }

    /** The target's rows, from the {@link #read} just made when it read them all, else read now. */
    private RowHashes readRows(Connection c) throws SQLException {
        RowHashes rows = lastRead != null ? lastRead : OrgTables.tableHashes(c, SCHEMA, TABLE, columns);
        lastRead = null;
        return rows;
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

    /** Tables in the target's schema other than the target: a load's work table left behind. */
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

    protected static List<Path> files(Path folder) throws IOException {
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
    private String jarredClasspath() throws IOException {
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

    private final Map<String, Long> runMillis = new LinkedHashMap<>();

    /** Most of how long the last complete run of this method took, for the random kills. */
    private long typicalRunMillis(Mode mode) {
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

    protected static void assertNoProblems(List<Kill> kills) {
        List<String> problems = new ArrayList<>();
        for (Kill k : kills) {
            for (String p : k.problems) {
                problems.add(k.mode.method() + " killed at " + k.checkpoint + ": " + p);
            }
        }
        assertThat(problems).as("problems after kills").isEmpty();
    }

    private void printSummary(String jobs) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n%s: %d kills, %d child JVMs,"
                + " %.0f s (load average %s)%n", getClass().getSimpleName(), kills.size(), children,
                (System.nanoTime() - start) / 1e9, loadAverage()));
        b.append("after = the target as the kill left it (absent / old = the snapshot before the run / new = the org);"
                + " " + leftByKillHeading() + " = what else the kill left; stage = files (MiB) in the stage after the"
                + " kill; tmp = files (MiB) the kill left in java.io.tmpdir\n");
        b.append(String.format(Locale.ROOT, "%-11s %-26s %-30s %-26s %7s %-6s %12s %11s %10s %-24s %6s %5s  %s%n",
                "scenario", "method", "kill at", "stopped at", "kill ms", "after", leftByKillHeading(), "stage", "tmp",
                "rerun", "rows", "s", "verdict"));
        for (Kill k : kills) {
            b.append(String.format(Locale.ROOT, "%-11s %-26s %-30s %-26s %7d %-6s %12s %4d (%4.0f) %3d (%4.0f)"
                    + " %-24s %6s %5.1f  %s%n", k.scenario, k.mode.method(), k.checkpoint, k.stoppedAt, k.killMillis,
                    k.afterKill, k.left, k.stageFilesLeft, k.stageBytesLeft / 1048576.0, k.tempFilesLeft,
                    k.tempBytesLeft / 1048576.0, k.rerunMethod, k.rerunRows, k.rerunSeconds,
                    k.problems.isEmpty() ? "ok" : "FAIL: " + String.join(" | ", k.problems)));
        }
        List<String> distinct = kills.stream().filter(k -> !k.checkpoint.startsWith("random")).map(k -> k.checkpoint)
                .distinct().sorted().toList();
        b.append(distinct.size()).append(" distinct checkpoints ").append(distinct).append(", ")
                .append(kills.stream().filter(k -> k.checkpoint.startsWith("random")).count())
                .append(" random moments").append(jobs).append("; child logs in ").append(logs).append('\n');
        System.out.print(b);
        try {
            Files.writeString(logs.resolve("summary.txt"), b.toString(), StandardCharsets.UTF_8);
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

    /** @param exitsNormally whether it will end by itself (then it may write the class-data archive at exit) */
    private Child startChild(Mode mode, String pauseAt, String announce, String label, boolean exitsNormally)
            throws IOException {
        int n = ++children;
        Path log = logs.resolve(String.format(Locale.ROOT, "%03d-%s.log", n,
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
                "--url", emulator.baseUrl()));
        command.addAll(warehouseArgs());
        mode.args().forEach((k, v) -> {
            command.add("--" + k);
            command.add(v);
        });
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(log.toFile());
        pb.environment().put("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true");
        return new Child(pb.start(), log);
    }

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
