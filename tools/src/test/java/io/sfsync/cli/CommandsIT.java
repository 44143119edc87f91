package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncPlanResult;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.testing.PackagedJar;
import io.sfsync.emulator.http.Faults;
import io.sfsync.emulator.http.RequestLog;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-shot commands as a user runs them: the packaged {@code target/sfsync.jar} in a child JVM, in a working
 * directory with its own {@code config/} and {@code routes/}, against an offline org this test starts, into DuckDB.
 * Build the jar first: {@code mvn -q -B -o package -DskipTests}.
 */
class CommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "sfsync.jar").toAbsolutePath();
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

    /** What a child process printed and how it ended. */
    record Result(int status, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    private static SalesforceEmulator org() {
        return SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 300).volume("Contact", 1500)
                .volume("Opportunity", 200).build());
    }

    /** A working dir with config/ and routes/ copied from the project, and these object stanzas. */
    private static Path workDir(Path dir, SalesforceEmulator org, int httpPort, String... stanzas) throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config", "application.properties"), config.resolve("application.properties"));
        copyDir(Path.of("routes"), dir.resolve("routes"));
        Files.writeString(config.resolve("objects.properties"), String.join("\n", stanzas) + "\n");
        append(config.resolve("application.properties"), "camel.server.port = " + httpPort,
                "sfsync.bulk.poll-initial-ms = 20", "sfsync.bulk.poll-max-ms = 100");
        salesforceLogin(dir, org);
        return dir;
    }

    /**
     * How the child logs in to the offline org, as README documents it: CAMEL_COMPONENT_SALESFORCE_* variables, kept
     * in the test's own file {@code login.env} of the working dir (sfsync never reads it) for {@link #child} to set.
     */
    private static void salesforceLogin(Path dir, SalesforceEmulator org) throws IOException {
        Properties env = new Properties();
        env.putAll(PackagedJar.credentials(org));
        try (var out = Files.newBufferedWriter(dir.resolve("login.env"))) {
            env.store(out, "CommandsIT: the children's Salesforce login");
        }
    }

    private static String stanza(String id, String sobject, String table) {
        return String.join("\n", "camel.route-template[" + id + "].template-id = sync-object",
                "camel.route-template[" + id + "].sobject = " + sobject,
                "camel.route-template[" + id + "].cron = 0 0 0 1 1 ? 2099",
                "camel.route-template[" + id + "].table = " + table);
    }

    private static void append(Path file, String... lines) throws IOException {
        Files.writeString(file, Files.readString(file) + "\n" + String.join("\n", lines) + "\n");
    }

    private static void copyDir(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static ProcessBuilder child(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CAMEL_") || k.startsWith("SFSYNC_"));
        // several children at once: each its own free management port
        pb.environment().put("CAMEL_MANAGEMENT_PORT", "0");
        Path login = dir.resolve("login.env");
        if (Files.exists(login)) {
            Properties env = new Properties();
            try (var in = Files.newBufferedReader(login)) {
                env.load(in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            env.forEach((k, v) -> pb.environment().put(k.toString(), v.toString()));
        }
        return pb;
    }

    private static Result run(Path dir, String... args) throws Exception {
        return run(child(dir, args));
    }

    private static Result run(ProcessBuilder pb) throws Exception {
        Path out = Files.createTempFile("sfsync-out", ".txt");
        Path err = Files.createTempFile("sfsync-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("child ended in time").isTrue();
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long count(Path dir, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("data/sfsync.duckdb"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every table of the file with its row count, and the control tables' content: what a plan must not change. */
    private static Map<String, String> snapshot(Path dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("data/sfsync.duckdb"));
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_schema || '.' || table_name FROM"
                    + " information_schema.tables")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                String[] p = t.split("\\.", 2);
                String name = "\"" + p[0] + "\".\"" + p[1] + "\"";
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MAX(md5(CAST(x AS VARCHAR))) FROM " + name
                        + " AS x")) {
                    rs.next();
                    out.put(t, rs.getLong(1) + " " + rs.getString(2));
                }
            }
        }
        return out;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void shouldPrintUsageForHelpAndExitTwoOnUsageErrors(@TempDir Path tmp) throws Exception {
        try (SalesforceEmulator org = org()) {
            Path dir = workDir(tmp, org, freePort(), stanza("sync-account", "Account", "ACCOUNTS"));
            for (String command : List.of("sync", "plan", "history", "status")) {
                Result help = run(dir, command, "--help");
                assertThat(help.status()).as(command + " --help").isZero();
                assertThat(help.out()).contains("Usage: java -jar target/sfsync.jar " + command)
                        .contains("Exit status");
            }
            Result unknownOption = run(dir, "sync", "--fast");
            assertThat(unknownOption.status()).isEqualTo(2);
            assertThat(unknownOption.err()).contains("unknown option --fast").contains("Usage:");
            Result unknownObject = run(dir, "plan", "Lead");
            assertThat(unknownObject.status()).isEqualTo(2);
            assertThat(unknownObject.err()).contains("'Lead' is not a configured object")
                    .contains("Account (sync-account)");
            assertThat(run(dir, "history", "Account", "Contact").status()).isEqualTo(2);
            assertThat(run(dir, "history", "--last", "0").status()).isEqualTo(2);
            assertThat(run(dir, "status", "Account").status()).isEqualTo(2);
            assertThat(run(dir, "plan", "--full").status()).isEqualTo(2);
            assertThat(org.requests().counters()).as("no usage error reached the org").doesNotContainKey("login");
        }
    }

    @Test
    void shouldSyncTheOtherObjectsWhenOneFailsAndExitOne(@TempDir Path tmp) throws Exception {
        try (SalesforceEmulator org = org()) {
            Path dir = workDir(tmp, org, freePort(), stanza("sync-account", "Account", "ACCOUNTS"),
                    stanza("sync-contact", "Contact", "CONTACTS"),
                    stanza("sync-opportunity", "Opportunity", "OPPORTUNITIES"));
            // An org fault on one object only: its describe is refused (403, not retried).
            org.faults().add(Faults.Kind.REQUEST_LIMIT_EXCEEDED, "/sobjects/Opportunity/describe", "GET", 100, 0);
            Result failing = run(dir, "sync", "--json");
            assertThat(failing.status()).as(failing.err()).isEqualTo(1);
            JsonNode doc = failing.json();
            assertThat(doc.path("command").asText()).isEqualTo("sync");
            assertThat(doc.path("success").asBoolean()).isFalse();
            assertThat(doc.path("results")).hasSize(3);
            Map<String, JsonNode> bySObject = new TreeMap<>();
            doc.path("results").forEach(r -> bySObject.put(r.path("sobject").asText(), r));
            assertThat(bySObject.get("Account").path("success").asBoolean()).isTrue();
            assertThat(bySObject.get("Account").path("actual_records").asLong()).isEqualTo(300);
            assertThat(bySObject.get("Contact").path("success").asBoolean()).isTrue();
            assertThat(bySObject.get("Contact").path("sync_method").asText()).isEqualTo("bulk_api_full");
            assertThat(bySObject.get("Opportunity").path("success").asBoolean()).isFalse();
            assertThat(bySObject.get("Opportunity").path("error").asText()).contains("REQUEST_LIMIT_EXCEEDED");
            assertThat(count(dir, "SELECT COUNT(*) FROM RAW.ACCOUNTS")).isEqualTo(300);
            assertThat(count(dir, "SELECT COUNT(*) FROM RAW.CONTACTS")).isEqualTo(1500);
            assertThat(count(dir, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name ="
                    + " 'OPPORTUNITIES'")).isZero();

            org.faults().clear();
            Result good = run(dir, "sync", "Account", "sync-contact", "--json");
            assertThat(good.status()).as(good.err()).isZero();
            JsonNode second = good.json();
            assertThat(second.path("success").asBoolean()).isTrue();
            assertThat(second.path("results")).hasSize(2);
            second.path("results").forEach(r -> assertThat(r.path("sync_method").asText()).endsWith("incremental"));

            Result full = run(dir, "sync", "Opportunity", "--full");
            assertThat(full.status()).as(full.err()).isZero();
            assertThat(full.out()).contains("OBJECT").contains("Opportunity").contains("regular_api_full")
                    .contains("ok");
            assertThat(count(dir, "SELECT COUNT(*) FROM RAW.OPPORTUNITIES")).isEqualTo(200);
            assertThat(count(dir, "SELECT COUNT(*) FROM SFSYNC_CONTROL.sfsync_history")).isEqualTo(6);
        }
    }

    @Test
    void shouldWriteWarehouseRowsIntoSalesforceWithReverseAndKeepTheRefusedOnes(@TempDir Path tmp) throws Exception {
        try (SalesforceEmulator org = org()) {
            org.org().defineField("Account", DemoSchema.accountExternalId());
            Path dir = workDir(tmp, org, freePort());
            Files.createDirectories(dir.resolve("data"));
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("data/sfsync.duckdb"));
                    Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA ANALYTICS");
                s.execute("CREATE TABLE ANALYTICS.SCORES (EXTERNAL_ID__C VARCHAR, NAME VARCHAR, RATING VARCHAR)");
                s.execute("INSERT INTO ANALYTICS.SCORES VALUES ('CLI-1', 'From the warehouse', 'Hot'),"
                        + " ('CLI-2', NULL, 'Cold')");
            }

            Result dry = run(dir, "reverse", "Account", "--key", "External_Id__c", "--table", "ANALYTICS.SCORES",
                    "--dry-run");
            assertThat(dry.status()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("rest (dry run)").contains("ok");
            assertThat(count(dir, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name ="
                    + " 'SCORES_SF_FAILURES'")).isZero();

            Result r = run(dir, "reverse", "Account", "--key", "External_Id__c", "--table", "ANALYTICS.SCORES",
                    "--json");
            assertThat(r.status()).as("a refused row: exit 1; " + r.err()).isEqualTo(1);
            JsonNode result = r.json().path("result");
            assertThat(r.json().path("success").asBoolean()).isTrue();
            assertThat(result.path("succeeded").asLong()).isEqualTo(1);
            assertThat(result.path("failed").asLong()).isEqualTo(1);
            assertThat(result.path("path").asText()).isEqualTo("rest");
            TestClient client = new TestClient(org.baseUrl()).login();
            JsonNode records = TestClient.json(client.query("SELECT Name, Rating FROM Account WHERE External_Id__c"
                    + " IN ('CLI-1','CLI-2')").body()).path("records");
            assertThat(records).hasSize(1);
            assertThat(records.get(0).path("Name").asText()).isEqualTo("From the warehouse");
            assertThat(records.get(0).path("Rating").asText()).isEqualTo("Hot");
            assertThat(count(dir, "SELECT COUNT(*) FROM ANALYTICS.SCORES_SF_FAILURES WHERE KEY_VALUE = 'CLI-2'"
                    + " AND STATUS_CODE = 'REQUIRED_FIELD_MISSING'")).isEqualTo(1);

            Result bad = run(dir, "reverse", "Account", "--key", "External_Id__c");
            assertThat(bad.status()).isEqualTo(2);
            assertThat(bad.err()).contains("give exactly one of --table and --query");
        }
    }

    @Test
    void shouldPlanWithoutABulkJobOrAnyChangeToTheWarehouse(@TempDir Path tmp) throws Exception {
        try (SalesforceEmulator org = org()) {
            Path dir = workDir(tmp, org, freePort(), stanza("sync-account", "Account", "ACCOUNTS"),
                    stanza("sync-contact", "Contact", "CONTACTS"));
            assertThat(run(dir, "sync", "Contact").status()).isZero();
            Map<String, String> before = snapshot(dir);
            long seq = org.requests().lastSeq();

            Result plan = run(dir, "plan", "--json");
            assertThat(plan.status()).as(plan.err()).isZero();

            List<RequestLog.Entry> calls = org.requests().since(seq);
            assertThat(calls).extracting(RequestLog.Entry::operation).doesNotContain("bulk.create", "bulk.results")
                    .noneMatch(op -> op.startsWith("bulk.") || op.startsWith("sobject."));
            List<String> queries = calls.stream().filter(e -> e.query() != null && e.query().startsWith("q="))
                    .map(e -> URLDecoder.decode(e.query().substring(2), StandardCharsets.UTF_8)).toList();
            assertThat(queries).hasSize(2).allMatch(q -> q.startsWith("SELECT COUNT() FROM "));
            assertThat(calls).extracting(RequestLog.Entry::operation).contains("limits", "describe");
            assertThat(snapshot(dir)).as("plan changed nothing in the warehouse").isEqualTo(before);

            JsonNode doc = plan.json();
            assertThat(doc.path("command").asText()).isEqualTo("plan");
            assertThat(doc.path("success").asBoolean()).isTrue();
            assertThat(doc.path("plans")).hasSize(2);
            List<String> fields = new ArrayList<>(new SyncPlanResult(null, null, false, null, 0, null, null, null,
                    null, 0, 0, true, null).asMap().keySet());
            Map<String, JsonNode> bySObject = new TreeMap<>();
            doc.path("plans").forEach(p -> {
                List<String> names = new ArrayList<>();
                p.fieldNames().forEachRemaining(names::add);
                assertThat(names).containsExactlyElementsOf(fields);
                bySObject.put(p.path("sobject").asText(), p);
            });
            JsonNode account = bySObject.get("Account");
            assertThat(account.path("full").asBoolean()).isTrue();
            assertThat(account.path("sync_method").asText()).isEqualTo("regular_api_full");
            assertThat(account.path("estimated_records").asLong()).isEqualTo(300);
            assertThat(account.path("watermark").isNull()).isTrue();
            JsonNode contact = bySObject.get("Contact");
            assertThat(contact.path("full").asBoolean()).isFalse();
            assertThat(contact.path("sync_method").asText()).isEqualTo("regular_api_incremental");
            assertThat(contact.path("target_table").asText()).isEqualTo("RAW.CONTACTS");
            assertThat(contact.path("watermark").asText()).isNotBlank();
            assertThat(contact.path("reason").asText()).isNotBlank();
            assertThat(contact.path("api_requests_remaining").asLong()).isPositive();
            assertThat(contact.path("bulk_jobs_remaining").asLong()).isPositive();

            Result table = run(dir, "plan", "Account");
            assertThat(table.status()).isZero();
            assertThat(table.out()).contains("ESTIMATE").contains("full").contains("regular_api_full");
        }
    }

    @Test
    void shouldReadHistoryAndStatusWhileRunHoldsTheDuckDbFileAndWhileASyncRuns(@TempDir Path tmp) throws Exception {
        try (SalesforceEmulator org = org()) {
            int port = freePort();
            Path dir = workDir(tmp, org, port, stanza("sync-account", "Account", "ACCOUNTS"),
                    stanza("sync-contact", "Contact", "CONTACTS"));
            assertThat(run(dir, "sync").status()).isZero();

            Result direct = run(dir, "status", "--json");
            assertThat(direct.status()).as(direct.err()).isZero();
            assertThat(direct.json().path("source").asText()).startsWith("the warehouse (DuckDB file");
            assertStatus(direct.json());

            Process running = child(dir, "run").redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("run.log").toFile()).start();
            try {
                await("run holds the file and serves /sfsync/status", Duration.ofSeconds(90), () ->
                        Files.exists(tmp.resolve("run.log")) && readQuietly(tmp.resolve("run.log"))
                                .contains("/sfsync/status"));
                Result status = run(dir, "status", "--json");
                assertThat(status.status()).as(status.err()).isZero();
                assertThat(status.json().path("source").asText()).contains("running sfsync process")
                        .contains(":" + port + "/sfsync/status");
                assertStatus(status.json());

                Result history = run(dir, "history", "Contact", "--last", "1", "--json");
                assertThat(history.status()).as(history.err()).isZero();
                assertThat(history.json().path("runs")).hasSize(1);
                assertThat(history.json().path("runs").get(0).path("sobject").asText()).isEqualTo("Contact");
                assertThat(history.json().path("runs").get(0).path("actual_records").asLong()).isEqualTo(1500);

                Result human = run(dir, "history");
                assertThat(human.status()).isZero();
                assertThat(human.out()).startsWith("read from the running sfsync process").contains("RAW.ACCOUNTS")
                        .contains("RAW.CONTACTS");

                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/sfsync/history?last=lots")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(bad.body()).path("error").asText()).contains("last must be a number");
                HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/sfsync/status")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode()).as("the endpoints are read-only").isEqualTo(405);

                ProcessBuilder wrongPort = child(dir, "status");
                wrongPort.environment().put("CAMEL_SERVER_PORT", String.valueOf(freePort()));
                Result neither = run(wrongPort);
                assertThat(neither.status()).isEqualTo(1);
                assertThat(neither.err().strip().lines().filter(l -> l.startsWith("sfsync:")).count()).isOne();
                assertThat(neither.err()).contains("in use by another process").contains("did not answer");
            } finally {
                running.destroy();
                assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }

            // A long sync (its Bulk result page delayed 20 s) holds the file: status asks the syncing process.
            org.faults().add(Faults.Kind.DELAY, "/jobs/query/[^/]+/results", "GET", 1, 20_000);
            Process syncing = child(dir, "sync", "Contact", "--full").redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("sync.log").toFile()).start();
            try {
                await("the sync created its Bulk job", Duration.ofSeconds(90), () ->
                        org.requests().counters().getOrDefault("bulk.create", 0L) > 1);
                Result during = run(dir, "status", "--json");
                assertThat(during.status()).as(during.err()).isZero();
                assertThat(during.json().path("source").asText()).contains("running sfsync process");
                assertStatus(during.json());
                assertThat(syncing.isAlive()).as("the sync was still running").isTrue();
                assertThat(syncing.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(syncing.exitValue()).as(readQuietly(tmp.resolve("sync.log"))).isZero();
            } finally {
                syncing.destroyForcibly();
            }
        }
    }

    private static void assertStatus(JsonNode doc) {
        assertThat(doc.path("command").asText()).isEqualTo("status");
        Map<String, JsonNode> byTarget = new TreeMap<>();
        doc.path("targets").forEach(t -> byTarget.put(t.path("target_table").asText(), t));
        assertThat(byTarget).containsOnlyKeys("RAW.ACCOUNTS", "RAW.CONTACTS");
        assertThat(byTarget.get("RAW.ACCOUNTS").path("rows").asLong()).isEqualTo(300);
        assertThat(byTarget.get("RAW.CONTACTS").path("rows").asLong()).isEqualTo(1500);
        for (JsonNode t : byTarget.values()) {
            assertThat(t.path("last_run_success").asBoolean()).isTrue();
            assertThat(t.path("watermark").asText()).isNotBlank();
            assertThat(t.path("last_success").asText()).isNotBlank();
            assertThat(t.path("last_run_age_seconds").asLong()).isBetween(0L, 600L);
        }
        assertThat(byTarget.get("RAW.CONTACTS").path("sobject").asText()).isEqualTo("Contact");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
