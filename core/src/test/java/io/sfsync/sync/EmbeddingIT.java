package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncConfiguration;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.dto.Limits;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sfsync added to an estate that already has its own {@code salesforce} component, configured otherwise
 * (rawPayload=false, so its calls answer DTOs) and logged in to another org with other credentials: sfsync syncs from
 * its org through its own component, {@code sfsync-salesforce}, and the estate's route keeps working as before.
 */
class EmbeddingIT {
    private static final String ESTATE_CLIENT_ID = "estate-client";
    private static final String ESTATE_SECRET = "estate-client-secret";
    private static final String ESTATE_USER = "estate@other.example";
    private static final String ESTATE_PASSWORD = "estate-password";
    private static final long ESTATE_DAILY_API_REQUESTS = 123_456;

    @Test
    void shouldSyncThroughItsOwnComponentBesideTheEstatesSalesforceComponent(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator estateOrg = SalesforceEmulator.start(EmulatorConfig.builder().seed(99)
                        .volume("Account", 25).clientId(ESTATE_CLIENT_ID).clientSecret(ESTATE_SECRET)
                        .username(ESTATE_USER).password(ESTATE_PASSWORD)
                        .dailyApiRequests(ESTATE_DAILY_API_REQUESTS).build());
                SalesforceEmulator sfsyncOrg = SalesforceEmulator.start(EmulatorConfig.builder()
                        .volume("Account", 1_200).build());
                DefaultCamelContext context = new DefaultCamelContext()) {
            Properties props = new Properties();
            // The estate's own settings of the default component, as a camel-main or Spring Boot estate has them:
            // sfsync.salesforce.* below sets a login, so sfsync's component must not read these.
            props.setProperty("camel.component.salesforce.loginUrl", estateOrg.baseUrl());
            props.setProperty("camel.component.salesforce.clientId", ESTATE_CLIENT_ID);
            props.setProperty("camel.component.salesforce.clientSecret", ESTATE_SECRET);
            props.setProperty("camel.component.salesforce.userName", ESTATE_USER);
            props.setProperty("camel.component.salesforce.password", ESTATE_PASSWORD);
            props.setProperty("camel.component.salesforce.rawPayload", "false");
            // sfsync's org, under sfsync.salesforce.* (the same keys as camel.component.salesforce.*)
            sfsyncOrg.loginProperties().forEach((k, v) -> props.setProperty(
                    SfsyncSalesforce.PREFIX + k.substring(SfsyncSalesforce.CAMEL_PREFIX.length()), v));
            props.setProperty("sfsync.warehouse.duckdb.path", dir.resolve("embedded.duckdb").toString());
            props.setProperty("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
            context.getPropertiesComponent().setInitialProperties(props);

            SalesforceComponent estate = estateComponent(estateOrg);
            context.addComponent("salesforce", estate);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:estate-limits").routeId("estate-limits").to("salesforce:limits");
                }
            });

            new SfsyncConfiguration().configure(context);
            var routes = PluginHelper.getPackageScanResourceResolver(context).findResources("classpath:routes/*.yaml");
            PluginHelper.getRoutesLoader(context).loadRoutes(routes);
            context.start();

            SalesforceComponent ours = SfsyncSalesforce.of(context);
            assertThat(ours).isNotNull().isNotSameAs(estate);
            assertThat(context.getComponent("salesforce")).isSameAs(estate);
            assertThat(ours.getConfig().isRawPayload()).isTrue();
            assertThat(ours.getLoginUrl()).isEqualTo(sfsyncOrg.baseUrl());
            assertThat(ours.getClientId()).isEqualTo(EmulatorConfig.DEMO_CLIENT_ID);
            assertThat(ours.getConfig().getApiVersion()).as("sfsync's default").isEqualTo("62.0");

            ProducerTemplate template = context.createProducerTemplate();
            assertEstateAnswers(template, estate, estateOrg);

            long estateSeq = estateOrg.requests().lastSeq();
            IntelligentSync sync = new IntelligentSync(context);
            sync.setBulkApiThreshold(500);
            SyncResult r = sync.sync("Account", "RAW", "ACCOUNTS", "Id", true, "@SALESFORCE_STAGE", false);
            assertThat(r.success()).as(r.logLine()).isTrue();
            assertThat(r.syncMethod()).isEqualTo("bulk_api_full");
            assertThat(r.actualRecords()).isEqualTo(1_200);
            Warehouse warehouse = context.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
            OrgTables.assertTableEqualsOrg(sfsyncOrg, "Account", warehouse, "RAW", "ACCOUNTS");
            assertThat(estateOrg.requests().since(estateSeq)).as("sfsync never called the estate's org").isEmpty();

            // The on-demand entry of the routes, as another route would call it.
            SyncResult again = template.requestBodyAndHeader("direct:sfsync-sync", null, SyncHeaders.SOBJECT,
                    "Account", SyncResult.class);
            assertThat(again.success()).as(again.logLine()).isTrue();

            assertEstateAnswers(template, estate, estateOrg);
        }
    }

    /** The estate's own route answers a DTO (rawPayload=false) from the estate's org, with the estate's settings. */
    private static void assertEstateAnswers(ProducerTemplate template, SalesforceComponent estate,
            SalesforceEmulator estateOrg) {
        assertThat(estate.getConfig().isRawPayload()).isFalse();
        assertThat(estate.getClientId()).isEqualTo(ESTATE_CLIENT_ID);
        long seq = estateOrg.requests().lastSeq();
        Object body = template.requestBody("direct:estate-limits", (Object) null);
        assertThat(body).isInstanceOf(Limits.class);
        assertThat(((Limits) body).getDailyApiRequests().getMax()).isEqualTo((int) ESTATE_DAILY_API_REQUESTS);
        assertThat(estateOrg.requests().since(seq)).extracting(RequestLog.Entry::operation).containsExactly("limits");
    }

    private static SalesforceComponent estateComponent(SalesforceEmulator org) {
        SalesforceComponent c = new SalesforceComponent();
        c.setLoginUrl(org.baseUrl());
        c.setClientId(ESTATE_CLIENT_ID);
        c.setClientSecret(ESTATE_SECRET);
        c.setUserName(ESTATE_USER);
        c.setPassword(ESTATE_PASSWORD);
        c.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("59.0");
        config.setRawPayload(false);
        c.setConfig(config);
        return c;
    }
}
