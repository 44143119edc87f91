package io.sfsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.load.CsvBatch;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestPagesTest {
    private static final List<SfField> SINK = List.of(
            f("Id", "id"), f("Name", "string"), f("Text__c", "string"), f("Checkbox__c", "boolean"),
            f("Quantity__c", "int"), f("Big_Number__c", "long"), f("Number__c", "double"), f("Amount__c", "currency"),
            f("Percent__c", "percent"), f("Date__c", "date"), f("Date_Time__c", "datetime"), f("Time__c", "time"),
            f("Multi__c", "multipicklist"), f("SystemModstamp", "datetime"));

    private static final String HEADER = "\"Id\",\"Name\",\"Text__c\",\"Checkbox__c\",\"Quantity__c\",\"Big_Number__c\","
            + "\"Number__c\",\"Amount__c\",\"Percent__c\",\"Date__c\",\"Date_Time__c\",\"Time__c\",\"Multi__c\","
            + "\"SystemModstamp\"\n";

    /** Two records: every tricky value, then every field null. */
    private static final String PAGE = """
            {"totalSize":3222,"done":false,"nextRecordsUrl":"/services/data/v62.0/query/01gD0000002HU6KIAW-2000",
             "records":[
              {"attributes":{"type":"Kitchen_Sink__c","url":"/services/data/v62.0/sobjects/Kitchen_Sink__c/a01A"},
               "Id":"a01000000000001AAA","Name":"Sink, \\"the\\" first",
               "Text__c":"line one\\nline \\"two\\", with comma\\r\\nΩ ü € 日本 \\ud83d\\ude00",
               "Checkbox__c":true,"Quantity__c":42,"Big_Number__c":123456789012345678,
               "Number__c":4.347286E9,"Amount__c":15000.0,"Percent__c":12.5,"Date__c":"2024-01-15",
               "Date_Time__c":"2024-01-15T10:30:00.000+0000","Time__c":"10:30:00.000Z","Multi__c":"Red;Blue",
               "SystemModstamp":"2024-02-29T23:59:59.000+0000"},
              {"attributes":{"type":"Kitchen_Sink__c","url":"/services/data/v62.0/sobjects/Kitchen_Sink__c/a01B"},
               "Id":"a01000000000002AAA","Name":"","Text__c":null,"Checkbox__c":false,"Quantity__c":null,
               "Big_Number__c":null,"Number__c":0.0,"Amount__c":-0.5,"Percent__c":null,"Date__c":null,
               "Date_Time__c":null,"Time__c":null,"Multi__c":null,"SystemModstamp":"2024-03-01T00:00:00.000+0000"}
             ]}
            """;

    private static SfField f(String name, String type) {
        return new SfField(name, type, 0, 0, 0, 0, true, null);
    }

    private static List<List<String>> parse(CsvBatch b) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        for (CSVRecord r : CSVFormat.RFC4180.parse(new StringReader(b.text()))) {
            rows.add(r.toList());
        }
        return rows;
    }

    private static String page(String records) {
        return "{\"totalSize\":1,\"done\":true,\"records\":[" + records + "]}";
    }

    @Test
    void shouldConvertEveryValueAsBulkWritesIt() throws IOException {
        CsvBatch b = RestPages.toBatch(PAGE, SINK, 3);

        assertThat(b.sequence()).isEqualTo(3);
        assertThat(b.rows()).isEqualTo(2);
        assertThat(b.header()).containsExactly("Id", "Name", "Text__c", "Checkbox__c", "Quantity__c", "Big_Number__c",
                "Number__c", "Amount__c", "Percent__c", "Date__c", "Date_Time__c", "Time__c", "Multi__c",
                "SystemModstamp");
        List<List<String>> rows = parse(b);
        assertThat(rows.get(1)).containsExactly("a01000000000001AAA", "Sink, \"the\" first",
                "line one\nline \"two\", with comma\r\nΩ ü € 日本 😀", "true", "42", "123456789012345678",
                "4347286000", "15000", "12.5", "2024-01-15", "2024-01-15T10:30:00.000Z", "10:30:00.000Z", "Red;Blue",
                "2024-02-29T23:59:59.000Z");
        assertThat(rows.get(2)).containsExactly("a01000000000002AAA", "", "", "false", "", "", "0", "-0.5", "", "",
                "", "", "", "2024-03-01T00:00:00.000Z");
    }

    @Test
    void shouldWriteTheExactBulkBytes() {
        CsvBatch b = RestPages.toBatch(PAGE, SINK, 0);

        String expected = HEADER
                + "\"a01000000000001AAA\",\"Sink, \"\"the\"\" first\",\"line one\nline \"\"two\"\", with comma\r\n"
                + "Ω ü € 日本 😀\",\"true\",\"42\",\"123456789012345678\",\"4347286000\",\"15000\",\"12.5\","
                + "\"2024-01-15\",\"2024-01-15T10:30:00.000Z\",\"10:30:00.000Z\",\"Red;Blue\","
                + "\"2024-02-29T23:59:59.000Z\"\n"
                + "\"a01000000000002AAA\",\"\",\"\",\"false\",\"\",\"\",\"0\",\"-0.5\",\"\",\"\",\"\",\"\",\"\","
                + "\"2024-03-01T00:00:00.000Z\"\n";
        assertThat(b.csv()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadPagingInTheSamePass() {
        RestPage p = RestPages.read(new ByteArrayInputStream(PAGE.getBytes(StandardCharsets.UTF_8)), SINK, 9);

        assertThat(p.totalSize()).isEqualTo(3222);
        assertThat(p.done()).isFalse();
        assertThat(p.nextRecordsUrl()).isEqualTo("/services/data/v62.0/query/01gD0000002HU6KIAW-2000");
        assertThat(p.batch().csv()).isEqualTo(RestPages.toBatch(PAGE, SINK, 9).csv());
        assertThat(RestPages.read(PAGE.getBytes(StandardCharsets.UTF_8), SINK, 9).batch().csv())
                .isEqualTo(p.batch().csv());
    }

    @Test
    void shouldExposeNextRecordsUrlAndTotalSize() {
        assertThat(RestPages.nextRecordsUrl(PAGE)).isEqualTo("/services/data/v62.0/query/01gD0000002HU6KIAW-2000");
        assertThat(RestPages.totalSize(PAGE)).isEqualTo(3222);
        assertThat(RestPages.nextRecordsUrl(page(""))).isNull();
        assertThat(RestPages.nextRecordsUrl("{\"totalSize\":0,\"done\":true,\"nextRecordsUrl\":null,\"records\":[]}"))
                .isNull();
        assertThat(RestPages.totalSize("{\"totalSize\":42,\"done\":true,\"records\":[]}")).isEqualTo(42);
    }

    @Test
    void shouldReadATopLevelFieldOfAnyJsonObject() {
        String job = "{\"id\":\"750\",\"nested\":{\"errorMessage\":\"no\"},\"state\":\"Failed\","
                + "\"errorMessage\":\"Retried more than 15 times\",\"retries\":15}";

        assertThat(RestPages.field(job, "errorMessage")).isEqualTo("Retried more than 15 times");
        assertThat(RestPages.field(job, "retries")).isEqualTo("15");
        assertThat(RestPages.field(job, "missing")).isNull();
    }

    @Test
    void shouldGiveAHeaderOnlyBatchForAPageWithoutRecords() {
        CsvBatch b = RestPages.toBatch("{\"totalSize\":0,\"done\":true,\"records\":[]}", SINK, 0);

        assertThat(b.rows()).isZero();
        assertThat(b.text()).isEqualTo(HEADER);
    }

    @Test
    void shouldTakeTheColumnsOfASchemaWithoutCompoundOrBinaryFields() {
        SObjectSchema schema = new SObjectSchema("Account", List.of(f("Id", "id"),
                new SfField("BillingCity", "string", 40, 0, 0, 0, true, "BillingAddress"), f("BillingAddress", "address"),
                f("Logo__c", "base64")));

        CsvBatch b = RestPages.toBatch(page("{\"attributes\":{},\"Id\":\"001\",\"BillingCity\":\"Köln\"}"), schema, 0);

        assertThat(b.text()).isEqualTo("\"Id\",\"BillingCity\"\n\"001\",\"Köln\"\n");
    }

    @Test
    void shouldMatchFieldsInAnyOrderAndCase() {
        List<SfField> fields = List.of(f("Id", "id"), f("Name", "string"));

        CsvBatch b = RestPages.toBatch(page("{\"NAME\":\"b\",\"attributes\":{\"type\":\"X\"},\"Id\":\"1\"}"), fields, 0);

        assertThat(b.text()).isEqualTo("\"Id\",\"Name\"\n\"1\",\"b\"\n");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "4.347286E9,    4347286000",
        "15000.0,       15000",
        "15000,         15000",
        "0.0,           0",
        "-0.0,          0",
        "0,             0",
        "0E-10,         0",
        "1.0E-5,        0.00001",
        "12.50,         12.5",
        "-3.25,         -3.25",
        "1.5E7,         15000000",
        "1.23456789012345E14, 123456789012345",
        "-9.87654321E-4, -0.000987654321",
        "100.010,       100.01",
        "7E+2,          700",
    })
    void shouldPrintNumbersAsPlainDecimalsLikeBulk(String rest, String bulk) {
        CsvBatch b = RestPages.toBatch(page("{\"N\":" + rest + "}"), List.of(f("N", "double")), 0);

        BigDecimal d = new BigDecimal(rest);
        assertThat(bulk).isEqualTo(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        assertThat(b.text()).isEqualTo("\"N\"\n\"" + bulk + "\"\n");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2024-01-15T10:30:00.000+0000, 2024-01-15T10:30:00.000Z",
        "2024-01-15T10:30:00.000Z,     2024-01-15T10:30:00.000Z",
        "2024-01-15T10:30:00Z,         2024-01-15T10:30:00.000Z",
        "2024-01-15T11:30:00.250+01:00, 2024-01-15T10:30:00.250Z",
        "2024-01-15T02:30:00.000-0800, 2024-01-15T10:30:00.000Z",
    })
    void shouldWriteDatetimesInUtcWithMillisAndZ(String rest, String bulk) {
        CsvBatch b = RestPages.toBatch(page("{\"D\":\"" + rest + "\"}"), List.of(f("D", "datetime")), 0);

        assertThat(b.text()).isEqualTo("\"D\"\n\"" + bulk + "\"\n");
    }

    @Test
    void shouldLeaveStringsThatLookLikeDatetimesAlone() {
        CsvBatch b = RestPages.toBatch(page("{\"S\":\"2024-01-15T10:30:00.000+0000\",\"N\":\"1.0E3\"}"),
                List.of(f("S", "string"), f("N", "string")), 0);

        assertThat(b.text()).isEqualTo("\"S\",\"N\"\n\"2024-01-15T10:30:00.000+0000\",\"1.0E3\"\n");
    }

    @Test
    void shouldRefuseACompoundValue() {
        assertThatThrownBy(() -> RestPages.toBatch(page("{\"Id\":\"1\",\"Loc\":{\"latitude\":1.0,\"longitude\":2.0}}"),
                List.of(f("Id", "id"), f("Loc", "string")), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record 1 has an object for Loc");
        assertThatThrownBy(() -> RestPages.toBatch(page("{\"Id\":\"1\"}"), List.of(f("Id", "id"),
                f("Loc__c", "location")), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Loc__c is a compound location field");
    }

    @Test
    void shouldRefuseARecordThatDoesNotMatchTheColumns() {
        List<SfField> fields = List.of(f("Id", "id"), f("Name", "string"));

        assertThatThrownBy(() -> RestPages.toBatch(page("{\"Id\":\"1\"}"), fields, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("record 1 lacks the selected field Name");
        assertThatThrownBy(() -> RestPages.toBatch(page("{\"Id\":\"1\",\"Name\":\"a\",\"Owner\":null}"), fields, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("record 1 has the field Owner, which is not among the 2 selected columns");
    }

    @Test
    void shouldRefuseABodyThatIsNotAQueryPage() {
        List<SfField> fields = List.of(f("Id", "id"));

        assertThatThrownBy(() -> RestPages.toBatch("[{\"errorCode\":\"INVALID_SESSION_ID\"}]", fields, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an array (an error answer?)");
        assertThatThrownBy(() -> RestPages.toBatch("{\"totalSize\":1,\"done\":true}", fields, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no records array");
        assertThatThrownBy(() -> RestPages.toBatch("{\"totalSize\":1,\"records\":[{\"Id\":", fields, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> RestPages.toBatch("", fields, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the body is empty");
        assertThatThrownBy(() -> RestPages.totalSize("{\"done\":true}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no totalSize");
    }

    @Test
    void shouldConvertALargePageQuickly() {
        StringBuilder json = new StringBuilder("{\"totalSize\":2000,\"done\":true,\"records\":[");
        for (int i = 0; i < 2_000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"attributes\":{\"type\":\"Kitchen_Sink__c\",\"url\":\"/x\"},")
                    .append("\"Id\":\"a01").append(i).append("\",\"Name\":\"n").append(i)
                    .append("\",\"Text__c\":\"t\",\"Checkbox__c\":true,\"Quantity__c\":").append(i)
                    .append(",\"Big_Number__c\":1,\"Number__c\":").append(i).append(".25")
                    .append(",\"Amount__c\":1.5E9,\"Percent__c\":1.0,\"Date__c\":\"2024-01-15\",")
                    .append("\"Date_Time__c\":\"2024-01-15T10:30:00.000+0000\",\"Time__c\":\"10:30:00.000Z\",")
                    .append("\"Multi__c\":null,\"SystemModstamp\":\"2024-01-15T10:30:00.000+0000\"}");
        }
        String body = json.append("]}").toString();
        long rows = 0;
        for (int i = 0; i < 100; i++) {
            rows += RestPages.toBatch(body, SINK, i).rows();
        }

        assertThat(rows).isEqualTo(200_000);
    }

    @Test
    void shouldReadAPageAsRowsOfTheSameValuesItsCsvBatchHolds() throws IOException {
        RestRows rows = RestPages.readRows(PAGE, SINK);
        CsvBatch batch = RestPages.toBatch(PAGE, SINK, 0);
        assertThat(rows.totalSize()).isEqualTo(3222);
        assertThat(rows.done()).isFalse();
        assertThat(rows.nextRecordsUrl()).isEqualTo("/services/data/v62.0/query/01gD0000002HU6KIAW-2000");
        List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(batch.text())).getRecords();
        assertThat(rows.rows()).hasSize(records.size());
        for (int r = 0; r < records.size(); r++) {
            assertThat(rows.rows().get(r)).containsExactly(records.get(r).values());
        }
        assertThat(rows.rows().get(0)[10]).isEqualTo("2024-01-15T10:30:00.000Z");
    }
}
