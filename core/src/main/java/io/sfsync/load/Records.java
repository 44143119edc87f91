package io.sfsync.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The record-level form of a page, for the routes that edit records ({@code sfsync-transform}): a page's CSV read as
 * it streams into groups of records, each record a map of API field name to value (null for an empty field, as the
 * Bulk API writes null), and records turned back into a canonical {@link CsvBatch}.
 */
public final class Records {
    private Records() {
    }

    /**
     * The records of one CSV page (header row first), {@code groupSize} at a time: at most one group is in memory. The
     * stream is closed when the page is exhausted.
     */
    public static Groups groups(InputStream page, int groupSize) {
        if (groupSize < 1) {
            throw new IllegalArgumentException("a group holds at least one record, not " + groupSize);
        }
        CSVParser parser;
        try {
            parser = CSVParser.parse(CsvBatches.utf8Reader(page),
                    CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CSV page", e);
        }
        Iterator<CSVRecord> rows = parser.iterator();
        List<String> header = rows.hasNext() ? rows.next().toList() : List.of();
        return new Groups(header) {
            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more) {
                    try {
                        parser.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return more;
            }

            @Override
            public List<Map<String, String>> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Map<String, String>> group = new ArrayList<>(groupSize);
                while (group.size() < groupSize && rows.hasNext()) {
                    CSVRecord row = rows.next();
                    if (row.size() != header.size()) {
                        throw new IllegalArgumentException("CSV row " + row.getRecordNumber() + " has " + row.size()
                                + " fields, the header " + header.size());
                    }
                    Map<String, String> record = new LinkedHashMap<>(header.size() * 2);
                    for (int i = 0; i < header.size(); i++) {
                        String v = row.get(i);
                        record.put(header.get(i), v.isEmpty() ? null : v);
                    }
                    group.add(record);
                }
                return group;
            }
        };
    }

    /** The groups of records of one page, and the page's header (its fields, in column order). */
    public abstract static class Groups implements Iterator<List<Map<String, String>>> {
        private final List<String> header;

        Groups(List<String> header) {
            this.header = List.copyOf(header);
        }

        public List<String> header() {
            return header;
        }
    }

    /**
     * The records as one batch with {@code header}'s columns in order: a field a record no longer has is null, a field
     * it gained that the header does not name is an error (the table has no column for it).
     */
    public static CsvBatch toBatch(int sequence, List<String> header, List<Map<String, String>> records) {
        CsvEncoder csv = new CsvEncoder(64 * 1024);
        csv.row(header);
        Set<String> known = new HashSet<>(header);
        for (Map<String, String> record : records) {
            for (String key : record.keySet()) {
                if (!known.contains(key)) {
                    throw new IllegalArgumentException("a record has the field '" + key + "', which the extraction"
                            + " does not read (fields: " + String.join(", ", header) + ")");
                }
            }
            for (String field : header) {
                csv.field(record.get(field));
            }
            csv.endRow();
        }
        return new CsvBatch(sequence, header, csv.toByteArray(), records.size());
    }
}
