package io.sfsync.app;

import io.sfsync.api.Defaults;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.sync.NetworkFailures;
import io.sfsync.sync.SyncException;
import io.sfsync.warehouse.WarehouseException;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.quartz.CronExpression;

/**
 * What {@code sfsync run} checks before Camel starts anything, so that a configuration mistake ends in one line that
 * names it rather than in a Camel stack trace: the object stanzas of {@code config/objects.properties} and the
 * Salesforce login settings. Also turns a failure while starting into such a line.
 */
public final class StartupChecks {
    static final String SF = "camel.component.salesforce.";
    private static final Pattern STANZA_KEY = Pattern.compile("camel\\.route-template\\[([^\\]]+)\\]\\.(.+)");
    private static final String TEMPLATE = "sync-object";
    /** The route template of a formula refresh on a cron of its own (routes/formulas.camel.yaml), and its keys. */
    private static final String FORMULAS_TEMPLATE = "refresh-formulas-object";
    private static final List<String> FORMULAS_KEYS = List.of("template-id", "sobject", "cron", "schema", "table",
            "matchField", "bulkApiThreshold");
    private static final Pattern LOGIN_DESCRIPTION = Pattern.compile("description:\\[(.*)\\]");

    private StartupChecks() {
    }

    /**
     * The problems of a stanza of the template {@code refresh-formulas-object}: no sobject or cron (a refresh on a
     * schedule of its own needs one), a key the template does not take, a bad value or cron. It shares its table
     * with the object's sync stanza, so the one-table-per-stanza check does not apply.
     */
    private static List<String> formulaStanzaProblems(String id, Map<String, String> stanza,
            UnaryOperator<String> resolve) {
        List<String> problems = new ArrayList<>();
        String where = "camel.route-template[" + id + "]";
        String sobject = stanza.get("sobject");
        if (sobject == null || sobject.isBlank()) {
            problems.add(where + " has no sobject: add " + where + ".sobject = <API name, e.g. Contact>");
            return problems;
        }
        String name = where + " (" + sobject.trim() + ", " + FORMULAS_TEMPLATE + ")";
        if (!stanza.containsKey("cron")) {
            problems.add(name + " has no cron: a formula refresh of its own runs on a schedule; add " + where
                    + ".cron = <Quartz cron, e.g. 0 30 2 * * ?>");
        }
        stanza.forEach((key, raw) -> {
            String known = SettingsCatalog.stanzaKey(key);
            if (known == null || !FORMULAS_KEYS.contains(known)) {
                problems.add(name + ": unknown key '" + key + "' (known: " + String.join(", ", FORMULAS_KEYS) + ")");
                return;
            }
            String value = resolve.apply(raw.trim());
            if (value.contains("{{") || known.equals("template-id")) {
                return;
            }
            String problem = known.equals("cron") ? cronProblem(value)
                    : SettingsCatalog.stanza().get(known).problem(value);
            if (problem != null) {
                problems.add(name + ": " + (known.equals("cron") ? "cron '" + raw.trim()
                        + "' is not a valid Quartz cron expression: " : known + " ") + problem);
            }
        });
        return problems;
    }

