package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.camel.component.properties.DefaultPropertiesParser;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.OrderedProperties;
import org.junit.jupiter.api.Test;

class SfsyncSalesforceTest {
    private static final String SECRET = "s3cret-value-never-shown";

    @Test
    void shouldTakeOnlySfsyncKeysWhenTheySetALogin() {
        Map<String, String> options = SfsyncSalesforce.options(Map.of(
                "camel.component.salesforce.clientId", "estate", "camel.component.salesforce.apiVersion", "59.0",
                "sfsync.salesforce.clientId", "ours", "sfsync.salesforce.refreshToken", SECRET));
        assertThat(options).containsOnly(Map.entry("clientId", "ours"), Map.entry("refreshToken", SECRET));
    }

    @Test
    void shouldTakeCamelKeysOverriddenBySfsyncKeysWhenSfsyncSetsNoLogin() {
        Map<String, String> options = SfsyncSalesforce.options(Map.of(
                "camel.component.salesforce.clientId", "shared", "camel.component.salesforce.apiVersion", "59.0",
                "sfsync.salesforce.APIVERSION", "62.0", "sfsync.salesforce.httpMaxContentLength", "1048576",
                "camel.main.name", "x"));
        assertThat(options).hasSize(3).containsEntry("clientId", "shared")
                .containsEntry("httpMaxContentLength", "1048576");
        assertThat(options.get("apiVersion")).as("keys compare ignoring case").isEqualTo("62.0");
    }

    @Test
    void shouldCountAKeystorePartAsALoginKeyButNotATuningOption() {
        assertThat(SfsyncSalesforce.hasLogin(Map.of("sfsync.salesforce.keystore.resource", "file:k.jks"),
                SfsyncSalesforce.PREFIX)).isTrue();
        assertThat(SfsyncSalesforce.hasLogin(Map.of("sfsync.salesforce.apiVersion", "62.0",
                "sfsync.salesforce.clientId", " "), SfsyncSalesforce.PREFIX)).isFalse();
    }

    @Test
    void shouldMoveTheCamelKeysOfAStandaloneProcessToSfsyncKeys() {
        Properties p = new Properties();
        p.setProperty("camel.component.salesforce.clientId", "{{env:SF_CLIENT_ID}}");
        p.setProperty("camel.component.salesforce.rawPayload", "true");
        p.setProperty("sfsync.salesforce.apiVersion", "61.0");
        p.setProperty("camel.component.salesforce.apiVersion", "62.0");
        p.setProperty("camel.main.name", "sfsync");
        Properties moved = SfsyncSalesforce.standalone(p);
        assertThat(moved.stringPropertyNames()).noneMatch(k -> k.startsWith("camel.component.salesforce."));
        assertThat(moved).containsEntry("sfsync.salesforce.clientId", "{{env:SF_CLIENT_ID}}")
                .containsEntry("sfsync.salesforce.rawPayload", "true")
                .containsEntry("sfsync.salesforce.apiVersion", "61.0").containsEntry("camel.main.name", "sfsync")
                .containsEntry(SfsyncSalesforce.MOVED_FROM, "camel.component.salesforce.*");
    }

