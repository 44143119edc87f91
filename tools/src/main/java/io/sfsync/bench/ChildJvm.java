package io.sfsync.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link Probe} in a JVM of its own (the jar's classpath, the benchmark's heap cap) with its output in a log
 * file, and reads the result from the log's last line.
 */
final class ChildJvm {
    private static final int LOG_LINES_IN_ERRORS = 3;

    private final String heap;
    private final boolean jfr;
    private volatile Process running;

    /** @param jfr whether each JVM records a Flight Recorder profile next to its log ({@code x.log}: {@code x.jfr}) */
    ChildJvm(String heap, boolean jfr) {
        this.heap = heap;
        this.jfr = jfr;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs {@code probe} with {@code args} ({@code --key value}) and waits for its result. */
    ProbeResult run(String probe, Map<String, String> args, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError"));
        if (jfr) {
            String name = log.getFileName().toString().replaceAll("\\.log$", "") + ".jfr";
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + log.resolveSibling(name).toAbsolutePath());
        }
        // Log levels given to the bench (-Dorg.slf4j.simpleLogger.log.io.sfsync.warehouse=debug) reach every case.
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("org.slf4j.simpleLogger."))
                .sorted().forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(), probe));
        args.forEach((k, v) -> {
            command.add("--" + k);
            command.add(v);
        });
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true");
        Process p = pb.start();
        running = p;
        int exit;
        try {
            exit = p.waitFor();
        } finally {
            running = null;
        }
        return result(log, exit);
    }

    /** Stops the JVM that is running, if any (the benchmark was interrupted). */
    void stop() {
        Process p = running;
        if (p != null) {
            p.destroyForcibly();
        }
    }

    private ProbeResult result(Path log, int exit) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            ProbeResult r = ProbeResult.parse(lines.get(i));
            if (r != null) {
                return r;
            }
        }
        boolean oom = lines.stream().anyMatch(l -> l.contains("OutOfMemoryError"));
        String why = oom ? "OutOfMemoryError: the case needs more than -Xmx" + heap
                : "the JVM ended (exit " + exit + ") without a result";
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_LINES_IN_ERRORS), lines.size());
        return ProbeResult.failed(why + "; see " + log + (tail.isEmpty() || oom ? "" : ": " + String.join(" | ",
                tail)));
    }
}
