package io.sfsync.cli;

import io.sfsync.emulator.BenchObject;
import io.sfsync.emulator.Concurrency;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.Pacing;
import io.sfsync.emulator.SalesforceEmulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/** {@code sfsync emulator}: runs the offline demo org until interrupted. */
final class EmulatorCommand {
    static final String USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar emulator [options]",
            "  --port N              port to listen on (default 8089; 0 = any free port)",
            "  --host ADDR           loopback address to bind (default 127.0.0.1)",
            "  --seed N              seed of the generated demo data (default 42)",
            "  --volume TYPE=ROWS    generated rows of a type, repeatable (e.g. --volume Account=1000000)",
            "  --wide TYPE=FIELDS    give a type that many filled custom fields (e.g. --wide Account=800; max 800)",
            "  --jwt-cert FILE       PEM certificate whose key signs JWT bearer assertions",
            "  --bulk-delay MILLIS   time a Bulk job spends queued plus in progress (default 200)",
            "  --api-limit N         DailyApiRequests maximum (default 100000)",
            "  --no-gzip             never compress responses",
            "  --journal FILE        keep the org's changes in FILE and replay them on the next start",
            "  --public-url URL      URL to advertise to clients (e.g. http://salesforce-emulator:8089 in compose)",
            "  --objects SPEC        synthetic custom objects, repeatable: COUNT:MIN-MAX (e.g. 30:100-2000000, sizes",
            "                        spread log-uniformly, by --seed) or NAME__c=ROWS (docs/emulator-pacing.md)",
            "  --pace MODE           fast (default) or realistic: paced as a real org (docs/emulator-pacing.md)",
            "  --latency-ms N        added to every API call (fast 0, realistic 150)",
            "  --bulk-queue-ms N     time a Bulk job stays queued (fast 50, realistic 5000; wins over --bulk-delay)",
            "  --bulk-rows-per-second N  a Bulk job stays InProgress rows / N seconds (fast 0 = off, realistic 10000)",
            "  --bandwidth-mbps X    megabytes a second each response is written at (fast 0 = unlimited, realistic 4)",
            "  --long-requests N     requests of --long-request-seconds or longer allowed at once (default 25; 0: off)",
            "  --long-request-seconds S  when a request counts as long-running (default 20)",
            "  --cursors-per-user N  open REST query cursors per user (default 10; 0 = no limit)");

    private EmulatorCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("-h") || args[i].equals("--help")) {
                out.println(USAGE);
                return 0;
            }
        }
        EmulatorConfig config = config(args);
        SalesforceEmulator emulator = SalesforceEmulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        out.println("Salesforce emulator (offline demo org) listening on " + emulator.baseUrl());
        out.println("  login URL      " + emulator.baseUrl() + "   (also the instance URL)");
        out.println("  client id      " + config.clientId());
        out.println("  client secret  " + config.clientSecret() + "   (demo only)");
        out.println("  username       " + config.username());
        out.println("  password       " + config.password() + "   (security token " + config.securityToken()
                + ", optional)");
        out.println("  refresh token  " + config.refreshToken());
        out.println("  admin API      " + emulator.baseUrl() + "/_emulator/status");
        out.println("  volumes        " + config.volumes());
        if (!config.wide().isEmpty()) {
            out.println("  wide fields    " + config.wide());
        }
        if (!config.benchObjects().isEmpty()) {
            long total = config.benchObjects().stream().mapToLong(BenchObject::rows).sum();
            out.println("  bench objects  " + config.benchObjects().size() + " (" + total + " rows): "
                    + config.benchObjects().stream().map(o -> o.name() + "=" + o.rows()).toList());
        }
        out.println("  pace           " + describe(config.pacing()));
        Concurrency limits = config.concurrency();
        out.println("  limits         " + (limits.longRequests() == 0 ? "no long-request limit"
                : limits.longRequests() + " concurrent requests of " + limits.longRequest().toSeconds()
                        + " s or longer") + ", " + (limits.cursorsPerUser() == 0 ? "unlimited"
                        : Integer.toString(limits.cursorsPerUser())) + " query cursors per user");
        out.println("Press Ctrl+C to stop.");
        stopped.await();
        return 0;
    }

    /** The configuration the options give (args[0] is the command name). */
    static EmulatorConfig config(String[] args) {
        EmulatorConfig.Builder b = EmulatorConfig.builder().port(8089);
        Pacing pace = Pacing.FAST;
        Long latency = null;
        Long queue = null;
        Long rows = null;
        Double mbps = null;
        Long bulkDelay = null;
        int longRequests = Concurrency.DOCUMENTED.longRequests();
        long longSeconds = Concurrency.DOCUMENTED.longRequest().toSeconds();
        int cursors = Concurrency.DOCUMENTED.cursorsPerUser();
        long seed = 42;
        List<String> objects = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> b.port(Args.intValue(a, Args.next(args, ++i, a), 0, 65535));
                case "--host" -> b.host(Args.next(args, ++i, a));
                case "--seed" -> {
                    seed = Args.longValue(a, Args.next(args, ++i, a));
                    b.seed(seed);
                }
                case "--volume" -> {
                    String v = Args.next(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new UsageException("--volume takes TYPE=ROWS, got '" + v + "'");
                    }
                    b.volume(v.substring(0, eq), Args.intValue(a, v.substring(eq + 1), 0, Integer.MAX_VALUE));
                }
                case "--wide" -> {
                    String v = Args.next(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new UsageException("--wide takes TYPE=FIELDS, got '" + v + "'");
                    }
                    b.wide(v.substring(0, eq), Args.intValue(a, v.substring(eq + 1), 0, 800));
                }
                case "--jwt-cert" -> b.jwtCertificate(readCertificate(Path.of(Args.next(args, ++i, a))));
                case "--bulk-delay" -> bulkDelay = Args.longValue(a, Args.next(args, ++i, a));
                case "--api-limit" -> b.dailyApiRequests(Args.longValue(a, Args.next(args, ++i, a)));
                case "--no-gzip" -> b.gzip(false);
                case "--journal" -> b.journal(Path.of(Args.next(args, ++i, a)));
                case "--public-url" -> b.publicUrl(Args.next(args, ++i, a));
                case "--objects" -> objects.add(Args.next(args, ++i, a));
                case "--pace" -> {
                    try {
                        pace = Pacing.named(Args.next(args, ++i, a));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--pace: " + e.getMessage());
                    }
                }
                case "--latency-ms" -> latency = (long) Args.intValue(a, Args.next(args, ++i, a), 0, 600_000);
                case "--bulk-queue-ms" -> queue = (long) Args.intValue(a, Args.next(args, ++i, a), 0, 3_600_000);
                case "--bulk-rows-per-second" -> rows = (long) Args.intValue(a, Args.next(args, ++i, a), 0,
                        Integer.MAX_VALUE);
                case "--bandwidth-mbps" -> mbps = decimal(a, Args.next(args, ++i, a));
                case "--long-requests" -> longRequests = Args.intValue(a, Args.next(args, ++i, a), 0, 100_000);
                case "--long-request-seconds" -> longSeconds = Args.intValue(a, Args.next(args, ++i, a), 0, 86_400);
                case "--cursors-per-user" -> cursors = Args.intValue(a, Args.next(args, ++i, a), 0, 100_000);
                default -> throw new UsageException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        Pacing p = pace;
        if (bulkDelay != null) {
            p = p.withBulkTiming(Duration.ofMillis(bulkDelay / 4), Duration.ofMillis(bulkDelay - bulkDelay / 4));
        }
        p = latency == null ? p : p.withLatency(Duration.ofMillis(latency));
        p = queue == null ? p : p.withBulkQueue(Duration.ofMillis(queue));
        p = rows == null ? p : p.withBulkRowsPerSecond(rows);
        p = mbps == null ? p : p.withBytesPerSecond(Math.round(mbps * 1_000_000));
        b.pacing(p).concurrency(new Concurrency(longRequests, Duration.ofSeconds(longSeconds), cursors));
        for (String spec : objects) {
            try {
                b.benchObjects(BenchObject.parse(spec, seed));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--objects: " + e.getMessage());
            }
        }
        return b.build();
    }

    private static double decimal(String option, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= 0 && d <= 100_000) {
                return d;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new UsageException(option + " takes a number of megabytes a second from 0 to 100000, got '" + value
                + "'");
    }

    /** One line on how the org is paced, for the start-up banner. */
    static String describe(Pacing p) {
        if (p.equals(Pacing.FAST)) {
            return "fast (no added latency, Bulk queue 50 ms)";
        }
        return String.format(Locale.ROOT, "latency %d ms, Bulk queue %d ms, Bulk %s, bandwidth %s",
                p.latency().toMillis(), p.bulkQueue().toMillis(),
                p.bulkRowsPerSecond() == 0 ? "not paced by rows" : p.bulkRowsPerSecond() + " rows/s",
                p.bytesPerSecond() == 0 ? "unlimited" : p.bytesPerSecond() / 1e6 + " MB/s per response");
    }

    static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new UsageException("cannot read the certificate " + file + ": " + e.getMessage());
        }
    }
}
