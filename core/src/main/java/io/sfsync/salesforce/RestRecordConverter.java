package io.sfsync.salesforce;

import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvEncoder;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * One REST query page's records turned into CSV rows (or collected as values): the per-page state, the column lookup
 * and one record's values in a reused char buffer ({@link RestPages} reads the page).
 */
final class RestRecordConverter {
    private final String[] names;
    private final boolean[] datetime;
    private final Map<String, Integer> index;
    private final Map<String, Integer> lowerIndex;
    private final CsvEncoder out = new CsvEncoder();
    private final int[] start;
    private final int[] length;
    private final int[] seen;
    /** The records as rows of values, when the converter collects them instead of writing CSV. */
    final List<String[]> collected;
    private char[] values = new char[4096];
    private int used;
    private int record;

    RestRecordConverter(List<SfField> fields, boolean collect) {
        collected = collect ? new ArrayList<>() : null;
        if (fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("a REST page needs the fields of its SELECT to become CSV");
        }
        int n = fields.size();
        names = new String[n];
        datetime = new boolean[n];
        index = new HashMap<>(n * 2);
        lowerIndex = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            SfField f = fields.get(i);
            if (f.isCompound()) {
                throw new IllegalArgumentException(f.name() + " is a compound " + f.type()
                        + " field: select its components instead");
            }
            names[i] = f.name();
            datetime[i] = f.type().equals("datetime");
            index.put(f.name(), i);
            lowerIndex.put(f.name().toLowerCase(Locale.ROOT), i);
        }
        start = new int[n];
        length = new int[n];
        seen = new int[n];
    }

    CsvBatch convert(JsonParser p, int sequence) throws IOException {
        List<String> header = new ArrayList<>(Arrays.asList(names));
        if (collected == null) {
            out.row(header);
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("record " + (record + 1) + " of the page is not an object but "
                        + t);
            }
            record(p);
        }
        return new CsvBatch(sequence, header, out.toByteArray(), record);
    }

    private void record(JsonParser p) throws IOException {
        record++;
        used = 0;
        int expected = 0;
        while (p.nextToken() != JsonToken.END_OBJECT) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            int col = expected < names.length && names[expected].equals(name) ? expected : column(name);
            if (col < 0) {
                if (name.equals("attributes")) {
                    p.skipChildren();
                    continue;
                }
                throw new IllegalArgumentException("record " + record + " has the field " + name
                        + ", which is not among the " + names.length + " selected columns");
            }
            expected = col + 1;
            value(p, v, col, name);
            seen[col] = record;
        }
        if (collected != null) {
            String[] row = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                if (seen[i] != record) {
                    throw new IllegalArgumentException("record " + record + " lacks the selected field "
                            + names[i]);
                }
                row[i] = length[i] <= 0 ? "" : new String(values, start[i], length[i]);
            }
            collected.add(row);
            return;
        }
        for (int i = 0; i < names.length; i++) {
            if (seen[i] != record) {
                throw new IllegalArgumentException("record " + record + " lacks the selected field " + names[i]);
            }
            int len = length[i];
            if (len <= 0) {
                out.field(values, 0, 0);
            } else {
                out.field(values, start[i], len);
            }
        }
        out.endRow();
    }

    private int column(String name) {
        Integer i = index.get(name);
        if (i == null) {
            i = lowerIndex.get(name.toLowerCase(Locale.ROOT));
        }
        return i == null ? -1 : i;
    }

    private void value(JsonParser p, JsonToken v, int col, String name) throws IOException {
        switch (v) {
            case VALUE_NULL -> length[col] = 0;
            case VALUE_TRUE -> put(col, RestPages.TRUE, 0, RestPages.TRUE.length);
            case VALUE_FALSE -> put(col, RestPages.FALSE, 0, RestPages.FALSE.length);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(col, p.getTextCharacters(), p.getTextOffset(),
                    p.getTextLength());
            case VALUE_STRING -> {
                if (datetime[col]) {
                    dateTime(col, p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), name);
                } else {
                    put(col, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                }
            }
            case START_OBJECT, START_ARRAY -> throw new IllegalArgumentException("record " + record + " has a"
                    + (v == JsonToken.START_OBJECT ? "n object" : "n array") + " for " + name
                    + ": compound and relationship fields cannot be a CSV column; select their components");
            default -> throw new IllegalArgumentException("record " + record + " has an unexpected " + v
                    + " for " + name);
        }
    }

    /** Bulk writes decimals as BigDecimal.stripTrailingZeros().toPlainString(), and zero as "0". */
    private void number(int col, char[] c, int off, int len) {
        int end = off + len;
        int dot = -1;
        boolean exponent = false;
        boolean nonZero = false;
        for (int i = off; i < end; i++) {
            char ch = c[i];
            if (ch == 'e' || ch == 'E') {
                exponent = true;
            } else if (ch == '.') {
                dot = i;
            } else if (ch >= '1' && ch <= '9') {
                nonZero = true;
            }
        }
        if (!nonZero && !exponent) {
            put(col, "0");
        } else if (exponent) {
            BigDecimal d = new BigDecimal(c, off, len);
            put(col, d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        } else {
            if (dot >= 0) {
                while (end > dot + 1 && c[end - 1] == '0') {
                    end--;
                }
                if (end == dot + 1) {
                    end = dot;
                }
            }
            put(col, c, off, end - off);
        }
    }

    /** REST sends {@code 2024-01-15T10:30:00.000+0000}; Bulk writes {@code 2024-01-15T10:30:00.000Z}. */
    private void dateTime(int col, char[] c, int off, int len, String name) {
        if (len == 28 && c[off + 23] == '+' && c[off + 24] == '0' && c[off + 25] == '0' && c[off + 26] == '0'
                && c[off + 27] == '0') {
            put(col, c, off, 23);
            values[start[col] + 23] = 'Z';
            length[col] = 24;
            used = start[col] + 24;
            return;
        }
        String text = new String(c, off, len);
        try {
            put(col, RestPages.BULK_DATETIME.format(OffsetDateTime.parse(text, RestPages.ANY_DATETIME).toInstant()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("record " + record + " has an invalid datetime for " + name + ": "
                    + text, e);
        }
    }

    private void put(int col, String s) {
        reserve(s.length());
        s.getChars(0, s.length(), values, used);
        start[col] = used;
        length[col] = s.length();
        used += s.length();
    }

    private void put(int col, char[] c, int off, int len) {
        // one more than needed: the datetime fast path appends its Z in place
        reserve(len + 1);
        System.arraycopy(c, off, values, used, len);
        start[col] = used;
        length[col] = len;
        used += len;
    }

    private void reserve(int n) {
        if (used + n > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, used + n));
        }
    }
}
