package io.sfsync.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The {@code --key value} arguments the benchmark passes to a measured JVM. */
final class ProbeArgs {
    private final Map<String, String> values = new HashMap<>();

    ProbeArgs(String[] args, int from) {
        for (int i = from; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --key value pairs, got '" + args[i] + "'");
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
    }

    String text(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("the probe needs --" + key);
        }
        return v;
    }

    /** The value of {@code --key}, or {@code fallback} when it was not given. */
    String text(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    Path path(String key) {
        return Path.of(text(key));
    }

    long number(String key) {
        return Long.parseLong(text(key));
    }

    long number(String key, long fallback) {
        String v = text(key, null);
        return v == null ? fallback : Long.parseLong(v);
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(values.getOrDefault(key, "false"));
    }
}
