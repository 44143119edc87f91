package io.sfsync.sync;

import io.sfsync.testing.LoopbackOnly;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 on Snowflake ({@link BulkResumeIT} on DuckDB): a Bulk run killed with SIGKILL after page k is resumed by
 * the next run at page k + 1, for each Bulk method, through the real driver against the offline Snowflake: its pages
 * were PUT to the named stage (stage path) or the user stage (the others), which outlive the killed session, so the
 * rerun adopts them and reads no result page again but the one in flight; the table equals the org value by value. A
 * deleted job makes the rerun start over, saying why, and remove the pages PUT by the killed run (the expired job, the
 * same decision before any load is opened, is {@link BulkResumeIT}'s).
 *
 * <p>Fewer rows than on DuckDB, to keep CI within its budget: the offline Snowflake loads through its own engine,
 * many times slower than DuckDB. The org holds 50,000 Accounts; full runs read them in 50 pages of 1,000 rows,
 * incremental runs 5,000 changed Accounts in 50 pages of 100, the start-over scenario 1,000 changes in 10 pages.
 */
@LoopbackOnly
class SnowflakeBulkResumeIT extends SnowflakeCrashSafety {
    private static final Mode STAGE_FULL = new Mode("bulk_api_stage_full", args("bulk", "1000", "stage", "10000",
            "max-records", "1000", "batch-rows", "1000"));
    private static final Mode BULK_FULL_FORCED = new Mode("bulk_api_full", args("bulk", "1000", "stage", "10000",
            "use-stage", "false", "force", "true", "max-records", "1000", "batch-rows", "1000"));
    private static final Mode STAGE_INCREMENTAL = new Mode("bulk_api_stage_incremental", args("bulk", "1000",
            "stage", "4000", "max-records", "100", "batch-rows", "100"));
    private static final Mode BULK_INCREMENTAL = new Mode("bulk_api_incremental", args("bulk", "1000",
            "stage", "10000000", "max-records", "100", "batch-rows", "100"));

    @Override
    protected int accounts() {
        return 50_000;
    }

    @Override
    protected Path logsFolder() {
        return Path.of("target", "bulk-resume-snowflake");
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
        changeOrg(400, 10, 5);
        assertNoProblems(List.of(killAndResume("resume", BULK_FULL_FORCED, "extract.bulk-page#30", 30, 1)));
    }

    @Test
    @Order(3)
    void incrementalSyncsKilledAfterAPageResumeAtTheNext() throws Exception {
        requireTable(STAGE_FULL);
        changeOrg(5_000, 20, 5);
        Kill stage = killAndResume("resume", STAGE_INCREMENTAL, "load.page#25", 26, 0);
        changeOrg(5_000, 20, 5);
        Kill direct = killAndResume("resume", BULK_INCREMENTAL, "load.page#10", 11, 0);
        assertNoProblems(List.of(stage, direct));
    }

    @Test
    @Order(4)
    void aRunKilledInItsCommitResumesThereWithoutReadingAPage() throws Exception {
        requireTable(STAGE_FULL);
        changeOrg(5_000, 20, 5);
        // its job was deleted after the last page: every page is landed, so none is needed
        assertNoProblems(List.of(killAndResume("resume", STAGE_INCREMENTAL, "load.staged#1", AT_COMMIT, 0)));
    }

    @Test
    @Order(5)
    void aDeletedJobIsNotResumedAndTheRunSaysWhy() throws Exception {
        requireTable(STAGE_FULL);
        changeOrg(1_000, 10, 5);
        assertNoProblems(List.of(killAndStartOver("start over", BULK_INCREMENTAL, "load.page#3",
                job -> emulator.deleteBulkJob(job), "Salesforce no longer has the job")));
    }
}