    /**
     * The problems of the {@code camel.route-template[ID].*} stanzas that use the template {@code sync-object}, one
     * line each: no sobject, an unknown key, a value of the wrong type or out of range, a cron Quartz cannot parse,
     * thresholds in the wrong order, and two stanzas that write one table. {@code resolve} resolves property
     * placeholders in a value (a value it cannot resolve is left as it is and not checked).
     */
    public static List<String> objectProblems(Map<String, String> properties, UnaryOperator<String> resolve) {
        Map<String, Map<String, String>> stanzas = stanzas(properties);
        List<String> problems = new ArrayList<>();
        Map<String, String> targets = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        stanzas.forEach((id, stanza) -> {
            String template = stanza.get("template-id");
            if (FORMULAS_TEMPLATE.equals(template)) {
                problems.addAll(formulaStanzaProblems(id, stanza, resolve));
                return;
            }
            if (!TEMPLATE.equals(template)) {
                return;
            }
            String where = "camel.route-template[" + id + "]";
            String sobject = stanza.get("sobject");
            if (sobject == null || sobject.isBlank()) {
                problems.add(where + " has no sobject: add " + where + ".sobject = <API name, e.g. Account>");
                return;
            }
            String name = where + " (" + sobject.trim() + ")";
            Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            stanza.forEach((key, raw) -> {
                String known = SettingsCatalog.stanzaKey(key);
                if (known == null) {
                    List<String> near = SettingsCatalog.near(key, SettingsCatalog.stanza().keySet());
                    problems.add(name + ": unknown key '" + key + "'" + (near.isEmpty()
                            ? " (known: " + String.join(", ", SettingsCatalog.stanza().keySet()) + ")"
                            : " (did you mean " + String.join(" or ", near) + "?)"));
                    return;
                }
                String value = resolve.apply(raw.trim());
                values.put(known, value);
                if (value.contains("{{")) {
                    return;
                }
                if (known.equals("cron")) {
                    String problem = cronProblem(value);
                    if (problem != null) {
                        problems.add(name + ": cron '" + raw.trim() + "' is not a valid Quartz cron expression: "
                                + problem);
                    }
                    return;
                }
                String problem = SettingsCatalog.stanza().get(known).problem(value);
                if (problem != null) {
                    problems.add(name + ": " + known + " " + problem);
                }
            });
            Long bulk = number(values.getOrDefault("bulkApiThreshold",
                    resolve.apply("{{sfsync.bulk-api-threshold:" + Defaults.of("sfsync.bulk-api-threshold") + "}}")));
            Long stage = number(values.getOrDefault("stageThreshold",
                    resolve.apply("{{sfsync.stage-threshold:" + Defaults.of("sfsync.stage-threshold") + "}}")));
            if (bulk != null && stage != null && stage < bulk) {
                problems.add(name + ": stageThreshold (" + stage + ") must not be below bulkApiThreshold (" + bulk
                        + ")");
            }
            String schema = values.getOrDefault("schema", resolve.apply("{{sfsync.default-schema:" + Defaults.of("sfsync.default-schema") + "}}"));
            String table = values.getOrDefault("table", sobject.trim());
            String target = schema + "." + table;
            String other = targets.putIfAbsent(target, name);
            if (other != null) {
                problems.add(name + " writes into " + target + ", which " + other + " writes into already: each"
                        + " table holds one object; give one of them another table (the same sObject may go to"
                        + " several tables)");
            }
        });
        return problems;
    }

    /**
     * The problems of the global {@code sfsync.*} settings: a value of the wrong type, out of range, or not one of
     * its choices. Unknown {@code sfsync.*} keys are not problems (an estate may keep its own keys there) but are
     * returned in {@code unknown}, each with the known key it probably meant.
     */
    public static List<String> settingProblems(Map<String, String> properties, UnaryOperator<String> resolve,
            List<String> unknown) {
        List<String> problems = new ArrayList<>();
        properties.forEach((key, raw) -> {
            if (!key.startsWith("sfsync.")) {
                return;
            }
            if (key.startsWith(SfsyncSalesforce.PREFIX)) {
                String problem = salesforceOptionProblem(key);
                if (problem != null) {
                    problems.add(problem);
                }
                return;
            }
            SettingsCatalog.Setting setting = SettingsCatalog.global().get(key);
            if (setting == null) {
                List<String> near = SettingsCatalog.near(key, SettingsCatalog.global().keySet());
                if (!near.isEmpty()) {
                    unknown.add(key + " is not an sfsync setting (did you mean " + String.join(" or ", near) + "?)");
                }
                return;
            }
            String value = resolve.apply(raw.trim());
            if (value.contains("{{")) {
                return;
            }
            String problem = setting.problem(value);
            if (problem != null) {
                problems.add(key + " " + problem);
            }
        });
        Long bulk = number(properties.get("sfsync.bulk-api-threshold"));
        Long stage = number(properties.get("sfsync.stage-threshold"));
        if (bulk != null && stage != null && stage < bulk) {
            problems.add("sfsync.stage-threshold (" + stage + ") must not be below sfsync.bulk-api-threshold (" + bulk
                    + ")");
        }
        return problems;
    }

