package io.sfsync.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every {@code sfsync.*} setting and every key of an object stanza, with the values it accepts: what start-up checks
 * a configuration against, and what maps an environment variable ({@code SFSYNC_BULK_API_THRESHOLD}) to its key.
 */
public final class SettingsCatalog {
    /** The values a setting accepts. */
    public enum Kind {
        /** A whole number in [min, max]. */
        NUMBER,
        /** A number of at least min, fractions allowed. */
        DECIMAL,
        /** true or false. */
        BOOLEAN,
        /** One of the listed words (case-insensitive). */
        CHOICE,
        /** A plain SQL identifier: a letter, then letters, digits and underscores. */
        IDENTIFIER,
        /** A Salesforce API name: a letter, then letters, digits and underscores. */
        API_NAME,
        /** Free text (a path, a URL, a stage name, a secret). */
        TEXT
    }

    /** One setting: its key, what it accepts, and its limits when it is a number or a choice. */
    public record Setting(String key, Kind kind, long min, long max, List<String> choices) {

        /** Why {@code value} is not acceptable, as the end of a sentence; null when it is. */
        public String problem(String value) {
            String v = value.trim();
            switch (kind) {
                case NUMBER: {
                    long n;
                    try {
                        n = Long.parseLong(v.replace("_", ""));
                    } catch (NumberFormatException e) {
                        return "takes a whole number, got '" + v + "'";
                    }
                    if (n < min || n > max) {
                        return "must be " + range() + ", got " + v;
                    }
                    return null;
                }
                case DECIMAL: {
                    double d;
                    try {
                        d = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        return "takes a number, got '" + v + "'";
                    }
                    return d >= min && !Double.isInfinite(d) ? null : "must be at least " + min + ", got " + v;
                }
                case BOOLEAN:
                    return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false") ? null
                            : "takes true or false, got '" + v + "'";
                case CHOICE:
                    return choices.contains(v.toLowerCase(Locale.ROOT)) ? null
                            : "takes " + String.join(" or ", choices) + ", got '" + v + "'";
                case IDENTIFIER:
                    return NAME.matcher(v).matches() ? null
                            : "must be a plain identifier (a letter, then letters, digits and underscores), got '" + v
                                    + "'";
                case API_NAME:
                    return NAME.matcher(v).matches() ? null
                            : "must be a Salesforce API name (a letter, then letters, digits and underscores), got '"
                                    + v + "'";
                default:
                    return null;
            }
        }

        private String range() {
            if (max == Long.MAX_VALUE) {
                return "at least " + String.format(Locale.ROOT, "%,d", min);
            }
            return "between " + String.format(Locale.ROOT, "%,d", min) + " and " + String.format(Locale.ROOT, "%,d",
                    max);
        }
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Map<String, Setting> GLOBAL = new LinkedHashMap<>();
    private static final Map<String, Setting> STANZA = new LinkedHashMap<>();

