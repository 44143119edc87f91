package io.sfsync.reverse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.component.salesforce.api.dto.bulkv2.ContentTypeEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.Job;
import org.apache.camel.component.salesforce.api.dto.bulkv2.LineEndingEnum;
import org.apache.camel.component.salesforce.api.dto.bulkv2.OperationEnum;

/**
 * The CSV of a Bulk API 2.0 ingest, cut into chunks of at most so many bytes and rows, each a job's whole upload with
 * its own header line: Salesforce takes one upload of at most 150 MB base64-encoded (about 100 MB of CSV) per job.
 * Cells are quoted only when they must be (comma, quote, line break); a null value is {@link SfValues#CSV_NULL}, which
 * empties the field (an empty cell would leave it as it is).
 */
public final class IngestChunks {
    private IngestChunks() {
    }

    /**
     * One job's upload.
     *
     * @param csv the CSV (UTF-8, LF line endings, header first)
     * @param firstRow index of its first row in the run's rows
     * @param rows how many rows it holds
     */
    public record Chunk(byte[] csv, int firstRow, int rows) {
    }

    /** The rows' CSV in chunks of at most {@code maxBytes} bytes and {@code maxRows} rows. */
    public static List<Chunk> split(ReverseRows rows, long maxBytes, long maxRows) {
        StringBuilder header = new StringBuilder();
        for (WritableField f : rows.fields()) {
            header.append(header.length() == 0 ? "" : ",").append(f.name());
        }
        byte[] head = (header + "\n").getBytes(StandardCharsets.UTF_8);
        List<Chunk> out = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        int first = 0;
        int count = 0;
        List<String[]> all = rows.rows();
        for (int i = 0; i < all.size(); i++) {
            byte[] line = line(all.get(i)).getBytes(StandardCharsets.UTF_8);
            if (head.length + line.length > maxBytes) {
                throw new IllegalArgumentException("row " + (i + 1) + " (" + rows.fields().get(0).name() + " ...) is "
                        + line.length + " bytes of CSV, more than one ingest upload may hold"
                        + " (sfsync.reverse.bulk.upload-bytes=" + maxBytes + ")");
            }
            if (count > 0 && (current.size() + line.length > maxBytes || count >= maxRows)) {
                out.add(new Chunk(current.toByteArray(), first, count));
                current.reset();
                first = i;
                count = 0;
            }
            if (count == 0) {
                current.writeBytes(head);
            }
            current.writeBytes(line);
            count++;
        }
        if (count > 0) {
            out.add(new Chunk(current.toByteArray(), first, count));
        }
        return out;
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

    /** One CSV record with its LF. */
    static String line(String[] row) {
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
