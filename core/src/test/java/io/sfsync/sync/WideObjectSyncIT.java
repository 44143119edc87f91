package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Ids;
import io.sfsync.warehouse.Warehouse;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wide object (Account with 700 more fields, a REST query of ~20 KB of URI) through the REST methods: read in field
 * chunks joined by Id, each chunk query within Salesforce's URI limit, and exact even when records change between the
 * chunk reads; and through Bulk when that is cheaper.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WideObjectSyncIT {
    private static final int ACCOUNTS = 1_200;
    private static final int ADDED = 700;
    private static final int CONTACTS = 1_000;

    @TempDir
    static Path dir;
    private SalesforceEmulator emulator;
    private RunningSfsync sfsync;
    private IntelligentSync sync;
    private Warehouse warehouse;
    /** Runs before a chunk query of an Id range is sent (the first is the second chunk of the first range). */
    private volatile Runnable beforeRangeQuery;
    private final AtomicInteger rangeQueries = new AtomicInteger();
    /** Which range query {@link #beforeRangeQuery} runs before (its SOQL): by default, the first. */
    private volatile java.util.function.Predicate<String> changeBefore = soql -> true;
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile(
            "Id >= '(\\w+)' AND Id <= '(\\w+)'");
    private final List<Integer> queryUriBytes = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", ACCOUNTS).volume("Contact", CONTACTS)
                .volume("Opportunity", 10).volume("Kitchen_Sink__c", 10)
                .bulkTiming(Duration.ofMillis(10), Duration.ofMillis(20)).build());
        for (int i = 1; i <= ADDED; i++) {
            emulator.org().defineField("Account", FieldDef.builder(String.format("Wide_Field_%03d__c", i),
                    i % 10 == 0 ? FieldType.DOUBLE : FieldType.STRING).length(i % 10 == 0 ? 0 : 80)
                    .precision(i % 10 == 0 ? 16 : 0, i % 10 == 0 ? 2 : 0).build());
        }
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(emulator.loginProperties())
                .set("sfsync.bulk.poll-initial-ms", "20")
                .set("sfsync.warehouse.duckdb.path", dir.resolve("wide.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage").toString());
        sfsync = new RunningSfsync(runtime);
        CamelContext context = sfsync.context();
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeSendingEvent sending
                        && sending.getEndpoint().getEndpointUri().startsWith("sfsync-salesforce://queryAll")) {
                    String soql = sending.getExchange().getMessage().getBody(String.class);
                    synchronized (queryUriBytes) {
                        queryUriBytes.add(io.sfsync.salesforce.QueryChunks.requestTargetBytes(
                                "/services/data/v62.0/queryAll/", soql));
                    }
                    if (soql.contains("Id >= '")) {
                        rangeQueries.incrementAndGet();
                        Runnable r = beforeRangeQuery;
                        if (r != null && changeBefore.test(soql)) {
                            beforeRangeQuery = null;
                            r.run();
                        }
                    }
                }
            }
        });
        sync = new IntelligentSync(context);
        warehouse = context.getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
        // Some values in the added fields, so that the joined rows carry them.
        ProducerTemplate api = context.createProducerTemplate();
        for (int i = 0; i < 40; i++) {
            int text = 1 + i * 17 + ((1 + i * 17) % 10 == 0 ? 1 : 0);
            api.requestBodyAndHeaders("sfsync-salesforce:updateSObject", "{\"Wide_Field_" + String.format("%03d", text)
                    + "__c\":\"v, \\\"" + i + "\\\"\\nü\",\"Wide_Field_690__c\":" + i + ".5}",
                    Map.of(SalesforceEndpointConfig.SOBJECT_NAME, "Account",
                            SalesforceEndpointConfig.SOBJECT_ID, Ids.of("001", i * 29)));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (sfsync != null) {
            sfsync.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private SyncResult run(String table, long bulk, boolean force) {
        SyncResult r = sync.sync(SyncRequest.of("Account").withTarget("RAW", table).withThresholds(bulk, 1_000_000L)
                .withForceFullSync(force));
        assertThat(r.success()).as(r.logLine()).isTrue();
        return r;
    }

    private void assertTableEqualsOrg(String table) throws Exception {
        OrgTables.assertTableEqualsOrg(emulator, "Account", warehouse, "RAW", table);
    }

    @Test
    @Order(1)
    void shouldTakeBulkForAWideFirstSyncWhenChunkedPagesWouldCostMoreCalls() throws Exception {
        // 1,200 records of 750 fields: pages of 200 rows in two or more chunks cost more calls than one Bulk job.
        SyncResult r = run("WIDE", 1_000_000L, false);
        assertThat(r.syncMethod()).as(r.reason()).isEqualTo("bulk_api_full");
        assertThat(r.reason()).contains("bytes of URI, over the 14,336").contains("so Bulk API")
                .contains("field chunks");
        assertTableEqualsOrg("WIDE");
    }

    @Test
    @Order(2)
    void shouldReadAFewChangedRecordsInFieldChunksAndNeverJoinTwoVersionsOfARecord() throws Exception {
        emulator.org().clock().advance(Duration.ofSeconds(2));
        for (int i = 0; i < 30; i++) {
            emulator.org().touch(Ids.of("001", 100 + i));
        }
        // Between the first chunk's page and the second chunk's read of the same Ids: records change and go.
        beforeRangeQuery = () -> {
            emulator.org().clock().advance(Duration.ofSeconds(1));
            for (int i = 0; i < 5; i++) {
                emulator.org().touch(Ids.of("001", 100 + i));
            }
            emulator.org().delete(Ids.of("001", 110));
        };
        synchronized (queryUriBytes) {
            queryUriBytes.clear();
        }
        SyncResult r = run("WIDE", 1_000_000L, false);
        assertThat(r.syncMethod()).as(r.reason()).isEqualTo("regular_api_incremental");
        assertThat(beforeRangeQuery).as("the change ran").isNull();
        assertThat(r.reason()).contains("field chunks joined by Id")
                .contains("1 Id range was read again because records changed between its chunk reads");
        synchronized (queryUriBytes) {
            assertThat(queryUriBytes).as("every query within the URI budget").isNotEmpty()
                    .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(14_336));
        }
        assertTableEqualsOrg("WIDE");
    }

    @Test
    @Order(3)
    void shouldKeepTheWatermarkAtTheFirstChunksSnapshotWhenARangeIsReadAgain() throws Exception {
        // 300 changed records: two Id ranges of 200 and 100. While the second range is read, a record of the first
        // (already loaded, as it was) changes; ten minutes later one of the second changes, so the second range is
        // read again, with stamps ten minutes newer. The watermark must not move past the first change.
        emulator.org().clock().advance(Duration.ofSeconds(2));
        for (int i = 0; i < 300; i++) {
            emulator.org().touch(Ids.of("001", 300 + i));
        }
        String early = Ids.of("001", 310);
        String late = Ids.of("001", 550);
        // before the first chunk query of a range after the one holding the early record, and holding the late one
        changeBefore = soql -> {
            java.util.regex.Matcher m = RANGE.matcher(soql);
            return m.find() && m.group(1).compareTo(early) > 0 && m.group(2).compareTo(late) >= 0;
        };
        beforeRangeQuery = () -> {
            emulator.org().clock().advance(Duration.ofSeconds(1));
            emulator.org().touch(early);
            emulator.org().clock().advance(Duration.ofMinutes(10));
            emulator.org().touch(late);
        };
        SyncResult r = run("WIDE", 1_000_000L, false);
        assertThat(beforeRangeQuery).as("the changes ran").isNull();
        assertThat(r.syncMethod()).as(r.reason()).isEqualTo("regular_api_incremental");
        assertThat(r.reason()).contains("1 Id range was read again");
        Instant earlyStamp = (Instant) emulator.org().byId(early).get(emulator.org().find("Account")
                .field("SystemModstamp"));
        assertThat(r.watermark()).as("the watermark stays at the snapshot").isBefore(earlyStamp);

        SyncResult next = run("WIDE", 1_000_000L, false);
        assertThat(next.rowsUpdated()).as(next.logLine()).isGreaterThanOrEqualTo(1);
        assertTableEqualsOrg("WIDE");
    }

    @Test
    @Order(4)
    void shouldSyncAWideObjectInFullThroughFieldChunksWhenToldTo() throws Exception {
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(emulator.loginProperties())
                .set("sfsync.rest.wide-strategy", "chunk")
                .set("sfsync.warehouse.duckdb.path", dir.resolve("chunked.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage2").toString());
        try (RunningSfsync chunked = new RunningSfsync(runtime)) {
            SyncResult r = chunked.sync().sync(SyncRequest.of("Account")
                    .withTarget("RAW", "WIDE_CHUNKED").withThresholds(1_000_000L, 1_000_000L));
            assertThat(r.success()).as(r.logLine()).isTrue();
            assertThat(r.syncMethod()).isEqualTo("regular_api_full");
            assertThat(r.reason()).contains("field chunks joined by Id").contains("wide-strategy=chunk");
            Warehouse other = chunked.warehouse();
            assertThat(OrgTables.table(other, "RAW", "WIDE_CHUNKED")).isEqualTo(OrgTables.org(emulator, "Account"));
        }
    }

    @Test
    @Order(6)
    void shouldPageWithinARangeWhenSalesforceAnswersAChunkWithSmallerPages() throws Exception {
        // Two custom long text areas: Salesforce answers their chunk with 200-row pages, while the first chunk's
        // pages (the ranges) hold all 1,000 Contacts; a small URI budget splits this object of 80 fields.
        for (int i = 1; i <= 40; i++) {
            emulator.org().defineField("Contact", FieldDef.builder(String.format("Extra_%02d__c", i),
                    FieldType.STRING).length(20).filled(true).build());
        }
        for (String name : List.of("Notes_A__c", "Notes_B__c")) {
            emulator.org().defineField("Contact", FieldDef.builder(name, FieldType.TEXTAREA).length(300)
                    .filled(true).build());
        }
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(emulator.loginProperties())
                .set("sfsync.rest.wide-strategy", "chunk")
                .set("sfsync.rest.max-uri-bytes", "1024")
                .set("sfsync.warehouse.duckdb.path", dir.resolve("contacts.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage4").toString());
        try (RunningSfsync chunked = new RunningSfsync(runtime)) {
            SyncResult r = chunked.sync().sync(SyncRequest.of("Contact")
                    .withTarget("RAW", "CONTACTS").withThresholds(1_000_000L, 1_000_000L));
            assertThat(r.success()).as(r.logLine()).isTrue();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("REST in (\\d+) field chunks")
                    .matcher(r.reason());
            assertThat(m.find()).as(r.reason()).isTrue();
            int chunks = Integer.parseInt(m.group(1));
            // limits, describe, COUNT(); one range: the first chunk's page, one page of each other chunk but the
            // long text one, which pages five times (four queryMore) within the range
            assertThat(r.apiCalls()).as(r.reason()).isEqualTo(3 + 1 + (chunks - 2) + 5);
            Warehouse other = chunked.warehouse();
            Map<String, Map<String, String>> org = OrgTables.org(emulator, "Contact");
            assertThat(OrgTables.table(other, "RAW", "CONTACTS")).isEqualTo(org);
            assertThat(org.values().stream().filter(v -> v.get("Notes_B__c") != null).count()).isPositive();
        }
    }

    @Test
    @Order(5)
    void shouldFailAtOnceAndSayWhyWhenSalesforceRefusesARequestForItsSize() throws Exception {
        // Configured past Salesforce's limit: chunks of up to 16,384 bytes of URI, plus headers, get 431.
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(false).setAll(emulator.loginProperties())
                .set("sfsync.rest.wide-strategy", "chunk")
                .set("sfsync.rest.max-uri-bytes", "16384")
                .set("camel.component.salesforce.httpRequestBufferSize", "65536")
                .set("sfsync.warehouse.duckdb.path", dir.resolve("refused.duckdb").toString())
                .set("sfsync.warehouse.stage-root", dir.resolve("stage3").toString());
        try (LogCapture log = new LogCapture(); RunningSfsync refused = new RunningSfsync(runtime)) {
            SyncResult r = refused.sync().sync(SyncRequest.of("Account")
                    .withTarget("RAW", "WIDE_REFUSED").withThresholds(1_000_000L, 1_000_000L));
            assertThat(log.text()).as("the log").contains("Salesforce refused a request of the Account run")
                    .doesNotContain("?q=SELECT").doesNotContain("Wide_Field_001__c, Wide_Field_002__c");
            assertThat(r.success()).isFalse();
            assertThat(r.retries()).as("not retried").isZero();
            assertThat(r.error()).startsWith("Salesforce refused a request of the Account run (")
                    .contains("431 Request Header Fields Too Large").contains("16,384 bytes of URI and headers")
                    .contains("sfsync.rest.max-uri-bytes").doesNotContain("SELECT").doesNotContain("?q=");
            Warehouse other = refused.warehouse();
            assertThat(other.tableExists(new io.sfsync.warehouse.TableRef("RAW", "WIDE_REFUSED"))).isFalse();
        }
    }
}
