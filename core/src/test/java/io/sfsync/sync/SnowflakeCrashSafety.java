package io.sfsync.sync;

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

/**
 * The crash tests' warehouse on Snowflake ({@link AbstractCrashSafety}): the offline Snowflake in this JVM, so that it
 * outlives each killed child as a real account would; each child reaches it through the unmodified driver, as the
 * service user with least-privilege grants, and waits for locks at most {@value #LOCK_TIMEOUT_SECONDS} s. The table,
 * its state row and the transactions are read back through the driver as the account administrator. A subclass must be
 * {@code @LoopbackOnly}.
 */
abstract class SnowflakeCrashSafety extends AbstractCrashSafety {
    protected static final int LOCK_TIMEOUT_SECONDS = 30;
    private OfflineSnowflake offline;
    private SnowflakeWarehouse admin;
    private Path passwordFile;

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
        for (TableRef t : List.of(new TableRef(SCHEMA, TABLE), new TableRef("SFSYNC_CONTROL", "sfsync_state"),
                new TableRef("SFSYNC_CONTROL", "sfsync_resume"))) {
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

    /**
     * Snowflake computes the fingerprint itself ({@code HASH_AGG(*)} over every value of every row, with the counts),
     * so that a table unchanged by a kill is recognised without reading its million rows out through the driver.
     */
    @Override
    protected Fingerprint fingerprint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT"
                + " \"Id\"), HASH_AGG(*) FROM \"" + SCHEMA + "\".\"" + TABLE + "\"")) {
            rs.next();
            return new Fingerprint(rs.getLong(1), rs.getLong(2), rs.getString(3), "-");
        }
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
}
