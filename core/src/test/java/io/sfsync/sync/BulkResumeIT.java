package io.sfsync.sync;

import io.sfsync.emulator.bulk.BulkApi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: a Bulk run killed with SIGKILL after page k is resumed by the next run of its target at page k + 1
 * ({@code sfsync.bulk.resume}), for each Bulk method, on DuckDB: the rerun says so ({@code resumed_from_page}), the
 * org's request log shows it read no result page the killed run had read but the one in flight at the kill, and the
 * table equals the org value by value (with every check of {@link AbstractCrashSafety}: after the kill the table is
 * the old one, the state row never ahead). A deleted job and a job past Salesforce's 7-day retention make the rerun
 * start over and say why ({@code resume_refused}).
 *
 * <p>The org holds 1,000,000 Accounts. Full runs read them in 50 pages of 20,000 rows. Incremental runs read 100,000
 * changed Accounts in 50 pages of 2,000 (changing all million records before each would take the org longer than the
 * run), and the two start-over scenarios 20,000 changes in 10 pages.
 */
class BulkResumeIT extends DuckDbCrashSafety {
    private static final Mode STAGE_FULL = new Mode("bulk_api_stage_full", args("bulk", "1000", "stage", "50000",
            "max-records", "20000", "batch-rows", "20000"));
    private static final Mode BULK_FULL_FORCED = new Mode("bulk_api_full", args("bulk", "1000", "stage", "50000",
            "use-stage", "false", "force", "true", "max-records", "20000", "batch-rows", "20000"));
    private static final Mode STAGE_INCREMENTAL = new Mode("bulk_api_stage_incremental", args("bulk", "1000",
            "stage", "4000", "max-records", "2000", "batch-rows", "2000"));
    private static final Mode BULK_INCREMENTAL = new Mode("bulk_api_incremental", args("bulk", "1000",
            "stage", "10000000", "max-records", "2000", "batch-rows", "2000"));

    @Override
    protected int accounts() {
        return 1_000_000;
    }

    @Override
    protected Path logsFolder() {
        return Path.of("target", "bulk-resume");
    }

    @Test
    @Order(1)
    void firstFullSyncThroughTheStageKilledAfterPage20ResumesAtPage21() throws Exception {
        emptyTarget();
        assertNoProblems(List.of(killAndResume("resume", STAGE_FULL, "load.page#20", 21, 0)));
    }

    @Test
    @Order(2)
    void forcedFullSyncKilledWithPage30InFlightReadsOnlyThatPageAgain() throws Exception {
        requireTable(STAGE_FULL);
        changeOrg(2_000, 20, 5);
        // page 30 was read, not landed: the rerun reads it again, and nothing before it
        assertNoProblems(List.of(killAndResume("resume", BULK_FULL_FORCED, "extract.bulk-page#30", 30, 1)));
    }

    @Test
    @Order(3)
    void incrementalSyncsKilledAfterAPageResumeAtTheNext() throws Exception {
        requireTable(STAGE_FULL);
        changeOrg(100_000, 50, 10);
        Kill stage = killAndResume("resume", STAGE_INCREMENTAL, "load.page#25", 26, 0);
        changeOrg(100_000, 50, 10);
        Kill direct = killAndResume("resume", BULK_INCREMENTAL, "load.page#10", 11, 0);
        assertNoProblems(List.of(stage, direct));
    }

    @Test
    @Order(4)
    void aRunKilledInItsCommitResumesThereWithoutReadingAPage() throws Exception {
        requireTable(STAGE_FULL);
        changeOrg(100_000, 20, 5);
        // its job was deleted after the last page: every page is landed, so none is needed
        assertNoProblems(List.of(killAndResume("resume", STAGE_INCREMENTAL, "load.staged#1", AT_COMMIT, 0)));
    }

    @Test
    @Order(5)
    void aDeletedOrExpiredJobIsNotResumedAndTheRunSaysWhy() throws Exception {
        requireTable(STAGE_FULL);
        changeOrg(20_000, 20, 5);
        Kill deleted = killAndStartOver("start over", BULK_INCREMENTAL, "load.page#3",
                job -> emulator.deleteBulkJob(job), "Salesforce no longer has the job");
        changeOrg(20_000, 20, 5);
        Kill expired = killAndStartOver("start over", BULK_INCREMENTAL, "load.page#3",
                job -> emulator.org().clock().advance(BulkApi.RETENTION.plus(Duration.ofHours(1))),
                "Salesforce no longer has the job");
        assertNoProblems(List.of(deleted, expired));
    }
}
