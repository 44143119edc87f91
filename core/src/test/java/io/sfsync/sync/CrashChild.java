package io.sfsync.sync;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child JVM of {@link CrashSafetyIT}: sfsync started as {@code sfsync run} starts it (camel-main, the YAML routes),
 * pointed at the parent's emulator and a DuckDB file, runs one sync of Account into RAW.ACCOUNTS through
 * {@link IntelligentSync} and exits 0 when it succeeded. Standard output carries only its protocol lines:
 * {@code SFSYNC-RUN-STARTED} right before the sync, {@code SFSYNC-RESULT <log line>} after it (and a
 * {@code SFSYNC-CHECKPOINT} line when {@code -Dsfsync.checkpoint.pause} stops it); logs go to standard error.
 *
 * <p>Arguments, {@code --key value}: {@code url} (the emulator), {@code db} and {@code stage-root} (the DuckDB file and
 * its stage folder), {@code bulk} and {@code stage} (thresholds), {@code force} (true: forced full sync),
 * {@code use-stage}, {@code max-records}, {@code batch-rows}, {@code rest-batch-size}; and any {@code sfsync.*} key
 * set as it is, e.g. {@code --sfsync.warehouse.type snowflake} and the {@code sfsync.warehouse.snowflake.*} keys (a
 * password as {@code password-file}, never on the command line), in place of {@code db} and {@code stage-root}.
 */
public final class CrashChild {
    static final String STARTED = "SFSYNC-RUN-STARTED";
    static final String RESULT = "SFSYNC-RESULT";

    private CrashChild() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --key value, got " + argv[i]);
            }
            a.put(argv[i].substring(2), argv[i + 1]);
        }
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false)
                .set("camel.component.salesforce.loginUrl", required(a, "url"))
                .set("camel.component.salesforce.clientId", EmulatorConfig.DEMO_CLIENT_ID)
                .set("camel.component.salesforce.clientSecret", EmulatorConfig.DEMO_CLIENT_SECRET)
                .set("camel.component.salesforce.userName", EmulatorConfig.DEMO_USERNAME)
                .set("camel.component.salesforce.password", EmulatorConfig.DEMO_PASSWORD)
                // a child killed mid-run: no management server (its port would outlive nothing, but could clash)
                .set("camel.management.enabled", "false").set("camel.metrics.enabled", "false")
                .set("sfsync.bulk.poll-initial-ms", "20")
                .set("sfsync.bulk.poll-max-ms", "200")
                .set("sfsync.bulk.max-records", a.getOrDefault("max-records", "50000"))
                .set("sfsync.batch-rows", a.getOrDefault("batch-rows", "5000"))
                .set("sfsync.rest.batch-size", a.getOrDefault("rest-batch-size", "2000"));
        if (a.containsKey("db")) {
            runtime.set("sfsync.warehouse.duckdb.path", a.get("db"))
                    .set("sfsync.warehouse.stage-root", required(a, "stage-root"));
        }
        for (Map.Entry<String, String> e : a.entrySet()) {
            if (e.getKey().startsWith("sfsync.")) {
                runtime.set(e.getKey(), e.getValue());
            }
        }
        SyncRequest request = SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS")
                .withThresholds(Long.parseLong(required(a, "bulk")), Long.parseLong(required(a, "stage")))
                .withStage(Boolean.parseBoolean(a.getOrDefault("use-stage", "true")), null)
                .withForceFullSync(Boolean.parseBoolean(a.getOrDefault("force", "false")));
        AtomicReference<SyncResult> result = new AtomicReference<>();
        int status = runtime.run(context -> {
            IntelligentSync sync = new IntelligentSync(context);
            System.out.println(STARTED);
            System.out.flush();
            SyncResult r = sync.sync(request);
            result.set(r);
            System.out.println(RESULT + " " + r.logLine());
            System.out.flush();
            return r.success() ? 0 : 1;
        });
        System.exit(result.get() == null ? 2 : status);
    }

    private static String required(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + key);
        }
        return v;
    }
}
