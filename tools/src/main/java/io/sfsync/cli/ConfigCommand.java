package io.sfsync.cli;

import io.sfsync.app.ConfigSources;
import io.sfsync.app.Placeholders;
import io.sfsync.app.StartupChecks;
import io.sfsync.app.StartupException;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.sync.Secrets;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code sfsync config}: the configuration as {@code run} reads it, each key with its value and its source, secrets
 * masked; then the checks that need no org and no warehouse. Exit status 2 when a check fails, as {@code run} would.
 */
final class ConfigCommand {
    static final String USAGE = String.join("\n",
            "Usage: java -jar target/sfsync.jar config [--json] [--config DIR] [--profile NAME]",
            "Shows every setting sfsync reads, its value (secrets as ****) and where it comes from: the jar, a file of",
            "the configuration directory, its profile file, an environment variable or -Dkey=value (later ones win).",
            "Then checks it as `run` does before it connects to anything; exit status 2 names each problem.",
            "  --json   one JSON document: {\"directory\", \"settings\": [{key, value, source}], \"problems\", \"warnings\"}");

    private ConfigCommand() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        boolean json = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                default -> throw new UsageException("config: unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        Map<String, String> env = System.getenv();
        ConfigSources sources = ConfigSources.load(true, env, System.getProperties());
        Properties p = sources.properties();
        Map<String, String> all = new TreeMap<>();
        p.forEach((k, v) -> all.put(k.toString(), v.toString()));
        UnaryOperator<String> resolve = v -> {
            String r = Placeholders.resolve(v, p, env);
            return r == null ? v : r;
        };
        List<String> warnings = new ArrayList<>(sources.warnings());
        List<String> problems = new ArrayList<>(sources.problems());
        problems.addAll(StartupChecks.settingProblems(all, resolve, warnings));
        problems.addAll(StartupChecks.objectProblems(all, resolve));
        String login = login(p, env);
        if (login != null) {
            problems.add(login);
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode doc = mapper.createObjectNode();
            doc.put("directory", sources.directory().toString());
            ArrayNode settings = doc.putArray("settings");
            all.forEach((k, v) -> settings.addObject().put("key", k).put("value", shown(k, v, p, env))
                    .put("source", sources.origin(k)));
            problems.forEach(doc.putArray("problems")::add);
            warnings.forEach(doc.putArray("warnings")::add);
            out.println(mapper.writeValueAsString(doc));
        } else {
            out.println("# configuration directory: " + sources.directory()
                    + (java.nio.file.Files.isDirectory(sources.directory()) ? "" : " (missing: the jar's copies)"));
            all.forEach((k, v) -> out.println(k + " = " + shown(k, v, p, env) + "    # " + sources.origin(k)));
            warnings.forEach(w -> out.println("# warning: " + w));
        }
        if (!problems.isEmpty()) {
            throw new StartupException(problems, true);
        }
        return 0;
    }

    /**
     * The value to show: a secret as **** (with the names of the variables or files it comes from, never a default
     * written into its placeholder), a placeholder with what it resolves to, a URL without its password.
     */
    static String shown(String key, String value, Properties p, Map<String, String> env) {
        boolean secret = Secrets.isSecretName(key);
        if (!value.contains("{{")) {
            return secret && !value.isEmpty() ? "****" : withoutPassword(value);
        }
        String resolved = Placeholders.resolve(value, p, env);
        if (secret) {
            return value.replaceAll("\\{\\{(env|sys):([^:}]+):[^}]*}}", "{{$1:$2:****}}")
                    + (resolved == null ? " (not set)" : " -> ****");
        }
        return withoutPassword(value) + (resolved == null ? " (not set)" : " -> " + withoutPassword(resolved));
    }

    /** A URL's password ({@code //user:password@}, {@code password=...}) as ****. */
    static String withoutPassword(String value) {
        return value.replaceAll("(//[^/:@\\s]+:)[^@/\\s]+@", "$1****@")
                .replaceAll("(?i)((?:password|passwd|pwd|secret|token)=)[^&;\\s]+", "$1****");
    }

    /** The login check of {@code run}, on the configured values; null when none is configured (the demo org). */
    private static String login(Properties configured, Map<String, String> env) {
        // the options sfsync's component gets (camel.component.salesforce.*, or sfsync.salesforce.* when it logs in)
        Properties p = SfsyncSalesforce.standalone(configured);
        String sf = SfsyncSalesforce.PREFIX;
        String clientId = Placeholders.resolve(p.getProperty(sf + "clientId"), p, env);
        boolean any = false;
        for (String k : List.of("clientId", "clientSecret", "userName", "password", "refreshToken",
                "keystore.resource")) {
            String v = Placeholders.resolve(p.getProperty(sf + k), p, env);
            any |= v != null && !v.isBlank();
        }
        if (!any) {
            return null;
        }
        return new StartupChecks.Login(clientId, has(p, env, sf + "clientSecret"), has(p, env, sf + "userName"),
                has(p, env, sf + "password"), has(p, env, sf + "refreshToken"), has(p, env, sf + "keystore.resource"),
                Placeholders.resolve(p.getProperty(sf + "authenticationType"), p, env)).problem();
    }

    private static boolean has(Properties p, Map<String, String> env, String key) {
        String v = Placeholders.resolve(p.getProperty(key), p, env);
        return v != null && !v.isBlank();
    }
}
