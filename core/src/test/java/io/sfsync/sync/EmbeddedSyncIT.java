package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncConfiguration;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.salesforce.SfsyncSalesforce;

import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sfsync inside somebody else's Camel estate: a plain CamelContext (no camel-main) that configures sfsync's Salesforce
 * component itself (a SalesforceComponent added under {@code sfsync-salesforce}), sfsync's beans from {@link SfsyncConfiguration} and its routes from the classpath (the jar carries them).
 */
class EmbeddedSyncIT {

    @Test
    void shouldSyncFromRoutesOnTheClasspathOfAnEmbeddingContext(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 1_200)
                .build()); DefaultCamelContext context = new DefaultCamelContext()) {
            Properties props = new Properties();
            props.setProperty("sfsync.warehouse.duckdb.path", dir.resolve("embedded.duckdb").toString());
            context.getPropertiesComponent().setInitialProperties(props);
            SalesforceComponent salesforce = new SalesforceComponent();
            salesforce.setLoginUrl(org.baseUrl());
            salesforce.setClientId(org.config().clientId());
            salesforce.setClientSecret(org.config().clientSecret());
            salesforce.setUserName(org.config().username());
            salesforce.setPassword(org.config().password());
            salesforce.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
            org.apache.camel.component.salesforce.SalesforceEndpointConfig config =
                    new org.apache.camel.component.salesforce.SalesforceEndpointConfig();
            config.setApiVersion("62.0");
            // sfsync's routes read raw JSON: the component bound under sfsync's name gets rawPayload=true
            config.setRawPayload(false);
            salesforce.setConfig(config);
            salesforce.setHttpMaxContentLength(64 * 1024 * 1024);
            context.addComponent(SfsyncSalesforce.NAME, salesforce);
            new SfsyncConfiguration().configure(context);
            assertThat(SfsyncSalesforce.of(context)).isSameAs(salesforce);
            assertThat(salesforce.getConfig().isRawPayload()).isTrue();
            var routes = PluginHelper.getPackageScanResourceResolver(context).findResources("classpath:routes/*.yaml");
            assertThat(routes).hasSizeGreaterThanOrEqualTo(7);
            PluginHelper.getRoutesLoader(context).loadRoutes(routes);
            context.start();

            IntelligentSync sync = new IntelligentSync(context);
            sync.setBulkApiThreshold(500);
            SyncResult r = sync.sync("Account", "RAW", "ACCOUNTS", "Id", true, "@SALESFORCE_STAGE", false);
            assertThat(r.success()).as(r.logLine()).isTrue();
            assertThat(r.syncMethod()).isEqualTo("bulk_api_full");
            assertThat(r.actualRecords()).isEqualTo(1_200);
        }
    }
}
