package io.sfsync.sync;

import static io.sfsync.sync.AbstractCrashSafety.AT_COMMIT;
import static io.sfsync.sync.AbstractCrashSafety.args;
import static io.sfsync.sync.AbstractCrashSafety.assertNoProblems;

import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.bulk.BulkApi;
import io.sfsync.sync.AbstractCrashSafety.Kill;
import io.sfsync.sync.AbstractCrashSafety.Mode;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's resume scenarios, the same on every warehouse ({@link BulkResumeIT}: DuckDB; {@link SnowflakeBulkResumeIT}:
 * the offline Snowflake): a Bulk run killed with SIGKILL after page k is resumed by the next run of its target at page
 * k + 1 ({@code sfsync.bulk.resume}), for each Bulk method. The rerun says so ({@code resumed_from_page}), the org's
 * request log shows it read no result page the killed run had read but the one in flight at the kill, and the table
 * equals the org value by value (with every check of {@link AbstractCrashSafety}: after the kill the table is the old
 * one, the state row never ahead). A deleted job and a job past Salesforce's 7-day retention make the rerun start over
 * and say why ({@code resume_refused}).
 *
 * <p>Implemented by a crash test ({@link AbstractCrashSafety} on a warehouse), which says how large the run is
 * ({@link #scale}): full runs read the org in 50 pages, incremental runs 50 pages of changed Accounts, the start-over
 * scenarios (a fifth of those changes) 10 pages.
 */
interface BulkResumeScenarios {

    /**
     * How large the scenarios' runs are: the org's Accounts, read by a full run in pages of {@code fullPage}; the
     * Accounts changed before each incremental run, read in pages of {@code incrementalPage}.
     */
    record Scale(int accounts, int fullPage, int incrementalChanges, int incrementalPage) {
        /** Every run reads the whole org ({@code accounts} rows) in 50 pages; an incremental one after all changed. */
        static Scale of(int accounts) {
            return new Scale(accounts, accounts / 50, accounts, accounts / 50);
        }

        public Scale {
            if (accounts != fullPage * 50 || incrementalChanges != incrementalPage * 50) {
                throw new IllegalArgumentException("the scenarios kill runs of 50 pages: " + this);
            }
        }

        /** A first full run, through the stage (the stage threshold is 1/20 of the org). */
        Mode stageFull() {
            return full("bulk_api_stage_full", "true", "false");
        }

        /** A forced full run by the merge path (no stage). */
        Mode bulkFullForced() {
            return full("bulk_api_full", "false", "true");
        }

        Mode stageIncremental() {
            return new Mode("bulk_api_stage_incremental", args("bulk", "1000", "stage",
                    Integer.toString(incrementalChanges / 25), "max-records", Integer.toString(incrementalPage),
                    "batch-rows", Integer.toString(incrementalPage)));
        }

        Mode bulkIncremental() {
            return new Mode("bulk_api_incremental", args("bulk", "1000", "stage", "1000000000", "max-records",
                    Integer.toString(incrementalPage), "batch-rows", Integer.toString(incrementalPage)));
        }

        private Mode full(String method, String useStage, String force) {
            return new Mode(method, args("bulk", "1000", "stage", Integer.toString(accounts / 20), "use-stage",
                    useStage, "force", force, "max-records", Integer.toString(fullPage), "batch-rows",
                    Integer.toString(fullPage)));
        }
    }

    /** The size of the runs on this warehouse. */
    Scale scale();

    // --- what the crash test gives (AbstractCrashSafety) ------------------------------------------------------------

    SalesforceEmulator emulator();

    void emptyTarget() throws Exception;

    void requireTable(Mode mode) throws Exception;

    void changeOrg(int changes, int deletes, int creates);

    Kill killAndResume(String scenario, Mode mode, String checkpoint, long resumePage, int rereads) throws Exception;

    Kill killAndStartOver(String scenario, Mode mode, String checkpoint, Consumer<String> afterKill, String refusal)
            throws Exception;

    // --- the scenarios ----------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    default void firstFullSyncThroughTheStageKilledAfterPage20ResumesAtPage21() throws Exception {
        emptyTarget();
        assertNoProblems(List.of(killAndResume("resume", scale().stageFull(), "load.page#20", 21, 0)));
    }

    @Test
    @Order(2)
    default void forcedFullSyncKilledWithPage30InFlightReadsOnlyThatPageAgain() throws Exception {
        requireTable(scale().stageFull());
        changeOrg(scale().accounts() / 500, 20, 5);
        // page 30 was read, not landed: the rerun reads it again, and nothing before it
        assertNoProblems(List.of(killAndResume("resume", scale().bulkFullForced(), "extract.bulk-page#30", 30, 1)));
    }

    @Test
    @Order(3)
    default void incrementalSyncsKilledAfterAPageResumeAtTheNext() throws Exception {
        requireTable(scale().stageFull());
        changeOrg(scale().incrementalChanges(), 50, 10);
        Kill stage = killAndResume("resume", scale().stageIncremental(), "load.page#25", 26, 0);
        changeOrg(scale().incrementalChanges(), 50, 10);
        Kill direct = killAndResume("resume", scale().bulkIncremental(), "load.page#10", 11, 0);
        assertNoProblems(List.of(stage, direct));
    }

    @Test
    @Order(4)
    default void aRunKilledInItsCommitResumesThereWithoutReadingAPage() throws Exception {
        requireTable(scale().stageFull());
        changeOrg(scale().incrementalChanges(), 20, 5);
        // its job was deleted after the last page: every page is landed, so none is needed
        assertNoProblems(List.of(killAndResume("resume", scale().stageIncremental(), "load.staged#1", AT_COMMIT, 0)));
    }

    @Test
    @Order(5)
    default void aDeletedOrExpiredJobIsNotResumedAndTheRunSaysWhy() throws Exception {
        requireTable(scale().stageFull());
        int changes = scale().incrementalChanges() / 5;
        changeOrg(changes, 20, 5);
        Kill deleted = killAndStartOver("start over", scale().bulkIncremental(), "load.page#3",
                job -> emulator().deleteBulkJob(job), "Salesforce no longer has the job");
        changeOrg(changes, 20, 5);
        Kill expired = killAndStartOver("start over", scale().bulkIncremental(), "load.page#3",
                job -> emulator().org().clock().advance(BulkApi.RETENTION.plus(Duration.ofHours(1))),
                "Salesforce no longer has the job");
        assertNoProblems(List.of(deleted, expired));
    }
}
