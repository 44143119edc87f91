package io.sfsync.bench;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.snowflakeemulator.RunBill;
import io.sfsync.snowflakeemulator.SnowflakeEmulator;
import io.sfsync.snowflakeemulator.SnowflakeEmulatorConfig;
import io.sfsync.warehouse.Warehouse;
import io.sfsync.warehouse.snowflake.SnowflakeSettings;

import java.io.PrintStream;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's Snowflake section, in the JVM {@link SnowflakeBench} starts inside a loopback-only network
 * namespace: per size, an offline org and an offline Snowflake in this JVM, then every selected method into the
 * offline Snowflake through the Snowflake JDBC driver (full runs into empty tables, then 10 % of the Accounts changed
 * and the incremental runs into the tables the full runs made; with bulk_api_incremental, one more that reconciles
 * Ids), each run's bill read from QUERY_HISTORY and
 * COPY_HISTORY ({@link RunBill}) and printed as one {@link SnowflakeBillRow} line. Refuses to run where the network is
 * more than loopback: the driver must never connect from there.
 *
 * <p>{@code java -cp sfsync.jar io.sfsync.bench.SnowflakeBillProbe --sizes 10000,100000 --methods all --work DIR
 * --max-records 20000 --change-percent 10}
 */
public final class SnowflakeBillProbe {
    static final String USER = "SFSYNC";
    static final String ROLE = "SFSYNC_LOADER";
    static final String WAREHOUSE = "SFSYNC_WH";
    private static final String PASSWORD = "sfsync-bench";

