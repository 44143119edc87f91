package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two schedules of a formula refresh, through the route templates of config/objects.properties: every N-th
 * incremental run of an object's sync ({@code formulaRefreshEvery}), and a cron of its own
 * ({@code refresh-formulas-object}).
 */
class FormulaScheduleIT {

    private static SalesforceEmulator org() {
        SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 300)
                .volume("Account", 40).build());
        org.org().defineField("Contact", FieldDef.builder("Account_Name__c", FieldType.STRING).length(255)
                .formula("Account.Name").build());
        return org;
    }

    private static SfsyncRuntime runtime(SalesforceEmulator org, Path dir) {
        return new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("sfsync.warehouse.duckdb.path", dir.resolve("formulas.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
    }

    /** The methods of the target's successful runs, oldest first. */
    private static List<String> runs(Warehouse warehouse, String table) throws Exception {
        List<String> out = new ArrayList<>();
        if (!warehouse.tableExists(new io.sfsync.warehouse.TableRef("SFSYNC_CONTROL", "sfsync_history"))) {
            return out;
        }
        try (Connection c = warehouse.connect(); PreparedStatement p = c.prepareStatement("SELECT \"sync_method\""
                + " FROM \"SFSYNC_CONTROL\".\"sfsync_history\" WHERE \"target_table\" = ? AND \"success\""
                + " ORDER BY \"sync_timestamp\"")) {
            p.setString(1, "RAW." + table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private static List<String> quietly(Warehouse warehouse, String table) {
        try {
            return runs(warehouse, table);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldRefreshTheFormulasAfterEverySecondIncrementalRun(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = org()) {
            SfsyncRuntime rt = runtime(org, dir)
                    .set("camel.route-template[sync-contact].template-id", "sync-object")
                    .set("camel.route-template[sync-contact].sobject", "Contact")
                    .set("camel.route-template[sync-contact].cron", "0/1 * * * * ?")
                    .set("camel.route-template[sync-contact].table", "EVERY_CONTACTS")
                    .set("camel.route-template[sync-contact].formulaRefreshEvery", "2");
            try (RunningSfsync sfsync = new RunningSfsync(rt)) {
                Warehouse warehouse = sfsync.warehouse();
                await(() -> quietly(warehouse, "EVERY_CONTACTS").stream().filter("formula_refresh"::equals).count()
                        >= 2);
                List<String> runs = runs(warehouse, "EVERY_CONTACTS");
                assertThat(runs.subList(0, Math.min(7, runs.size()))).containsExactly("regular_api_full",
                        "regular_api_incremental", "regular_api_incremental", "formula_refresh",
                        "regular_api_incremental", "regular_api_incremental", "formula_refresh");
            }
        }
    }

    @Test
    void shouldKeepCountingTheRunsAcrossARestart(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = org()) {
            SfsyncRuntime rt = runtime(org, dir)
                    .set("camel.route-template[sync-contact].template-id", "sync-object")
                    .set("camel.route-template[sync-contact].sobject", "Contact")
                    .set("camel.route-template[sync-contact].cron", "0/1 * * * * ?")
                    .set("camel.route-template[sync-contact].table", "RESTART_CONTACTS")
                    .set("camel.route-template[sync-contact].formulaRefreshEvery", "4");
            List<String> beforeRestart;
            try (RunningSfsync first = new RunningSfsync(rt)) {
                Warehouse warehouse = first.warehouse();
                await(() -> quietly(warehouse, "RESTART_CONTACTS").contains("regular_api_incremental"));
            }
            // A new sfsync on the same warehouse: what the first one ran is in the history, and counts.
            try (RunningSfsync second = new RunningSfsync(rt)) {
                Warehouse warehouse = second.warehouse();
                beforeRestart = runs(warehouse, "RESTART_CONTACTS");
                await(() -> quietly(warehouse, "RESTART_CONTACTS").contains("formula_refresh"));
                List<String> runs = runs(warehouse, "RESTART_CONTACTS");
                long incrementalBefore = beforeRestart.stream().filter("regular_api_incremental"::equals).count();
                assertThat(beforeRestart).as("the first sfsync's runs").first().isEqualTo("regular_api_full");
                assertThat(incrementalBefore).as("the first sfsync stopped before its refresh was due: "
                        + beforeRestart).isBetween(1L, 3L);
                assertThat(runs.subList(0, Math.min(6, runs.size()))).as("the refresh came at the 4th incremental run"
                        + " counted over both processes, " + (4 - incrementalBefore) + " of them after the restart")
                        .containsExactly("regular_api_full", "regular_api_incremental", "regular_api_incremental",
                                "regular_api_incremental", "regular_api_incremental", "formula_refresh");
            }
        }
    }

    @Test
    void shouldRefreshTheFormulasOnACronOfTheirOwn(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = org()) {
            SfsyncRuntime rt = runtime(org, dir)
                    .set("camel.route-template[formulas-contact].template-id", "refresh-formulas-object")
                    .set("camel.route-template[formulas-contact].sobject", "Contact")
                    .set("camel.route-template[formulas-contact].table", "CRON_CONTACTS")
                    .set("camel.route-template[formulas-contact].cron", "0/1 * * * * ?");
            try (RunningSfsync sfsync = new RunningSfsync(rt)) {
                Warehouse warehouse = sfsync.warehouse();
                // Until the table exists each scheduled refresh fails (and says so); one of them may hold the target's
                // run lock when the sync starts, which is then skipped: sync until it ran.
                IntelligentSync api = sfsync.sync();
                SyncResult[] first = new SyncResult[1];
                await(() -> (first[0] = api.sync(SyncRequest.of("Contact").withTarget("RAW", "CRON_CONTACTS")))
                        .success());
                assertThat(first[0].success()).as(first[0].logLine()).isTrue();
                ObjectTable contacts = org.org().table("Contact");
                String contact = contacts.row(0).id();
                String account = (String) contacts.row(0).get(contacts.def().field("AccountId"));
                SObjectDef accountDef = org.org().table("Account").def();
                org.org().update(account, Map.of(accountDef.field("Name"), "Renamed On Schedule"));

                // The history row follows the commit that changed the value.
                await(() -> "Renamed On Schedule".equals(formula(warehouse, contact))
                        && quietly(warehouse, "CRON_CONTACTS").contains("formula_refresh"));
                assertThat(formula(warehouse, contact)).isEqualTo("Renamed On Schedule");
                assertThat(runs(warehouse, "CRON_CONTACTS")).first().isEqualTo("regular_api_full");
                assertThat(runs(warehouse, "CRON_CONTACTS").subList(1, runs(warehouse, "CRON_CONTACTS").size()))
                        .isNotEmpty().containsOnly("formula_refresh");
                OrgTables.assertTableEqualsOrg(org, "Contact", warehouse, "RAW", "CRON_CONTACTS");
            }
        }
    }

    private static String formula(Warehouse warehouse, String id) {
        try (Connection c = warehouse.connect(); PreparedStatement p = c.prepareStatement("SELECT"
                + " \"Account_Name__c\" FROM \"RAW\".\"CRON_CONTACTS\" WHERE \"Id\" = ?")) {
            p.setString(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
