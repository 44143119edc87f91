package io.sfsync.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's Snowflake section (issue 16, "Snowflake's bill"): what each sync method sends to Snowflake per run.
 * The Snowflake JDBC driver may only run inside a network namespace with nothing but loopback, so the section runs as
 * one JVM started under {@code unshare -rn sh -c 'ip link set lo up && exec java ...'} ({@code unshare --net} as root),
 * {@link SnowflakeBillProbe}, which starts its own offline org and offline Snowflake in there and prints one
 * {@link SnowflakeBillRow} per run; this side reads them. Where no such namespace can be made, the section is skipped
 * with one line.
 */
final class SnowflakeBench {
    static final List<Long> DEFAULT_SIZES = List.of(10_000L, 100_000L);
    static final long ONE_MILLION = 1_000_000L;

    /**
     * The section's options, read from the bench command line beside {@link BenchOptions}.
     *
     * @param enabled whether the section runs (by default; not with {@code --no-snowflake} or another section's
     *     {@code -only})
     * @param only whether it runs alone and replaces only its section of the report
     * @param sizes Account volumes, ascending (default 10,000 and 100,000; {@code --snowflake-with-1m} adds 1,000,000)
     */
    record Options(boolean enabled, boolean only, List<Long> sizes) {
        static final String USAGE = String.join("\n",
                "Snowflake's bill (issue 16; runs in a loopback-only network namespace, skipped where there is none):",
                "  --snowflake           after the other cases (the default; --no-snowflake: not), run each selected",
                "                        method into the offline Snowflake through the Snowflake JDBC driver and report",
                "                        statements, COPYs, MERGEs, PUT files, bytes staged and warehouse seconds per",
                "                        run, from QUERY_HISTORY",
                "  --snowflake-only      run that section alone and replace only its section of benchmarks.md",
                "  --snowflake-sizes N,...  its Account volumes (default 10000,100000)",
                "  --snowflake-with-1m   add 1,000,000 to them");

        static Options parse(String[] args) {
            // Part of a full run; a run of another section alone (--wide-only, --scale-only) leaves it out.
            List<String> given = List.of(args);
            boolean enabled = !given.contains("--no-snowflake") && !given.contains("--wide-only")
                    && !given.contains("--scale-only");
            boolean only = false;
            boolean with1m = false;
            List<Long> sizes = new ArrayList<>(DEFAULT_SIZES);
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--snowflake" -> enabled = true;
                    case "--snowflake-only" -> {
                        enabled = true;
                        only = true;
                    }
                    case "--snowflake-with-1m" -> with1m = true;
                    case "--snowflake-sizes" -> {
                        if (i + 1 >= args.length) {
                            throw new BenchUsageException("--snowflake-sizes needs a value");
                        }
                        sizes = new ArrayList<>();
                        for (String s : args[++i].split(",")) {
                            if (!s.isBlank()) {
                                sizes.add(BenchOptions.count("--snowflake-sizes", s, 1, Integer.MAX_VALUE));
                            }
                        }
                    }
                    default -> { }
                }
            }
            if (with1m && !sizes.contains(ONE_MILLION)) {
                sizes.add(ONE_MILLION);
            }
            if (sizes.isEmpty()) {
                throw new BenchUsageException("--snowflake-sizes needs at least one number");
            }
            return new Options(enabled, only, List.copyOf(new TreeSet<>(sizes)));
        }
    }

    /**
     * What the section found: its rows, or why it did not run.
     *
     * @param rows one per run, in the order they ran
     * @param skipped why the section did not run (no loopback-only namespace here), or null
     * @param note what went wrong with the JVM, or null
     */
    record Result(List<SnowflakeBillRow> rows, String skipped, String note) {
        boolean complete() {
            return skipped == null && note == null && rows.stream().allMatch(SnowflakeBillRow::success);
        }
    }

    private SnowflakeBench() {
    }

    /** Runs the section: the selected methods at {@code sf.sizes()}; its JVM's log goes to the work directory. */
    static Result run(BenchOptions options, Options sf, PrintStream out) throws IOException, InterruptedException {
        return run(options, sf, out, "unshare");
    }

    /** The same, with the namespace made by the program {@code unshare} (a test names one that does not exist). */
    static Result run(BenchOptions options, Options sf, PrintStream out, String unshare) throws IOException,
            InterruptedException {
        List<String> wrapper = namespaceWrapper(unshare);
        if (wrapper == null) {
            String why = "no loopback-only network namespace can be made here (unshare -rn, or unshare --net as root,"
                    + " with ip link set lo up), and the Snowflake JDBC driver may run nowhere else";
            out.println("Snowflake's bill: skipped: " + why);
            return new Result(List.of(), why, null);
        }
        Path log = options.workDir().resolve("snowflake.log");
        Files.createDirectories(log.toAbsolutePath().getParent());
        long heap = BenchOptions.heapBytes(options.emulatorHeap()) + BenchOptions.heapBytes(options.syncHeap());
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(ChildJvm.javaBinary(), "-Xmx" + (heap >> 20) + "m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), SnowflakeBillProbe.class.getName(),
                "--sizes", String.join(",", sf.sizes().stream().map(String::valueOf).toList()),
                "--methods", String.join(",", options.cases().stream().map(BenchCase::wireName).toList()),
                "--work", options.workDir().toAbsolutePath().toString(),
                "--max-records", Integer.toString(options.maxRecords()),
                "--change-percent", Integer.toString(options.changePercent()),
                "--keep", Boolean.toString(options.keep())));
        out.printf(Locale.ROOT, "Snowflake's bill: sizes %s, methods %s, in a loopback-only network namespace (log:"
                + " %s)%n", sf.sizes(), options.cases().stream().map(BenchCase::wireName).toList(), log);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SNOWFLAKE_DISABLE_PLATFORM_DETECTION", "true");
        Process p = pb.start();
        List<SnowflakeBillRow> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                file.write(line);
                file.newLine();
                SnowflakeBillRow r = SnowflakeBillRow.parse(line);
                if (r != null) {
                    rows.add(r);
                    out.println("  " + SnowflakeReport.summary(r));
                }
            }
        } finally {
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
            }
        }
        int exit = p.exitValue();
        String note = exit == 0 ? null : "the Snowflake section's JVM ended with exit " + exit + "; see " + log;
        if (note != null) {
            out.println("  " + note);
        }
        return new Result(rows, null, note);
    }

    /**
     * The command that starts a program in a new network namespace with loopback up ({@code unshare --net} as root,
     * else {@code unshare -rn}), or null when none can be made here (tried once with {@code ip link set lo up}).
     */
    static List<String> namespaceWrapper(String unshare) throws InterruptedException {
        String flags = isRoot() ? "--net" : "-rn";
        try {
            Process probe = new ProcessBuilder(unshare, flags, "sh", "-c", "ip link set lo up")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!probe.waitFor(30, TimeUnit.SECONDS)) {
                probe.destroyForcibly();
                return null;
            }
            if (probe.exitValue() != 0) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return List.of(unshare, flags, "sh", "-c", "ip link set lo up && exec \"$0\" \"$@\"");
    }

    private static boolean isRoot() throws InterruptedException {
        try {
            Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            id.waitFor();
            return uid.equals("0");
        } catch (IOException e) {
            return false;
        }
    }
}
