package io.sfsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.salesforce.SObjectSchema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peers against an offline org, as the benchmark runs them: installed with npm (into {@code target/peers}, kept
 * between runs), jsforce's {@code bulk2.query} and the Salesforce CLI's {@code sf data export bulk} each export
 * Account, more than one result page of it, and one COPY loads exactly its rows. Skipped, with the reason, when
 * {@code node} or {@code npm} is missing or the packages cannot be installed.
 */
class PeerProbeIT {
    private static final int ACCOUNTS = 8_000;

    @TempDir
    Path dir;

    @Test
    void shouldLoadExactlyTheOrgsRowsThroughEachPeer() throws Exception {
        List<String> notes = new ArrayList<>();
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Peers peers = new Peers(Path.of("target", "peers"), new PrintStream(said, true, StandardCharsets.UTF_8),
                notes, true);
        Map<String, ProbeResult> results = new LinkedHashMap<>();
        try (SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", ACCOUNTS)
                .bulkTiming(Duration.ZERO, Duration.ZERO).build())) {
            SObjectSchema schema = SalesforceHttp.login(org.baseUrl(), Benchmark.API_VERSION)
                    .describe(SyncProbe.SOBJECT);
            peers.measure(ACCOUNTS, dir, org.baseUrl(), schema, (label, probe, args, log) -> {
                results.put(args.get("tool"), probe(org.baseUrl(), args));
                return null;
            });
            assumeTrue(!results.isEmpty(), "the peers did not run: " + String.join(" ", notes));
            // More than one page: jsforce's repeated header rows and the CLI's page joining are exercised.
            assertThat(org.requests().counters().get("bulk.results")).isGreaterThanOrEqualTo(4L);
        }
        assertThat(results).containsOnlyKeys(Peers.JSFORCE, Peers.SF_CLI);
        for (var e : results.entrySet()) {
            ProbeResult r = e.getValue();
            assertThat(r.success()).as(e.getKey() + ": " + r.note()).isTrue();
            assertThat(r.rows()).isEqualTo(ACCOUNTS);
            assertThat(r.peakHeapBytes()).as("Node's peak RSS").isGreaterThan(20L << 20);
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("peers")
                    .resolve(e.getKey() + ".duckdb").toAbsolutePath());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT \"Id\"), COUNT(*) FILTER (WHERE"
                            + " \"Id\" NOT LIKE '001%') FROM " + PeerProbe.TABLE)) {
                rs.next();
                assertThat(rs.getLong(1)).as(e.getKey() + " rows").isEqualTo(ACCOUNTS);
                assertThat(rs.getLong(2)).as(e.getKey() + " distinct Ids").isEqualTo(ACCOUNTS);
                assertThat(rs.getLong(3)).as(e.getKey() + " rows that are not Accounts (header rows)").isZero();
            }
        }
        assertThat(results.get(Peers.JSFORCE).note()).contains("repeated page header rows dropped");
    }

    /** Runs the peer probe in this JVM with the arguments the benchmark gives its JVM. */
    private static ProbeResult probe(String url, Map<String, String> args) throws IOException {
        List<String> argv = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>(args);
        all.put("url", url);
        all.put("api-version", Benchmark.API_VERSION);
        all.put("max-records", "20000");
        all.forEach((k, v) -> {
            argv.add("--" + k);
            argv.add(v);
        });
        try {
            return PeerProbe.run(new ProbeArgs(argv.toArray(String[]::new), 0));
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
