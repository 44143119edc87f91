package io.sfsync.load;

import java.util.Arrays;
import java.util.List;

/**
 * Writes the canonical batch CSV ({@link CsvBatch}): every field in double quotes, quotes doubled, line breaks kept,
 * LF after each row, UTF-8. It encodes straight into one growable byte array that is reused from batch to batch, so a
 * value costs no intermediate String, Writer or regex.
 */
public final class CsvEncoder {
    private static final int DEFAULT_CAPACITY = 256 * 1024;

    private byte[] buf;
    private int len;
    private boolean rowStart = true;

    public CsvEncoder() {
        this(DEFAULT_CAPACITY);
    }

    public CsvEncoder(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    /** Writes one field of the current row; null is written like the empty string, as Bulk does. */
    public void field(String value) {
        int n = value == null ? 0 : value.length();
        open(n);
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                ascii(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                supplementary(Character.toCodePoint(c, value.charAt(++i)));
            } else {
                wide(c);
            }
        }
        buf[len++] = '"';
    }

    /** Writes one field from a slice of a char array (a parser's buffer), without making a String of it. */
    public void field(char[] chars, int offset, int count) {
        open(count);
        int end = offset + count;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                ascii(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
                supplementary(Character.toCodePoint(c, chars[++i]));
            } else {
                wide(c);
            }
        }
        buf[len++] = '"';
    }

    /** Writes a whole row: the fields, then the line end. */
    public void row(List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            field(values.get(i));
        }
        endRow();
    }

    /** Ends the current row. */
    public void endRow() {
        ensure(1);
        buf[len++] = '\n';
        rowStart = true;
    }

    /** Bytes written since the last {@link #reset()}. */
    public int size() {
        return len;
    }

    /** A copy of the bytes written since the last {@link #reset()}. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Starts over, keeping the buffer for the next batch. */
    public void reset() {
        len = 0;
        rowStart = true;
    }

    /** Reserves room for a field of n chars (at most 3 bytes each, doubled quotes included) and opens it. */
    private void open(int n) {
        ensure(3 * n + 3);
        if (!rowStart) {
            buf[len++] = ',';
        }
        rowStart = false;
        buf[len++] = '"';
    }

    private void ascii(char c) {
        if (c == '"') {
            buf[len++] = '"';
        }
        buf[len++] = (byte) c;
    }

    private void wide(char c) {
        if (c < 0x800) {
            buf[len++] = (byte) (0xC0 | (c >> 6));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isSurrogate(c)) {
            // an unpaired surrogate is not encodable; Java's encoders (and so the Bulk CSV writer) write '?'
            buf[len++] = '?';
        } else {
            buf[len++] = (byte) (0xE0 | (c >> 12));
            buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buf[len++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void supplementary(int cp) {
        buf[len++] = (byte) (0xF0 | (cp >> 18));
        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (cp & 0x3F));
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) len + extra);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a CSV batch cannot exceed 2 GiB: lower sfsync.batch-rows");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }
}
