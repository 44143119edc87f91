package io.sfsync.emulator.bulk;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CSV of a Bulk API 2.0 upload (RFC 4180: fields optionally in double quotes, {@code ""} for a quote inside
 * one, line breaks kept inside quotes) with the job's delimiter and line ending. Salesforce requires the data's line
 * ending to be the job's: LF data in a CRLF job, or CRLF data in an LF job, fails the job with
 * "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF" (the message real orgs
 * give, quoted in Salesforce community threads on Bulk API 2.0 uploads).
 */
final class CsvReader {
    /** The data cannot be read as the job's CSV; the message is the job's {@code errorMessage}. */
    static final class CsvException extends Exception {
        private static final long serialVersionUID = 1L;

        CsvException(String message) {
            super(message);
        }
    }

    private CsvReader() {
    }

    static List<List<String>> read(String data, char delimiter, String lineEnding) throws CsvException {
        String text = data.startsWith("\uFEFF") ? data.substring(1) : data;
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        boolean crlf = lineEnding.equals("\r\n");
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"' && field.length() == 0 && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
                i++;
            } else if (c == delimiter) {
                row.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
                i++;
            } else if (c == '\r' || c == '\n') {
                boolean isCrlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
                if (crlf != isCrlf) {
                    throw new CsvException("ClientInputError : LineEnding is invalid on user data. Current LineEnding"
                            + " setting is " + (crlf ? "CRLF" : "LF"));
                }
                row.add(field.toString());
                rows.add(row);
                row = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                i += isCrlf ? 2 : 1;
            } else {
                field.append(c);
                i++;
            }
        }
        if (quoted) {
            throw new CsvException("InvalidBatch : Failed to parse CSV: a quoted field is not closed");
        }
        if (field.length() > 0 || wasQuoted || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
