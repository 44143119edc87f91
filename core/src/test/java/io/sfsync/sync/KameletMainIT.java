package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.warehouse.Warehouse;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.KameletMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes as Camel JBang's {@code camel run routes/*.yaml config/application.properties} runs them:
 * camel-kamelet-main (what {@code camel run} starts) with every route file of {@code routes/}, the properties of
 * {@code config/application.properties} (sfsync's configuration class among them) and one object scheduled by a
 * {@code camel.route-template[...]} stanza, as in {@code config/objects.properties}. JBang itself cannot be installed
 * here (no internet beyond the package registries); this is the runtime it would start. Its dependency download is off:
 * the test's classpath holds what {@code camel run} would fetch.
 */
class KameletMainIT {

    @Test
    void shouldRunEveryRouteFileAndAScheduledSyncUnderKameletMain(@TempDir Path dir) throws Exception {
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 1_500)
                .build())) {
            // the instance type camel run gives it: properties camel.jbang.* tune it, as they do for camel run
            KameletMain main = new KameletMain("camel.jbang");
            main.setDownload(false);
            main.setMavenCentralEnabled(false);
            // camel run routes/*.yaml config/application.properties: the file's keys (the route pattern, sfsync's
            // configuration class, the defaults) as initial properties, then the environment's
            Properties application = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of("config/application.properties"))) {
                application.load(in);
            }
            application.forEach((k, v) -> main.addInitialProperty((String) k, (String) v));
            assertThat(application).containsEntry("camel.main.routes-include-pattern", "file:routes/*.yaml")
                    .containsEntry("camel.main.configuration-classes", "io.sfsync.app.SfsyncConfiguration");
            org.loginProperties().forEach(main::addInitialProperty);
            main.addInitialProperty("sfsync.warehouse.duckdb.path", dir.resolve("kamelet-main.duckdb").toString());
            main.addInitialProperty("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
            main.addInitialProperty("sfsync.bulk-api-threshold", "1000");
            // the status routes exist only with the HTTP server on (their precondition): every route file runs
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            main.addInitialProperty("camel.server.enabled", "true");
            main.addInitialProperty("camel.server.port", Integer.toString(port));
            main.addInitialProperty("camel.route-template[sync-account].template-id", "sync-object");
            main.addInitialProperty("camel.route-template[sync-account].sobject", "Account");
            main.addInitialProperty("camel.route-template[sync-account].table", "ACCOUNTS");
            main.addInitialProperty("camel.route-template[sync-account].cron", "0/1 * * * * ?");
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                NotifyBuilder synced = new NotifyBuilder(context).fromRoute("sync-account").whenCompleted(1).create();

                List<String> missing = new ArrayList<>();
                for (String id : routeIds()) {
                    if (context.getRoute(id) == null) {
                        missing.add(id);
                    }
                }
                assertThat(missing).as("routes of routes/*.yaml not running under KameletMain").isEmpty();
                assertThat(context.getRoute("sync-account")).as("the scheduled object's route").isNotNull();

                assertThat(synced.matches(60, TimeUnit.SECONDS)).as("a scheduled sync within a minute of a cron"
                        + " firing every second").isTrue();
                Warehouse warehouse = context.getRegistry().lookupByNameAndType("sfsync-warehouse",
                        Warehouse.class);
                OrgTables.assertTableEqualsOrg(org, "Account", warehouse, "RAW", "ACCOUNTS");

                HttpResponse<String> status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/sfsync/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(status.statusCode()).isEqualTo(200);
                assertThat(status.body()).contains("RAW.ACCOUNTS");
            } finally {
                main.stop();
            }
        }
    }

    /** The id of every route in routes/*.yaml (templates are not routes until a stanza makes one). */
    private static List<String> routeIds() throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (JsonNode element : yaml.readTree(file.toFile())) {
                    if (element.has("route")) {
                        ids.add(element.path("route").path("id").asText());
                    }
                }
            }
        }
        assertThat(ids).as("route ids in routes/*.yaml").hasSizeGreaterThan(5).doesNotContain("");
        return ids;
    }
}
