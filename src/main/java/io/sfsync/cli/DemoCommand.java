package io.sfsync.cli;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.Ids;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;

/**
 * {@code sfsync demo}: the whole product in one command, offline. Starts the demo org, syncs Account, Contact,
 * Opportunity and Kitchen_Sink__c into DuckDB under {@code data/demo/} (volumes chosen so that the first run takes the
 * stage, Bulk and regular API methods) and prints the results. Run again, it first changes some records through the
 * API, then syncs incrementally. The org's changes are kept in a journal, so each run continues the last one.
 */
final class DemoCommand {
    static final Map<String, Integer> VOLUMES = Map.of("User", 12, "Account", 60_000, "Contact", 5_000,
            "Opportunity", 600, "Kitchen_Sink__c", 250);
    private static final Map<String, String> TABLES = new java.util.LinkedHashMap<>();

    static {
        TABLES.put("Account", "ACCOUNTS");
        TABLES.put("Contact", "CONTACTS");
        TABLES.put("Opportunity", "OPPORTUNITIES");
        TABLES.put("Kitchen_Sink__c", "KITCHEN_SINKS");
    }

    private DemoCommand() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Path dir = Path.of(args.length > 1 ? args[1] : "data/demo");
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false)
                .set("sfsync.warehouse.duckdb.path", dir.resolve("sfsync.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
        SalesforceEmulator org = runtime.startEmbeddedOrg(EmulatorConfig.builder().volumes(VOLUMES)
                .journal(dir.resolve("emulator.journal")).build());
        return runtime.run(context -> tour(context, org, out) == 0 ? 0 : 1);
    }

    private static int tour(CamelContext context, SalesforceEmulator org, PrintStream out) {
        IntelligentSync sync = new IntelligentSync(context);
        boolean again = context.getRegistry().lookupByNameAndType("warehouse", io.sfsync.warehouse.Warehouse.class)
                .tableExists(new io.sfsync.warehouse.TableRef("RAW", "ACCOUNTS"));
        if (again) {
            out.println("Tables exist: changing records through the Salesforce API, then syncing incrementally.");
            change(context, org, out);
        } else {
            out.println("First run: full syncs of the demo org (" + org.baseUrl() + ") into DuckDB.");
        }
        List<SyncResult> results = new ArrayList<>();
        TABLES.forEach((sobject, table) -> results.add(sync.sync(SyncRequest.of(sobject).withTarget("RAW", table))));
        print(results, out);
        out.println("Warehouse: " + context.getPropertiesComponent().resolveProperty("sfsync.warehouse.duckdb.path")
                .orElse("?") + "  (run the demo again to sync what changed)");
        return (int) results.stream().filter(r -> !r.success()).count();
    }

    private static void change(CamelContext context, SalesforceEmulator org, PrintStream out) {
        ProducerTemplate t = context.createProducerTemplate();
        long stamp = System.currentTimeMillis() % 100_000;
        for (int i = 0; i < 40; i++) {
            String id = Ids.of("001", (stamp * 7 + i * 1_499L) % 60_000);
            t.requestBodyAndHeaders("salesforce:updateSObject", "{\"Rating\":\"Hot\",\"NumberOfEmployees\":" + (i + 1)
                    + "}", Map.of(SalesforceEndpointConfig.SOBJECT_NAME, "Account",
                            SalesforceEndpointConfig.SOBJECT_ID, id));
        }
        for (int i = 0; i < 5; i++) {
            t.requestBodyAndHeaders("salesforce:createSObject", "{\"LastName\":\"Demo " + stamp + "-" + i
                    + "\",\"Email\":\"demo" + i + "@example.com\"}", Map.of(SalesforceEndpointConfig.SOBJECT_NAME,
                            "Contact"));
        }
        String victim = Ids.of("006", stamp % 600);
        try {
            t.requestBodyAndHeaders("salesforce:deleteSObject", null, Map.of(SalesforceEndpointConfig.SOBJECT_NAME,
                    "Opportunity", SalesforceEndpointConfig.SOBJECT_ID, victim));
        } catch (RuntimeException e) {
            out.println("(Opportunity " + victim + " was already deleted)");
        }
        out.println("Changed 40 Accounts, created 5 Contacts, deleted 1 Opportunity.");
    }

    static void print(List<SyncResult> results, PrintStream out) {
        String fmt = "%-16s %-22s %-27s %9s %9s %8s %6s  %s%n";
        out.printf(fmt, "sobject", "target_table", "sync_method", "estimated", "actual", "seconds", "ok", "note");
        for (SyncResult r : results) {
            out.printf(Locale.ROOT, fmt, r.sobject(), r.targetTable(), r.syncMethod(), r.estimatedRecords(),
                    r.actualRecords(), String.format(Locale.ROOT, "%.2f", r.syncDurationSeconds()),
                    r.success() ? "yes" : "NO", r.success() ? r.reason() : r.error());
        }
    }
}
