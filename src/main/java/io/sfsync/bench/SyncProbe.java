package io.sfsync.bench;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;

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
        BenchCase method = BenchCase.ofWireName(a.text("method"));
        String url = a.text("url");
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false)
                .set("camel.management.enabled", "false").set("camel.metrics.enabled", "false")
                .set("camel.component.salesforce.loginUrl", url)
                .set("camel.component.salesforce.clientId", EmulatorConfig.DEMO_CLIENT_ID)
                .set("camel.component.salesforce.clientSecret", EmulatorConfig.DEMO_CLIENT_SECRET)
                .set("camel.component.salesforce.userName", EmulatorConfig.DEMO_USERNAME)
                .set("camel.component.salesforce.password", EmulatorConfig.DEMO_PASSWORD)
                .set("sfsync.warehouse.duckdb.path", a.text("db"))
                .set("sfsync.warehouse.stage-root", a.text("stage-root"))
                .set("sfsync.bulk.max-records", a.text("max-records"));
        SyncRequest request = SyncRequest.of(SOBJECT).withTarget(SCHEMA, TABLE)
                .withThresholds(method.bulkApiThreshold(), method.stageThreshold())
                .withStage(method.stage(), null);
        AtomicReference<ProbeResult> out = new AtomicReference<>();
        runtime.run(context -> {
            IntelligentSync sync = new IntelligentSync(context);
            Stopwatch watch = Stopwatch.start();
            SyncResult r = sync.sync(request);
            out.set(result(method, r, watch.stop()));
            return r.success() ? 0 : 1;
        });
        ProbeResult r = out.get();
        return r != null ? r : ProbeResult.failed("the sync did not run: Camel stopped before it started");
    }

    private static ProbeResult result(BenchCase method, SyncResult r, Stopwatch watch) {
        boolean expected = method.wireName().equals(r.syncMethod());
        String note;
        if (!r.success()) {
            note = "failed: " + r.error();
        } else if (!expected) {
            note = "ran " + r.syncMethod() + " instead of " + method.wireName() + ": " + r.reason();
        } else {
            note = r.rowsInserted() + " inserted, " + r.rowsUpdated() + " updated";
        }
        return ProbeResult.of(r.success() && expected, r.estimatedRecords(), watch, r.apiCalls(), note);
    }
}
