package io.sfsync.cli;

import io.sfsync.emulator.EmulatorConfig;
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
            "  --public-url URL      URL to advertise to clients (e.g. http://salesforce-emulator:8089 in compose)");

    private EmulatorCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        EmulatorConfig.Builder b = EmulatorConfig.builder().port(8089);
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> b.port(Args.intValue(a, Args.next(args, ++i, a), 0, 65535));
                case "--host" -> b.host(Args.next(args, ++i, a));
                case "--seed" -> b.seed(Args.longValue(a, Args.next(args, ++i, a)));
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
                case "--bulk-delay" -> {
                    long ms = Args.longValue(a, Args.next(args, ++i, a));
                    b.bulkTiming(Duration.ofMillis(ms / 4), Duration.ofMillis(ms - ms / 4));
                }
                case "--api-limit" -> b.dailyApiRequests(Args.longValue(a, Args.next(args, ++i, a)));
                case "--no-gzip" -> b.gzip(false);
                case "--journal" -> b.journal(Path.of(Args.next(args, ++i, a)));
                case "--public-url" -> b.publicUrl(Args.next(args, ++i, a));
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> throw new UsageException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        EmulatorConfig config = b.build();
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
        out.println("Press Ctrl+C to stop.");
        stopped.await();
        return 0;
    }

    static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new UsageException("cannot read the certificate " + file + ": " + e.getMessage());
        }
    }
}
