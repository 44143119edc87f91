package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.app.SfsyncConfiguration;
import io.sfsync.plan.SyncMethod;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.io.TempDir;

/**
 * Route-level tests of the YAML routes in {@code routes/}, in Camel's idioms: a {@link CamelTestSupport} context with
 * sfsync's real beans ({@link SfsyncConfiguration}, DuckDB in a temporary folder) and every route file, not started
 * until the test has advised the routes it isolates ({@code AdviceWith}). The Salesforce component is configured but
 * never logs in ({@code lazyLogin}): the tests mock its endpoints and skip them.
 */
abstract class SfsyncRoutesTestSupport extends CamelTestSupport {
    /** The six method routes' endpoints, named after the methods ({@code bulk_api_full}: sfsync-bulk-api-full). */
    static final String[] METHOD_ENDPOINTS = Arrays.stream(SyncMethod.values())
            .map(SfsyncRoutesTestSupport::methodEndpoint).toArray(String[]::new);
    /** Every Salesforce endpoint of the routes (camel-salesforce's component, or sfsync's own instance of it). */
    static final String[] SALESFORCE_ENDPOINTS = {"salesforce:*", "sfsync-salesforce:*"};

    @TempDir
    Path dir;
    /** The properties the context reads over its own; filled in {@link #doPreSetup} once {@link #dir} is there. */
    private Properties overrides;

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        // called from CamelTestSupport's constructor, before the fields are injected
        overrides = new Properties();
        configuration.withUseOverridePropertiesWithPropertiesComponent(overrides);
    }

    @Override
    protected void doPreSetup() throws Exception {
        super.doPreSetup();
        overrides.setProperty("sfsync.warehouse.type", "duckdb");
        overrides.setProperty("sfsync.warehouse.duckdb.path", dir.resolve("routes.duckdb").toString());
        overrides.setProperty("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
        overrides.setProperty("sfsync.bulk.poll-initial-ms", "1");
        overrides.setProperty("sfsync.bulk.poll-max-ms", "2");
        overrides.putAll(properties());
    }

    /** More properties for a test class (a stanza of config/objects.properties, settings). */
    Properties properties() {
        return new Properties();
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        // sfsync's own component (an estate-provided one is used as it is), configured as application.properties
        // configures it, with credentials that are never used: every call to it is mocked and skipped.
        SalesforceComponent salesforce = new SalesforceComponent();
        salesforce.setLazyLogin(true);
        salesforce.setLoginUrl("https://127.0.0.1:9");
        salesforce.setClientId("route-test");
        salesforce.setClientSecret("route-test-secret");
        salesforce.setRefreshToken("route-test-token");
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setRawPayload(true);
        config.setApiVersion("62.0");
        salesforce.setConfig(config);
        context.addComponent(SfsyncSalesforce.NAME, salesforce);
        return context;
    }

    /** sfsync's beans bound as camel-main binds them, then every route file of {@code routes/}. */
    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        beforeRoutes(context);
        new SfsyncConfiguration().configure(context);
        List<Resource> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(routesFolder())) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                resources.add(PluginHelper.getResourceLoader(context).resolveResource("file:" + f.toAbsolutePath()));
            }
        }
        return PluginHelper.getRoutesLoader(context).findRoutesBuilders(resources).toArray(RoutesBuilder[]::new);
    }

    /** What a test class binds before the routes are read (the template's parameter source). */
    void beforeRoutes(CamelContext context) {
    }

    static Path routesFolder() {
        Path routes = Path.of("routes");
        if (!Files.isDirectory(routes)) {
            throw new IllegalStateException("run the tests from the repository's top folder: no routes/ in "
                    + Path.of("").toAbsolutePath());
        }
        return routes;
    }

    static String methodEndpoint(SyncMethod method) {
        return "direct:sfsync-" + method.wireName().replace('_', '-');
    }

    /** The run headers of {@code direct:sfsync-sync} for a sync of {@code sobject} into RAW.{@code table}. */
    static Map<String, Object> syncHeaders(String sobject, String table) {
        return Map.of(SyncHeaders.SOBJECT, sobject, SyncHeaders.SCHEMA, "RAW", SyncHeaders.TABLE, table);
    }

    /** Rows of the history table recorded for RAW.{@code table} with the given outcome. */
    long historyRows(String table, boolean success) throws Exception {
        DuckDbWarehouse warehouse = context.getRegistry().lookupByNameAndType("sfsync-warehouse",
                DuckDbWarehouse.class);
        if (!warehouse.tableExists(warehouse.historyTable())) {
            return 0;
        }
        try (Connection c = warehouse.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM \"SFSYNC_CONTROL\".\"sfsync_history\" WHERE"
                        + " \"target_table\" = 'RAW." + table + "' AND \"success\" = " + success)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
