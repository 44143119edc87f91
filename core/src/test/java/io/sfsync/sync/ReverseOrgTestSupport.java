package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.ReverseResult;
import io.sfsync.api.SyncHeaders;
import io.sfsync.app.SfsyncConfiguration;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.warehouse.Warehouse;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reverse sync's ITs share: the in-process offline org (3 Accounts with an External ID field, Kitchen_Sink__c)
 * reached through real camel-salesforce, DuckDB, the YAML routes of {@code routes/}, and helpers to read the org's
 * state and request log and the warehouse.
 */
abstract class ReverseOrgTestSupport {
    @TempDir
    Path dir;
    SalesforceEmulator org;
    TestClient client;
    DefaultCamelContext context;
    String account;

    /** Starts the org (taking uploads of at most {@code orgUploadMax} bytes base64-encoded) and sfsync's routes. */
    void start(long orgUploadMax, Map<String, String> settings) throws Exception {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 3)
                .volume(DemoSchema.KITCHEN_SINK, 0).bulkTiming(Duration.ZERO, Duration.ofMillis(20))
                .ingestUploadMaxBytes(orgUploadMax).build());
        // Account's External ID field, as an org fed from another system has one (the demo org defines it on demand)
        org.org().defineField("Account", DemoSchema.accountExternalId());
        client = new TestClient(org.baseUrl()).login();
        account = records("SELECT Id FROM Account LIMIT 1").get(0).get("Id").asText();
        context = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("sfsync.warehouse.duckdb.path", dir.resolve("reverse.duckdb").toString());
        props.setProperty("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
        props.setProperty("sfsync.bulk.poll-initial-ms", "10");
        props.setProperty("sfsync.bulk.poll-max-ms", "50");
        props.setProperty("sfsync.reverse.bulk.spool-dir", dir.resolve("spool").toString());
        props.putAll(settings);
        context.getPropertiesComponent().setInitialProperties(props);
        SalesforceComponent salesforce = new SalesforceComponent();
        salesforce.setLoginUrl(org.baseUrl());
        salesforce.setClientId(org.config().clientId());
        salesforce.setClientSecret(org.config().clientSecret());
        salesforce.setUserName(org.config().username());
        salesforce.setPassword(org.config().password());
        salesforce.setAuthenticationType(AuthenticationType.USERNAME_PASSWORD);
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion("62.0");
        config.setRawPayload(true);
        salesforce.setConfig(config);
        context.addComponent(SfsyncSalesforce.NAME, salesforce);
        new SfsyncConfiguration().configure(context);
        List<Resource> routes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                routes.add(PluginHelper.getResourceLoader(context).resolveResource("file:" + f.toAbsolutePath()));
            }
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(routes);
        context.start();
        sql("CREATE SCHEMA ANALYTICS");
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        if (org != null) {
            org.close();
        }
    }

    Warehouse warehouse() {
        return context.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
    }

    void sql(String statement) throws Exception {
        try (Connection c = warehouse().connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    List<List<String>> rows(String query) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (Connection c = warehouse().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
        }
        return out;
    }

    JsonNode records(String soql) {
        HttpResponse<String> r = client.query(soql);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestClient.json(r.body()).get("records");
    }

    /** The org's requests after {@code afterSeq} that sfsync made (this test's own reads of the org left out). */
    List<RequestLog.Entry> requests(long afterSeq) {
        return org.requests().since(afterSeq);
    }

    ReverseResult reverse(String sobject, String table, String key, Map<String, Object> more) {
        Map<String, Object> headers = new HashMap<>(Map.of(SyncHeaders.SOBJECT, sobject, SyncHeaders.REVERSE_TABLE,
                table, SyncHeaders.REVERSE_KEY, key, SyncHeaders.REVERSE_DRY_RUN, "false"));
        headers.putAll(more);
        Object reply = context.createProducerTemplate().requestBodyAndHeaders("direct:sfsync-reverse", null, headers);
        assertThat(reply).isInstanceOf(ReverseResult.class);
        return (ReverseResult) reply;
    }
}
