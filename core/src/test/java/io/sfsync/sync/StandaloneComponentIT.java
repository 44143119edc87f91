package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standalone sfsync (camel-main through {@link SfsyncRuntime}): {@code camel.component.salesforce.*} configures
 * sfsync's own component, camel-main makes no default {@code salesforce} component beside it, and the org sees one
 * login per start; {@code sfsync.salesforce.*} works the same way and wins over {@code camel.component.salesforce.*}.
 */
class StandaloneComponentIT {

    @Test
    void shouldConfigureItsOwnComponentFromCamelsKeysAndLogInOnce(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 40).build());
                RunningSfsync sfsync = new RunningSfsync(runtime(dir).setAll(org.loginProperties()))) {
            assertOwnComponentOnly(sfsync.context(), org);
            assertThat(org.requests().counters().get("login")).as("logins at start").isEqualTo(1L);
            assertSyncs(sfsync.context(), org);
        }
    }

    @Test
    void shouldPreferSfsyncSalesforceKeysOverCamelsKeys(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 40).build())) {
            SfsyncRuntime runtime = runtime(dir)
                    // another org's login, which sfsync must not use (nothing listens there)
                    .setAll(Map.of("camel.component.salesforce.loginUrl", "http://127.0.0.1:1",
                            "camel.component.salesforce.clientId", "estate-client",
                            "camel.component.salesforce.refreshToken", "estate-refresh-token-value"));
            org.loginProperties().forEach((k, v) -> runtime.set(
                    SfsyncSalesforce.PREFIX + k.substring(SfsyncSalesforce.CAMEL_PREFIX.length()), v));
            try (RunningSfsync sfsync = new RunningSfsync(runtime)) {
                assertOwnComponentOnly(sfsync.context(), org);
                assertThat(SfsyncSalesforce.of(sfsync.context()).getRefreshToken()).isNull();
                assertThat(org.requests().counters().get("login")).as("logins at start").isEqualTo(1L);
                assertSyncs(sfsync.context(), org);
            }
        }
    }

    @Test
    void shouldTakeASalesforceOptionGivenAsASystemPropertyForItsOwnComponent(@TempDir Path dir) throws Exception {
        String key = "camel.component.salesforce.httpClientIdleTimeout";
        String before = System.setProperty(key, "60000");
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 40).build());
                RunningSfsync sfsync = new RunningSfsync(runtime(dir).setAll(org.loginProperties()))) {
            assertOwnComponentOnly(sfsync.context(), org);
            assertThat(SfsyncSalesforce.of(sfsync.context()).getHttpClientIdleTimeout()).isEqualTo(60_000L);
            assertSyncs(sfsync.context(), org);
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    private static SfsyncRuntime runtime(Path dir) {
        return new SfsyncRuntime().loadConfig(false)
                .set("sfsync.warehouse.duckdb.path", dir.resolve("standalone.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString())
                .set("camel.management.enabled", "false");
    }

    private static void assertOwnComponentOnly(CamelContext context, SalesforceEmulator org) {
        assertThat(context.hasComponent("salesforce")).as("no default salesforce component").isNull();
        SalesforceComponent ours = SfsyncSalesforce.of(context);
        assertThat(ours).isNotNull();
        assertThat(ours.getLoginUrl()).isEqualTo(org.baseUrl());
        assertThat(ours.getClientId()).isEqualTo(EmulatorConfig.DEMO_CLIENT_ID);
        assertThat(ours.getConfig().isRawPayload()).isTrue();
        assertThat(ours.getConfig().getApiVersion()).isEqualTo("62.0");
    }

    private static void assertSyncs(CamelContext context, SalesforceEmulator org) throws Exception {
        SyncResult r = new IntelligentSync(context).sync(SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS"));
        assertThat(r.success()).as(r.logLine()).isTrue();
        Warehouse warehouse = context.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
        OrgTables.assertTableEqualsOrg(org, "Account", warehouse, "RAW", "ACCOUNTS");
    }
}
