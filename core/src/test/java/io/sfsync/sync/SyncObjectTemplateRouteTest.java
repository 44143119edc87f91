package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncHeaders;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.main.PropertiesRouteTemplateParametersSource;
import org.apache.camel.spi.RouteTemplateParameterSource;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.util.StringHelper;
import org.junit.jupiter.api.Test;

/**
 * The route template {@code sync-object} (routes/sync-object.camel.yaml): a stanza as in config/objects.properties
 * makes a Quartz route of its own, which on each firing sends the object's {@code Sfsync*} headers to
 * {@code direct:sfsync-sync} (mocked and skipped here), the stanza's values over the {@code sfsync.*} defaults.
 */
class SyncObjectTemplateRouteTest extends SfsyncRoutesTestSupport {
    private static final Pattern STANZA_KEY = Pattern.compile("camel\\.route-template\\[([^]]+)]\\.(.+)");

    /** Two stanzas, as a user writes them in config/objects.properties; the Quartz cron fires every second. */
    private static final String OBJECTS = """
            camel.route-template[sync-account].template-id = sync-object
            camel.route-template[sync-account].sobject = Account
            camel.route-template[sync-account].cron = 0/1 * * * * ?
            camel.route-template[sync-account].table = ACCOUNTS

            camel.route-template[sync-big-orders].template-id = sync-object
            camel.route-template[sync-big-orders].sobject = Order__c
            camel.route-template[sync-big-orders].cron = 0/1 * * * * ?
            camel.route-template[sync-big-orders].schema = SALES
            camel.route-template[sync-big-orders].table = ORDERS
            camel.route-template[sync-big-orders].matchField = External_Id__c
            camel.route-template[sync-big-orders].forceFullSync = true
            camel.route-template[sync-big-orders].bulkApiThreshold = 5
            camel.route-template[sync-big-orders].reconcileIds = true
            """;

    @Override
    Properties properties() {
        Properties p = new Properties();
        // a setting the template's defaults follow ({{sfsync.delete-mode:soft}})
        p.setProperty("sfsync.delete-mode", "hard");
        return p;
    }

    /** The stanzas bound as camel-main binds camel.route-template[ID].* (its parameter source, keys in camelCase). */
    @Override
    void beforeRoutes(CamelContext context) {
        Properties stanzas = new Properties();
        try {
            stanzas.load(new StringReader(OBJECTS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PropertiesRouteTemplateParametersSource source = new PropertiesRouteTemplateParametersSource();
        for (String key : stanzas.stringPropertyNames()) {
            Matcher m = STANZA_KEY.matcher(key);
            assertThat(m.matches()).as(key).isTrue();
            source.addParameter(m.group(1), StringHelper.dashToCamelCase(m.group(2)), stanzas.getProperty(key));
        }
        context.getRegistry().bind("sfsync-objects", RouteTemplateParameterSource.class, source);
    }

    /**
     * Sends to {@code direct:sfsync-sync} go to {@code mock:direct:sfsync-sync} and no further. (Camel's mock
     * strategy for the whole context: AdviceWith cannot advise a route made from a template, it re-adds the route
     * without the template's parameters.)
     */
    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        configuration.withMockEndpointsAndSkip("direct:sfsync-sync");
    }

    private MockEndpoint syncOnEachFiring() {
        return getMockEndpoint("mock:direct:sfsync-sync");
    }

    private static Map<String, Object> headers(MockEndpoint sync, String sobject) {
        return sync.getReceivedExchanges().stream().map(Exchange::getMessage)
                .filter(m -> sobject.equals(m.getHeader(SyncHeaders.SOBJECT))).findFirst()
                .orElseThrow(() -> new AssertionError("no run of " + sobject + " reached direct:sfsync-sync"))
                .getHeaders();
    }

    @Test
    void shouldMakeOneQuartzRoutePerStanzaNamedAfterItsTargetTable() throws Exception {
        context.start();
        QuartzEndpoint account = (QuartzEndpoint) context.getRoute("sync-account").getEndpoint();
        assertThat(account.getEndpointUri()).startsWith("quartz://sfsync/RAW.ACCOUNTS");
        assertThat(account.isStateful()).as("a stateful job never overlaps itself").isTrue();
        QuartzEndpoint orders = (QuartzEndpoint) context.getRoute("sync-big-orders").getEndpoint();
        assertThat(orders.getEndpointUri()).startsWith("quartz://sfsync/SALES.ORDERS");
    }

    @Test
    void shouldSendTheStanzasHeadersToTheSyncOnEachFiring() throws Exception {
        NotifyBuilder fired = new NotifyBuilder(context).fromRoute("sync-account").whenDone(1)
                .and().fromRoute("sync-big-orders").whenDone(1).create();
        context.start();
        MockEndpoint sync = syncOnEachFiring();

        assertThat(fired.matches(30, TimeUnit.SECONDS)).as("both Quartz routes fired within 30 s").isTrue();

        assertThat(headers(sync, "Account")).containsAllEntriesOf(Map.ofEntries(
                Map.entry(SyncHeaders.SCHEMA, "RAW"),
                Map.entry(SyncHeaders.TABLE, "ACCOUNTS"),
                Map.entry(SyncHeaders.MATCH_FIELD, "Id"),
                Map.entry(SyncHeaders.FORCE_FULL_SYNC, "false"),
                Map.entry(SyncHeaders.USE_STAGE, "true"),
                Map.entry(SyncHeaders.STAGE_NAME, "@SALESFORCE_STAGE"),
                Map.entry(SyncHeaders.BULK_API_THRESHOLD, "1000"),
                Map.entry(SyncHeaders.STAGE_THRESHOLD, "50000"),
                Map.entry(SyncHeaders.WATERMARK_FIELD, "SystemModstamp"),
                Map.entry(SyncHeaders.DELETE_MODE, "hard"),
                Map.entry(SyncHeaders.RECONCILE_IDS, "false")));
        assertThat(headers(sync, "Order__c")).containsAllEntriesOf(Map.ofEntries(
                Map.entry(SyncHeaders.SCHEMA, "SALES"),
                Map.entry(SyncHeaders.TABLE, "ORDERS"),
                Map.entry(SyncHeaders.MATCH_FIELD, "External_Id__c"),
                Map.entry(SyncHeaders.FORCE_FULL_SYNC, "true"),
                Map.entry(SyncHeaders.BULK_API_THRESHOLD, "5"),
                Map.entry(SyncHeaders.DELETE_MODE, "hard"),
                Map.entry(SyncHeaders.RECONCILE_IDS, "true")));
        // the schedule's step named the slot the trigger fired for (the run's start line says so)
        Exchange first = sync.getReceivedExchanges().get(0);
        assertThat(first.getProperty(SyncHeaders.SCHEDULED_SLOT, String.class)).startsWith("the scheduled slot 20");
    }
}
