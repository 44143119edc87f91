package io.sfsync.emulator.bulk;

/**
 * How the next Bulk job should misbehave, set through the admin API: end Failed with an {@code errorMessage} (or
 * Aborted, as when an administrator aborts it), or answer InProgress to the given number of state polls before it
 * goes on.
 *
 * @param failWith the job ends Failed (Aborted when {@code aborted}) with this errorMessage; null: it completes
 * @param stuckPolls polls answered InProgress before the job goes on
 * @param aborted the job ends Aborted instead of Failed
 */
public record BulkBehaviour(String failWith, int stuckPolls, boolean aborted) {

    /** Fails with {@code failWith} (when not null) after {@code stuckPolls} polls. */
    public BulkBehaviour(String failWith, int stuckPolls) {
        this(failWith, stuckPolls, false);
    }

    /** The job ends Aborted (by someone else) with this message. */
    public static BulkBehaviour abortedWith(String message) {
        return new BulkBehaviour(message, 0, true);
    }
}