    @Test
    void shouldBindEveryOptionFromTheProperties() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("sfsync.salesforce.loginUrl", "http://127.0.0.1:1");
            p.setProperty("sfsync.salesforce.clientId", "ours");
            p.setProperty("sfsync.salesforce.clientSecret", "{{sf.secret}}");
            p.setProperty("sf.secret", SECRET);
            p.setProperty("sfsync.salesforce.authenticationType", "USERNAME_PASSWORD");
            p.setProperty("sfsync.salesforce.keystore.resource", "file:/tmp/k.jks");
            p.setProperty("sfsync.salesforce.rawPayload", "false");
            p.setProperty("sfsync.salesforce.httpclientidletimeout", "5000");
            p.setProperty("camel.component.salesforce.clientId", "estate");
            context.getPropertiesComponent().setInitialProperties(p);
            SalesforceComponent c = SfsyncSalesforce.install(context);
            assertThat(SfsyncSalesforce.of(context)).isSameAs(c);
            assertThat(c.getClientId()).isEqualTo("ours");
            assertThat(c.getClientSecret()).as("placeholder resolved").isEqualTo(SECRET);
            assertThat(c.getAuthenticationType()).isEqualTo(AuthenticationType.USERNAME_PASSWORD);
            assertThat(c.getKeystore().getResource()).isEqualTo("file:/tmp/k.jks");
            assertThat(c.getHttpClientIdleTimeout()).isEqualTo(5000L);
            assertThat(c.getConfig().isRawPayload()).as("always raw").isTrue();
            assertThat(c.getConfig().getApiVersion()).as("sfsync's default").isEqualTo("62.0");
            assertThat(c.getHttpMaxContentLength()).as("sfsync's default").isEqualTo(268_435_456);
            assertThat(c.getHttpRequestBufferSize()).isEqualTo(16_384);
        }
    }

    @Test
    void shouldFallBackToTheCamelKeys() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("camel.component.salesforce.clientId", "shared");
            p.setProperty("camel.component.salesforce.apiVersion", "59.0");
            p.setProperty("sfsync.salesforce.apiVersion", "61.0");
            context.getPropertiesComponent().setInitialProperties(p);
            SalesforceComponent c = SfsyncSalesforce.install(context);
            assertThat(c.getClientId()).isEqualTo("shared");
            assertThat(c.getConfig().getApiVersion()).isEqualTo("61.0");
            assertThat(context.hasComponent("salesforce")).as("the default component is left alone").isNull();
        }
    }

    @Test
    void shouldReadCamelsOrderedPropertiesAsKameletMainGivesThem() throws Exception {
        // Camel's OrderedProperties keeps its entries outside the Hashtable Properties.forEach walks: KameletMain
        // (camel run) hands the initial properties over in one
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties p = new OrderedProperties();
            p.setProperty("camel.component.salesforce.loginUrl", "http://127.0.0.1:1");
            p.setProperty("camel.component.salesforce.clientId", "ordered");
            context.getPropertiesComponent().setInitialProperties(p);
            List<Object> walked = new ArrayList<>();
            p.forEach((k, v) -> walked.add(k));
            assertThat(walked).as("what Properties.forEach walks").isEmpty();
            SalesforceComponent c = SfsyncSalesforce.install(context);
            assertThat(c.getClientId()).isEqualTo("ordered");
            assertThat(c.getLoginUrl()).isEqualTo("http://127.0.0.1:1");
        }
    }

    @Test
    void shouldFindKeysThatThePropertiesComponentOnlyLooksUpOneByOneAsSpringBootsDoes() throws Exception {
        // Spring Boot's PropertiesComponent asks its Environment one key at a time (SpringPropertiesParser's
        // customLookup) and lists none of them; Spring matches kebab-case relaxedly, so sfsync asks for both spellings.
        Map<String, String> spring = Map.of(
                "camel.component.salesforce.loginUrl", "http://127.0.0.1:1",
                "camel.component.salesforce.client-id", "estate",
                "camel.component.salesforce.clientSecret", SECRET,
                "camel.component.salesforce.http-max-content-length", "1048576",
                "sfsync.salesforce.api-version", "61.0");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            ((org.apache.camel.component.properties.PropertiesComponent) context.getPropertiesComponent())
                    .setPropertiesParser(new DefaultPropertiesParser() {
                        @Override
                        public String customLookup(String key) {
                            return spring.get(key);
                        }
                    });
            assertThat(context.getPropertiesComponent().loadProperties()).as("nothing to list").isEmpty();
            SalesforceComponent c = SfsyncSalesforce.install(context);
            assertThat(c.getLoginUrl()).isEqualTo("http://127.0.0.1:1");
            assertThat(c.getClientId()).isEqualTo("estate");
            assertThat(c.getClientSecret()).isEqualTo(SECRET);
            assertThat(c.getHttpMaxContentLength()).isEqualTo(1_048_576);
            assertThat(c.getConfig().getApiVersion()).isEqualTo("61.0");
        }
    }

    @Test
    void shouldUseTheComponentBoundUnderItsNameWithRawPayloadForced() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            SalesforceComponent given = new SalesforceComponent();
            SalesforceEndpointConfig config = new SalesforceEndpointConfig();
            config.setRawPayload(false);
            config.setApiVersion("60.0");
            given.setConfig(config);
            given.setClientId("given");
            context.getRegistry().bind(SfsyncSalesforce.NAME, given);
            context.getPropertiesComponent().setInitialProperties(props("sfsync.salesforce.clientId", "ignored"));
            assertThat(SfsyncSalesforce.install(context)).isSameAs(given);
            assertThat(given.getConfig().isRawPayload()).isTrue();
            assertThat(given.getConfig().getApiVersion()).isEqualTo("60.0");
            assertThat(given.getClientId()).isEqualTo("given");
            assertThat(context.getComponent(SfsyncSalesforce.NAME)).isSameAs(given);
        }
    }

    @Test
    void shouldNameAnUnknownOptionWithoutItsValue() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(props("sfsync.salesforce.clientId", "ours",
                    "sfsync.salesforce.clientSecrte", SECRET));
            assertThatThrownBy(() -> SfsyncSalesforce.install(context))
                    .hasMessageContaining("sfsync.salesforce.clientSecrte").hasMessageNotContaining(SECRET);
        }
    }

    @Test
    void shouldNameAValueOfTheWrongTypeWithoutTheValue() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(props("sfsync.salesforce.clientId", "ours",
                    "sfsync.salesforce.httpMaxContentLength", SECRET));
            assertThatThrownBy(() -> SfsyncSalesforce.install(context))
                    .hasMessageContaining("sfsync.salesforce.httpMaxContentLength").hasMessageNotContaining(SECRET)
                    .hasNoCause();
        }
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }
}
