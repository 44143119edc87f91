package io.sfsync.reverse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The result CSVs of a Bulk API 2.0 ingest job: successfulResults ({@code sf__Id}, {@code sf__Created}, then the
 * uploaded columns), failedResults ({@code sf__Id}, {@code sf__Error}, then the columns) and unprocessedrecords (the
 * columns alone).
 */
public final class BulkResults {
    /** {@code CODE:message:FIELDS --} (the field list and its {@code --} are there when the error names fields). */
    private static final Pattern WITH_FIELDS = Pattern.compile("(?s)(.*):([^:]*) --\\s*$");

    private BulkResults() {
    }

    /** Created and updated counts of a successfulResults CSV. */
    public record Successes(long created, long updated) {
    }

    /** Counts the rows of a successfulResults CSV by {@code sf__Created}. */
    public static Successes successes(InputStream csv) {
        long[] created = new long[2];
        rows(csv, row -> created[Boolean.parseBoolean(row.get("sf__Created")) ? 0 : 1]++);
        return new Successes(created[0], created[1]);
    }

    /** The failure rows of a failedResults CSV, with Salesforce's code, message and fields, each as it is read. */
    public static void failed(InputStream csv, ReverseRows rows, Consumer<ReverseFailure> out) {
        rows(csv, row -> {
            String error = row.remove("sf__Error");
            row.remove("sf__Id");
            String[] parts = error(error);
            out.accept(new ReverseFailure(key(row, rows), parts[0], parts[1], parts[2],
                    rows.json(values(row, rows))));
        });
    }

    /** The rows of an unprocessedrecords CSV as failures ({@link ReverseFailure#UNPROCESSED}), each as it is read. */
    public static void unprocessed(InputStream csv, ReverseRows rows, String why, Consumer<ReverseFailure> out) {
        rows(csv, row -> out.accept(new ReverseFailure(key(row, rows), ReverseFailure.UNPROCESSED, why, null,
                rows.json(values(row, rows)))));
    }

    /** {@code sf__Error} as code, message and fields (null when it names none). */
    static String[] error(String error) {
        if (error == null || error.isBlank()) {
            return new String[] {"UNKNOWN_EXCEPTION", "Salesforce gave no error for this row", null};
        }
        int colon = error.indexOf(':');
        String code = colon < 0 ? error.trim() : error.substring(0, colon).trim();
        String rest = colon < 0 ? "" : error.substring(colon + 1);
        Matcher m = WITH_FIELDS.matcher(rest);
        if (m.matches()) {
            String fields = m.group(2).trim();
            return new String[] {code, m.group(1).trim(), fields.isEmpty() ? null : fields};
        }
        return new String[] {code, rest.trim(), null};
    }

    private static String key(Map<String, String> row, ReverseRows rows) {
        String key = get(row, rows.keyField().name());
        return key == null || key.isEmpty() ? null : key;
    }

    private static String[] values(Map<String, String> row, ReverseRows rows) {
        String[] out = new String[rows.fields().size()];
        for (int i = 0; i < out.length; i++) {
            String v = get(row, rows.fields().get(i).name());
            out[i] = v == null || v.isEmpty() || v.equals(SfValues.CSV_NULL) ? null : v;
        }
        return out;
    }

    private static String get(Map<String, String> row, String column) {
        for (Map.Entry<String, String> e : row.entrySet()) {
            if (e.getKey().equalsIgnoreCase(column)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Each row of the CSV, by header name, as it is parsed (never the whole CSV in memory). */
    private static void rows(InputStream csv, Consumer<Map<String, String>> out) {
        if (csv == null) {
            return;
        }
        try (Reader reader = new InputStreamReader(csv, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                        .parse(reader)) {
            List<String> header = parser.getHeaderNames();
            for (CSVRecord r : parser) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < r.size(); i++) {
                    row.put(header.get(i), r.get(i));
                }
                out.accept(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a Bulk API result CSV", e);
        }
    }
}
