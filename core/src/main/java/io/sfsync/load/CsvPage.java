package io.sfsync.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One Bulk API 2.0 result page on its way to the warehouse as it came from Salesforce: RFC 4180 CSV in UTF-8, a header
 * row of API field names, then the rows. Only the header line is read here; the rest goes to a file unparsed (the
 * warehouse's CSV reader is strict and names the file when a row is malformed), which spares parsing and re-encoding
 * every value. A byte order mark is dropped.
 *
 * @param sequence 0-based position of the page's file in its run (names stage files deterministically)
 * @param header the API field names, in column order; empty for an empty body
 * @param rows data rows as Salesforce counted them ({@code Sforce-NumberOfRecords}), or -1 when it did not say
 * @param body the page from its first byte, header line included; read once, by {@link #writeTo}
 */
public record CsvPage(int sequence, List<String> header, long rows, InputStream body) {
    /** Longest header line read (a header of 1,000 long custom field names is well below it). */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    public CsvPage {
        header = List.copyOf(header);
        Objects.requireNonNull(body, "the page body is null");
        if (sequence < 0) {
            throw new IllegalArgumentException("the page sequence must be 0 or more, not " + sequence);
        }
    }

    /**
     * Reads the header line of a page and leaves the stream at the page's first byte.
     *
     * @param rows the page's row count as Salesforce announced it, or -1 when unknown
     * @throws IllegalArgumentException when the header line is malformed or longer than 1 MiB
     */
    public static CsvPage read(int sequence, InputStream page, long rows) {
        Objects.requireNonNull(page, "the CSV page is null");
        InputStream in = page.markSupported() ? page : new BufferedInputStream(page, 64 * 1024);
        try {
            in.mark(MAX_HEADER_BYTES + BOM.length + 2);
            byte[] start = in.readNBytes(BOM.length);
            boolean bom = start.length == BOM.length && start[0] == BOM[0] && start[1] == BOM[1] && start[2] == BOM[2];
            in.reset();
            if (bom) {
                in.skipNBytes(BOM.length);
                in.mark(MAX_HEADER_BYTES + 2);
            }
            String line = headerLine(in);
            in.reset();
            return new CsvPage(sequence, line == null ? List.of() : parseHeader(line), rows, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the header of CSV page " + sequence, e);
        }
    }

    /** Whether the page holds no header (an empty body): there is nothing to load. */
    public boolean isEmpty() {
        return header.isEmpty();
    }

    /** Copies the page (header line included) to {@code out}; returns the bytes written. */
    public long writeTo(OutputStream out) throws IOException {
        return body.transferTo(out);
    }

    @Override
    public String toString() {
        return "CsvPage[" + sequence + ": " + (rows < 0 ? "?" : Long.toString(rows)) + " rows, " + header.size()
                + " columns]";
    }

    /** The bytes up to the first line break outside quotes, as text; null for an empty stream. */
    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
        boolean quoted = false;
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '"') {
                quoted = !quoted;
            } else if (b == '\n' && !quoted) {
                break;
            }
            if (line.size() >= MAX_HEADER_BYTES) {
                throw new IllegalArgumentException("the CSV page has no header line within its first "
                        + MAX_HEADER_BYTES + " bytes");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        if (quoted) {
            throw new IllegalArgumentException("the header line of the CSV page has an unclosed quote");
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static List<String> parseHeader(String line) {
        CSVRecord record;
        try (CSVParser parser = CSVParser.parse(line, CSVFormat.RFC4180)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                throw new IllegalArgumentException("the header line of the CSV page is not one CSV row: " + abbreviate(
                        line));
            }
            record = records.get(0);
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw new IllegalArgumentException("the header line of the CSV page is malformed (" + e.getMessage()
                    + "): " + abbreviate(line), e);
        }
        List<String> names = new ArrayList<>(record.size());
        Set<String> seen = new HashSet<>();
        for (String name : record) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("the header line of the CSV page has an empty column name: "
                        + abbreviate(line));
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("the header line of the CSV page names " + name + " twice");
            }
            names.add(name);
        }
        return names;
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...";
    }
}
