package io.sfsync.cli;

import io.sfsync.snowflakeemulator.SnowflakeEmulator;
import io.sfsync.snowflakeemulator.SnowflakeEmulatorConfig;
import io.sfsync.snowflakeemulator.server.SnowflakeHttpServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/** {@code sfsync snowflake-emulator}: runs the offline Snowflake until interrupted. */
final class SnowflakeEmulatorCommand {
    static final String USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar snowflake-emulator [options]",
            "  --port N                 port to listen on (default 8090; 0 = any free port)",
            "  --host ADDR              loopback address to bind (default 127.0.0.1; nothing else is accepted)",
            "  --data DIR               keep the databases and stages in DIR (default: a temporary folder,"
                    + " deleted on exit)",
            "  --account NAME           account name (default SFSYNC)",
            "  --database NAME          database created at first start (default SFSYNC)",
            "  --admin-user NAME        admin user, role ACCOUNTADMIN (default ADMIN)",
            "  --admin-password-file F  read the admin password from F (default: a random one, printed)",
            "  --key-user NAME=PEM      create user NAME with the RSA public key in file PEM (PEM or DER),"
                    + " role ACCOUNTADMIN; repeatable",
            "  --token-validity SECS    lifetime of session tokens, renewed by the driver (default 3600)");

    private SnowflakeEmulatorCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        SnowflakeEmulatorConfig.Builder b = SnowflakeEmulatorConfig.builder().port(8090);
        List<String> keyUsers = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> b.port(Args.intValue(a, Args.next(args, ++i, a), 0, 65535));
                case "--host" -> b.host(Args.next(args, ++i, a));
                case "--data" -> b.dataDirectory(Path.of(Args.next(args, ++i, a)));
                case "--account" -> b.account(Args.next(args, ++i, a));
                case "--database" -> b.database(Args.next(args, ++i, a));
                case "--admin-user" -> b.adminUser(Args.next(args, ++i, a));
                case "--admin-password-file" -> b.adminPassword(readSecret(Path.of(Args.next(args, ++i, a))));
                case "--key-user" -> {
                    String v = Args.next(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new UsageException("--key-user takes NAME=PEM_FILE, got '" + v + "'");
                    }
                    String name = v.substring(0, eq);
                    b.user(new SnowflakeEmulatorConfig.User(name, null,
                            SnowflakeEmulatorConfig.publicKeyDer(readBytes(Path.of(v.substring(eq + 1)))),
                            "ACCOUNTADMIN", List.of("ACCOUNTADMIN")));
                    keyUsers.add(name.toUpperCase(Locale.ROOT));
                }
                case "--token-validity" ->
                    b.sessionTokenValidity(Duration.ofSeconds(Args.intValue(a, Args.next(args, ++i, a), 1, 86_400)));
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> throw new UsageException("unknown option '" + a + "'\n" + USAGE);
            }
        }
        SnowflakeEmulatorConfig config;
        try {
            config = b.build();
            SnowflakeHttpServer.requireLoopback(config.host());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        SnowflakeEmulator emulator = SnowflakeEmulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "snowflake-emulator-shutdown"));
        out.println("Offline Snowflake listening on " + emulator.baseUrl() + " (plain http, loopback only)");
        out.println("  JDBC URL       " + emulator.jdbcUrl());
        out.println("  account        " + emulator.account());
        out.println("  database       " + emulator.database() + "   (schema PUBLIC)");
        out.println("  user           " + emulator.adminUser() + "   (role ACCOUNTADMIN)");
        out.println("  password       " + emulator.adminPassword() + "   (local emulator only)");
        for (String u : keyUsers) {
            out.println("  key-pair user  " + u + "   (authenticator=SNOWFLAKE_JWT, private_key_file=...)");
        }
        out.println("  data           " + emulator.dataDirectory());
        out.println("  query history  " + emulator.baseUrl() + "/_emulator/queries");
        out.println("Connect with the Snowflake JDBC driver and the properties ssl=off, disablePlatformDetection=true,");
        out.println("from a JVM whose only network is loopback (docs/offline-snowflake.md). Press Ctrl+C to stop.");
        stopped.await();
        return 0;
    }

    private static String readSecret(Path file) {
        String s = new String(readBytes(file), StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
            throw new UsageException("the password file " + file + " is empty");
        }
        return s;
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
