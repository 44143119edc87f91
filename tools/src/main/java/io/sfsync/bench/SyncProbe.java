package io.sfsync.bench;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One sync as the product runs it: camel-main with sfsync's configuration and routes, the salesforce component pointed
 * at the emulator with its demo credentials, a DuckDB file of the case's own, and IntelligentSync with thresholds that
 * force the method under test. Measures the {@code sync} call alone (JVM start, Camel start and login excluded).
 */
final class SyncProbe {
    static final String SOBJECT = "Account";
    static final String SCHEMA = "RAW";
    static final String TABLE = "ACCOUNTS";

    private SyncProbe() {
    }

    static ProbeResult run(ProbeArgs a) throws Exception {
        // The run's timeline (a debug line per step and page) shows where its time goes: TimeSplit reads it.
        System.setProperty(TimeSplit.TIMELINE_LOGGER, "debug");
        BenchCase method = BenchCase.ofWireName(a.text("method"));
        SfsyncRuntime runtime = runtime(a)
                .set("sfsync.rest.wide-strategy", a.text("wide-strategy", "auto"));
        String transform = a.text("transform", null);
        if (transform != null) {
            // the product's routes and a route sfsync-transform: every record takes the record-level path
            runtime.set("camel.main.routes-include-pattern", "classpath:routes/*.yaml,file:" + transform);
        }
        String overlap = a.text("overlap-seconds", null);
        if (overlap != null) {
            runtime.set("sfsync.overlap-seconds", overlap);
        }
        SyncRequest request = SyncRequest.of(SOBJECT).withTarget(SCHEMA, TABLE)
                .withThresholds(method.bulkApiThreshold(), method.stageThreshold())
                .withStage(method.stage(), null);
        AtomicReference<ProbeResult> out = new AtomicReference<>();
        runtime.run(context -> {
            IntelligentSync sync = new IntelligentSync(context);
            System.out.println(TimeSplit.STARTUP + ManagementFactory.getRuntimeMXBean().getUptime() / 1e3);
            Stopwatch watch = Stopwatch.start();
            SyncResult r = sync.sync(request);
            out.set(result(method, a.text("expect", method.wireName()), r, watch.stop()));
            return r.success() ? 0 : 1;
        });
        ProbeResult r = out.get();
        return r != null ? r : ProbeResult.failed("the sync did not run: Camel stopped before it started");
    }

    /** sfsync as a camel-main process logged in to the emulator, with the case's DuckDB file and stage folder. */
    static SfsyncRuntime runtime(ProbeArgs a) {
        return new SfsyncRuntime().loadConfig(false)
                .set("camel.management.enabled", "false").set("camel.metrics.enabled", "false")
                .set("camel.component.salesforce.loginUrl", a.text("url"))
                .set("camel.component.salesforce.clientId", EmulatorConfig.DEMO_CLIENT_ID)
                .set("camel.component.salesforce.clientSecret", EmulatorConfig.DEMO_CLIENT_SECRET)
                .set("camel.component.salesforce.userName", EmulatorConfig.DEMO_USERNAME)
                .set("camel.component.salesforce.password", EmulatorConfig.DEMO_PASSWORD)
                .set("sfsync.warehouse.duckdb.path", a.text("db"))
                .set("sfsync.warehouse.stage-root", a.text("stage-root"))
                .set("sfsync.bulk.max-records", a.text("max-records"));
    }

    /**
     * The sync's result: a success only when it ran one of {@code expect} ({@code a|b}), which is the method under
     * test unless a wide query was meant to switch it (a REST run of a wide object that takes Bulk becomes
     * {@code bulk_api_*}).
     */
    private static ProbeResult result(BenchCase method, String expect, SyncResult r, Stopwatch watch) {
        boolean expected = java.util.List.of(expect.split("\\|")).contains(r.syncMethod());
        String note;
        if (!r.success()) {
            note = "failed: " + r.error();
        } else if (!expected) {
            note = "ran " + r.syncMethod() + " instead of " + expect + ": " + r.reason();
        } else {
            note = r.rowsInserted() + " inserted, " + r.rowsUpdated() + " updated"
                    + (r.syncMethod().equals(method.wireName()) ? "" : " (" + r.syncMethod() + ")");
        }
        return ProbeResult.of(r.success() && expected, r.estimatedRecords(), watch, r.apiCalls(), note)
                .withPages(r.pages());
    }
}
