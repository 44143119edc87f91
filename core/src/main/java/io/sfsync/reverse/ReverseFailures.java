package io.sfsync.reverse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The failure rows of a reverse run, counted and written in batches as they come (a run refusing millions of rows
 * holds at most one batch of them); a dry run counts them and writes none.
 */
public final class ReverseFailures implements Consumer<ReverseFailure> {
    /** Failure rows written at once. */
    public static final int BATCH = 1_000;

    private final Consumer<List<ReverseFailure>> write;
    private final List<ReverseFailure> pending = new ArrayList<>();
    private long count;

    /** @param write appends a batch to the failures table; null for a dry run, which writes nothing */
    public ReverseFailures(Consumer<List<ReverseFailure>> write) {
        this.write = write;
    }

    @Override
    public void accept(ReverseFailure failure) {
        count++;
        if (write == null) {
            return;
        }
        pending.add(failure);
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    /** Each failure of the list. */
    public void addAll(List<ReverseFailure> failures) {
        failures.forEach(this);
    }

    /** Writes what is pending. */
    public void flush() {
        if (write == null || pending.isEmpty()) {
            return;
        }
        write.accept(List.copyOf(pending));
        // cleared once written: a failed write leaves them for the dead-letter route's last try
        pending.clear();
    }

    /** Failure rows so far, written or pending. */
    public long count() {
        return count;
    }

    /** Failure rows not written yet. */
    public int pending() {
        return pending.size();
    }
}