    static {
        number(GLOBAL, "sfsync.bulk-api-threshold", 0, Long.MAX_VALUE);
        number(GLOBAL, "sfsync.stage-threshold", 0, Long.MAX_VALUE);
        add(GLOBAL, "sfsync.use-stage", Kind.BOOLEAN);
        add(GLOBAL, "sfsync.stage-name", Kind.TEXT);
        add(GLOBAL, "sfsync.default-schema", Kind.IDENTIFIER);
        add(GLOBAL, "sfsync.match-field", Kind.API_NAME);
        add(GLOBAL, "sfsync.watermark-field", Kind.API_NAME);
        number(GLOBAL, "sfsync.overlap-seconds", 0, 86_400);
        choice(GLOBAL, "sfsync.delete-mode", "soft", "hard");
        add(GLOBAL, "sfsync.reconcile-ids", Kind.BOOLEAN);
        number(GLOBAL, "sfsync.formula-refresh-every", 0, Integer.MAX_VALUE);
        number(GLOBAL, "sfsync.bulk.max-records", 1, 1_000_000);
        number(GLOBAL, "sfsync.bulk.poll-initial-ms", 1, 600_000);
        number(GLOBAL, "sfsync.bulk.poll-max-ms", 1, 600_000);
        number(GLOBAL, "sfsync.bulk.timeout-seconds", 1, 7 * 86_400);
        // From one 1 KiB row up to the 2 GiB a Java array (and so a buffered page) can hold.
        number(GLOBAL, "sfsync.bulk.page-bytes", 1024, Integer.MAX_VALUE);
        add(GLOBAL, "sfsync.bulk.resume", Kind.BOOLEAN);
        // Salesforce accepts a REST batch size from 200 to 2,000 (Sforce-Query-Options: batchSize).
        number(GLOBAL, "sfsync.rest.batch-size", 200, 2_000);
        // Salesforce refuses more than 16,384 bytes of URI and headers; a longer query is read in field chunks.
        number(GLOBAL, "sfsync.rest.max-uri-bytes", 1_024, 16_384);
        choice(GLOBAL, "sfsync.rest.wide-strategy", "auto", "chunk", "bulk");
        number(GLOBAL, "sfsync.batch-rows", 1, 10_000_000);
        // Reverse sync: sObject Collections take at most 200 records a request; an ingest job one upload of at most
        // 150 MB base64-encoded (about 100 MB of CSV).
        number(GLOBAL, "sfsync.reverse.bulk-threshold", 0, Long.MAX_VALUE);
        number(GLOBAL, "sfsync.reverse.batch-size", 1, 200);
        number(GLOBAL, "sfsync.reverse.bulk.upload-bytes", 1_024, 100_000_000);
        number(GLOBAL, "sfsync.reverse.bulk.upload-rows", 1, Long.MAX_VALUE);
        add(GLOBAL, "sfsync.reverse.failures-suffix", Kind.TEXT);
        add(GLOBAL, "sfsync.reverse.bulk.spool-dir", Kind.TEXT);
        number(GLOBAL, "sfsync.progress-seconds", 0, 86_400);
        // Runs reading and loading at once (RunSlots): each REST run holds a query cursor, and a user may hold 10.
        number(GLOBAL, "sfsync.runs.max-concurrent", 1, 10);
        number(GLOBAL, "sfsync.runs.large-rows", 1, Long.MAX_VALUE);
        number(GLOBAL, "sfsync.schedule.threads", 1, 1_000);
        number(GLOBAL, "sfsync.retry.max-retries", 0, 100);
        number(GLOBAL, "sfsync.retry.initial-delay-ms", 0, 3_600_000);
        number(GLOBAL, "sfsync.retry.max-delay-ms", 0, 3_600_000);
        number(GLOBAL, "sfsync.quota.min-api-requests", 0, Long.MAX_VALUE);
        number(GLOBAL, "sfsync.quota.min-bulk-jobs", 0, Long.MAX_VALUE);
        // Kept run files (stage files of failed runs, pages of killed ones) and the free-space check: LocalDisk.
        number(GLOBAL, "sfsync.stage.retention-hours", 0, 100L * 365 * 24);
        number(GLOBAL, "sfsync.stage.retention-max-mb", 0, Long.MAX_VALUE / (1024 * 1024));
        add(GLOBAL, "sfsync.free-space.check", Kind.BOOLEAN);
        number(GLOBAL, "sfsync.free-space.margin-percent", 0, 1_000);
        choice(GLOBAL, "sfsync.warehouse.type", "duckdb", "snowflake");
        add(GLOBAL, "sfsync.warehouse.duckdb.path", Kind.TEXT);
        add(GLOBAL, "sfsync.warehouse.stage-root", Kind.TEXT);
        add(GLOBAL, "sfsync.warehouse.control-schema", Kind.IDENTIFIER);
        // The Snowflake keys are checked, with their own messages, by SnowflakeSettings when the warehouse is made.
        for (String key : List.of("account-url", "user", "password", "password-file", "private-key-file",
                "private-key-passphrase", "private-key-passphrase-file", "authenticator", "role", "warehouse",
                "database", "schema", "create-stage", "pool-size", "login-timeout-seconds",
                "statement-timeout-seconds", "lock-timeout-seconds")) {
            add(GLOBAL, "sfsync.warehouse.snowflake." + key, Kind.TEXT);
        }

        for (String key : List.of("jdbc-url", "user", "password", "node-id", "table-prefix")) {
            add(GLOBAL, "sfsync.cluster." + key, Kind.TEXT);
        }
        number(GLOBAL, "sfsync.cluster.checkin-interval-ms", 500, 600_000);
        number(GLOBAL, "sfsync.cluster.misfire-threshold-ms", 1_000, 3_600_000);
        number(GLOBAL, "sfsync.cluster.threads", 1, 100);
        add(GLOBAL, "sfsync.cluster.create-tables", Kind.BOOLEAN);
        add(GLOBAL, "sfsync.health.enabled", Kind.BOOLEAN);
        for (String key : List.of("login-check-seconds", "warehouse-check-seconds", "max-age-intervals",
                "startup-grace-seconds")) {
            GLOBAL.put("sfsync.health." + key, new Setting("sfsync.health." + key, Kind.DECIMAL, 0, 0, List.of()));
        }

        add(STANZA, "template-id", Kind.TEXT);
        add(STANZA, "sobject", Kind.API_NAME);
        add(STANZA, "cron", Kind.TEXT);
        add(STANZA, "schema", Kind.IDENTIFIER);
        add(STANZA, "table", Kind.IDENTIFIER);
        add(STANZA, "matchField", Kind.API_NAME);
        add(STANZA, "forceFullSync", Kind.BOOLEAN);
        add(STANZA, "useStage", Kind.BOOLEAN);
        add(STANZA, "stageName", Kind.TEXT);
        number(STANZA, "bulkApiThreshold", 0, Long.MAX_VALUE);
        number(STANZA, "stageThreshold", 0, Long.MAX_VALUE);
        add(STANZA, "watermarkField", Kind.API_NAME);
        choice(STANZA, "deleteMode", "soft", "hard");
        add(STANZA, "reconcileIds", Kind.BOOLEAN);
        number(STANZA, "formulaRefreshEvery", 0, Integer.MAX_VALUE);
    }

