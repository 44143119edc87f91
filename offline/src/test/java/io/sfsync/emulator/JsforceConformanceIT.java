package io.sfsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sfsync.emulator.model.DemoSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The emulator driven by jsforce (Node.js), so that a client other than camel-salesforce proves it: OAuth login,
 * query with autoFetch paging, COUNT(), limits, describe, a Bulk API 2.0 query, DML and queryAll, Bulk API 2.0 ingest
 * (an upsert on an external id, read back through a query) and sObject Collections. Runs when
 * {@code node} and jsforce are installed ({@code .ci/run} installs jsforce into {@code target/jsforce}); skipped
 * otherwise, so that {@code mvn test} needs nothing but a JDK.
 */
class JsforceConformanceIT {
    private static final Path MODULES = Path.of("target", "jsforce", "node_modules");

    @Test
    void shouldServeJsforceLikeARealOrg() throws Exception {
        assumeTrue(Files.isDirectory(MODULES.resolve("jsforce")), "jsforce is not installed in " + MODULES);
        assumeTrue(nodeAvailable(), "node is not on the PATH");
        try (SalesforceEmulator emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 4500)
                .volume("Kitchen_Sink__c", 120).build())) {
            emulator.org().defineField("Account", DemoSchema.accountExternalId());
            ProcessBuilder pb = new ProcessBuilder("node", Path.of("offline", "src", "test", "js", "jsforce-conformance.js")
                    .toString(), emulator.baseUrl(), "4500").redirectErrorStream(true);
            pb.environment().put("NODE_PATH", MODULES.toAbsolutePath().toString());
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("jsforce conformance: ok");
            assertThat(emulator.requests().counters()).containsKeys("login", "query", "queryMore", "bulk.create",
                    "bulk.results", "sobject.create", "ingest.create", "ingest.upload", "ingest.state",
                    "ingest.successfulResults", "ingest.failedResults", "ingest.unprocessedrecords",
                    "collections.create", "collections.upsert", "collections.delete", "revoke");
        }
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
