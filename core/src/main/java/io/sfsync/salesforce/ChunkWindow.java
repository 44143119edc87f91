package io.sfsync.salesforce;

import io.sfsync.load.CsvBatch;
import io.sfsync.load.CsvEncoder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One Id range of a wide object read in field chunks, joined by Id into whole rows. Every chunk selects the same key
 * fields first: the Id, then the record's stamps ({@code SystemModstamp}, and the watermark field when it is another);
 * the range is consistent when every chunk holds the same Ids with the same stamps. A record changed, deleted,
 * undeleted, created or purged between two chunk reads breaks that, and the range must be read again. (Stamps have
 * whole seconds: two changes of one record within one second, with a chunk read between them, cannot be told apart
 * here. Such a record's stamp is no older than the run's watermark, so the next run reads it again.)
 */
public final class ChunkWindow {
    private final List<List<SfField>> chunks;
    private final List<String> header;
    /** For each column of the joined row: the chunk and the position in that chunk's rows it comes from. */
    private final int[] fromChunk;
    private final int[] fromColumn;
    private final List<List<String[]>> rows;
    /** Leading fields every chunk selects: Id and the stamps. */
    private final int keys;

    /**
     * @param chunks the fields of each chunk, each starting with the same {@code keys} fields
     * @param keys how many leading fields are keys: the Id, then the stamps
     * @param columns the joined row's fields, in the order the load expects (the object's extracted fields)
     */
    public ChunkWindow(List<List<SfField>> chunks, int keys, List<SfField> columns) {
        if (chunks.size() < 2) {
            throw new IllegalArgumentException("a chunk window needs two chunks or more, not " + chunks.size());
        }
        if (keys < 2) {
            throw new IllegalArgumentException("a chunk window needs the Id and at least one stamp");
        }
        this.keys = keys;
        this.chunks = List.copyOf(chunks);
        Map<String, int[]> where = new HashMap<>();
        for (int c = chunks.size() - 1; c >= 0; c--) {
            List<SfField> fields = chunks.get(c);
            for (int i = 0; i < fields.size(); i++) {
                where.put(fields.get(i).name(), new int[] {c, i});
            }
        }
        header = columns.stream().map(SfField::name).toList();
        fromChunk = new int[columns.size()];
        fromColumn = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            int[] w = where.get(columns.get(i).name());
            if (w == null) {
                throw new IllegalArgumentException("no chunk selects " + columns.get(i).name());
            }
            fromChunk[i] = w[0];
            fromColumn[i] = w[1];
        }
        rows = new ArrayList<>(chunks.size());
        for (int c = 0; c < chunks.size(); c++) {
            rows.add(new ArrayList<>());
        }
    }

    /** Chunks of the object. */
    public int chunkCount() {
        return chunks.size();
    }

    /** The fields chunk {@code c} selects. */
    public List<SfField> fields(int c) {
        return chunks.get(c);
    }

    /** Forgets the rows of chunk {@code c} and of every later chunk (a range read again from chunk {@code c}). */
    public void clearFrom(int c) {
        for (int i = c; i < rows.size(); i++) {
            rows.get(i).clear();
        }
    }

    /** Adds a page of chunk {@code c} (rows in that chunk's field order, ordered by Id). */
    public void add(int c, List<String[]> page) {
        rows.get(c).addAll(page);
    }

    /** Rows of the first chunk so far. */
    public int size() {
        return rows.get(0).size();
    }

    /** The smallest Id of the range (the first chunk's first row), or null when the range is empty. */
    public String firstId() {
        List<String[]> first = rows.get(0);
        return first.isEmpty() ? null : first.get(0)[0];
    }

    /** The largest Id of the range (the first chunk's last row), or null when the range is empty. */
    public String lastId() {
        List<String[]> first = rows.get(0);
        return first.isEmpty() ? null : first.get(first.size() - 1)[0];
    }

    /**
     * What breaks the range's consistency, or null when every chunk holds the same Ids with the same stamps. The
     * answer names the first Id that differs and how, never its values.
     */
    public String inconsistency() {
        List<String[]> first = rows.get(0);
        for (int c = 1; c < rows.size(); c++) {
            List<String[]> other = rows.get(c);
            int n = Math.min(first.size(), other.size());
            for (int i = 0; i < n; i++) {
                String[] a = first.get(i);
                String[] b = other.get(i);
                if (!a[0].equals(b[0])) {
                    String missing = a[0].compareTo(b[0]) < 0 ? a[0] : b[0];
                    return "record " + missing + " is in " + (missing.equals(a[0]) ? "chunk 1 but not in chunk "
                            + (c + 1) : "chunk " + (c + 1) + " but not in chunk 1");
                }
                for (int k = 1; k < keys; k++) {
                    if (!a[k].equals(b[k])) {
                        return "record " + a[0] + " changed between the reads of chunk 1 and chunk " + (c + 1);
                    }
                }
            }
            if (first.size() != other.size()) {
                String id = (first.size() > other.size() ? first.get(n) : other.get(n))[0];
                return "record " + id + " is in " + (first.size() > other.size() ? "chunk 1 but not in chunk "
                        + (c + 1) : "chunk " + (c + 1) + " but not in chunk 1");
            }
        }
        return null;
    }

    /** The joined rows as one CSV batch with the columns in load order; call only when consistent. */
    public CsvBatch toBatch(int sequence) {
        CsvEncoder out = new CsvEncoder();
        out.row(header);
        int n = rows.get(0).size();
        String[][] row = new String[chunks.size()][];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < row.length; c++) {
                row[c] = rows.get(c).get(r);
            }
            for (int i = 0; i < fromChunk.length; i++) {
                out.field(row[fromChunk[i]][fromColumn[i]]);
            }
            out.endRow();
        }
        return new CsvBatch(sequence, header, out.toByteArray(), n);
    }
}
