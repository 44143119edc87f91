package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncConfiguration;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kamelets shipped in the product jar ({@code classpath:kamelets}), used by an estate's own routes in a plain
 * CamelContext: {@code sfsync-sync-action} answers the run's {@link SyncResult}, and a call that leaves out a required
 * parameter fails with one error naming it; {@code sfsync-sync-source} syncs on its cron and hands each result on.
 */
class KameletsIT {

    @Test
    void shouldSyncAnObjectFromAnEstatesRouteThroughTheKamelet(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 300)
                .build()); DefaultCamelContext context = sfsync(org, dir)) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:estate-contacts").routeId("estate-contacts")
                            .to("kamelet:sfsync-sync-action?sobject=Contact&table=CONTACTS&bulkApiThreshold=100");
                }
            });
            context.start();

            SyncResult first = context.createProducerTemplate().requestBody("direct:estate-contacts", null,
                    SyncResult.class);
            assertThat(first.success()).as(first.logLine()).isTrue();
            assertThat(first.syncMethod()).as("300 records, Bulk from 100").isEqualTo("bulk_api_full");
            assertThat(first.targetTable()).isEqualTo("RAW.CONTACTS");
            assertThat(first.actualRecords()).isEqualTo(300);
            Warehouse warehouse = context.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
            OrgTables.assertTableEqualsOrg(org, "Contact", warehouse, "RAW", "CONTACTS");

            SyncResult second = context.createProducerTemplate().requestBody("direct:estate-contacts", null,
                    SyncResult.class);
            assertThat(second.success()).as(second.logLine()).isTrue();
            assertThat(second.syncMethod()).as("nothing changed: incremental, below Bulk's 100")
                    .isEqualTo("regular_api_incremental");
        }
    }

    @Test
    void shouldRefuseACallWithoutTheSObjectWithOneErrorNamingIt(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 10)
                .build()); DefaultCamelContext context = sfsync(org, dir)) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:estate-nothing").routeId("estate-nothing").to("kamelet:sfsync-sync-action?table=X");
                }
            });
            assertThatThrownBy(context::start).rootCause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Route template sfsync-sync-action the following mandatory parameters must be"
                            + " provided: sobject");
        }
    }

    @Test
    void shouldSyncOnTheCronOfTheSourceKameletAndHandEachResultToTheRoute(@TempDir Path dir) throws Exception {
        BlockingQueue<SyncResult> results = new LinkedBlockingQueue<>();
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Contact", 40)
                .build()); DefaultCamelContext context = sfsync(org, dir)) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:sfsync-sync-source?sobject=Contact&table=CONTACTS_SCHEDULED&cron=0/1+*+*+*+*+?")
                            .routeId("estate-scheduled-contacts")
                            .process(e -> results.add(e.getMessage().getBody(SyncResult.class)));
                }
            });
            context.start();

            SyncResult first = results.poll(60, TimeUnit.SECONDS);
            assertThat(first).as("a run within a minute of a cron firing every second").isNotNull();
            assertThat(first.success()).as(first.logLine()).isTrue();
            assertThat(first.targetTable()).isEqualTo("RAW.CONTACTS_SCHEDULED");
            assertThat(first.actualRecords()).isEqualTo(40);
            Warehouse warehouse = context.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
            OrgTables.assertTableEqualsOrg(org, "Contact", warehouse, "RAW", "CONTACTS_SCHEDULED");
        }
    }

    /** A plain CamelContext with sfsync configured against the offline org and its routes loaded, not started. */
    private static DefaultCamelContext sfsync(SalesforceEmulator org, Path dir) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties props = new Properties();
        org.loginProperties().forEach(props::setProperty);
        props.setProperty("sfsync.warehouse.duckdb.path", dir.resolve("estate.duckdb").toString());
        props.setProperty("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
        context.getPropertiesComponent().setInitialProperties(props);
        new SfsyncConfiguration().configure(context);
        loadRoutes(context);
        return context;
    }

    private static void loadRoutes(CamelContext context) throws Exception {
        var routes = PluginHelper.getPackageScanResourceResolver(context).findResources("classpath:routes/*.yaml");
        PluginHelper.getRoutesLoader(context).loadRoutes(routes);
    }
}
