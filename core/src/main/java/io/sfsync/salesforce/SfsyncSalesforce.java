package io.sfsync.salesforce;

import io.sfsync.api.Defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.PropertyBindingException;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.PropertyBindingSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sfsync's own camel-salesforce component, {@value #NAME}: every route and every lookup of sfsync uses it, so that
 * sfsync sits beside an estate's own {@code salesforce} component whatever that one's settings (as a Kamelet would).
 * It always has {@code rawPayload=true}. {@link #install} configures it, the first that applies:
 * <ol>
 * <li>a component the estate added or bound under {@value #NAME} is used as it is (only rawPayload is forced);</li>
 * <li>{@code sfsync.salesforce.*} when it sets a login key ({@link #LOGIN_KEYS}): those keys alone;</li>
 * <li>else {@code camel.component.salesforce.*} (what standalone sfsync documents), each key overridden by an
 * {@code sfsync.salesforce.*} of the same name.</li>
 * </ol>
 * Any option of camel-salesforce's component may be set (Camel's property binding, keys case-insensitive), on top of
 * sfsync's defaults ({@link Defaults#salesforceOptions()}).
 */
public final class SfsyncSalesforce {
    /** The component's name in the CamelContext: the scheme of every Salesforce endpoint in sfsync's routes. */
    public static final String NAME = "sfsync-salesforce";
    /** Properties configuring only sfsync's component. */
    public static final String PREFIX = "sfsync.salesforce.";
    /** Camel's properties of the default salesforce component: read for sfsync's when PREFIX sets no login. */
    public static final String CAMEL_PREFIX = "camel.component.salesforce.";
    /** The options that choose the org and the login: one of them under PREFIX means PREFIX configures the login. */
    public static final List<String> LOGIN_KEYS = List.of("loginUrl", "clientId", "clientSecret", "userName",
            "password", "refreshToken", "authenticationType", "keystore", "instanceUrl", "jwtAudience");
    /** Where {@link #standalone} took the login from, for the log line (not an option). */
    static final String MOVED_FROM = "sfsync.salesforce-moved-from";
    private static final Logger LOG = LoggerFactory.getLogger(SfsyncSalesforce.class);

    private SfsyncSalesforce() {
    }

    /** sfsync's component in this context; null when {@link #install} has not run. */
    public static SalesforceComponent of(CamelContext context) {
        return context.hasComponent(NAME) instanceof SalesforceComponent c ? c : null;
    }

    /**
     * Adds sfsync's component to the context (or takes the one the estate added or bound under {@link #NAME}), as the
     * class comment says, and returns it. Nothing logs in here: the component does when the context starts it.
     */
    public static SalesforceComponent install(CamelContext context) {
        SalesforceComponent given = given(context);
        if (given != null) {
            if (given.getConfig() == null) {
                given.setConfig(new SalesforceEndpointConfig());
            }
            if (!given.getConfig().isRawPayload()) {
                LOG.info("{}: the component bound under that name had rawPayload=false; sfsync's routes read raw JSON,"
                        + " so it is set to true", NAME);
            }
            given.getConfig().setRawPayload(true);
            LOG.info("{}: using the component the application bound under that name", NAME);
            return given;
        }
        Map<String, String> all = properties(context);
        Map<String, String> options = options(all);
        String moved = context.getPropertiesComponent().resolveProperty(MOVED_FROM).orElse(null);
        String source = moved != null ? moved : hasLogin(all, PREFIX) ? PREFIX + "*" : hasLogin(all, CAMEL_PREFIX)
                ? CAMEL_PREFIX + "* (sfsync.salesforce.* not set)" : null;
        SalesforceComponent component = new SalesforceComponent();
        component.setCamelContext(context);
        // sfsync's defaults first (the camel.component.salesforce.* lines of the jar's config/application.properties:
        // raw JSON, the API version, room for a whole Bulk result page, slow pages, long SOQL), then the properties
        Map<String, Object> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.putAll(Defaults.salesforceOptions());
        options.forEach((k, v) -> values.put(k, context.resolvePropertyPlaceholders(v)));
        bind(context, component, values, hasLogin(all, PREFIX) ? PREFIX : CAMEL_PREFIX);
        component.getConfig().setRawPayload(true);
        context.addComponent(NAME, component);
        if (source == null) {
            LOG.warn("{}: no Salesforce login is configured: set sfsync.salesforce.* (only sfsync's component) or"
                    + " camel.component.salesforce.* (clientId, and clientSecret/userName/password, refreshToken or"
                    + " keystore)", NAME);
        } else {
            LOG.info("{}: configured from {}", NAME, source);
        }
        return component;
    }

    /**
     * Every property under either prefix, as the properties component resolves a key: its initial properties, then
     * its locations and sources, then its override properties (loadProperties alone leaves out the first and last),
     * then each option of the component asked for by name. That last layer is what Spring Boot needs: there the
     * application's own properties (application.yaml, its environment) are looked up one key at a time and never
     * listed. It asks for Camel's spelling (clientId) and Spring's (client-id, which Spring matches relaxedly).
     */
    private static Map<String, String> properties(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        Map<String, String> all = new TreeMap<>();
        List<Properties> layers = new ArrayList<>();
        org.apache.camel.component.properties.PropertiesComponent impl =
                pc instanceof org.apache.camel.component.properties.PropertiesComponent p ? p : null;
        layers.add(impl == null ? null : impl.getInitialProperties());
        layers.add(pc.loadProperties(k -> k.startsWith(PREFIX) || k.startsWith(CAMEL_PREFIX)));
        layers.add(impl == null ? null : impl.getOverrideProperties());
        for (Properties layer : layers) {
            // by name, not forEach: Camel's OrderedProperties (KameletMain's initial properties) keeps its entries
            // outside the Hashtable that Properties.forEach walks
            for (String key : layer == null ? List.<String>of() : layer.stringPropertyNames()) {
                if (key.startsWith(PREFIX) || key.startsWith(CAMEL_PREFIX)) {
                    String value = layer.getProperty(key);
                    all.put(key, value == null ? "" : value);
                }
            }
        }
        Map<String, String> listed = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        listed.putAll(all);
        for (String prefix : List.of(PREFIX, CAMEL_PREFIX)) {
            for (String option : componentOptions()) {
                if (!listed.containsKey(prefix + option)) {
                    pc.resolveProperty(prefix + option).or(() -> pc.resolveProperty(prefix + kebab(option)))
                            .ifPresent(v -> all.put(prefix + option, v));
                }
            }
        }
        return all;
    }

    /** The options of camel-salesforce's component (apiVersion, clientId, ...) from its catalog, and keystore.*. */
    public static List<String> componentOptions() {
        List<String> out = new ArrayList<>();
        try (InputStream in = SfsyncSalesforce.class.getClassLoader()
                .getResourceAsStream("META-INF/org/apache/camel/component/salesforce/salesforce.json")) {
            if (in != null) {
                JsonNode props = new ObjectMapper().readTree(in).path("componentProperties");
                for (Iterator<String> it = props.fieldNames(); it.hasNext();) {
                    out.add(it.next());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the salesforce component's catalog", e);
        }
        for (String part : List.of("resource", "password", "type")) {
            out.add("keystore." + part);
        }
        return out;
    }

    private static String kebab(String option) {
        return option.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * The options of sfsync's component (names without prefix) from a set of properties, by the rule of the class
     * comment (the given component aside): raw values, placeholders unresolved.
     */
    public static Map<String, String> options(Map<String, String> properties) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (!hasLogin(properties, PREFIX)) {
            take(properties, CAMEL_PREFIX, out);
        }
        take(properties, PREFIX, out);
        return out;
    }

    /**
     * For standalone sfsync, which owns its process: the properties with every {@code camel.component.salesforce.*}
     * key turned into the {@code sfsync.salesforce.*} option {@link #options} would give sfsync's component anyway.
     * camel-main then creates no default salesforce component of its own, which would log in a second time (and
     * fail to start with only the jar's defaults and no login).
     */
    public static Properties standalone(Properties properties) {
        Map<String, String> all = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> all.put(k, properties.getProperty(k)));
        Properties out = new Properties();
        all.forEach((k, v) -> {
            if (!k.startsWith(CAMEL_PREFIX) && !k.startsWith(PREFIX)) {
                out.setProperty(k, v);
            }
        });
        options(all).forEach((k, v) -> out.setProperty(PREFIX + k, v));
        if (!hasLogin(all, PREFIX) && hasLogin(all, CAMEL_PREFIX)) {
            out.setProperty(MOVED_FROM, CAMEL_PREFIX + "*");
        }
        return out;
    }

    /** Whether the properties set a login key under the prefix (to a value that is not blank). */
    public static boolean hasLogin(Map<String, String> properties, String prefix) {
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(prefix) && e.getValue() != null && !e.getValue().isBlank()
                    && isLoginKey(key.substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoginKey(String option) {
        String o = option.toLowerCase(Locale.ROOT);
        for (String k : LOGIN_KEYS) {
            String l = k.toLowerCase(Locale.ROOT);
            if (o.equals(l) || o.startsWith(l + ".")) {
                return true;
            }
        }
        return false;
    }

    private static void take(Map<String, String> properties, String prefix, Map<String, String> out) {
        properties.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
    }

    private static SalesforceComponent given(CamelContext context) {
        Component added = context.hasComponent(NAME);
        if (added instanceof SalesforceComponent c) {
            return c;
        }
        if (added != null) {
            throw new IllegalStateException("the component " + NAME + " is a " + added.getClass().getName()
                    + ", not camel-salesforce's SalesforceComponent");
        }
        // Camel resolves a component name from the registry first: a bean bound under NAME becomes the component.
        Object bound = context.getRegistry().lookupByName(NAME);
        return bound instanceof SalesforceComponent c ? c : null;
    }

    /** Camel's property binding, as camel-main binds a component's options; a value never enters a message. */
    private static void bind(CamelContext context, SalesforceComponent component, Map<String, Object> values,
            String prefix) {
        Map<String, Object> left = new LinkedHashMap<>(values);
        try {
            PropertyBindingSupport.build().withCamelContext(context).withTarget(component).withProperties(left)
                    .withIgnoreCase(true).withRemoveParameters(true).withReflection(true).bind();
        } catch (PropertyBindingException e) {
            throw new IllegalArgumentException(prefix + e.getPropertyName() + " cannot be set on " + NAME
                    + " (a value of the wrong type?)");
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("not an option of camel-salesforce's component: "
                    + String.join(", ", left.keySet().stream().map(k -> prefix + k).toList()));
        }
    }
}
