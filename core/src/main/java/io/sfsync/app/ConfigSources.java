package io.sfsync.app;

import io.sfsync.api.Defaults;
import io.sfsync.salesforce.SfsyncSalesforce;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration of a standalone sfsync, read from its sources in one order; a later source overrides an earlier
 * one, key by key:
 * <ol>
 * <li>the copies inside the jar ({@code io/sfsync/config/application.properties}; its {@code objects.properties}
 * only when the configuration directory has no such file and was not named with {@code --config});</li>
 * <li>the configuration directory: {@code --config DIR}, {@code SFSYNC_CONFIG_DIR}, else {@code config/} in the working
 * directory ({@code application.properties}, {@code objects.properties});</li>
 * <li>the profile file {@code application-PROFILE.properties} of that directory ({@code --profile},
 * {@code SFSYNC_PROFILE}, or {@code camel.main.profile});</li>
 * <li>environment variables: {@code CAMEL_COMPONENT_SALESFORCE_CLIENTID} for
 * {@code camel.component.salesforce.clientId}, {@code SFSYNC_BULK_API_THRESHOLD} for {@code sfsync.bulk-api-threshold}
 * (upper case, every character that is not a letter or digit an underscore, or left out);</li>
 * <li>Java system properties ({@code -Dsfsync.bulk-api-threshold=5000}).</li>
 * </ol>
 * Values may hold placeholders that Camel resolves when it reads them: {@code {{env:NAME}}}, and {@code {{file:PATH}}}
 * for a secret mounted as a file. Each key remembers its source ({@link #origin}), never a secret's value.
 */
public final class ConfigSources {
    /** Where the jar keeps the copies of config/ (not config/ itself: Spring Boot reads that as the application's). */
    private static final String JAR_CONFIG = "io/sfsync/config/";
    /** The configuration directory as a system property ({@code --config DIR} sets it). */
    public static final String CONFIG_DIR = "sfsync.config-dir";
    /** The profile as a system property ({@code --profile NAME} sets it). */
    public static final String PROFILE = "sfsync.profile";
    static final String CAMEL_PROFILE = "camel.main.profile";
    static final String SALESFORCE = "camel.component.salesforce.";
    private static final Pattern COMMENTED_KEY = Pattern.compile("^#\\s*([a-z][A-Za-z0-9_.\\-]*)\\s*=.*$");
    /** Variables of ours that are not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("SFSYNC_CONFIG_DIR", "SFSYNC_PROFILE", "SFSYNC_TEST_JAVA");
    private static final String[] ENV_PREFIXES = {"SFSYNC_", "CAMEL_COMPONENT_SALESFORCE_", "CAMEL_MAIN_",
        "CAMEL_COMPONENT_QUARTZ_", "CAMEL_SERVER_", "CAMEL_MANAGEMENT_", "CAMEL_HEALTH_", "CAMEL_METRICS_"};

    private final Properties properties = new Properties();
    private final Map<String, String> origins = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private Path directory;
    private String profile;

    private ConfigSources() {
    }

    /** Reads every source; {@code env} and {@code system} are the process's environment and system properties. */
    public static ConfigSources load(boolean withObjects, Map<String, String> env, Properties system) {
        ConfigSources c = new ConfigSources();
        c.read(withObjects, env, system);
        return c;
    }

    /** The merged configuration, placeholders unresolved. */
    public Properties properties() {
        return properties;
    }

    /** Where a key's value comes from: a file, {@code environment NAME}, {@code -Dkey}; null when not set. */
    public String origin(String key) {
        return origins.get(key);
    }

    /** Every key with its source. */
    public Map<String, String> origins() {
        return origins;
    }

    /** What is wrong with the sources themselves (a missing directory or profile file, an unknown variable). */
    public List<String> problems() {
        return problems;
    }

    /** What is suspicious but harmless (a variable named like a setting that is none). */
    public List<String> warnings() {
        return warnings;
    }

    /** The configuration directory read (it may not exist: then only the jar's copies are read). */
    public Path directory() {
        return directory;
    }

    private void read(boolean withObjects, Map<String, String> env, Properties system) {
        String dirSetting = first(system.getProperty(CONFIG_DIR), env.get("SFSYNC_CONFIG_DIR"));
        boolean explicit = dirSetting != null;
        directory = Path.of(explicit ? dirSetting : "config");
        if (explicit && !Files.isDirectory(directory)) {
            problems.add("configuration directory " + directory + " does not exist (from "
                    + (system.getProperty(CONFIG_DIR) != null ? "--config" : "SFSYNC_CONFIG_DIR") + ")");
        }
        Set<String> documented = new TreeSet<>();
        readJar(Defaults.RESOURCE, documented);
        readFile(directory.resolve("application.properties"));
        if (withObjects) {
            Path objects = directory.resolve("objects.properties");
            if (Files.exists(objects)) {
                readFile(objects);
            } else if (!explicit) {
                readJar(JAR_CONFIG + "objects.properties", null);
            }
        }
        String named = first(system.getProperty(PROFILE), env.get("SFSYNC_PROFILE"));
        profile = first(named, system.getProperty(CAMEL_PROFILE), env.get("CAMEL_MAIN_PROFILE"),
                properties.getProperty(CAMEL_PROFILE));
        if (profile != null) {
            Path file = directory.resolve("application-" + profile + ".properties");
            if (Files.exists(file)) {
                readFile(file);
            } else if (named != null) {
                problems.add("profile '" + profile + "' has no file " + file + " (from "
                        + (system.getProperty(PROFILE) != null ? "--profile" : "SFSYNC_PROFILE") + ")");
            }
        }
        Map<String, String> byName = candidates(documented);
        applyEnvironment(env, byName);
        for (String key : byName.values()) {
            String value = system.getProperty(key);
            if (value != null) {
                set(key, value, "-D" + key);
            }
        }
    }

    /**
     * Every key an environment variable may set, by its normalized name: the keys read so far, the catalog's, the
     * ones the jar's application.properties documents in comments, and the salesforce component's options.
     */
    private Map<String, String> candidates(Set<String> documented) {
        Map<String, String> byName = new HashMap<>();
        List<String> keys = new ArrayList<>();
        properties.stringPropertyNames().forEach(keys::add);
        keys.addAll(SettingsCatalog.global().keySet());
        keys.addAll(documented);
        keys.addAll(salesforceOptions());
        salesforceOptions().forEach(k -> keys.add(SfsyncSalesforce.PREFIX + k.substring(SALESFORCE.length())));
        for (String key : keys) {
            byName.putIfAbsent(SettingsCatalog.normalize(key), key);
        }
        return byName;
    }

    private void applyEnvironment(Map<String, String> env, Map<String, String> byName) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (NOT_SETTINGS.contains(name) || !hasPrefix(name)) {
                continue;
            }
            String key = byName.get(SettingsCatalog.normalize(name));
            if (key != null) {
                set(key, e.getValue(), "environment " + name);
            } else if (name.startsWith("CAMEL_COMPONENT_SALESFORCE_")) {
                List<String> near = SettingsCatalog.near(name, envNames(byName.values(), SALESFORCE));
                problems.add("environment variable " + name + " is not a setting of the salesforce component"
                        + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)"));
            } else if (name.startsWith("SFSYNC_")) {
                List<String> near = SettingsCatalog.near(name, envNames(byName.values(), "sfsync."));
                warnings.add("environment variable " + name + " is not an sfsync setting and is ignored"
                        + (near.isEmpty() ? "" : " (did you mean " + String.join(" or ", near) + "?)"));
            }
        }
    }

    private static boolean hasPrefix(String name) {
        for (String p : ENV_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The environment variable of each key with the prefix. */
    private static Set<String> envNames(Iterable<String> keys, String prefix) {
        Set<String> out = new TreeSet<>();
        for (String key : keys) {
            if (key.startsWith(prefix)) {
                out.add(envName(key));
            }
        }
        return out;
    }

    /** The environment variable that sets a key: {@code sfsync.bulk-api-threshold} -> SFSYNC_BULK_API_THRESHOLD. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The salesforce component's options, from its catalog entry (plus the keystore's parts). */
    static List<String> salesforceOptions() {
        return SfsyncSalesforce.componentOptions().stream().map(o -> SALESFORCE + o).toList();
    }

    private void readJar(String name, Set<String> documented) {
        try (InputStream in = ConfigSources.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return;
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            merge(text, "sfsync.jar!/" + name);
            if (documented != null) {
                for (String line : text.split("\n")) {
                    Matcher m = COMMENTED_KEY.matcher(line.trim());
                    if (m.matches()) {
                        documented.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " inside the jar", e);
        }
    }

    private void readFile(Path file) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            merge(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            problems.add("cannot read " + file + ": " + e.getMessage());
        }
    }

    private void merge(String text, String origin) {
        Properties p = new Properties();
        try {
            p.load(new InputStreamReader(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            problems.add("cannot read " + origin + ": " + e.getMessage());
            return;
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        p.forEach((k, v) -> ordered.put(k.toString().trim(), v.toString().trim()));
        ordered.forEach((k, v) -> set(k, v, origin));
    }

    private void set(String key, String value, String origin) {
        properties.setProperty(key, value);
        origins.put(key, origin);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
