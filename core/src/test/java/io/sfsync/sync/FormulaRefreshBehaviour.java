package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.RowView;
import io.sfsync.warehouse.SyncState;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, formula fields: a Contact's formulas read its Account (Name, Industry) and TODAY(). A parent's change and a
 * move of the org's date change them without moving the Contacts' stamps, so an incremental run leaves them stale; a
 * formula refresh (REST, then Bulk) makes the table equal the org value by value again, and the watermark stays.
 * The warehouse is the subclass's: DuckDB ({@code FormulaRefreshIT}), the offline Snowflake
 * ({@code SnowflakeFormulaRefreshIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FormulaRefreshBehaviour {
    private static final int CONTACTS = 1_500;
    private static final List<String> FORMULAS = List.of("Account_Name__c", "Account_Industry__c",
            "Days_Since_Birthdate__c");
    private static final TableRef TARGET = new TableRef("RAW", "CONTACTS");

    private static SalesforceEmulator org;
    private static RunningSfsync sfsync;
    private static Warehouse warehouse;

    @TempDir
    static Path dir;

    /** Points the runtime at the warehouse under test (started here when it needs starting). */
    protected abstract void configureWarehouse(SfsyncRuntime runtime, Path dir) throws Exception;

    /** Stops what {@link #configureWarehouse} started. */
    protected abstract void stopWarehouse();

    @BeforeAll
    void start() throws Exception {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", CONTACTS).volume("Account", 120)
                .build());
        admin("/sobjects/Contact/fields", "{\"name\":\"Account_Name__c\",\"type\":\"string\",\"length\":255,"
                + "\"formula\":\"Account.Name\"}");
        admin("/sobjects/Contact/fields", "{\"name\":\"Account_Industry__c\",\"type\":\"string\",\"length\":255,"
                + "\"formula\":\"TEXT(Account.Industry)\"}");
        admin("/sobjects/Contact/fields", "{\"name\":\"Days_Since_Birthdate__c\",\"type\":\"double\","
                + "\"precision\":18,\"scale\":0,\"formula\":\"TODAY() - Birthdate\"}");
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("sfsync.bulk.poll-initial-ms", "20");
        configureWarehouse(runtime, dir);
        sfsync = new RunningSfsync(runtime);
        warehouse = sfsync.warehouse();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (sfsync != null) {
                sfsync.close();
            }
            if (org != null) {
                org.close();
            }
        } finally {
            stopWarehouse();
        }
    }

    private static String admin(String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(org.baseUrl()
                + "/_emulator" + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return r.body();
    }

    private static IntelligentSync api() {
        return sfsync.sync();
    }

    private static SyncRequest contacts(long bulkThreshold) {
        return SyncRequest.of("Contact").withTarget(TARGET.schema(), TARGET.table())
                .withThresholds(bulkThreshold, 1_000_000L);
    }

    /**
     * Renames the Account of the first Contact that has one (and changes its Industry), moves the org's date by three
     * days, and returns the Ids of that Account's Contacts.
     */
    private static List<String> changeWhatTheFormulasRead(String name, String industry) throws Exception {
        ObjectTable contact = org.org().table("Contact");
        FieldDef accountId = contact.def().field("AccountId");
        String account = null;
        List<String> children = new ArrayList<>();
        for (int r = 0; r < contact.rowLimit(); r++) {
            RowView row = contact.row(r);
            Object parent = row == null ? null : row.get(accountId);
            if (parent != null && account == null) {
                account = parent.toString();
            }
            if (parent != null && parent.equals(account)) {
                children.add(row.id());
            }
        }
        var accountDef = org.org().table("Account").def();
        org.org().update(account, Map.of(accountDef.field("Name"), name, accountDef.field("Industry"), industry));
        admin("/clock", "{\"advanceSeconds\":" + Duration.ofDays(3).toSeconds() + "}");
        return children;
    }

    private static Instant watermark() {
        return warehouse.syncState(TARGET).map(SyncState::watermark).orElseThrow();
    }

    @Test
    void shouldBringBackWhatIncrementalRunsCannotSee() throws Exception {
        SyncResult first = api().sync(contacts(1_000));
        assertThat(first.success()).as(first.logLine()).isTrue();
        OrgTables.assertTableEqualsOrg(org, "Contact", warehouse, TARGET.schema(), TARGET.table());

        List<String> children = changeWhatTheFormulasRead("Renamed Holdings", "Banking");
        assertThat(children).isNotEmpty();
        SyncResult incremental = api().sync(contacts(1_000));
        assertThat(incremental.success()).as(incremental.logLine()).isTrue();
        assertThat(incremental.syncMethod()).isEqualTo("regular_api_incremental");
        Map<String, Map<String, String>> orgRows = OrgTables.org(org, "Contact");
        Map<String, Map<String, String>> table = OrgTables.table(warehouse, TARGET.schema(), TARGET.table());
        for (String id : children) {
            assertThat(orgRows.get(id).get("Account_Name__c")).isEqualTo("Renamed Holdings");
            assertThat(table.get(id).get("Account_Name__c")).as("stale after an incremental run")
                    .isNotEqualTo("Renamed Holdings");
            assertThat(table.get(id).get("SystemModstamp")).isEqualTo(orgRows.get(id).get("SystemModstamp"));
        }
        long stale = staleRows(orgRows, table);
        assertThat(stale).as("rows whose formula values the incremental run left old").isGreaterThan(children.size());

        Instant mark = watermark();
        SyncResult rest = api().refreshFormulas(contacts(100_000));
        assertThat(rest.success()).as(rest.logLine()).isTrue();
        assertThat(rest.syncMethod()).isEqualTo("formula_refresh");
        assertThat(rest.reason()).startsWith("formula refresh of 3 formula fields through REST");
        assertThat(rest.formulaFieldsRefreshed()).isEqualTo(FORMULAS.size());
        assertThat(rest.rowsUpdated()).isEqualTo(stale);
        assertThat(rest.rowsInserted()).isZero();
        assertThat(rest.bulkJobId()).isNull();
        assertThat(rest.watermark()).isEqualTo(mark);
        assertThat(watermark()).as("the refresh leaves the watermark").isEqualTo(mark);
        OrgTables.assertTableEqualsOrg(org, "Contact", warehouse, TARGET.schema(), TARGET.table());
        Map<String, Object> history = OrgTables.history(warehouse, rest.runId()).get(0);
        assertThat(history).containsEntry("sync_method", "formula_refresh").containsEntry("formula_fields_refreshed",
                3L).containsEntry("rows_updated", stale);

        changeWhatTheFormulasRead("Renamed Again", "Energy");
        Map<String, Map<String, String>> before = OrgTables.table(warehouse, TARGET.schema(), TARGET.table());
        long staleAgain = staleRows(OrgTables.org(org, "Contact"), before);
        SyncResult bulk = api().refreshFormulas(contacts(1_000));
        assertThat(bulk.success()).as(bulk.logLine()).isTrue();
        assertThat(bulk.reason()).startsWith("formula refresh of 3 formula fields through a Bulk API 2.0 job");
        assertThat(bulk.bulkJobId()).isNotNull();
        assertThat(bulk.rowsUpdated()).isEqualTo(staleAgain).isPositive();
        assertThat(watermark()).isEqualTo(mark);
        OrgTables.assertTableEqualsOrg(org, "Contact", warehouse, TARGET.schema(), TARGET.table());

        SyncResult nothing = api().sync(contacts(1_000));
        assertThat(nothing.success()).as(nothing.logLine()).isTrue();
        assertThat(nothing.rowsUpdated() + nothing.rowsInserted()).as("no record changed since").isZero();
    }

    @Test
    void shouldReadNothingForAnObjectWithoutFormulaFields() {
        SyncResult synced = api().sync(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS"));
        assertThat(synced.success()).as(synced.logLine()).isTrue();
        SyncResult r = api().refreshFormulas(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS"));
        assertThat(r.success()).as(r.logLine()).isTrue();
        assertThat(r.reason()).isEqualTo("formula refresh: Account has no formula field (describe: calculated),"
                + " nothing to read");
        assertThat(r.formulaFieldsRefreshed()).isZero();
        assertThat(r.rowsUpdated()).isZero();
        assertThat(r.apiCalls()).as("limits, describe and COUNT() only").isEqualTo(3);
    }

    @Test
    void shouldRefuseATableNeverSyncedFailsAndSaysWhatToDo() {
        SyncResult r = api().refreshFormulas(SyncRequest.of("Contact").withTarget("RAW", "NEVER_SYNCED"));
        assertThat(r.success()).isFalse();
        assertThat(r.error()).contains("RAW.NEVER_SYNCED does not exist: sync Contact into it before refreshing its"
                + " formula fields");
    }

    /** Rows of the table whose formula values differ from the org's. */
    private static long staleRows(Map<String, Map<String, String>> orgRows, Map<String, Map<String, String>> table) {
        return orgRows.keySet().stream().filter(id -> FORMULAS.stream().anyMatch(f -> !java.util.Objects.equals(
                orgRows.get(id).get(f), table.get(id).get(f)))).count();
    }
}
