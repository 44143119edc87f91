package io.sfsync.sync;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The run lock of a single process: a map of the targets whose runs are in progress in this JVM. */
public final class InJvmRunLock implements RunLock {
    private final Map<String, Holder> running = new ConcurrentHashMap<>();

    private record Holder(String runId, String sobject) {
    }

    @Override
    public Optional<String> tryAcquire(String target, String runId, String sobject) {
        Holder other = running.putIfAbsent(target, new Holder(runId, sobject));
        return other == null ? Optional.empty() : Optional.of("run " + other.runId() + " of " + other.sobject());
    }

    @Override
    public void release(String target, String runId) {
        running.computeIfPresent(target, (k, holder) -> holder.runId().equals(runId) ? null : holder);
    }

    /** Whether a run of the target holds the lock in this process now. */
    public boolean isHeld(String target) {
        return running.containsKey(target);
    }
}
