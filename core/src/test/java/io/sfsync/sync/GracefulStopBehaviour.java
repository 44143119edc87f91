package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.http.Faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * sfsync stopped (camel-main's graceful shutdown, 30 s timeout) while a run reads its Bulk result pages, for each Bulk
 * method: a run whose remaining pages and commit fit into half of the timeout finishes and commits; a run whose pages
 * come too slowly is stopped at the next page boundary and rolled back. With {@code sfsync.bulk.resume} (the default)
 * it keeps its landed pages, resume point and job, and the next run resumes at the page after the last landed one,
 * reading no page twice; without it the job is aborted and deleted and the stage files removed. A subclass says where
 * the warehouse is ({@link GracefulStopRunIT}: DuckDB; {@link SnowflakeGracefulStopIT}: the offline Snowflake).
 */
abstract class GracefulStopBehaviour {
    protected static final int ACCOUNTS = 6_000;
    private static final int PAGE = 500;
    private static final Pattern STOPPED_AFTER = Pattern.compile("^" + Pattern.quote(GracefulStop.STOPPED)
            + " \\(after ([\\d,]+) of 6,000 rows, about ");
    private static SalesforceEmulator org;

    @TempDir
    Path dir;

    /** The Bulk methods, and how a request reaches each. */
    enum Method {
        STAGE_FULL("bulk_api_stage_full", true, false),
        BULK_FULL("bulk_api_full", false, false),
        STAGE_INCREMENTAL("bulk_api_stage_incremental", true, true),
        BULK_INCREMENTAL("bulk_api_incremental", false, true);

        final String name;
        final boolean useStage;
        final boolean incremental;

        Method(String name, boolean useStage, boolean incremental) {
            this.name = name;
            this.useStage = useStage;
            this.incremental = incremental;
        }

        /** Bulk from one record; through the stage or, forced, by the merge path. */
        SyncRequest request() {
            SyncRequest request = SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS").withThresholds(1L, 1L);
            return useStage ? request : request.withStage(false, null);
        }
    }

    /** Starts the warehouse of one test, with its files under {@code folder}. */
    protected abstract void startWarehouse(Path folder) throws Exception;

    /** Points {@code runtime} at the warehouse. */
    protected abstract void configureWarehouse(SfsyncRuntime runtime);

    protected abstract void stopWarehouse();

    /** The files a stopped run left in the warehouse's stages (there to be resumed from). */
    protected abstract List<Path> stageFiles() throws Exception;

    @BeforeAll
    static void startOrg() {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", ACCOUNTS).build());
    }

    @AfterAll
    static void stopOrg() {
        org.close();
    }

    @BeforeEach
    void warehouse() throws Exception {
        // each test on its own: no job left in the org by another (a resume test that failed half-way)
        org.bulkJobIds().forEach(org::deleteBulkJob);
        startWarehouse(dir);
    }

    /**
     * The rows the stopped run had landed, from its error: at least the three pages read before the stop, at most
     * the page in flight more (the stop is seen at the next page boundary).
     */
    private static int landedRows(SyncResult stopped) {
        Matcher m = STOPPED_AFTER.matcher(stopped.error());
        assertThat(m.find()).as(stopped.error()).isTrue();
        int rows = Integer.parseInt(m.group(1).replace(",", ""));
        assertThat(rows).as(stopped.error()).isBetween(3 * PAGE, 4 * PAGE);
        assertThat(rows % PAGE).isZero();
        return rows;
    }

    @AfterEach
    void closeWarehouse() {
        stopWarehouse();
    }

    private SfsyncRuntime runtime(boolean resume) {
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("sfsync.bulk.poll-initial-ms", "10")
                .set("sfsync.bulk.poll-max-ms", "20")
                .set("sfsync.bulk.max-records", Integer.toString(PAGE))
                // pages of 500 rows from the first: Account's describe (Description, 32,000 characters) would make
                // the first page smaller within the default 32 MiB page budget
                .set("sfsync.bulk.page-bytes", "268435456")
                .set("sfsync.bulk.resume", Boolean.toString(resume));
        configureWarehouse(runtime);
        return runtime;
    }

    private static long resultPagesSince(long seq) {
        return org.requests().since(seq).stream().filter(e -> e.operation().equals("bulk.results")).count();
    }

    /**
     * For an incremental method: the table synced in full first, then every Account changed, so that the incremental
     * run reads all {@value #ACCOUNTS} in {@code ACCOUNTS / PAGE} pages as the full one does.
     */
    private void prepare(Method method) throws Exception {
        if (!method.incremental) {
            return;
        }
        try (RunningSfsync sfsync = new RunningSfsync(runtime(true))) {
            SyncResult full = sfsync.sync().sync(Method.STAGE_FULL.request());
            assertThat(full.success()).as(full.logLine()).isTrue();
        }
        org.org().clock().advance(Duration.ofMinutes(10));
        assertThat(org.org().changeMany("Account", ACCOUNTS)).isEqualTo(ACCOUNTS);
    }

    /** Stops sfsync once the run has read three result pages; returns the run's result. */
    private SyncResult stopAfterThreePages(long delayPerPageMillis, boolean resume, Method method) throws Exception {
        org.faults().add(Faults.Kind.DELAY, "/jobs/query/[^/]+/results", "GET", 1_000, delayPerPageMillis);
        long seq = org.requests().lastSeq();
        try {
            RunningSfsync sfsync = new RunningSfsync(runtime(resume));
            IntelligentSync sync = sfsync.sync();
            CompletableFuture<SyncResult> result = CompletableFuture.supplyAsync(() -> sync.sync(method.request()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (resultPagesSince(seq) < 3 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            assertThat(resultPagesSince(seq)).isGreaterThanOrEqualTo(3);
            long stopping = System.nanoTime();
            sfsync.close();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(30));
            SyncResult stopped = result.get(10, TimeUnit.SECONDS);
            assertThat(stopped.syncMethod()).as(stopped.logLine()).isEqualTo(method.name);
            return stopped;
        } finally {
            org.faults().clear();
        }
    }

    @Test
    void shouldLetARunThatFitsInTheShutdownTimeoutFinish() throws Exception {
        SyncResult result = stopAfterThreePages(100, true, Method.STAGE_FULL);
        assertThat(result.success()).as(result.logLine()).isTrue();
        assertThat(result.actualRecords()).isEqualTo(ACCOUNTS);
        assertThat(org.bulkJobIds()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void shouldLeaveAStoppedBulkRunForTheNextRunToResume(Method method) throws Exception {
        prepare(method);
        long seq = org.requests().lastSeq();
        SyncResult result = stopAfterThreePages(2_000, true, method);
        assertThat(result.success()).as(result.logLine()).isFalse();
        int landed = landedRows(result);
        Matcher resumes = Pattern.compile("the next run of RAW\\.ACCOUNTS resumes from page (\\d+) \\(sfsync\\.bulk"
                + "\\.resume\\)$").matcher(result.error());
        assertThat(resumes.find()).as(result.error()).isTrue();
        int nextPage = Integer.parseInt(resumes.group(1));
        assertThat(nextPage).isEqualTo(landed / PAGE + 1);
        assertThat(org.bulkJobIds()).as("the job is kept for the resume").hasSize(1);
        assertThat(stageFiles()).as("the landed pages are kept for the resume").isNotEmpty();
        Map<String, Integer> stoppedReads = resultPageReads(seq);
        assertThat(stoppedReads).hasSize(nextPage - 1);
        long resumed = org.requests().lastSeq();
        try (RunningSfsync sfsync = new RunningSfsync(runtime(true))) {
            SyncResult next = sfsync.sync().sync(method.request());
            assertThat(next.success()).as(next.logLine()).isTrue();
            assertThat(next.syncMethod()).isEqualTo(method.name);
            assertThat(next.resumedFromPage()).as(next.logLine()).isEqualTo(nextPage);
            assertThat(next.actualRecords()).isEqualTo(ACCOUNTS);
            OrgTables.assertTableEqualsOrg(org, "Account", sfsync.warehouse(), "RAW", "ACCOUNTS");
        }
        Map<String, Integer> nextReads = resultPageReads(resumed);
        assertThat(nextReads.keySet()).as("the resumed run reads on from the page after the last landed one")
                .doesNotContainAnyElementsOf(stoppedReads.keySet());
        assertThat(stoppedReads.values()).containsOnly(1);
        assertThat(nextReads.values()).containsOnly(1);
        assertThat(stoppedReads.size() + nextReads.size()).isEqualTo(ACCOUNTS / PAGE);
        assertThat(org.bulkJobIds()).as("the resumed run deleted the job").isEmpty();
        assertThat(stageFiles()).as("the committed run removed its pages").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void shouldStopARunWhosePagesComeTooSlowlyAtThePageBoundaryAndStartOverWithoutResume(Method method)
            throws Exception {
        prepare(method);
        SyncResult result = stopAfterThreePages(2_000, false, method);
        assertThat(result.success()).as(result.logLine()).isFalse();
        landedRows(result);
        assertThat(result.error()).endsWith(GracefulStop.START_OVER);
        assertThat(org.bulkJobIds()).as("the job was deleted").isEmpty();
        assertThat(stageFiles()).as("a stopped run that will not be resumed leaves no page behind").isEmpty();
        try (RunningSfsync sfsync = new RunningSfsync(runtime(false))) {
            SyncResult next = sfsync.sync().sync(method.request());
            assertThat(next.success()).as(next.logLine()).isTrue();
            assertThat(next.syncMethod()).isEqualTo(method.name);
            assertThat(next.resumedFromPage()).isZero();
            assertThat(next.actualRecords()).isEqualTo(ACCOUNTS);
            OrgTables.assertTableEqualsOrg(org, "Account", sfsync.warehouse(), "RAW", "ACCOUNTS");
        }
    }

    /** How often each result page (job and locator) was read since the request log's entry {@code seq}. */
    private static Map<String, Integer> resultPageReads(long seq) {
        Map<String, Integer> reads = new LinkedHashMap<>();
        for (var e : org.requests().since(seq)) {
            if (e.operation().equals("bulk.results") && e.status() == 200) {
                reads.merge(e.path() + "?" + (e.query() == null ? "" : e.query().replaceAll(".*(locator=[^&]*).*",
                        "$1").replaceAll("^(?!locator=).*", "")), 1, Integer::sum);
            }
        }
        return reads;
    }
}
