package io.sfsync.emulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One HTTP request as the emulator's resources see it: method, path, decoded query, headers and body. */
public final class HttpCall {
    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private volatile String user;

    public HttpCall(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.rawQuery = rawQuery;
        this.query = Collections.unmodifiableMap(parseForm(rawQuery));
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new java.util.ArrayList<>())
                .addAll(v));
        this.headers = Collections.unmodifiableMap(lower);
        this.body = body == null ? new byte[0] : body;
    }

    /**
     * Decodes {@code a=1&b=2} with form rules: {@code +} and {@code %20} are both a space. The first value of a
     * repeated name wins.
     */
    public static Map<String, String> parseForm(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(decode(k), decode(v));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The Id of the user the call was authenticated as, or null before authentication (and for OAuth calls). */
    public String user() {
        return user;
    }

    /** Records who the call was authenticated as. */
    public void user(String userId) {
        this.user = userId;
    }

    public String method() {
        return method;
    }

    /** The path without query string, as sent (ids and locators are URL-safe). */
    public String path() {
        return path;
    }

    public String rawQuery() {
        return rawQuery;
    }

    public String param(String name) {
        return query.get(name);
    }

    public Map<String, String> params() {
        return query;
    }

    /** First value of a header, any case; null when absent. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The form parameters of an {@code application/x-www-form-urlencoded} body, else of the query string. */
    public Map<String, String> form() {
        String ct = header("Content-Type");
        if (ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            Map<String, String> out = parseForm(bodyText());
            query.forEach(out::putIfAbsent);
            return out;
        }
        return query;
    }
}
