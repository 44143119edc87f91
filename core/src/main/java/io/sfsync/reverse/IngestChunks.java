package io.sfsync.reverse;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;

/**
 * The CSV of a Bulk API 2.0 ingest, cut into chunks of at most so many bytes and rows, each a job's whole upload with
 * its own header line: Salesforce takes one upload of at most 150 MB base64-encoded (about 100 MB of CSV) per job.
 * Each chunk is written to a temporary file as its rows arrive, and at most one chunk exists at a time: the next is
 * refused until the last is released (its file deleted), so memory and disk do not grow with the source.
 * Cells are quoted only when they must be (comma, quote, line break); a null value is {@link SfValues#CSV_NULL}, which
 * empties the field (an empty cell would leave it as it is).
 */
public final class IngestChunks implements AutoCloseable {
    /**
     * One job's upload.
     *
     * @param file the CSV (UTF-8, LF line endings, header first); deleted by {@link #release}
     * @param bytes its size
     * @param rows how many rows it holds
     */
    public record Chunk(Path file, long bytes, int rows) {
    }

    private final Path folder;
    private final long maxBytes;
    private final long maxRows;
    private final byte[] head;
    private final String firstField;
    private Chunk open;
    /** The row that did not fit the last chunk: the first of the next. */
    private byte[] carried;
    private long rowsSeen;
    private int filesMade;

    /**
     * @param folder where the chunk files are written (made when missing)
     * @param rows the conversion, for the header
     * @param maxBytes bytes per chunk, header included
     * @param maxRows rows per chunk
     */
    public IngestChunks(Path folder, ReverseRows rows, long maxBytes, long maxRows) {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
        StringBuilder header = new StringBuilder();
        for (WritableField f : rows.fields()) {
            header.append(header.length() == 0 ? "" : ",").append(f.name());
        }
        this.head = (header + "\n").getBytes(StandardCharsets.UTF_8);
        this.firstField = rows.fields().get(0).name();
    }

    /**
     * The next chunk, written from the feed's rows until the next row would not fit; null when the feed has none.
     *
     * @throws IllegalStateException when the last chunk was not released
     * @throws IllegalArgumentException when one row alone does not fit an upload
     */
    public Chunk next(ReverseFeed feed) {
        if (open != null) {
            throw new IllegalStateException("the ingest chunk " + open.file() + " is still in flight: release it first");
        }
        if (carried == null && !feed.hasNext()) {
            return null;
        }
        Path file;
        try {
            Files.createDirectories(folder);
            file = Files.createTempFile(folder, "sfsync-ingest-", ".csv");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write an ingest chunk into " + folder
                    + " (sfsync.reverse.bulk.spool-dir): " + e.getMessage(), e);
        }
        filesMade++;
        open = new Chunk(file, 0, 0);
        long bytes = head.length;
        int count = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(head);
            while (count < maxRows) {
                byte[] line = carried != null ? carried : feed.hasNext() ? line(feed.next()) : null;
                carried = null;
                if (line == null) {
                    break;
                }
                if (head.length + line.length > maxBytes) {
                    throw new IllegalArgumentException("row " + rowsSeen + " (" + firstField + " ...) is "
                            + line.length + " bytes of CSV, more than one ingest upload may hold"
                            + " (sfsync.reverse.bulk.upload-bytes=" + maxBytes + ")");
                }
                if (count > 0 && bytes + line.length > maxBytes) {
                    carried = line;
                    break;
                }
                out.write(line);
                bytes += line.length;
                count++;
            }
        } catch (IOException e) {
            release(open);
            throw new UncheckedIOException("cannot write the ingest chunk " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(open);
            throw e;
        }
        open = new Chunk(file, bytes, count);
        return open;
    }

    /** The chunk uploaded (or given up): its file deleted, the next may be written. */
    public void release(Chunk chunk) {
        if (chunk == null) {
            return;
        }
        try {
            Files.deleteIfExists(chunk.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the ingest chunk " + chunk.file() + ": " + e.getMessage(),
                    e);
        }
        if (open != null && open.file().equals(chunk.file())) {
            open = null;
        }
    }

    /** Chunk files written so far. */
    public int filesMade() {
        return filesMade;
    }

    /** The chunk in flight deleted. */
    @Override
    public void close() {
        release(open);
    }

    /** The ingest job of one chunk: CSV, LF line endings, upsert on the key field or update by Id. */
    public static Job job(String sobject, ReverseOperation operation, String keyField) {
        Job job = new Job();
        job.setObject(sobject);
        job.setOperation(operation == ReverseOperation.UPSERT ? OperationEnum.UPSERT : OperationEnum.UPDATE);
        if (operation == ReverseOperation.UPSERT) {
            job.setExternalIdFieldName(keyField);
        }
        job.setContentType(ContentTypeEnum.CSV);
        job.setLineEnding(LineEndingEnum.LF);
        return job;
    }

    private byte[] line(String[] row) {
        rowsSeen++;
        return csvLine(row).getBytes(StandardCharsets.UTF_8);
    }

    /** One CSV record with its LF. */
    static String csvLine(String[] row) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(cell(row[i]));
        }
        return b.append('\n').toString();
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            // an empty cell would leave the field as it is
            return SfValues.CSV_NULL;
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
