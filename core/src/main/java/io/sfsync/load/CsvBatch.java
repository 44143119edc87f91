package io.sfsync.load;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A batch of extracted rows on its way to the warehouse: RFC 4180 CSV in UTF-8, a header row of API field names
 * first, every field quoted, an empty field for null, datetimes as {@code 2024-01-15T10:30:00.000Z}, times as
 * {@code 10:30:00.000Z}, booleans {@code true}/{@code false}, numbers plain. The Bulk API's CSV, and what REST pages are
 * converted to, so that every method loads the same bytes.
 *
 * @param sequence 0-based position of the batch in its run (names stage files deterministically)
 * @param header the API field names, in column order
 * @param csv the CSV bytes, header row included
 * @param rows data rows in {@code csv}
 */
public record CsvBatch(int sequence, List<String> header, byte[] csv, int rows) {

    public CsvBatch {
        header = List.copyOf(header);
    }

    @Override
    public String toString() {
        return "CsvBatch[" + sequence + ": " + rows + " rows, " + csv.length + " bytes]";
    }

    /** The CSV as text (tests and diagnostics). */
    public String text() {
        return new String(csv, StandardCharsets.UTF_8);
    }
}
