package io.sfsync.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * sfsync's defaults, written once: in the product's own {@code config/application.properties} (its copy inside the
 * jar is {@value #RESOURCE}, a path no application reads as its own), which documents each setting next to its
 * default. Everything else takes them from here: the settings
 * ({@link SyncSettings}), the start-up checks, the routes' placeholders ({@code io.sfsync.app.SfsyncConfiguration}
 * adds them as Camel's lowest-priority properties, so {@code {{sfsync.stage-threshold}}} needs no inline default).
 */
public final class Defaults {
    /** The resource inside the jar that holds the defaults. */
    public static final String RESOURCE = "io/sfsync/config/application.properties";

    /** The options of sfsync's Salesforce component that the file sets under this prefix. */
    private static final String SALESFORCE = "camel.component.salesforce.";
    private static final Map<String, String> VALUES = load("sfsync.", false);
    private static final Map<String, String> SALESFORCE_OPTIONS = load(SALESFORCE, true);

    private Defaults() {
    }

    /** The default of an {@code sfsync.*} key; a key with none is a programming error, reported as one. */
    public static String of(String key) {
        String value = VALUES.get(key);
        if (value == null) {
            throw new IllegalStateException("sfsync has no default for " + key + " (" + RESOURCE + " inside the jar)");
        }
        return value;
    }

    /** Every {@code sfsync.*} default, by key. */
    public static Map<String, String> all() {
        return VALUES;
    }

    /**
     * The defaults of sfsync's own Salesforce component ({@code sfsync-salesforce}): the options the same file sets
     * under {@code camel.component.salesforce.*}, by option name (apiVersion, httpMaxContentLength, ...).
     */
    public static Map<String, String> salesforceOptions() {
        return SALESFORCE_OPTIONS;
    }

    private static Map<String, String> load(String prefix, boolean strip) {
        Properties p = new Properties();
        try (InputStream in = Defaults.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from sfsync's jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " inside sfsync's jar", e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).forEach(k -> out.put(
                strip ? k.substring(prefix.length()) : k, p.getProperty(k).trim()));
        return Collections.unmodifiableMap(out);
    }
}
