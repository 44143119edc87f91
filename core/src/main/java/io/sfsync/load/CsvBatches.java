package io.sfsync.load;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Splits one CSV page (a Bulk API 2.0 result page: header row, then rows) into {@link CsvBatch}es of at most N rows,
 * each re-encoded in the canonical format with the header first. Reads the stream as it goes: at most one batch of
 * rows is in memory, never the page. Sequence numbers start where the caller says, so they continue across the pages of
 * a run ({@link #nextSequence()}). Closes the stream when the page is exhausted or on {@link #close()}.
 */
public final class CsvBatches implements Iterator<CsvBatch>, Closeable {
    /** Rows per batch unless configured ({@code sfsync.batch-rows}). */
    public static final int DEFAULT_BATCH_ROWS = 5_000;

    private static final int READ_BUFFER = 64 * 1024;

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int batchRows;
    private final CsvEncoder encoder = new CsvEncoder();
    private final List<String> header;
    private int nextSequence;
    private long rowsRead;
    private CsvBatch pending;
    private boolean finished;

    private CsvBatches(InputStream in, int firstSequence, int batchRows, char delimiter) {
        Objects.requireNonNull(in, "the CSV page is null");
        if (batchRows < 1) {
            throw new IllegalArgumentException("sfsync.batch-rows must be at least 1, not " + batchRows);
        }
        if (firstSequence < 0) {
            throw new IllegalArgumentException("the first batch sequence must be 0 or more, not " + firstSequence);
        }
        this.batchRows = batchRows;
        this.nextSequence = firstSequence;
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        try {
            parser = CSVParser.parse(utf8Reader(in), format);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CSV page", e);
        }
        records = parser.iterator();
        header = readHeader();
        if (header == null) {
            finish();
        }
    }

    /** The page as UTF-8 text, past a byte order mark (which would make the first header field's quote literal). */
    static BufferedReader utf8Reader(InputStream in) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), READ_BUFFER);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /** Batches of {@value #DEFAULT_BATCH_ROWS} rows of a comma-separated page. */
    public static CsvBatches split(InputStream page, int firstSequence) {
        return new CsvBatches(page, firstSequence, DEFAULT_BATCH_ROWS, ',');
    }

    /** Batches of at most {@code batchRows} rows of a comma-separated page. */
    public static CsvBatches split(InputStream page, int firstSequence, int batchRows) {
        return new CsvBatches(page, firstSequence, batchRows, ',');
    }

    /** The same for a page written with another column delimiter (a Bulk job's {@code columnDelimiter}). */
    public static CsvBatches split(InputStream page, int firstSequence, int batchRows, char delimiter) {
        return new CsvBatches(page, firstSequence, batchRows, delimiter);
    }

    private List<String> readHeader() {
        CSVRecord first = nextRecord();
        if (first == null) {
            return null;
        }
        List<String> names = new ArrayList<>(first.size());
        for (int i = 0; i < first.size(); i++) {
            names.add(first.get(i));
        }
        return List.copyOf(names);
    }

    /** The page's header row; empty for an empty body. */
    public List<String> header() {
        return header == null ? List.of() : header;
    }

    /** The sequence number the next batch gets (after the page is exhausted: the first one of the next page). */
    public int nextSequence() {
        return nextSequence;
    }

    /** Data rows read so far. */
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !finished) {
            pending = readBatch();
        }
        return pending != null;
    }

    @Override
    public CsvBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches in this CSV page");
        }
        CsvBatch b = pending;
        pending = null;
        return b;
    }

    private CsvBatch readBatch() {
        encoder.reset();
        encoder.row(header);
        int rows = 0;
        CSVRecord r;
        while (rows < batchRows && (r = nextRecord()) != null) {
            if (r.size() != header.size()) {
                String message = "CSV row " + (rowsRead + 1) + " (line " + r.getParser().getCurrentLineNumber()
                        + ") has " + r.size() + " fields, the header has " + header.size();
                finish();
                throw new IllegalArgumentException(message);
            }
            for (int i = 0; i < r.size(); i++) {
                encoder.field(r.get(i));
            }
            encoder.endRow();
            rows++;
            rowsRead++;
        }
        if (rows < batchRows) {
            finish();
        }
        if (rows == 0) {
            return null;
        }
        return new CsvBatch(nextSequence++, header, encoder.toByteArray(), rows);
    }

    private CSVRecord nextRecord() {
        try {
            return records.hasNext() ? records.next() : null;
        } catch (UncheckedIOException | IllegalStateException e) {
            finish();
            throw new IllegalArgumentException("malformed CSV after row " + rowsRead + ": " + e.getMessage(), e);
        }
    }

    private void finish() {
        finished = true;
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the CSV page", e);
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finish();
        }
    }
}