    private SnowflakeBillProbe() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.camel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.net.snowflake", "warn");
        int status;
        try {
            status = run(args, System.out);
        } catch (Exception e) {
            e.printStackTrace();
            System.out.println(SnowflakeBillRow.failed(0, "-", String.valueOf(e.getMessage())).line());
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static int run(String[] args, PrintStream out) throws Exception {
        List<String> network = nonLoopbackInterfaces();
        if (!network.isEmpty()) {
            throw new IllegalStateException("the Snowflake section runs the Snowflake JDBC driver, which may only run"
                    + " where the network is nothing but loopback (this JVM sees " + network + ")");
        }
        ProbeArgs a = new ProbeArgs(args, 0);
        List<Long> sizes = new ArrayList<>();
        for (String s : a.text("sizes").split(",")) {
            sizes.add(Long.parseLong(s.trim()));
        }
        List<BenchCase> cases = new ArrayList<>();
        for (String s : a.text("methods").split(",")) {
            cases.add(BenchCase.ofWireName(s.trim()));
        }
        Path work = a.path("work");
        boolean ok = true;
        for (long n : sizes) {
            Path dir = work.resolve("snowflake-n" + n);
            try {
                ok &= runSize(n, cases, dir, a, out);
            } finally {
                if (!a.flag("keep")) {
                    deleteQuietly(dir);
                }
            }
        }
        return ok ? 0 : 1;
    }

    private static boolean runSize(long n, List<BenchCase> cases, Path dir, ProbeArgs a, PrintStream out)
            throws Exception {
        Files.createDirectories(dir);
        boolean[] ok = {true};
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder()
                .volume(SyncProbe.SOBJECT, Math.toIntExact(n)).bulkTiming(Duration.ZERO, Duration.ZERO)
                .dailyApiRequests(1_000_000_000L).gzip(false).build());
                SnowflakeEmulator snowflake = SnowflakeEmulator.start(SnowflakeEmulatorConfig.builder()
                        .dataDirectory(dir.resolve("snowflake")).build())) {
            snowflake.provisionServiceUser(USER, PASSWORD, ROLE, true, List.of(SyncProbe.SCHEMA));
            String p = SnowflakeSettings.PREFIX;
            SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false)
                    .set("camel.management.enabled", "false").set("camel.metrics.enabled", "false")
                    .setAll(org.loginProperties())
                    .set("sfsync.bulk.max-records", a.text("max-records", "20000"))
                    .set("sfsync.warehouse.type", "snowflake")
                    .set(p + "account-url", "http://127.0.0.1:" + snowflake.port())
                    .set(p + "user", USER).set(p + "password", PASSWORD).set(p + "role", ROLE)
                    .set(p + "warehouse", WAREHOUSE)
                    .set(p + "database", snowflake.database()).set(p + "schema", SyncProbe.SCHEMA)
                    .set(p + "create-stage", "true");
            long changePercent = Long.parseLong(a.text("change-percent", "10"));
            runtime.run(context -> {
                IntelligentSync sync = new IntelligentSync(context);
                Warehouse warehouse = context.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
                for (BenchCase c : cases) {
                    if (c.full()) {
                        ok[0] &= measure(sync, warehouse, c, n, n, out);
                    }
                }
                long changed = Math.max(1, n * changePercent / 100);
                if (cases.stream().anyMatch(c -> !c.full())) {
                    org.org().changeMany(SyncProbe.SOBJECT, Math.toIntExact(changed));
                }
                for (BenchCase c : cases) {
                    if (!c.full()) {
                        ok[0] &= measure(sync, warehouse, c, n, changed, out);
                    }
                }
                if (cases.contains(BenchCase.BULK_API_INCREMENTAL)) {
                    // Id reconciliation: an Id-only Bulk job's batches are loaded too (into their own table)
                    ok[0] &= measure(sync, warehouse, BenchCase.BULK_API_INCREMENTAL, RECONCILING, n, n, out);
                }
                return 0;
            });
        }
        return ok[0];
    }

    /** The label of the incremental Bulk run that also reconciles Ids. */
    static final String RECONCILING = "bulk_api_incremental+reconcile_ids";

    private static boolean measure(IntelligentSync sync, Warehouse warehouse, BenchCase c, long n, long rows,
            PrintStream out) {
        return measure(sync, warehouse, c, c.wireName(), n, rows, out);
    }

    /**
     * Runs one method into the table of its kind (the full and incremental runs of a kind share it); the run labelled
     * {@link #RECONCILING} also reconciles Ids.
     */
    private static boolean measure(IntelligentSync sync, Warehouse warehouse, BenchCase c, String label, long n,
            long rows, PrintStream out) {
        if (!c.runsFor(rows)) {
            return true;
        }
        String table = "ACCOUNTS_" + (c.stage() ? "STAGE" : c.bulk() ? "BULK" : "REGULAR");
        Instant from = Instant.now();
        Stopwatch watch = Stopwatch.start();
        SyncResult r = sync.sync(SyncRequest.of(SyncProbe.SOBJECT).withTarget(SyncProbe.SCHEMA, table)
                .withThresholds(c.bulkApiThreshold(), c.stageThreshold()).withStage(c.stage(), null)
                .withReconcileIds(label.equals(RECONCILING) ? Boolean.TRUE : null));
        watch.stop();
        Instant to = Instant.now();
        SnowflakeBillRow row;
        if (!r.success() || !r.syncMethod().equals(c.wireName())) {
            row = SnowflakeBillRow.failed(n, label, r.success() ? "ran " + r.syncMethod() + ": " + r.reason()
                    : "failed: " + r.error());
        } else {
            try (Connection conn = warehouse.connect()) {
                RunBill bill = RunBill.read(conn, USER, from, to);
                row = SnowflakeBillRow.of(n, label, r.actualRecords(), watch.seconds(), bill);
            } catch (Exception e) {
                row = SnowflakeBillRow.failed(n, label, "cannot read the query history: " + e.getMessage());
            }
        }
        out.println(row.line());
        out.flush();
        return row.success();
    }

    /** Deletes the size's offline Snowflake (its DuckDB file and stages): the figures are in the log. */
    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }

    static List<String> nonLoopbackInterfaces() throws SocketException {
        List<String> names = new ArrayList<>();
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (i.isUp() && !i.isLoopback()) {
                names.add(i.getName().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
