package io.sfsync.emulator.bulk;

/**
 * How the next Bulk job should misbehave, set through the admin API: end Failed with an {@code errorMessage}, or
 * answer InProgress to the given number of state polls before it goes on.
 */
public record BulkBehaviour(String failWith, int stuckPolls) {
}
