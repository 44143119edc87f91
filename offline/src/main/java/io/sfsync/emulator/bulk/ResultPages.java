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

    static Reply withPageHeaders(Reply reply, int offset, int end, int size) {
        reply.header("Sforce-Locator", end >= size ? "null" : encodeLocator(end));
        reply.header("Sforce-NumberOfRecords", Integer.toString(end - offset));
        return reply;
    }

    /** Locators are opaque to clients; here the unpadded base64url of the next row's offset, as in the docs. */
    static String encodeLocator(int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Integer.toString(offset).getBytes(StandardCharsets.US_ASCII));
    }

    static int decodeLocator(String locator, int size) {
        if (locator == null || locator.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(locator), StandardCharsets.US_ASCII);
            int offset = Integer.parseInt(text);
            if (offset >= 0 && offset <= size) {
                return offset;
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
