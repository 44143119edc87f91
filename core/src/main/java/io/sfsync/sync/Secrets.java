package io.sfsync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secret values out of messages: a last guard before an error reaches a log, an exception or a result, for
 * the case where a library quotes a configured value back (camel-salesforce's login config prints its refresh token).
 */
public final class Secrets {
    /** Property keys and environment variables whose values are secrets (not the names of files holding one). */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(secret|password|passphrase|token|private[-_.]?key|keystore)(?![-_.]?file).*");
    /** Shorter values would mask ordinary words ("true"); Salesforce and Snowflake passwords have at least 8. */
    private static final int MIN_LENGTH = 8;

    private Secrets() {
    }

    /** Whether a property key or environment variable name holds a secret. */
    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** The values of the secret entries of a map of properties or environment variables. */
    public static List<String> values(Map<?, ?> entries) {
        List<String> out = new ArrayList<>();
        entries.forEach((k, v) -> {
            if (v != null && isSecretName(k.toString())) {
                out.add(v.toString().trim());
            }
        });
        return out;
    }

    /** The text with every occurrence of one of the secrets replaced by {@code ****}. */
    public static String mask(String text, Collection<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_LENGTH && !s.startsWith("{{")) {
                out = out.replace(s, "****");
            }
        }
        return out;
    }
}
