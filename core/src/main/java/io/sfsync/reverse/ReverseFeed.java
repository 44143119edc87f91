package io.sfsync.reverse;

import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The rows a reverse sync sends, one at a time: pulled from the warehouse cursor as they are needed, converted
 * ({@link ReverseRows#convert}), the refused ones handed on as they come. Only the rows read ahead to choose the path
 * ({@link #readAhead}) are held, so memory does not grow with the source.
 */
public final class ReverseFeed {
    private final ReverseRows rows;
    private final Supplier<Object[]> source;
    private final Consumer<ReverseFailure> refused;
    private final ArrayDeque<String[]> ahead = new ArrayDeque<>();
    private long read;
    private boolean ended;

    /**
     * @param rows the conversion
     * @param source the next raw row of the source, null at its end
     * @param refused where rows that cannot be sent go
     */
    public ReverseFeed(ReverseRows rows, Supplier<Object[]> source, Consumer<ReverseFailure> refused) {
        this.rows = rows;
        this.source = source;
        this.refused = refused;
    }

    /**
     * Reads rows to send ahead until {@code limit} are held or the source ends, and says how many are held: fewer
     * than {@code limit} means these are all there are.
     */
    public long readAhead(long limit) {
        while (ahead.size() < limit && pull()) {
            // pull() adds to ahead
        }
        return ahead.size();
    }

    /** Whether a row to send is left (reads on, past refused rows, to know). */
    public boolean hasNext() {
        return !ahead.isEmpty() || pull();
    }

    /** The next row to send. */
    public String[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows to send");
        }
        return ahead.poll();
    }

    /** Rows read from the source so far, refused ones included. */
    public long rowsRead() {
        return read;
    }

    /** The rows' conversion. */
    public ReverseRows rows() {
        return rows;
    }

    private boolean pull() {
        while (!ended) {
            Object[] raw = source.get();
            if (raw == null) {
                ended = true;
                return false;
            }
            read++;
            String[] text = rows.convert(raw, refused);
            if (text != null) {
                ahead.add(text);
                return true;
            }
        }
        return false;
    }
}
