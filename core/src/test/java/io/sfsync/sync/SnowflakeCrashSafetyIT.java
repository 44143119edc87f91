package io.sfsync.sync;

import io.sfsync.testing.LoopbackOnly;
import io.sfsync.testing.OfflineSnowflake;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.snowflake.SnowflakeSettings;
import io.sfsync.warehouse.snowflake.SnowflakeWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * {@value #LOCK_TIMEOUT_SECONDS} s: a rerun blocked by the killed run's transaction fails the test quickly. After each
 * kill the summary's "detached" column shows the transactions the kill left (read as the administrator with
 * {@code SHOW TRANSACTIONS IN ACCOUNT}); a rerun after such a kill must say in its result that it aborted them, and
 * after every rerun none is left.
 *
 * <p>The table, its state row and the transactions are read back through the driver from this JVM as the account
 * administrator, and only committed data is seen, as any reader would see it.
 */
@LoopbackOnly
class SnowflakeCrashSafetyIT extends AbstractCrashSafety {
    private static final int LOCK_TIMEOUT_SECONDS = 30;
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

    private OfflineSnowflake offline;
    private SnowflakeWarehouse admin;
    private Path passwordFile;

    @Override
    protected int accounts() {
        return 20_000;
    }

    @Override
    protected Path logsFolder() {
        return Path.of("target", "crash-safety-snowflake");
    }

    @Override
    protected void startWarehouse(Path folder) throws Exception {
        offline = OfflineSnowflake.start(folder.resolve("snowflake"), true, SCHEMA);
        passwordFile = folder.resolve("sfsync-password");
        Files.writeString(passwordFile, OfflineSnowflake.PASSWORD);
        Map<String, String> p = new HashMap<>();
        p.put(SnowflakeSettings.PREFIX + "account-url", offline.settings().get(SnowflakeSettings.PREFIX
                + "account-url"));
        p.put(SnowflakeSettings.PREFIX + "user", offline.emulator().adminUser());
        p.put(SnowflakeSettings.PREFIX + "password", offline.emulator().adminPassword());
        p.put(SnowflakeSettings.PREFIX + "role", "ACCOUNTADMIN");
        p.put(SnowflakeSettings.PREFIX + "database", offline.emulator().database());
        p.put(SnowflakeSettings.PREFIX + "pool-size", "2");
        admin = new SnowflakeWarehouse(SnowflakeSettings.from(p::get));
    }

    @Override
    protected void stopWarehouse() {
        if (admin != null) {
            admin.close();
        }
        if (offline != null) {
            offline.close();
        }
    }

    /** The service user's settings; its password from a file, so that it is not on a command line. */
    @Override
    protected List<String> warehouseArgs() {
        List<String> out = new ArrayList<>();
        offline.settings().forEach((k, v) -> {
            if (!k.equals(SnowflakeSettings.PREFIX + "password")) {
                out.add("--" + k);
                out.add(v);
            }
        });
        out.addAll(List.of("--" + SnowflakeSettings.PREFIX + "password-file", passwordFile.toString(),
                "--" + SnowflakeSettings.PREFIX + "schema", SCHEMA,
                "--" + SnowflakeSettings.PREFIX + "create-stage", "true",
                "--" + SnowflakeSettings.PREFIX + "lock-timeout-seconds", Integer.toString(LOCK_TIMEOUT_SECONDS)));
        return out;
    }

    @Override
    protected Connection openForReading() {
        return admin.connect();
    }

    @Override
    protected void emptyWarehouse() throws Exception {
        for (TableRef t : List.of(new TableRef(SCHEMA, TABLE), new TableRef("SFSYNC_CONTROL", "sfsync_state"))) {
            if (admin.tableExists(t)) {
                offline.admin("DROP TABLE \"" + t.schema() + "\".\"" + t.table() + "\"");
            }
        }
    }

    /** The files of every stage, named and user stages alike (folders of the offline Snowflake). */
    @Override
    protected List<Path> stageFiles() throws IOException {
        return files(offline.emulator().dataDirectory().resolve("stages"));
    }

    /** The transactions left running by the kill, with their names (sfsync names its loads' transactions). */
    @Override
    protected String leftByKill() {
        try {
            List<String> names = runningTransactions();
            return names.isEmpty() ? "none" : names.size() + " open";
        } catch (SQLException e) {
            return "? " + e.getMessage();
        }
    }

    @Override
    protected String leftByKillHeading() {
        return "detached";
    }

    /** Snowflake commits DDL at once: a first full sync renames its table into place, then writes the state row. */
    @Override
    protected boolean firstTableMayPrecedeItsStateRow() {
        return true;
    }

    /**
     * A rerun after a kill that left a transaction open must have aborted it, and said so in its result; after any
     * rerun no transaction is left running.
     */
    @Override
    protected void checkRerun(Kill kill, String result) throws SQLException {
        // A kill at a checkpoint inside the load's transaction leaves it open and idle: the rerun must abort it. A
        // kill at a random moment can land while a statement (the COMMIT itself, an autocommit write) still runs on
        // the server; what the kill saw open then ends by itself, and the rerun has nothing to abort. Either way no
        // transaction may be left after the rerun (below), and the table is old or new (the shared checks).
        boolean atCheckpoint = !kill.checkpoint.equals("random") && !kill.checkpoint.startsWith(RANDOM_AFTER);
        if (atCheckpoint && kill.left.endsWith(" open")
                && (result == null || !result.contains("aborted transaction"))) {
            kill.problems.add("the kill left a transaction open (" + kill.left + "), but the rerun's result does not"
                    + " say it aborted it: " + result);
        }
        List<String> running = runningTransactions();
        if (!running.isEmpty()) {
            kill.problems.add("transactions still running after the rerun: " + running);
        }
    }

    private List<String> runningTransactions() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = admin.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW TRANSACTIONS IN ACCOUNT")) {
            while (rs.next()) {
                out.add(rs.getString("id") + " " + rs.getString("name"));
            }
        }
        return out;
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
