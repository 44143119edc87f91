package io.sfsync.warehouse;

/**
 * What a committed load did.
 *
 * @param rowsLoaded CSV rows received in the batches (duplicates of a key included)
 * @param rowsInserted keys that were new to the target
 * @param rowsUpdated keys the target already had, whose rows were replaced ({@code rowsInserted + rowsUpdated} is
 *     the number of distinct keys loaded)
 */
public record LoadOutcome(long rowsLoaded, long rowsInserted, long rowsUpdated) {
}
