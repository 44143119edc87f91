package io.sfsync.warehouse;

import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvPage;
import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Builds batches in CsvBatch's format (every field quoted, empty field = null) and the schema the tests load. */
public final class TestBatches {
    /** The loaded columns of {@link #account()}, in order. */
    public static final List<String> ACCOUNT_COLUMNS = List.of("Id", "Name", "Description", "Order", "Select",
            "Amount__c", "Rate__c", "IsActive__c", "NumberOfEmployees", "Big__c", "CloseDate__c", "Start__c",
            "SystemModstamp", "BillingCity");

    private TestBatches() {
    }

    /**
     * An Account-like schema with every kind of column, reserved-word fields ({@code Order}, {@code Select}), a
     * compound address with one component, and a base64 field (the last two parents must not become columns).
     */
    public static SObjectSchema account() {
        return new SObjectSchema("Account", List.of(
                field("Id", "id", 18, 0, 0, 0),
                field("Name", "string", 255, 0, 0, 0),
                field("Description", "textarea", 32000, 0, 0, 0),
                field("Order", "string", 80, 0, 0, 0),
                field("Select", "picklist", 40, 0, 0, 0),
                field("Amount__c", "currency", 0, 18, 2, 0),
                field("Rate__c", "percent", 0, 0, 0, 0),
                field("IsActive__c", "boolean", 0, 0, 0, 0),
                field("NumberOfEmployees", "int", 0, 0, 0, 8),
                field("Big__c", "long", 0, 0, 0, 18),
                field("CloseDate__c", "date", 0, 0, 0, 0),
                field("Start__c", "time", 0, 0, 0, 0),
                field("SystemModstamp", "datetime", 0, 0, 0, 0),
                field("BillingAddress", "address", 0, 0, 0, 0),
                new SfField("BillingCity", "string", 40, 0, 0, 0, true, "BillingAddress"),
                field("Photo__c", "base64", 0, 0, 0, 0)));
    }

    /** A small schema: Id, Name, Amount__c DECIMAL(18,2), SystemModstamp. */
    public static SObjectSchema simple(String name) {
        return new SObjectSchema(name, List.of(
                field("Id", "id", 18, 0, 0, 0),
                field("Name", "string", 255, 0, 0, 0),
                field("Amount__c", "currency", 0, 18, 2, 0),
                field("SystemModstamp", "datetime", 0, 0, 0, 0)));
    }

    public static SfField field(String name, String type, int length, int precision, int scale, int digits) {
        return new SfField(name, type, length, precision, scale, digits, true, null);
    }

    /** A batch with LF line endings; {@code null} cells are written as empty quoted fields. */
    public static CsvBatch batch(int sequence, List<String> header, String[]... rows) {
        return batch(sequence, "\n", header, rows);
    }

    /** A batch with the given line ending. */
    public static CsvBatch batch(int sequence, String lineEnding, List<String> header, String[]... rows) {
        StringBuilder b = new StringBuilder();
        line(b, header.toArray(new String[0]), lineEnding);
        for (String[] row : rows) {
            if (row.length != header.size()) {
                throw new IllegalArgumentException("row " + Arrays.toString(row) + " has " + row.length + " cells");
            }
            line(b, row, lineEnding);
        }
        return new CsvBatch(sequence, header, b.toString().getBytes(StandardCharsets.UTF_8), rows.length);
    }

    /** The batch as a Bulk result page that announces the batch's rows. */
    public static CsvPage page(CsvBatch batch) {
        return page(batch, batch.rows());
    }

    /** The batch as a Bulk result page that announces {@code rows} rows (-1: says nothing). */
    public static CsvPage page(CsvBatch batch, long rows) {
        return CsvPage.read(batch.sequence(), new java.io.ByteArrayInputStream(batch.csv()), rows);
    }

    public static String[] row(String... cells) {
        return cells;
    }

    private static void line(StringBuilder b, String[] cells, String lineEnding) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('"');
            if (cells[i] != null) {
                b.append(cells[i].replace("\"", "\"\""));
            }
            b.append('"');
        }
        b.append(lineEnding);
    }
}
