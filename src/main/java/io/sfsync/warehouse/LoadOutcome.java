package io.sfsync.warehouse;

import java.time.Instant;
import java.util.List;

/**
 * What a committed load did.
 *
 * @param rowsLoaded CSV rows received in the batches (duplicates of a key included)
 * @param rowsInserted keys that were new to the target
 * @param rowsUpdated keys the target already had, whose rows changed
 * @param rowsDeleted rows removed from the target (delete mode hard, or keys a full sync no longer found), or newly
 *     marked {@code IsDeleted} by the Id reconciliation (delete mode soft)
 * @param watermark where the target now stands (the state table's watermark), or null
 * @param schemaChanges columns added, widened, or kept after their field left Salesforce, in words
 */
public record LoadOutcome(long rowsLoaded, long rowsInserted, long rowsUpdated, long rowsDeleted, Instant watermark,
        List<String> schemaChanges) {

    public LoadOutcome {
        schemaChanges = schemaChanges == null ? List.of() : List.copyOf(schemaChanges);
    }

    /** An outcome without deletes, watermark or schema changes. */
    public LoadOutcome(long rowsLoaded, long rowsInserted, long rowsUpdated) {
        this(rowsLoaded, rowsInserted, rowsUpdated, 0, null, List.of());
    }
}
