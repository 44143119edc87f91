package io.sfsync.cli;

import io.sfsync.app.StartupException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.SetHeaderDefinition;

/**
 * The object stanzas of {@code config/objects.properties} ({@code camel.route-template[ID].*} with template-id
 * {@code sync-object}) for the one-shot commands, and the headers each one sends to {@code direct:sfsync-sync}. The headers
 * are read from the route template itself (its {@code setHeader} steps and parameter defaults in
 * routes/sync-object.camel.yaml), so a command sends exactly what a scheduled run of the stanza sends.
 */
final class ObjectStanzas {
    static final String TEMPLATE = "sync-object";
    private static final Pattern KEY = Pattern.compile("camel\\.route-template\\[([^\\]]+)\\]\\.(.+)");
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9_-]*)\\}\\}");

    /** One stanza: its id, its sObject and its parameters as written (keys case-insensitive). */
    record Stanza(String id, String sobject, Map<String, String> parameters) {
    }

    private ObjectStanzas() {
    }

    /** The stanzas of the {@code sync-object} template, in id order; one without sobject stops the command. */
    static List<Stanza> parse(Map<String, String> properties) {
        Map<String, Map<String, String>> byId = new TreeMap<>();
        properties.forEach((key, value) -> {
            Matcher m = KEY.matcher(key);
            if (m.matches()) {
                byId.computeIfAbsent(m.group(1), id -> new TreeMap<>(String.CASE_INSENSITIVE_ORDER))
                        .put(m.group(2).trim(), value == null ? "" : value.trim());
            }
        });
        List<Stanza> out = new ArrayList<>();
        byId.forEach((id, p) -> {
            String template = p.getOrDefault("template-id", p.get("templateId"));
            if (!TEMPLATE.equals(template)) {
                return;
            }
            String sobject = p.get("sobject");
            if (sobject == null || sobject.isBlank()) {
                String where = "camel.route-template[" + id + "]";
                throw new StartupException(java.util.List.of(where + " has no sobject: add " + where
                        + ".sobject = <API name, e.g. Account>"), true);
            }
            Map<String, String> params = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            p.forEach((k, v) -> {
                if (!k.equalsIgnoreCase("template-id") && !k.equalsIgnoreCase("templateId")) {
                    params.put(k, v);
                }
            });
            out.add(new Stanza(id, sobject, params));
        });
        return out;
    }

    /**
     * The stanzas the OBJECT arguments name (an sObject, any case, or a stanza id), in configuration order; all of
     * them when none is named. An OBJECT that names none is a usage error listing what is configured.
     */
    static List<Stanza> select(List<Stanza> all, List<String> names, String command) {
        if (names.isEmpty()) {
            return all;
        }
        List<Stanza> out = new ArrayList<>();
        for (String name : names) {
            List<Stanza> hits = all.stream().filter(s -> s.id().equals(name)
                    || s.sobject().equalsIgnoreCase(name)).toList();
            if (hits.isEmpty()) {
                throw new UsageException(command + ": '" + name + "' is not a configured object; configured: "
                        + describe(all) + " (config/objects.properties)");
            }
            hits.stream().filter(s -> !out.contains(s)).forEach(out::add);
        }
        return out;
    }

    /** {@code Account (sync-account), Contact (sync-contact)}, or {@code none}. */
    static String describe(List<Stanza> all) {
        if (all.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        all.forEach(s -> parts.add(s.sobject() + " (" + s.id() + ")"));
        return String.join(", ", parts);
    }

    /**
     * The {@code Sfsync*} headers the template's route sets for this stanza: each {@code setHeader} step of the
     * template, its {@code {{parameter}}} replaced by the stanza's value or the parameter's default, then the
     * configuration's placeholders resolved.
     */
    static Map<String, Object> headers(CamelContext context, Stanza stanza) {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RouteTemplateDefinition template = model.getRouteTemplateDefinition(TEMPLATE);
        if (template == null) {
            throw new StartupException("the route template '" + TEMPLATE + "' is not loaded (routes/"
                    + "sync-object.camel.yaml): the objects cannot be synced");
        }
        Map<String, String> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
            String v = stanza.parameters().get(p.getName());
            if (v == null) {
                v = p.getDefaultValue();
            }
            if (v != null) {
                values.put(p.getName(), v);
            }
        }
        stanza.parameters().forEach(values::putIfAbsent);
        Map<String, Object> headers = new LinkedHashMap<>();
        for (ProcessorDefinition<?> step : template.getRoute().getOutputs()) {
            if (step instanceof SetHeaderDefinition set && set.getName() != null
                    && set.getName().startsWith("Sfsync") && set.getExpression() != null) {
                String text = substitute(set.getExpression().getExpression(), values);
                headers.put(set.getName(), context.resolvePropertyPlaceholders(text));
            }
        }
        return headers;
    }

    /** Replaces template parameters ({@code {{table}}} may default to {@code {{sobject}}}) until none is left. */
    static String substitute(String text, Map<String, String> values) {
        String current = text;
        for (int round = 0; round < 10; round++) {
            Matcher m = PARAMETER.matcher(current);
            StringBuilder b = new StringBuilder();
            boolean changed = false;
            while (m.find()) {
                String v = values.get(m.group(1));
                if (v != null) {
                    changed = true;
                    m.appendReplacement(b, Matcher.quoteReplacement(v));
                } else {
                    m.appendReplacement(b, Matcher.quoteReplacement(m.group()));
                }
            }
            m.appendTail(b);
            current = b.toString();
            if (!changed) {
                break;
            }
        }
        return current;
    }

    /** The stanza's label in tables: its sObject, with the id when the sObject has several stanzas. */
    static String label(Stanza s, List<Stanza> all) {
        long same = all.stream().filter(o -> o.sobject().equalsIgnoreCase(s.sobject())).count();
        return same > 1 ? s.sobject() + " (" + s.id() + ")" : s.sobject();
    }
}
