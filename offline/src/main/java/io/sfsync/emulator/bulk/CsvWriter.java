package io.sfsync.emulator.bulk;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes CSV the way Bulk API 2.0 does: every field enclosed in double quotes, embedded quotes doubled, embedded
 * line breaks kept, the job's delimiter and line ending.
 */
public final class CsvWriter {
    private final Writer out;
    private final char delimiter;
    private final String lineEnding;
    private boolean firstInRow = true;

    public CsvWriter(Writer out, char delimiter, String lineEnding) {
        this.out = out;
        this.delimiter = delimiter;
        this.lineEnding = lineEnding;
    }

    /** Writes one field of the current row; null is written as an empty quoted field. */
    public void field(String value) throws IOException {
        if (!firstInRow) {
            out.write(delimiter);
        }
        firstInRow = false;
        out.write('"');
        if (value != null) {
            int start = 0;
            for (int i = 0; i < value.length(); i++) {
                if (value.charAt(i) == '"') {
                    out.write(value, start, i - start + 1);
                    out.write('"');
                    start = i + 1;
                }
            }
            out.write(value, start, value.length() - start);
        }
        out.write('"');
    }

    /** Ends the current row. */
    public void endRow() throws IOException {
        out.write(lineEnding);
        firstInRow = true;
    }
}
