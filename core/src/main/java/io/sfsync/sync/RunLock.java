package io.sfsync.sync;

import java.util.Optional;

/**
 * Keeps two runs of one target from overlapping: {@link InJvmRunLock} within one process (the default), or a lock all
 * nodes of a cluster share ({@code io.sfsync.cluster.PostgresRunLock}). A run takes it in {@code begin} and gives it
 * back when it ends, successful or not.
 */
public interface RunLock extends AutoCloseable {

    /**
     * Takes the lock of {@code target} for the run {@code runId} of {@code sobject}, without waiting.
     *
     * @return empty when the run holds it now; otherwise who holds it, in words ("run X of Account on node n1")
     */
    Optional<String> tryAcquire(String target, String runId, String sobject);

    /** Gives back the lock the run took; nothing happens when it holds none. */
    void release(String target, String runId);

    /**
     * Whether the run still holds the lock it took: a cluster lock lives in a database session, which a network
     * failure can end while the run goes on. A run checks it right before it commits.
     */
    default boolean held(String target, String runId) {
        return true;
    }

    /** The name of this node in the cluster, or null when the lock only spans this process. */
    default String node() {
        return null;
    }

    /** Gives back every lock this process holds. */
    @Override
    default void close() {
    }
}
