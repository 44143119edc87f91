package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.Ids;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.testing.PackagedJar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of wide and heavy objects, run as users run sfsync: the packaged jar's {@code sync} command with
 * the documented login variables, in a JVM of 256 MiB of heap (the benchmark's), against an offline org whose Account
 * has 800 more filled fields (text, long and rich text areas with values near their 131,072 characters, numbers,
 * dates, picklists; about 32 KB of CSV a row) and 20,000 records. Each of the six methods syncs it, and every table
 * equals the org value by value; the REST methods read it in field chunks and spend exactly the calls that costs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WideAccountIT {
    private static final int ACCOUNTS = 20_000;
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(15);
    private static final Pattern CHUNKS = Pattern.compile("REST in (\\d+) field chunks");
    private static final String[][] TARGETS = {
        {"wide-rest", "WIDE_REST", "1000000", "1000000", "regular_api"},
        {"wide-bulk", "WIDE_BULK", "1", "1000000", "bulk_api"},
        {"wide-stage", "WIDE_STAGE", "1", "1", "bulk_api_stage"}};

    @TempDir
    static Path dir;
    private SalesforceEmulator org;
    private List<String> columns;

    @BeforeAll
    void start() throws IOException {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", ACCOUNTS).volume("Contact", 10)
                .volume("Opportunity", 10).volume("Kitchen_Sink__c", 10).wide("Account", 800)
                .bulkTiming(Duration.ofMillis(10), Duration.ofMillis(50)).build());
        columns = OrgTables.orgColumns(org, "Account");
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config", "application.properties"), config.resolve("application.properties"));
        Files.writeString(config.resolve("application.properties"), String.join("\n",
                "", "sfsync.bulk.poll-initial-ms = 20", "sfsync.bulk.poll-max-ms = 200",
                // 20,000 records would go to Bulk under auto: the REST stanza reads them in field chunks
                "sfsync.rest.wide-strategy = chunk", ""), java.nio.file.StandardOpenOption.APPEND);
        List<String> stanzas = new ArrayList<>();
        for (String[] t : TARGETS) {
            String p = "camel.route-template[" + t[0] + "].";
            stanzas.addAll(List.of(p + "template-id = sync-object", p + "sobject = Account",
                    p + "cron = 0 0 0 1 1 ? 2099", p + "table = " + t[1], p + "bulkApiThreshold = " + t[2],
                    p + "stageThreshold = " + t[3]));
        }
        Files.writeString(config.resolve("objects.properties"), String.join("\n", stanzas) + "\n");
        Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path r : routes.toList()) {
                Files.copy(r, dir.resolve("routes").resolve(r.getFileName()));
            }
        }
    }

    @AfterAll
    void stop() {
        if (org != null) {
            org.close();
        }
    }

    /** {@code sfsync sync --json} in a 256 MiB JVM; the results by target table. */
    private Map<String, JsonNode> sync() throws Exception {
        try (PackagedJar p = PackagedJar.start(dir, PackagedJar.credentials(org), List.of("-Xmx256m"), "sync",
                "--json")) {
            assertThat(p.process().waitFor(CHILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("sync ended within " + CHILD_TIMEOUT).isTrue();
            String err = p.stderr();
            assertThat(err).as("stderr").doesNotContain("OutOfMemoryError");
            assertThat(p.process().exitValue()).as(err).isZero();
            Map<String, JsonNode> out = new HashMap<>();
            for (JsonNode r : new ObjectMapper().readTree(p.stdout()).get("results")) {
                out.put(r.get("target_table").asText().replace("RAW.", ""), r);
            }
            return out;
        }
    }

    private void assertTablesEqualOrg() throws Exception {
        OrgTables.RowHashes expected = OrgTables.orgHashes(org, "Account", columns);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("data/sfsync.duckdb"))) {
            for (String[] t : TARGETS) {
                OrgTables.RowHashes table = OrgTables.tableHashes(c, "RAW", t[1], columns);
                assertThat(table.differences(expected)).as(t[1] + " against the org" + firstDifference(c, t[1],
                        table, expected)).isEmpty();
                assertThat(table.sameAs(expected)).as(t[1]).isTrue();
            }
        }
    }

    /** The columns of the first row whose values differ from the org's, with both values, or "". */
    private String firstDifference(Connection c, String table, OrgTables.RowHashes have,
            OrgTables.RowHashes expected) throws java.sql.SQLException {
        String id = expected.byId().keySet().stream().filter(k -> have.byId().containsKey(k)
                && !have.byId().get(k).equals(expected.byId().get(k))).findFirst().orElse(null);
        if (id == null) {
            return "";
        }
        io.sfsync.emulator.model.RowView row = org.org().byId(id);
        SObjectDef def = org.org().find("Account");
        StringBuilder out = new StringBuilder(": first row with other values, " + id + ":");
        try (var s = c.createStatement(); var rs = s.executeQuery("SELECT * FROM \"RAW\".\"" + table
                + "\" WHERE \"Id\" = '" + id + "'")) {
            rs.next();
            for (String col : columns) {
                String v = OrgTables.canonical(rs.getObject(col));
                String o = OrgTables.canonical(row.get(def.field(col)));
                if (!java.util.Objects.equals(v, o)) {
                    out.append("\n  ").append(col).append(": table ").append(abbreviate(v)).append(", org ")
                            .append(abbreviate(o));
                }
            }
        }
        return out.toString();
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 120 ? "'" + s + "'" : "'" + s.substring(0, 120) + "...' ("
                + s.length() + " chars)";
    }

    /** The calls a chunked REST read costs: limits, describe, COUNT(), then every chunk of every 200-row range. */
    private static void assertChunkedCalls(JsonNode r) {
        Matcher m = CHUNKS.matcher(r.get("reason").asText());
        assertThat(m.find()).as(r.get("reason").asText()).isTrue();
        long chunks = Long.parseLong(m.group(1));
        assertThat(chunks).isBetween(2L, 3L);
        long ranges = Math.max(1, (r.get("estimated_records").asLong() + 199) / 200);
        assertThat(r.get("api_calls").asLong()).as(r.get("reason").asText()).isEqualTo(3 + ranges * chunks);
    }

    @Test
    @Order(1)
    void shouldSyncTheWideObjectInFullThroughEachFullMethodInA256MiBHeap() throws Exception {
        Map<String, JsonNode> results = sync();
        for (String[] t : TARGETS) {
            JsonNode r = results.get(t[1]);
            assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("sync_method").asText()).isEqualTo(t[4] + "_full");
            assertThat(r.get("estimated_records").asLong()).isEqualTo(ACCOUNTS);
            assertThat(r.get("rows_inserted").asLong()).isEqualTo(ACCOUNTS);
        }
        assertChunkedCalls(results.get("WIDE_REST"));
        assertTablesEqualOrg();
    }

    @Test
    @Order(2)
    void shouldBringChangesOfTheWideObjectOverWithEachIncrementalMethod() throws Exception {
        org.org().clock().advance(Duration.ofMinutes(10));
        SObjectDef account = org.org().find("Account");
        List<FieldDef> longText = account.fields().stream().filter(FieldDef::longTextArea)
                .filter(f -> f.name().startsWith("W")).toList();
        List<FieldDef> numbers = account.fields().stream().filter(f -> f.name().startsWith("W")
                && f.type() == io.sfsync.emulator.model.FieldType.CURRENCY).toList();
        org.org().changeMany("Account", 1_500);
        for (int i = 0; i < 40; i++) {
            // wide values changed too: a long text area and a currency of some records
            Map<FieldDef, Object> values = new HashMap<>();
            values.put(longText.get(i % longText.size()), "changed \"" + i + "\",\n" + "x".repeat(i * 100));
            values.put(numbers.get(i % numbers.size()), new java.math.BigDecimal(i + ".25"));
            org.org().update(Ids.of("001", 7_000 + i), values);
        }
        for (int i = 0; i < 5; i++) {
            org.org().delete(Ids.of("001", 12_000 + i));
        }
        Map<String, JsonNode> results = sync();
        for (String[] t : TARGETS) {
            JsonNode r = results.get(t[1]);
            assertThat(r.get("success").asBoolean()).as(r.toString()).isTrue();
            assertThat(r.get("sync_method").asText()).isEqualTo(t[4] + "_incremental");
            assertThat(r.get("actual_records").asLong()).as(r.toString()).isBetween(1_000L, 1_545L);
        }
        assertChunkedCalls(results.get("WIDE_REST"));
        assertTablesEqualOrg();
    }
}
