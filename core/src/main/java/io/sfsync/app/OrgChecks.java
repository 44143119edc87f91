package io.sfsync.app;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.component.salesforce.SalesforceComponent;
import org.eclipse.jetty.client.ContentResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up checks that need the org: every configured sObject exists (one describeGlobal call) and the fields a
 * stanza names exist on it, with a match field that identifies records (one describe per object). Runs once, after
 * the login and before any route starts; costs 1 + (configured objects) API calls.
 */
final class OrgChecks {
    private static final Logger LOG = LoggerFactory.getLogger(OrgChecks.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrgChecks() {
    }

    /** One line per problem; empty when the org has what the stanzas name. */
    static List<String> problems(SalesforceComponent sf, String apiVersion, Map<String, String> properties,
            UnaryOperator<String> resolve) {
        Map<String, Map<String, String>> stanzas = StartupChecks.stanzas(properties);
        Map<String, List<String>> byObject = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        stanzas.forEach((id, stanza) -> {
            String sobject = stanza.get("sobject");
            if ("sync-object".equals(stanza.get("template-id")) && sobject != null && !sobject.isBlank()) {
                byObject.computeIfAbsent(resolve.apply(sobject.trim()), k -> new ArrayList<>()).add(id);
            }
        });
        List<String> problems = new ArrayList<>();
        if (byObject.isEmpty()) {
            return problems;
        }
        String base = sf.getSession().getInstanceUrl() + "/services/data/v" + apiVersion;
        JsonNode global = get(sf, base + "/sobjects/");
        if (global == null) {
            return problems;
        }
        Map<String, String> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (JsonNode o : global.path("sobjects")) {
            names.put(o.path("name").asText(), o.path("name").asText());
        }
        byObject.forEach((sobject, ids) -> {
            String where = ids.size() == 1 ? "camel.route-template[" + ids.get(0) + "]"
                    : "camel.route-template[" + String.join("], [", ids) + "]";
            String name = names.get(sobject);
            if (name == null) {
                List<String> near = SettingsCatalog.near(sobject, names.keySet());
                problems.add(where + ": the org has no sObject '" + sobject + "'" + (near.isEmpty() ? ""
                        : " (did you mean " + String.join(" or ", near) + "?)")
                        + " (API names of custom objects end in __c)");
                return;
            }
            JsonNode describe = get(sf, base + "/sobjects/" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                    + "/describe/");
            if (describe == null) {
                return;
            }
            Map<String, JsonNode> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (JsonNode f : describe.path("fields")) {
                fields.put(f.path("name").asText(), f);
            }
            for (String id : ids) {
                Map<String, String> stanza = stanzas.get(id);
                String at = "camel.route-template[" + id + "] (" + name + ")";
                for (String key : List.of("matchField", "watermarkField")) {
                    String field = stanza.get(key);
                    if (field == null || field.isBlank() || resolve.apply(field.trim()).contains("{{")) {
                        continue;
                    }
                    String f = resolve.apply(field.trim());
                    JsonNode described = fields.get(f);
                    if (described == null) {
                        List<String> near = SettingsCatalog.near(f, fields.keySet());
                        problems.add(at + ": " + key + " '" + f + "' is not a field of " + name + (near.isEmpty()
                                ? "" : " (did you mean " + String.join(" or ", near) + "?)"));
                    } else if (key.equals("matchField") && !identifiesRecords(described)) {
                        problems.add(at + ": matchField '" + f + "' is not unique in Salesforce (neither the Id nor"
                                + " unique nor an external id), so records sharing a value would be merged into one"
                                + " row: use Id or a unique external id field");
                    }
                }
            }
        });
        return problems;
    }

    private static boolean identifiesRecords(JsonNode field) {
        return field.path("type").asText().equals("id") || field.path("unique").asBoolean()
                || field.path("externalId").asBoolean();
    }

    /** The JSON of a GET; null (with a warning) when the org does not answer it, so the runs check it later. */
    private static JsonNode get(SalesforceComponent sf, String url) {
        try {
            ContentResponse r = sf.getHttpClient().newRequest(url)
                    .headers(h -> h.put("Authorization", "Bearer " + sf.getSession().getAccessToken()))
                    .timeout(60, TimeUnit.SECONDS).send();
            if (r.getStatus() / 100 != 2) {
                LOG.warn("cannot check the configured objects against the org: GET {} answered HTTP {}",
                        url, r.getStatus());
                return null;
            }
            return JSON.readTree(r.getContentAsString());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("cannot check the configured objects against the org: {}", e.getMessage());
            return null;
        }
    }
}
