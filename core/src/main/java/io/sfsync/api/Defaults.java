package io.sfsync.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * sfsync's defaults, written once: in the product's own {@code config/application.properties} (the copy inside the
 * jar), which documents each setting next to its default. Everything else takes them from here: the settings
 * ({@link SyncSettings}), the start-up checks, the routes' placeholders ({@code io.sfsync.app.SfsyncConfiguration}
 * adds them as Camel's lowest-priority properties, so {@code {{sfsync.stage-threshold}}} needs no inline default).
 */
public final class Defaults {
    /** The resource inside the jar that holds the defaults. */
    public static final String RESOURCE = "config/application.properties";

    private static final Map<String, String> VALUES = load();

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

    private static Map<String, String> load() {
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
        p.stringPropertyNames().stream().filter(k -> k.startsWith("sfsync.")).forEach(k -> out.put(k,
                p.getProperty(k).trim()));
        return Collections.unmodifiableMap(out);
    }
}
