package io.sfsync.app;

import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the placeholders of a configuration value before Camel runs, the way Camel will resolve them:
 * {@code {{env:NAME}}}, {@code {{env:NAME:default}}}, {@code {{sys:NAME}}}, {@code {{file:PATH}}} and {@code {{key}}}.
 * Used to check values and to tell whether a setting will have one (a login configured by placeholders); a secret's
 * value is never printed from here.
 */
public final class Placeholders {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]+)}}");

    private Placeholders() {
    }

    /** The value with its placeholders resolved; null when one of them has no value. */
    public static String resolve(String value, Properties properties, Map<String, String> env) {
        return resolve(value, properties, env, 0);
    }

    private static String resolve(String value, Properties properties, Map<String, String> env, int depth) {
        if (value == null || depth > 10) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String one = one(m.group(1).trim(), properties, env, depth);
            if (one == null) {
                return null;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(one));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String one(String expression, Properties properties, Map<String, String> env, int depth) {
        int colon = expression.indexOf(':');
        String function = colon < 0 ? null : expression.substring(0, colon);
        if ("env".equals(function) || "sys".equals(function)) {
            String rest = expression.substring(colon + 1);
            int fallback = rest.indexOf(':');
            String name = fallback < 0 ? rest : rest.substring(0, fallback);
            String v = "env".equals(function) ? env.get(name) : System.getProperty(name);
            return v != null ? v : fallback < 0 ? null : rest.substring(fallback + 1);
        }
        if ("file".equals(function)) {
            try {
                return new FilePropertiesFunction().apply(expression.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        String key = colon < 0 ? expression : expression.substring(0, colon);
        String v = properties.getProperty(key);
        if (v == null) {
            return colon < 0 ? null : expression.substring(colon + 1);
        }
        return resolve(v, properties, env, depth + 1);
    }
}
