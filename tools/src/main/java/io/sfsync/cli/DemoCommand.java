package io.sfsync.cli;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.Ids;
import io.sfsync.snowflakeemulator.SnowflakeEmulator;
import io.sfsync.snowflakeemulator.SnowflakeEmulatorConfig;
import io.sfsync.warehouse.snowflake.SnowflakeSettings;

import java.io.PrintStream;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
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
 *
 * <p>{@code --warehouse snowflake} loads into the offline Snowflake instead (under {@code data/demo-snowflake/}),
 * through the real Snowflake JDBC driver, as the least-privilege service user README describes: the production path,
 * offline. The driver may only run where the network is nothing but loopback, so the demo refuses to start elsewhere
 * and says how to run it.
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

    /** The demo's service user in the offline Snowflake; the emulator listens on loopback only. */
    private static final String SNOWFLAKE_USER = "SFSYNC";
    private static final String SNOWFLAKE_PASSWORD = "sfsync-demo";
    private static final String SNOWFLAKE_ROLE = "SFSYNC_LOADER";

    static int run(String[] args, PrintStream out) throws Exception {
        String warehouse = "duckdb";
        String folder = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--warehouse" -> warehouse = Args.next(args, ++i, "--warehouse");
                case "-h", "--help" -> {
                    out.println("Usage: java -jar target/sfsync.jar demo [DIR] [--warehouse duckdb|snowflake]");
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("-") || folder != null) {
                        throw new UsageException("demo takes [DIR] [--warehouse duckdb|snowflake], not '" + args[i]
                                + "'");
                    }
                    folder = args[i];
                }
            }
        }
        return switch (warehouse) {
            case "duckdb" -> duckdb(Path.of(folder != null ? folder : "data/demo"), out);
            case "snowflake" -> snowflake(Path.of(folder != null ? folder : "data/demo-snowflake"), out);
            default -> throw new UsageException("--warehouse takes duckdb or snowflake, not '" + warehouse + "'");
        };
    }

    private static int duckdb(Path dir, PrintStream out) throws Exception {
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false)
                .set("camel.management.enabled", "false").set("camel.metrics.enabled", "false")
                .set("sfsync.warehouse.duckdb.path", dir.resolve("sfsync.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
        SalesforceEmulator org = EmbeddedOrg.start(runtime, dir.resolve("emulator.journal"));
        String where = "DuckDB (" + dir.resolve("sfsync.duckdb") + ")";
        return runtime.run(context -> tour(context, org, where, out) == 0 ? 0 : 1);
    }

    private static int snowflake(Path dir, PrintStream out) throws Exception {
        List<String> network = nonLoopbackInterfaces();
        if (!network.isEmpty()) {
            throw new UsageException("demo --warehouse snowflake runs the Snowflake JDBC driver, which may only run"
                    + " where the network is nothing but loopback (this machine has " + network + "). Run it in"
                    + " a network namespace of its own:\n  unshare -rn sh -c 'ip link set lo up && java -jar"
                    + " target/sfsync.jar demo --warehouse snowflake'   (as root: unshare --net ...)");
        }
        try (SnowflakeEmulator snowflake = SnowflakeEmulator.start(SnowflakeEmulatorConfig.builder()
                .dataDirectory(dir.resolve("snowflake")).build())) {
            snowflake.provisionServiceUser(SNOWFLAKE_USER, SNOWFLAKE_PASSWORD, SNOWFLAKE_ROLE, true, List.of("RAW"));
            String p = SnowflakeSettings.PREFIX;
            SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false)
                    .set("camel.management.enabled", "false").set("camel.metrics.enabled", "false")
                    .set("sfsync.warehouse.type", "snowflake")
                    .set(p + "account-url", "http://127.0.0.1:" + snowflake.port())
                    .set(p + "user", SNOWFLAKE_USER)
                    .set(p + "password", SNOWFLAKE_PASSWORD)
                    .set(p + "role", SNOWFLAKE_ROLE)
                    .set(p + "database", snowflake.database())
                    .set(p + "schema", "RAW")
                    .set(p + "create-stage", "true");
            SalesforceEmulator org = EmbeddedOrg.start(runtime, dir.resolve("emulator.journal"));
            String where = "the offline Snowflake (" + snowflake.jdbcUrl() + ", database " + snowflake.database()
                    + ", data in " + dir.resolve("snowflake") + ")";
            return runtime.run(context -> tour(context, org, where, out) == 0 ? 0 : 1);
        }
    }

    private static List<String> nonLoopbackInterfaces() throws SocketException {
        List<String> names = new ArrayList<>();
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (i.isUp() && !i.isLoopback()) {
                names.add(i.getName());
            }
        }
        return names;
    }

    private static int tour(CamelContext context, SalesforceEmulator org, String where, PrintStream out) {
        IntelligentSync sync = new IntelligentSync(context);
        boolean again = context.getRegistry().lookupByNameAndType("sfsync-warehouse", io.sfsync.warehouse.Warehouse.class)
                .tableExists(new io.sfsync.warehouse.TableRef("RAW", "ACCOUNTS"));
        if (again) {
            out.println("Tables exist: changing records through the Salesforce API, then syncing incrementally.");
            change(context, org, out);
        } else {
            out.println("First run: full syncs of the demo org (" + org.baseUrl() + ") into " + where + ".");
        }
        List<SyncResult> results = new ArrayList<>();
        TABLES.forEach((sobject, table) -> results.add(sync.sync(SyncRequest.of(sobject).withTarget("RAW", table))));
        print(results, out);
        out.println("Warehouse: " + where + "  (run the demo again to sync what changed)");
        return (int) results.stream().filter(r -> !r.success()).count();
    }

    private static void change(CamelContext context, SalesforceEmulator org, PrintStream out) {
        ProducerTemplate t = context.createProducerTemplate();
        long stamp = System.currentTimeMillis() % 100_000;
        for (int i = 0; i < 40; i++) {
            String id = Ids.of("001", (stamp * 7 + i * 1_499L) % 60_000);
            t.requestBodyAndHeaders("sfsync-salesforce:updateSObject",
                    "{\"Rating\":\"Hot\",\"NumberOfEmployees\":" + (i + 1) + "}",
                    Map.of(SalesforceEndpointConfig.SOBJECT_NAME, "Account", SalesforceEndpointConfig.SOBJECT_ID, id));
        }
        for (int i = 0; i < 5; i++) {
            t.requestBodyAndHeaders("sfsync-salesforce:createSObject", "{\"LastName\":\"Demo " + stamp + "-" + i
                    + "\",\"Email\":\"demo" + i + "@example.com\"}", Map.of(SalesforceEndpointConfig.SOBJECT_NAME,
                            "Contact"));
        }
        String victim = Ids.of("006", stamp % 600);
        try {
            t.requestBodyAndHeaders("sfsync-salesforce:deleteSObject", null,
                    Map.of(SalesforceEndpointConfig.SOBJECT_NAME, "Opportunity", SalesforceEndpointConfig.SOBJECT_ID,
                            victim));
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
