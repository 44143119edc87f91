package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.http.Faults;
import io.sfsync.warehouse.KeptFiles;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * sfsync stopped (camel-main's graceful shutdown, 30 s timeout) while a run reads its Bulk result pages: a run whose
 * remaining pages and commit fit into half of the timeout finishes and commits; a run whose pages come too slowly is
 * stopped at the next page boundary and rolled back. With {@code sfsync.bulk.resume} (the default) it keeps its landed
 * pages, resume point and job, and the next run resumes at the page after the last landed one, reading no page twice;
 * without it the job is aborted and deleted and the stage files removed.
 */
class GracefulStopRunIT {
    private static final int ACCOUNTS = 6_000;
    private static SalesforceEmulator org;

    @TempDir
    Path dir;

    @BeforeAll
    static void startOrg() {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", ACCOUNTS).build());
    }

    @AfterAll
    static void stopOrg() {
        org.close();
    }

    private SfsyncRuntime runtime() {
        return runtime(true);
    }

    private SfsyncRuntime runtime(boolean resume) {
        return new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("sfsync.warehouse.duckdb.path", dir.resolve("stop.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString())
                .set("sfsync.bulk.poll-initial-ms", "10")
                .set("sfsync.bulk.poll-max-ms", "20")
                .set("sfsync.bulk.max-records", "500")
                // pages of 500 rows from the first: Account's describe (Description, 32,000 characters) would make
                // the first page smaller within the default 32 MiB page budget
                .set("sfsync.bulk.page-bytes", "268435456")
                .set("sfsync.bulk.resume", Boolean.toString(resume));
    }

    private static SyncRequest accounts() {
        return accounts(true);
    }

    /** Through the stage (bulk_api_stage_full) or, forced, by the merge path (bulk_api_full). */
    private static SyncRequest accounts(boolean useStage) {
        SyncRequest request = SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS").withThresholds(1L, 1L);
        return useStage ? request : request.withStage(false, null);
    }

    private static long resultPagesSince(long seq) {
        return org.requests().since(seq).stream().filter(e -> e.operation().equals("bulk.results")).count();
    }

    /** Stops sfsync once the run has read three result pages; returns the run's result. */
    private SyncResult stopAfterThreePages(long delayPerPageMillis) throws Exception {
        return stopAfterThreePages(delayPerPageMillis, true, true);
    }

    private SyncResult stopAfterThreePages(long delayPerPageMillis, boolean resume, boolean useStage)
            throws Exception {
        org.faults().add(Faults.Kind.DELAY, "/jobs/query/[^/]+/results", "GET", 1_000, delayPerPageMillis);
        long seq = org.requests().lastSeq();
        try {
            RunningSfsync sfsync = new RunningSfsync(runtime(resume));
            IntelligentSync sync = new IntelligentSync(sfsync.context());
            CompletableFuture<SyncResult> result = CompletableFuture.supplyAsync(() -> sync.sync(accounts(useStage)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (resultPagesSince(seq) < 3 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            assertThat(resultPagesSince(seq)).isGreaterThanOrEqualTo(3);
            long stopping = System.nanoTime();
            sfsync.close();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(30));
            return result.get(10, TimeUnit.SECONDS);
        } finally {
            org.faults().clear();
        }
    }

    @Test
    void shouldLetARunThatFitsInTheShutdownTimeoutFinish() throws Exception {
        SyncResult result = stopAfterThreePages(100);
        assertThat(result.success()).as(result.logLine()).isTrue();
        assertThat(result.actualRecords()).isEqualTo(ACCOUNTS);
        assertThat(org.bulkJobIds()).isEmpty();
    }

    @ParameterizedTest(name = "use stage {0}")
    @ValueSource(booleans = {true, false})
    void shouldLeaveAStoppedBulkRunForTheNextRunToResume(boolean useStage) throws Exception {
        long seq = org.requests().lastSeq();
        SyncResult result = stopAfterThreePages(2_000, true, useStage);
        assertThat(result.success()).as(result.logLine()).isFalse();
        assertThat(result.error()).startsWith(GracefulStop.STOPPED + " (after 1,500 of 6,000 rows, about ");
        Matcher resumes = Pattern.compile("the next run of RAW\\.ACCOUNTS resumes from page (\\d+) \\(sfsync\\.bulk"
                + "\\.resume\\)$").matcher(result.error());
        assertThat(resumes.find()).as(result.error()).isTrue();
        int nextPage = Integer.parseInt(resumes.group(1));
        assertThat(nextPage).isGreaterThan(3);
        assertThat(org.bulkJobIds()).as("the job is kept for the resume").hasSize(1);
        Map<String, Integer> stoppedReads = resultPageReads(seq);
        assertThat(stoppedReads).hasSize(nextPage - 1);
        long resumed = org.requests().lastSeq();
        try (RunningSfsync sfsync = new RunningSfsync(runtime())) {
            SyncResult next = new IntelligentSync(sfsync.context()).sync(accounts(useStage));
            assertThat(next.success()).as(next.logLine()).isTrue();
            assertThat(next.syncMethod()).isEqualTo(useStage ? "bulk_api_stage_full" : "bulk_api_full");
            assertThat(next.resumedFromPage()).as(next.logLine()).isEqualTo(nextPage);
            assertThat(next.actualRecords()).isEqualTo(ACCOUNTS);
            OrgTables.assertTableEqualsOrg(org, "Account", sfsync.context().getRegistry().lookupByNameAndType(
                    "sfsync-warehouse", Warehouse.class), "RAW", "ACCOUNTS");
        }
        Map<String, Integer> nextReads = resultPageReads(resumed);
        assertThat(nextReads.keySet()).as("the resumed run reads on from the page after the last landed one")
                .doesNotContainAnyElementsOf(stoppedReads.keySet());
        assertThat(stoppedReads.values()).containsOnly(1);
        assertThat(nextReads.values()).containsOnly(1);
        assertThat(stoppedReads.size() + nextReads.size()).isEqualTo(ACCOUNTS / 500);
        assertThat(org.bulkJobIds()).as("the resumed run deleted the job").isEmpty();
    }

    @Test
    void shouldStopARunWhosePagesComeTooSlowlyAtThePageBoundaryAndStartOverWithoutResume() throws Exception {
        SyncResult result = stopAfterThreePages(2_000, false, true);
        assertThat(result.success()).as(result.logLine()).isFalse();
        assertThat(result.error()).startsWith(GracefulStop.STOPPED + " (after 1,500 of 6,000 rows, about ")
                .endsWith(GracefulStop.START_OVER);
        assertThat(org.bulkJobIds()).as("the job was deleted").isEmpty();
        try (Stream<Path> files = Files.walk(dir.resolve("stage"))) {
            assertThat(files.filter(p -> p.getFileName().toString().equals(KeptFiles.MARKER)).toList())
                    .as("a stopped run's stage files explain nothing: removed").isEmpty();
        }
        assertThat(dir.resolve("stop.duckdb")).exists();
        try (RunningSfsync sfsync = new RunningSfsync(runtime(false))) {
            SyncResult next = new IntelligentSync(sfsync.context()).sync(accounts());
            assertThat(next.success()).as(next.logLine()).isTrue();
            assertThat(next.resumedFromPage()).isZero();
            assertThat(next.actualRecords()).isEqualTo(ACCOUNTS);
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
