package io.sfsync.bench;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.salesforce.SoqlBuilder;
import io.sfsync.warehouse.TableRef;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The naive reference: the sync's SOQL (with a LIMIT at the cap) through {@link NaiveRoutes} into an all-VARCHAR
 * DuckDB table, row by row. Measured from the first query to the last insert.
 */
final class NaiveProbe {
    static final TableRef TABLE = new TableRef(SyncProbe.SCHEMA, "ACCOUNTS_NAIVE");

    private NaiveProbe() {
    }

    static ProbeResult run(ProbeArgs a) throws Exception {
        String url = a.text("url");
        String apiVersion = a.text("api-version");
        SObjectSchema schema = SalesforceHttp.login(url, apiVersion).describe(SyncProbe.SOBJECT);
        List<String> columns = schema.extracted().stream().map(SfField::name).toList();
        long expected = a.number("rows");
        String soql = SoqlBuilder.select(schema, null, null) + " LIMIT " + expected;
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + a.path("db").toAbsolutePath());
                Statement s = c.createStatement()) {
            s.execute(BenchSql.createSchema(TABLE.schema()));
            s.execute(BenchSql.createVarcharTable(TABLE, columns));
            try (PreparedStatement insert = c.prepareStatement(BenchSql.insertRow(TABLE, columns));
                    CamelContext camel = new DefaultCamelContext()) {
                camel.addComponent("salesforce", salesforce(url, apiVersion));
                NaiveRoutes routes = new NaiveRoutes(columns, insert);
                camel.addRoutes(routes);
                camel.start();
                ProducerTemplate template = camel.createProducerTemplate();

                Stopwatch watch = Stopwatch.start();
                template.requestBody(NaiveRoutes.ENTRY, soql);
                watch.stop();

                boolean ok = routes.rows() == expected;
                return ProbeResult.of(ok, routes.rows(), watch, routes.pages(), String.format(Locale.ROOT,
                        "%d REST pages, one exchange and one INSERT per record%s", routes.pages(),
                        ok ? "" : "; expected " + expected + " rows"));
            }
        }
    }

    private static SalesforceComponent salesforce(String url, String apiVersion) {
        SalesforceComponent sf = new SalesforceComponent();
        sf.setLoginUrl(url);
        sf.setClientId(EmulatorConfig.DEMO_CLIENT_ID);
        sf.setClientSecret(EmulatorConfig.DEMO_CLIENT_SECRET);
        sf.setUserName(EmulatorConfig.DEMO_USERNAME);
        sf.setPassword(EmulatorConfig.DEMO_PASSWORD);
        sf.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion(apiVersion);
        config.setRawPayload(true);
        sf.setConfig(config);
        return sf;
    }
}
