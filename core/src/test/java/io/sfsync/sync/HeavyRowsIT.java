package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.http.RequestLog;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.warehouse.Warehouse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.JobStateEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.QueryJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, wide and heavy objects: an object whose long text area holds 50 to 120 KB a record is read in Bulk result
 * pages sized by bytes ({@code sfsync.bulk.page-bytes}), and a page too large for camel-salesforce to receive
 * ({@code httpMaxContentLength}) is read again from its locator with fewer rows. Runs camel-salesforce against the offline org
 * into an embedded DuckDB file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeavyRowsIT {
    /** Light records first, then heavy ones, then one of 131,072 three-byte characters. */
    private static final String SINK = DemoSchema.KITCHEN_SINK;
    /** Every record heavy: rows vary less than the sizing's headroom. */
    private static final String WIDE = "Contact";
    private static final int RECORDS = 300;
    /** The first records leave Heavy__c empty: the first pages measure light rows, then heavy ones come. */
    private static final int LIGHT = 100;
    private static final int PAGE_BYTES = 4 * 1024 * 1024;
    private static final int SMALL_LIMIT = 1024 * 1024;
    private static final int TINY_LIMIT = 256 * 1024;
    private static final String PATTERN = "Wide \"and\" heavy, é € ✓ line\nnext; ";

    @TempDir
    static Path dir;
    private SalesforceEmulator emulator;
    /** The last record: 131,072 characters of three UTF-8 bytes each, larger than {@link #TINY_LIMIT}. */
    private String heaviestId;

    @BeforeAll
    void start() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume(SINK, RECORDS).volume(WIDE, RECORDS)
                .bulkTiming(Duration.ofMillis(10), Duration.ofMillis(20)).build());
        heaviestId = fill(SINK, LIGHT, RECORDS - 1).get(RECORDS - 1);
        emulator.org().update(heaviestId, Map.of(emulator.org().table(SINK).def().field("Heavy__c"),
                "€".repeat(131_072)));
        fill(WIDE, 0, RECORDS);
    }

    /** Defines Heavy__c on a type through the admin API and writes 50 to 120 KB into it from row {@code from}. */
    private List<String> fill(String type, int from, int to) throws Exception {
        HttpResponse<String> defined = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                emulator.baseUrl() + "/_emulator/sobjects/" + type + "/fields"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"Heavy__c\",\"type\":\"textarea\",\"length\":131072}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        ObjectTable table = emulator.org().table(type);
        FieldDef heavy = table.def().field("Heavy__c");
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < table.rowLimit(); r++) {
            if (table.row(r) != null) {
                ids.add(table.row(r).id());
            }
        }
        assertThat(ids).hasSize(RECORDS);
        for (int i = from; i < to; i++) {
            int chars = 50_000 + (int) ((i * 7_919L) % 70_001);
            emulator.org().update(ids.get(i), Map.of(heavy, PATTERN.repeat(chars / PATTERN.length() + 1)
                    .substring(0, chars)));
        }
        return ids;
    }

    @AfterAll
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private RunningSfsync sfsync(String name, Map<String, String> settings) throws Exception {
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(emulator.loginProperties())
                .set("sfsync.bulk.poll-initial-ms", "20")
                .set("sfsync.warehouse.duckdb.path", dir.resolve(name + ".duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve(name + "-stage").toString());
        settings.forEach(runtime::set);
        return new RunningSfsync(runtime);
    }

    private static SyncResult fullBulk(RunningSfsync sfsync, String table) {
        return fullBulk(sfsync, SINK, table);
    }

    private static SyncResult fullBulk(RunningSfsync sfsync, String type, String table) {
        return sfsync.sync().sync(SyncRequest.of(type).withTarget("RAW", table)
                .withThresholds(1L, 1_000_000L).withForceFullSync(true));
    }

    /**
     * The result page requests of one Bulk job (null: of any), oldest first: locator (null for the first) and
     * maxRecords.
     */
    private List<Map<String, String>> pageRequests(long since, String jobId) {
        List<Map<String, String>> out = new ArrayList<>();
        for (RequestLog.Entry e : emulator.requests().since(since)) {
            if (e.operation().equals("bulk.results") && (jobId == null || e.path().contains(jobId))) {
                Map<String, String> q = new HashMap<>();
                for (String p : (e.query() == null ? "" : e.query()).split("&")) {
                    int eq = p.indexOf('=');
                    if (eq > 0) {
                        q.put(p.substring(0, eq), p.substring(eq + 1));
                    }
                }
                out.add(q);
            }
        }
        return out;
    }

    /** The Salesforce API calls the org served since then (the login is not one). */
    private long apiCalls(long since) {
        return emulator.requests().since(since).stream().filter(e -> e.path().startsWith("/services/data")).count();
    }

    private void assertTableEqualsOrg(RunningSfsync sfsync, String table) throws Exception {
        assertTableEqualsOrg(sfsync, SINK, table);
        Warehouse warehouse = sfsync.warehouse();
        assertThat(OrgTables.table(warehouse, "RAW", table).get(heaviestId).get("Heavy__c")).hasSize(131_072);
    }

    private void assertTableEqualsOrg(RunningSfsync sfsync, String type, String table) throws Exception {
        Warehouse warehouse = sfsync.warehouse();
        OrgTables.assertTableEqualsOrg(emulator, type, warehouse, "RAW", table);
    }

    @Test
    void shouldKeepEveryBulkPageWithinThePageBudget() throws Exception {
        try (RunningSfsync sfsync = sfsync("budget", Map.of("sfsync.bulk.page-bytes", Integer.toString(PAGE_BYTES)))) {
            long seq = emulator.requests().lastSeq();
            SyncResult r = fullBulk(sfsync, WIDE, "HEAVY_BUDGET");
            assertThat(r.success()).as(r.logLine()).isTrue();
            assertThat(r.syncMethod()).isEqualTo("bulk_api_full");
            assertThat(r.actualRecords()).isEqualTo(RECORDS);
            assertTableEqualsOrg(sfsync, WIDE, "HEAVY_BUDGET");

            List<Map<String, String>> requests = pageRequests(seq, r.bulkJobId());
            assertThat(requests).as("page requests").hasSize((int) r.pages());
            assertThat(r.pages()).as("pages read").isGreaterThanOrEqualTo(8);
            assertThat(r.apiCalls()).isEqualTo(apiCalls(seq));
            // The same pages, read again through camel-salesforce from a job of the same query: their bytes.
            List<Long> bytes = pageBytes(sfsync, WIDE, requests);
            long total = 0;
            for (int i = 0; i < requests.size(); i++) {
                assertThat(Integer.parseInt(requests.get(i).get("maxRecords"))).as("maxRecords of page " + (i + 1))
                        .isBetween(1, 20_000);
                assertThat(bytes.get(i)).as("bytes of page " + (i + 1) + " " + requests.get(i))
                        .isLessThanOrEqualTo(PAGE_BYTES);
                total += bytes.get(i);
            }
            assertThat(total).as("all pages").isGreaterThan(PAGE_BYTES * 4L);
            // the second page, sized from the first's bytes, was asked larger than the first, sized from the describe
            assertThat(Integer.parseInt(requests.get(1).get("maxRecords")))
                    .isGreaterThan(Integer.parseInt(requests.get(0).get("maxRecords")));

            // The Id reconciliation's job reads one narrow column: its pages ask for max-records rows.
            long before = emulator.requests().lastSeq();
            SyncResult ids = sfsync.sync().sync(SyncRequest.of(WIDE)
                    .withTarget("RAW", "HEAVY_BUDGET").withReconcileIds(true));
            assertThat(ids.success()).as(ids.logLine()).isTrue();
            assertThat(ids.syncMethod()).isEqualTo("regular_api_incremental");
            assertThat(pageRequests(before, null)).as("pages of the Id job").isNotEmpty()
                    .allSatisfy(q -> assertThat(q.get("maxRecords")).isEqualTo("20000"));
            assertTableEqualsOrg(sfsync, WIDE, "HEAVY_BUDGET");
        }
    }

    @Test
    void shouldReadAPageTooLargeToReceiveAgainWithFewerRows() throws Exception {
        try (RunningSfsync sfsync = sfsync("small", Map.of("camel.component.salesforce.httpMaxContentLength",
                Integer.toString(SMALL_LIMIT)))) {
            // What camel-salesforce 4.18 / Jetty 12.1 raise for a page longer than httpMaxContentLength.
            String job = completedJob(sfsync, SINK);
            Exchange tooLarge = sfsync.context().createProducerTemplate().request(
                    "sfsync-salesforce:bulk2GetQueryJobResults", ex -> {
                        ex.getIn().setHeader(SalesforceEndpointConfig.JOB_ID, job);
                        ex.getIn().setHeader(SalesforceEndpointConfig.MAX_RECORDS, RECORDS);
                    });
            assertThat(tooLarge.getException()).isInstanceOf(SalesforceException.class)
                    .hasMessageStartingWith("Unexpected error {200:OK} executing {GET:")
                    .cause().isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Buffering capacity " + SMALL_LIMIT + " exceeded");
            assertThat(((SalesforceException) tooLarge.getException()).getStatusCode()).isEqualTo(200);
            assertThat(Retries.isTransient(tooLarge.getException())).as("retried as it is").isFalse();
            assertThat(Retries.bufferLimit(tooLarge.getException())).isEqualTo(SMALL_LIMIT);

            long seq = emulator.requests().lastSeq();
            SyncResult r = fullBulk(sfsync, "HEAVY_SMALL");
            assertThat(r.success()).as(r.logLine()).isTrue();
            assertThat(r.retries()).as("retries as they were").isZero();
            assertTableEqualsOrg(sfsync, "HEAVY_SMALL");
            List<Map<String, String>> requests = pageRequests(seq, r.bulkJobId());
            int rereads = 0;
            for (int i = 1; i < requests.size(); i++) {
                Map<String, String> before = requests.get(i - 1);
                Map<String, String> now = requests.get(i);
                if (String.valueOf(before.get("locator")).equals(String.valueOf(now.get("locator")))) {
                    rereads++;
                    assertThat(Integer.parseInt(now.get("maxRecords"))).as("re-read of " + before)
                            .isEqualTo(Math.max(1, Integer.parseInt(before.get("maxRecords")) / 4));
                }
            }
            assertThat(rereads).as("pages read again with fewer rows").isPositive();
            assertThat(r.pages()).as("pages loaded").isEqualTo(requests.size() - rereads);
            assertThat(r.apiCalls()).as("API calls, the refused pages included").isEqualTo(apiCalls(seq));
        }
    }

    @Test
    void shouldFailClearlyWhenASingleRowIsLargerThanCamelMayReceive() throws Exception {
        try (RunningSfsync sfsync = sfsync("tiny", Map.of("camel.component.salesforce.httpMaxContentLength",
                Integer.toString(TINY_LIMIT)))) {
            long seq = emulator.requests().lastSeq();
            SyncResult r = fullBulk(sfsync, "HEAVY_TINY");
            assertThat(r.success()).isFalse();
            assertThat(r.error()).contains(SINK).contains("result page").contains("single row")
                    .contains("camel.component.salesforce.httpMaxContentLength=" + TINY_LIMIT)
                    .doesNotContain("http:").doesNotContain("https:").doesNotContain("SELECT")
                    .doesNotContain("maxRecords=1&").doesNotContain("locator=");
            assertThat(r.retries()).isZero();
            List<Map<String, String>> requests = pageRequests(seq, r.bulkJobId());
            assertThat(requests.get(requests.size() - 1).get("maxRecords")).isEqualTo("1");
            assertThat(r.apiCalls()).isEqualTo(apiCalls(seq) - cleanUpCalls(seq));
            Warehouse warehouse = sfsync.warehouse();
            assertThat(warehouse.tableExists(new io.sfsync.warehouse.TableRef("RAW", "HEAVY_TINY"))).isFalse();
        }
    }

    /** The abort and delete of the failed run's job, which its result does not count. */
    private long cleanUpCalls(long since) {
        return emulator.requests().since(since).stream().filter(e -> e.operation().equals("bulk.abort")
                || e.operation().equals("bulk.delete")).count();
    }

    /** A completed Bulk job of the query a full sync of the sink runs (every extracted field, queryAll). */
    private String completedJob(RunningSfsync sfsync, String type) throws InterruptedException {
        ProducerTemplate template = sfsync.context().createProducerTemplate();
        QueryJob job = new QueryJob();
        job.setOperation(OperationEnum.QUERY_ALL);
        job.setContentType(ContentTypeEnum.CSV);
        job.setQuery("SELECT " + String.join(", ", OrgTables.orgColumns(emulator, type)) + " FROM " + type);
        String id = template.requestBody("sfsync-salesforce:bulk2CreateQueryJob", job, QueryJob.class).getId();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            QueryJob polled = template.requestBodyAndHeader("sfsync-salesforce:bulk2GetQueryJob", null,
                    SalesforceEndpointConfig.JOB_ID, id, QueryJob.class);
            if (polled.getState() == JobStateEnum.JOB_COMPLETE) {
                return id;
            }
            assertThat(polled.getState()).isNotIn(JobStateEnum.FAILED, JobStateEnum.ABORTED);
            assertThat(System.nanoTime()).as("job %s still %s", id, polled.getState()).isLessThan(deadline);
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /**
     * The offline org's locator of the same row offset in another job: a locator belongs to its job (a real one names
     * the job's query cursor), so the first job's locators are refused by the second. The offline org's locator is
     * the unpadded base64url of {@code offset:jobId}.
     */
    private static String sameOffsetOf(String locator, String job) {
        String text = new String(Base64.getUrlDecoder().decode(locator),
                StandardCharsets.US_ASCII);
        String offset = text.substring(0, text.indexOf(':'));
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((offset + ":" + job).getBytes(StandardCharsets.US_ASCII));
    }

    /** The bytes of each requested page (same row offset, same maxRecords) of a fresh job of the same query. */
    private List<Long> pageBytes(RunningSfsync sfsync, String type, List<Map<String, String>> requests)
            throws Exception {
        String job = completedJob(sfsync, type);
        ProducerTemplate template = sfsync.context().createProducerTemplate();
        List<Long> out = new ArrayList<>();
        for (Map<String, String> request : requests) {
            Map<String, Object> headers = new LinkedHashMap<>();
            headers.put(SalesforceEndpointConfig.JOB_ID, job);
            headers.put(SalesforceEndpointConfig.MAX_RECORDS, Integer.parseInt(request.get("maxRecords")));
            if (request.get("locator") != null) {
                headers.put(SalesforceEndpointConfig.LOCATOR, sameOffsetOf(request.get("locator"), job));
            }
            try (InputStream page = template.requestBodyAndHeaders("sfsync-salesforce:bulk2GetQueryJobResults", null,
                    headers, InputStream.class)) {
                out.add((long) page.readAllBytes().length);
            } catch (IOException e) {
                throw new AssertionError("reading page " + request, e);
            }
        }
        return out;
    }

    static {
        // the pattern's characters take 1 to 3 bytes in UTF-8: the budget must hold pages of such text
        assertThat(PATTERN.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(PATTERN.length());
    }
}
