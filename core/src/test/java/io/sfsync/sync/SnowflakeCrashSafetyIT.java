package io.sfsync.sync;

import io.sfsync.testing.LoopbackOnly;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The crash-safety checks of {@link AbstractCrashSafety} on Snowflake: a sync killed with SIGKILL inside PUT and COPY,
 * the MERGE, the full replace in place, the state write or the commit leaves the old table or the new one, never a
 * mix, its state row never ahead of the data, and the next run converges to the org value by value.
 *
 * <p>The offline Snowflake runs in this JVM, so it outlives each killed child as a real account would; each child
 * reaches it through the unmodified driver, as the service user with least-privilege grants. A child killed inside its
 * load's transaction leaves that transaction open and detached, holding its locks (as Snowflake does); the next run
 * must abort it ({@code DetachedTransactions}) rather than wait for it, so the children wait for locks at most
 * 30 s (SnowflakeCrashSafety): a rerun blocked by the killed run's transaction fails the test quickly. After each
 * kill the summary's "detached" column shows the transactions the kill left (read as the administrator with
 * {@code SHOW TRANSACTIONS IN ACCOUNT}); a rerun after such a kill must say in its result that it aborted them, and
 * after every rerun none is left.
 *
 * <p>The table, its state row and the transactions are read back through the driver from this JVM as the account
 * administrator, and only committed data is seen, as any reader would see it.
 */
@LoopbackOnly
class SnowflakeCrashSafetyIT extends SnowflakeCrashSafety {
    /** First full sync through the named stage (no table yet): PUT of each page, COPY, then the rename. */
    private static final Mode STAGE_FULL = new Mode("bulk_api_stage_full", args("bulk", "1000", "stage", "10000",
            "max-records", "5000", "batch-rows", "5000"));
    /** A forced full sync through the stage over the existing table: the replace in place, one transaction. */
    private static final Mode STAGE_FULL_FORCED = new Mode("bulk_api_stage_full", args("bulk", "1000",
            "stage", "10000", "force", "true", "max-records", "5000", "batch-rows", "5000"));
    /** A forced full sync without the stage: each page PUT to the user stage and copied into staging at once. */
    private static final Mode BULK_FULL_FORCED = new Mode("bulk_api_full", args("bulk", "1000", "stage", "10000",
            "use-stage", "false", "force", "true", "max-records", "5000", "batch-rows", "5000"));
    private static final Mode BULK_INCREMENTAL = new Mode("bulk_api_incremental", args("bulk", "1000",
            "stage", "1000000", "max-records", "1000", "batch-rows", "1000"));

    @Override
    protected int accounts() {
        return 20_000;
    }

    @Override
    protected Path logsFolder() {
        return Path.of("target", "crash-safety-snowflake");
    }

    // --- scenarios --------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void firstFullSyncThroughTheStageKilledAnywhereConverges() throws Exception {
        List<Kill> kills = new ArrayList<>();
        for (String checkpoint : List.of("load.page#2", "load.staged#1", "target.swapped#1")) {
            emptyTarget();
            kills.add(killAndRerun("first full", STAGE_FULL, checkpoint));
        }
        assertNoProblems(kills);
    }

    @Test
    @Order(2)
    void forcedFullSyncsReplacingInPlaceKilledAnywhereLeaveOldOrNew() throws Exception {
        requireTable(STAGE_FULL);
        List<Kill> kills = new ArrayList<>();
        for (String checkpoint : List.of("load.page#2", "target.merged#1", "state.written#1",
                "target.committed#1")) {
            changeOrg(400, 10, 5);
            kills.add(killAndRerun("forced full", STAGE_FULL_FORCED, checkpoint));
        }
        for (String checkpoint : List.of("load.page#1", "state.written#1")) {
            changeOrg(400, 10, 5);
            kills.add(killAndRerun("forced full", BULK_FULL_FORCED, checkpoint));
        }
        assertNoProblems(kills);
    }

    @Test
    @Order(3)
    void bulkIncrementalSyncsKilledAnywhereLeaveOldOrNew() throws Exception {
        requireTable(STAGE_FULL);
        List<Kill> kills = new ArrayList<>();
        for (String checkpoint : List.of("load.page#1", "load.before-commit#1", "target.merged#1",
                "state.written#1", "target.committed#1")) {
            changeOrg(2_500, 20, 5);
            kills.add(killAndRerun("incremental", BULK_INCREMENTAL, checkpoint));
        }
        assertNoProblems(kills);
    }

    @Test
    @Order(4)
    void syncsKilledAtRandomMomentsLeaveOldOrNew() throws Exception {
        requireTable(STAGE_FULL);
        List<Kill> kills = new ArrayList<>();
        for (Mode mode : List.of(STAGE_FULL_FORCED, BULK_INCREMENTAL)) {
            changeOrg(mode == BULK_INCREMENTAL ? 2_500 : 400, 10, 5);
            kills.add(killAndRerun("random", mode, null));
        }
        changeOrg(400, 10, 5);
        kills.add(killAndRerun("random", STAGE_FULL_FORCED, RANDOM_AFTER + "state.written#1"));
        assertNoProblems(kills);
    }
}
