package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.TestClient;
import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvBatches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Method independence at the format level: the same SELECT read through REST pages (converted by {@link RestPages})
 * and through a Bulk API 2.0 job (split by {@link CsvBatches}) gives byte-identical batches, against the emulator.
 */
class RestBulkEquivalenceIT {
    private static final int PAGE = 2_000;
    private static SalesforceEmulator emulator;
    private static TestClient client;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 4_500)
                .volume("Kitchen_Sink__c", 2_500).bulkTiming(Duration.ZERO, Duration.ZERO).build());
        client = new TestClient(emulator.baseUrl()).login();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static SObjectSchema describe(String sobject) {
        HttpResponse<String> r = client.get(TestClient.V + "/sobjects/" + sobject + "/describe/");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return DescribeParser.parse(r.body());
    }

    /** Every REST page of the query, each converted to one batch. */
    private static List<CsvBatch> restBatches(String soql, SObjectSchema schema) {
        List<CsvBatch> out = new ArrayList<>();
        String path = TestClient.V + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
        while (path != null) {
            HttpResponse<byte[]> r = client.getBytes(path, "Sforce-Query-Options", "batchSize=" + PAGE);
            assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
            RestPage page = RestPages.read(r.body(), schema.extracted(), out.size());
            out.add(page.batch());
            path = page.nextRecordsUrl();
            assertThat(page.done()).isEqualTo(path == null);
        }
        return out;
    }

    private static String bulkJob(String soql) {
        ObjectNode job = JsonNodeFactory.instance.objectNode().put("operation", "query").put("query", soql);
        HttpResponse<String> created = client.postJson(TestClient.V + "/jobs/query", job.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = TestClient.json(created.body()).get("id").asText();
        for (int i = 0; i < 10_000; i++) {
            JsonNode info = TestClient.json(client.get(TestClient.V + "/jobs/query/" + id).body());
            String state = info.get("state").asText();
            if (state.equals("JobComplete")) {
                return id;
            }
            assertThat(state).isIn("UploadComplete", "InProgress");
        }
        throw new AssertionError("Bulk job " + id + " did not complete");
    }

    /** The raw Bulk result pages of a job, read with this maxRecords (null = the server's size-based pages). */
    private static List<byte[]> bulkPages(String jobId, Integer maxRecords) {
        List<byte[]> pages = new ArrayList<>();
        String locator = null;
        do {
            String path = TestClient.V + "/jobs/query/" + jobId + "/results"
                    + (maxRecords == null ? "" : "?maxRecords=" + maxRecords)
                    + (locator == null ? "" : (maxRecords == null ? "?" : "&") + "locator=" + locator);
            HttpResponse<byte[]> r = client.getBytes(path, "Accept", "text/csv");
            assertThat(r.statusCode()).isEqualTo(200);
            pages.add(r.body());
            locator = r.headers().firstValue("Sforce-Locator").orElseThrow();
        } while (!locator.equals("null"));
        return pages;
    }

    private static List<CsvBatch> split(List<byte[]> pages, int batchRows) {
        List<CsvBatch> out = new ArrayList<>();
        int sequence = 0;
        for (byte[] page : pages) {
            CsvBatches it = CsvBatches.split(new ByteArrayInputStream(page), sequence, batchRows);
            it.forEachRemaining(out::add);
            sequence = it.nextSequence();
        }
        return out;
    }

    /**
     * The rows of a full REST page: the asked {@value #PAGE}, or 200 when the SELECT has two or more custom long text
     * fields (the Kitchen Sink's), as Salesforce pages them.
     */
    private static int pageRows(List<CsvBatch> rest) {
        return rest.size() > 1 ? rest.get(0).rows() : PAGE;
    }

    private static void assertSameBatches(List<CsvBatch> rest, List<CsvBatch> bulk) {
        assertThat(bulk).hasSameSizeAs(rest);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(bulk.get(i).sequence()).isEqualTo(rest.get(i).sequence());
            assertThat(bulk.get(i).header()).isEqualTo(rest.get(i).header());
            assertThat(bulk.get(i).rows()).isEqualTo(rest.get(i).rows());
            assertThat(bulk.get(i).text()).as("batch %d", i).isEqualTo(rest.get(i).text());
            assertThat(bulk.get(i).csv()).as("batch %d", i).isEqualTo(rest.get(i).csv());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Kitchen_Sink__c", "Account", "Opportunity", "User"})
    void shouldGiveTheSameBytesThroughRestAndBulk(String sobject) {
        SObjectSchema schema = describe(sobject);
        String soql = SoqlBuilder.select(schema, SoqlBuilder.watermarkField(schema, null), null);

        List<CsvBatch> rest = restBatches(soql, schema);
        int page = pageRows(rest);
        String job = bulkJob(soql);

        // pages of the REST page size: each Bulk page is already the canonical batch, byte for byte
        List<byte[]> aligned = bulkPages(job, page);
        assertThat(aligned).hasSameSizeAs(rest);
        for (int i = 0; i < rest.size(); i++) {
            assertThat(new String(rest.get(i).csv(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(aligned.get(i), StandardCharsets.UTF_8));
            assertThat(rest.get(i).csv()).isEqualTo(aligned.get(i));
        }
        // the server's own page sizes, re-batched: the same batches again
        assertSameBatches(rest, split(bulkPages(job, null), page));
        // pages that do not line up with the REST pages: different batches, the same rows byte for byte
        List<CsvBatch> odd = split(bulkPages(job, 777), page);
        assertThat(odd).allSatisfy(b -> assertThat(b.header()).isEqualTo(rest.get(0).header()));
        assertThat(rows(odd)).isEqualTo(rows(rest));
    }

    /** The data rows of the batches, concatenated without their header rows. */
    private static byte[] rows(List<CsvBatch> batches) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (CsvBatch b : batches) {
            int headerEnd = b.text().indexOf('\n') + 1;
            out.write(b.csv(), headerEnd, b.csv().length - headerEnd);
        }
        return out.toByteArray();
    }

    @Test
    void shouldGiveTheSameBytesForAnIncrementalQuery() throws IOException {
        SObjectSchema schema = describe("Kitchen_Sink__c");
        String watermark = SoqlBuilder.watermarkField(schema, null);
        List<CsvBatch> all = restBatches(SoqlBuilder.select(schema, watermark, null), schema);
        List<Instant> stamps = new ArrayList<>();
        for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().get().parse(new StringReader(all.get(0).text()))) {
            stamps.add(Instant.parse(r.get(watermark)));
        }
        Instant from = stamps.stream().sorted().toList().get(stamps.size() / 2);
        String soql = SoqlBuilder.select(schema, watermark, from);

        List<CsvBatch> rest = restBatches(soql, schema);
        List<CsvBatch> bulk = split(bulkPages(bulkJob(soql), null), pageRows(rest));

        assertSameBatches(rest, bulk);
        long rows = rest.stream().mapToLong(CsvBatch::rows).sum();
        String count = SoqlBuilder.count(schema, watermark, from);
        assertThat(RestPages.totalSize(client.query(count).body())).isEqualTo(rows);
        assertThat(rows).isBetween(1L, 2_499L);
    }

    @Test
    void shouldReadTheRealDescribeOfTheKitchenSink() {
        SObjectSchema schema = describe("Kitchen_Sink__c");

        assertThat(schema.field("Address__c").type()).isEqualTo("address");
        assertThat(schema.field("Address__City__s").compoundFieldName()).isEqualTo("Address__c");
        assertThat(schema.field("Number__c")).isEqualTo(new SfField("Number__c", "double", 0, 18, 6, 0, true, null));
        assertThat(schema.field("Quantity__c").digits()).isEqualTo(9);
        assertThat(schema.extracted()).extracting(SfField::name)
                .doesNotContain("Address__c", "Location__c", "Payload__c")
                .contains("Address__City__s", "Location__Latitude__s", "Date_Time__c", "Time__c");
        assertThat(SoqlBuilder.count(schema, SoqlBuilder.watermarkField(schema, "SystemModstamp"), null))
                .isEqualTo("SELECT COUNT() FROM Kitchen_Sink__c");
        assertThat(RestPages.totalSize(client.query("SELECT COUNT() FROM Kitchen_Sink__c").body())).isEqualTo(2_500);
    }
}