    /**
     * Whether an {@code sfsync.salesforce.*} key names an option of camel-salesforce's component (as
     * {@code camel.component.salesforce.*} does): a misspelt credential would otherwise stop the start later, or
     * not at all.
     */
    private static String salesforceOptionProblem(String key) {
        String option = key.substring(SfsyncSalesforce.PREFIX.length());
        Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        ConfigSources.salesforceOptions().forEach(o -> known.add(SfsyncSalesforce.PREFIX + o.substring(SF.length())));
        if (known.contains(key)) {
            return null;
        }
        List<String> near = SettingsCatalog.near(key, known);
        return key + " is not an option of the salesforce component" + (near.isEmpty()
                ? " (sfsync.salesforce.* takes the options of camel.component.salesforce.*, e.g. clientId)"
                : " (did you mean " + String.join(" or ", near) + "?)");
    }

    /** The stanzas by id, their keys case-insensitive. */
    static Map<String, Map<String, String>> stanzas(Map<String, String> properties) {
        Map<String, Map<String, String>> stanzas = new TreeMap<>();
        properties.forEach((key, value) -> {
            Matcher m = STANZA_KEY.matcher(key);
            if (m.matches()) {
                String k = m.group(2).equals("templateId") ? "template-id" : m.group(2);
                stanzas.computeIfAbsent(m.group(1), id -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER))
                        .put(k, value == null ? "" : value);
            }
        });
        return stanzas;
    }

    private static Long number(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why Quartz refuses the expression, with a hint at its format; null when it is valid. */
    public static String cronProblem(String cron) {
        try {
            new CronExpression(cron);
            return null;
        } catch (ParseException e) {
            String why = e.getMessage() == null ? "unreadable" : e.getMessage().replaceAll("\\.$", "");
            int fields = cron.isBlank() ? 0 : cron.trim().split("\\s+").length;
            String hint = fields == 5
                    ? "it has 5 fields like a Unix cron, but Quartz starts with seconds: seconds minutes hours"
                            + " day-of-month month day-of-week [year], with ? in one of the two day fields, e.g."
                            + " '0 0/15 * * * ?'"
                    : "Quartz cron is seconds minutes hours day-of-month month day-of-week [year], with ? in one of"
                            + " the two day fields, e.g. '0 0/15 * * * ?'";
            return why + "; " + hint;
        }
    }

    /**
     * Whether the Salesforce login settings make up one complete login flow, as camel-salesforce picks it: the flow
     * named by {@code authenticationType}, else the one the settings present imply. Only the presence of a secret
     * enters here, never its value.
     */
    public record Login(String clientId, boolean clientSecret, boolean userName, boolean password, boolean refreshToken,
            boolean keystore, String authenticationType) {

        /** What is missing, as one line; null when the settings make up a complete flow. */
        public String problem() {
            String head = "Salesforce login is not configured completely: ";
            String tail = " (set them under " + SF + " in config/application.properties or as environment variables"
                    + " CAMEL_COMPONENT_SALESFORCE_<KEY>; secrets from the environment or a mounted file)";
            if (clientId == null || clientId.isBlank()) {
                return head + SF + "clientId (the connected app's consumer key) is not set" + tail;
            }
            String type = authenticationType == null ? null : authenticationType.trim().toUpperCase(Locale.ROOT);
            if (type == null) {
                int flows = (password ? 1 : 0) + (refreshToken ? 1 : 0) + (keystore ? 1 : 0);
                if (flows > 1) {
                    return head + "more than one login flow is configured (" + missing(password, "password",
                            refreshToken, "refreshToken", keystore, "keystore") + "): remove all but one, or set " + SF
                            + "authenticationType";
                }
                type = password ? "USERNAME_PASSWORD" : refreshToken ? "REFRESH_TOKEN" : keystore ? "JWT"
                        : clientSecret ? "CLIENT_CREDENTIALS" : null;
            }
            if (type == null) {
                return head + SF + "clientId is set but no login flow is complete; add, for username-password: "
                        + missing(!clientSecret, "clientSecret", !userName, "userName", true, "password")
                        + "; or for a refresh token: refreshToken; or for the JWT bearer flow: "
                        + missing(!userName, "userName", true, "keystore") + "; or for client credentials:"
                        + " clientSecret" + tail;
            }
            String needs = switch (type) {
                case "USERNAME_PASSWORD" -> missing(!clientSecret, "clientSecret", !userName, "userName", !password,
                        "password");
                case "REFRESH_TOKEN" -> missing(!refreshToken, "refreshToken");
                case "JWT" -> missing(!userName, "userName", !keystore, "keystore");
                case "CLIENT_CREDENTIALS" -> missing(!clientSecret, "clientSecret");
                default -> null;
            };
            if (needs == null) {
                return head + SF + "authenticationType '" + authenticationType + "' is not one of USERNAME_PASSWORD,"
                        + " REFRESH_TOKEN, JWT, CLIENT_CREDENTIALS";
            }
            return needs.isEmpty() ? null : head + "the " + flowName(type) + " flow also needs " + needs + tail;
        }

        private static String flowName(String type) {
            return switch (type) {
                case "USERNAME_PASSWORD" -> "username-password";
                case "REFRESH_TOKEN" -> "refresh token";
                case "JWT" -> "JWT bearer";
                default -> "client credentials";
            };
        }

        /** The names whose flag is true, joined with ", ". Arguments come in pairs: (flag, name). */
        private static String missing(Object... pairs) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < pairs.length; i += 2) {
                if ((Boolean) pairs[i]) {
                    out.add(pairs[i + 1].toString());
                }
            }
            return String.join(", ", out);
        }
    }

    /**
     * One line for a failure while sfsync was starting: ours as they are, a Salesforce that cannot be reached or
     * refuses the login, a route that cannot start; otherwise the innermost message.
     */
    static String describe(Throwable failure, String loginUrl) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof StartupException || t instanceof SyncException) {
                return t.getMessage();
            }
            if (t instanceof WarehouseException w) {
                return w.detail();
            }
        }
        String network = NetworkFailures.describe(failure, loginUrl);
        if (network != null) {
            return network;
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SalesforceException sf) {
                return "Salesforce refused the login at " + loginUrl + ": " + loginError(sf)
                        + " (check " + SF + "clientId, clientSecret, userName and password, or the refresh token or"
                        + " keystore, and that the user may use the connected app)";
            }
        }
        String route = null;
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof FailedToStartRouteException r && route == null) {
                route = r.getRouteId();
            }
            innermost = t;
        }
        String why = firstLine(innermost.getMessage() == null ? innermost.getClass().getSimpleName()
                : innermost.getMessage());
        return route == null ? "sfsync could not start: " + why : "sfsync could not start route " + route + ": " + why;
    }

    /** "invalid_grant: authentication failure" from camel-salesforce's "Login error code:[..] description:[..]". */
    private static String loginError(SalesforceException sf) {
        if (sf.getErrors() == null || sf.getErrors().isEmpty()) {
            return firstLine(String.valueOf(sf.getMessage()));
        }
        var error = sf.getErrors().get(0);
        String message = String.valueOf(error.getMessage());
        Matcher description = LOGIN_DESCRIPTION.matcher(message);
        return error.getErrorCode() + ": " + (description.find() ? description.group(1) : firstLine(message));
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
