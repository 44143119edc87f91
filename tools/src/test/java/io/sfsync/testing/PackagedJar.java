package io.sfsync.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * {@code java -jar target/sfsync.jar ...} started as a user starts it: its own working directory, the environment
 * variables given (and none of this JVM's CAMEL_* or SFSYNC_* ones), stdout and stderr captured into files.
 */
public final class PackagedJar implements AutoCloseable {
    /** The jar `mvn test` builds before the tests (pom.xml binds the jar to process-test-classes). */
    public static final Path JAR = Path.of("target", "sfsync.jar").toAbsolutePath();

    private final Process process;
    private final Path out;
    private final Path err;

    private PackagedJar(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts the jar in {@code dir} with {@code env} added to a clean environment; JVM options first, if any. */
    public static PackagedJar start(Path dir, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run mvn test (or mvn package) first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dcamel.management.port="))
                && !env.containsKey("CAMEL_MANAGEMENT_PORT")) {
            // tests run several at once: a free management port each, unless a test asks for one
            command.add("-Dcamel.management.port=0");
        }
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dcamel.server.port="))
                && !env.containsKey("CAMEL_SERVER_PORT")) {
            command.add("-Dcamel.server.port=0");
        }
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CAMEL_") || k.startsWith("SFSYNC_"));
        pb.environment().putAll(env);
        Files.createDirectories(dir);
        String name = "sfsync-" + System.nanoTime();
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        return new PackagedJar(pb.start(), out, err);
    }

    /** Runs the jar to its end (at most {@code timeout}) and returns its exit status and output. */
    public static Result run(Path dir, Map<String, String> env, Duration timeout, String... args) throws Exception {
        try (PackagedJar p = start(dir, env, List.of(), args)) {
            if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("sfsync " + String.join(" ", args) + " did not end within " + timeout
                        + "; stderr:\n" + p.stderr());
            }
            return new Result(p.process.exitValue(), p.stdout(), p.stderr());
        }
    }

    /** Exit status and output of a finished run. */
    public record Result(int status, String stdout, String stderr) {
        /** The lines sfsync itself printed to stderr ("sfsync: ..."), without the log. */
        public List<String> messages() {
            return stderr.lines().filter(l -> l.startsWith("sfsync: ")).map(l -> l.substring(8)).toList();
        }
    }

    public String stdout() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    public Process process() {
        return process;
    }

    /** Waits until the output (stdout and stderr) has a line that matches, or the process ends, or time is up. */
    public String awaitLine(Predicate<String> line, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String l : (stdout() + "\n" + stderr()).split("\n")) {
                if (line.test(l)) {
                    return l;
                }
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no such line " + (process.isAlive() ? "within " + timeout
                        : "before sfsync ended with status " + process.exitValue()) + "; stderr:\n" + stderr());
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }

    /** SIGTERM, as an orchestrator stops it; returns the exit status. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sfsync did not stop within " + timeout + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** The Salesforce login of an org as README documents it: CAMEL_COMPONENT_SALESFORCE_* variables only. */
    public static Map<String, String> credentials(io.sfsync.emulator.SalesforceEmulator org) {
        io.sfsync.emulator.EmulatorConfig c = org.config();
        return env("CAMEL_COMPONENT_SALESFORCE_LOGINURL", org.baseUrl(),
                "CAMEL_COMPONENT_SALESFORCE_CLIENTID", c.clientId(),
                "CAMEL_COMPONENT_SALESFORCE_CLIENTSECRET", c.clientSecret(),
                "CAMEL_COMPONENT_SALESFORCE_USERNAME", c.username(),
                "CAMEL_COMPONENT_SALESFORCE_PASSWORD", c.password());
    }

    /** A map of environment variables from name, value pairs. */
    public static Map<String, String> env(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