    private SettingsCatalog() {
    }

    private static void add(Map<String, Setting> into, String key, Kind kind) {
        into.put(key, new Setting(key, kind, 0, 0, List.of()));
    }

    private static void number(Map<String, Setting> into, String key, long min, long max) {
        into.put(key, new Setting(key, Kind.NUMBER, min, max, List.of()));
    }

    private static void choice(Map<String, Setting> into, String key, String... choices) {
        into.put(key, new Setting(key, Kind.CHOICE, 0, 0, List.of(choices)));
    }

    /** The {@code sfsync.*} settings, by key. */
    public static Map<String, Setting> global() {
        return Collections.unmodifiableMap(GLOBAL);
    }

    /** The keys of an object stanza ({@code camel.route-template[ID].KEY}), by key. */
    public static Map<String, Setting> stanza() {
        return Collections.unmodifiableMap(STANZA);
    }

    /** The stanza key spelled as the catalog spells it (keys are matched case-insensitively); null when unknown. */
    static String stanzaKey(String key) {
        String k = key.equals("templateId") ? "template-id" : key;
        for (String known : STANZA.keySet()) {
            if (known.equalsIgnoreCase(k)) {
                return known;
            }
        }
        return null;
    }

    /** The known keys closest to an unknown one (same words in another order, one letter off): for "did you mean". */
    static List<String> near(String unknown, Set<String> known) {
        String u = normalize(unknown);
        List<String> out = new ArrayList<>();
        for (String k : new TreeSet<>(known)) {
            String n = normalize(k);
            if (distance(u, n) <= Math.max(1, Math.min(u.length(), n.length()) / 6)) {
                out.add(k);
            }
        }
        return out;
    }

    /** A key or an environment variable name reduced to upper-case letters and digits. */
    static String normalize(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toUpperCase(c));
            }
        }
        return b.toString();
    }

    /** Edits (insert, delete, replace, swap of neighbours) from one name to the other. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
