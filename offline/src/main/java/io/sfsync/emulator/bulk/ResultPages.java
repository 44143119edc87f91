package io.sfsync.emulator.bulk;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.http.Reply;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.RowView;
import io.sfsync.emulator.model.ValueFormats;
import io.sfsync.emulator.query.ResultSet;
import io.sfsync.emulator.soql.EvalContext;
import io.sfsync.emulator.soql.FieldPath;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The pages of a Bulk query job's results: CSV of a row range (streamed for {@code maxRecords}, sized to the default
 * page bytes otherwise), the {@code Sforce-Locator} and {@code Sforce-NumberOfRecords} headers, and the locators.
 */
final class ResultPages {
    private ResultPages() {
    }

    static Reply withPageHeaders(Reply reply, String jobId, int offset, int end, int size) {
        reply.header("Sforce-Locator", end >= size ? "null" : encodeLocator(jobId, end));
        reply.header("Sforce-NumberOfRecords", Integer.toString(end - offset));
        return reply;
    }

    /**
     * Locators are opaque to clients: here the unpadded base64url of the next row's offset and the job's id. The
     * guide's example ({@code locator=MTAwMDA}, "10000") shows an offset only, but a real org's locators also name the
     * query cursor they belong to: one logged by the Salesforce CLI, {@code MDowR2FIbjAwMDAwNXMyVDRLQUk6MQ}, is
     * "0:0GaHn000005s2T4KAI:1" (forcedotcom/cli issue 2968), so a locator is only good for its own job.
     */
    static String encodeLocator(String jobId, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((offset + ":" + jobId).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The offset a locator stands for. A locator that is not one of this job's (garbage, cut short, another job's)
     * is refused with 400 {@code INVALIDLOCATOR}; the guide documents no error for it, so code and message are
     * this emulator's, in Bulk API 2.0's style of error codes ({@code INVALIDJOB}, {@code INVALIDJOBSTATE}).
     */
    static int decodeLocator(String locator, String jobId, int size) {
        if (locator == null || locator.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(locator), StandardCharsets.US_ASCII);
            int colon = text.indexOf(':');
            if (colon > 0 && text.substring(colon + 1).equals(jobId)) {
                int offset = Integer.parseInt(text.substring(0, colon));
                if (offset >= 0 && offset <= size) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new ApiException(400, "INVALIDLOCATOR", "Invalid locator: " + locator);
    }

    static Integer maxRecords(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new ApiException(400, "INVALIDMAXRECORDS", "maxRecords must be a positive integer: " + value);
    }

    static void writePage(OutputStream out, BulkJob job, List<FieldPath> paths, ResultSet rs,
            EvalContext ctx, int from, int to) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        java.io.BufferedWriter buffered = new java.io.BufferedWriter(w, 64 * 1024);
        CsvWriter csv = new CsvWriter(buffered, job.delimiterChar(), job.lineEndingChars());
        header(csv, paths);
        for (int i = from; i < to; i++) {
            row(csv, paths, rs.row(i), ctx);
        }
        buffered.flush();
    }

    static int writeSized(ByteArrayOutputStream buf, BulkJob job, List<FieldPath> paths, ResultSet rs,
            EvalContext ctx, int from, int maxBytes) {
        try {
            Writer w = new OutputStreamWriter(buf, StandardCharsets.UTF_8);
            CsvWriter csv = new CsvWriter(w, job.delimiterChar(), job.lineEndingChars());
            header(csv, paths);
            w.flush();
            int i = from;
            while (i < rs.size() && buf.size() < maxBytes) {
                row(csv, paths, rs.row(i), ctx);
                w.flush();
                i++;
            }
            return i;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void header(CsvWriter csv, List<FieldPath> paths) throws IOException {
        for (FieldPath p : paths) {
            csv.field(p.canonicalName());
        }
        csv.endRow();
    }

    static void row(CsvWriter csv, List<FieldPath> paths, RowView row, EvalContext ctx) throws IOException {
        for (FieldPath p : paths) {
            FieldDef f = p.field();
            csv.field(ValueFormats.csv(f, p.value(row, ctx)));
        }
        csv.endRow();
    }

}
