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
 * @param notes what else the load did that a user should know, in words (e.g. a transaction a killed earlier run left
 *     open, aborted)
 */
public record LoadOutcome(long rowsLoaded, long rowsInserted, long rowsUpdated, long rowsDeleted, Instant watermark,
        List<String> schemaChanges, List<String> notes) {

    public LoadOutcome {
        schemaChanges = schemaChanges == null ? List.of() : List.copyOf(schemaChanges);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** An outcome without notes. */
    public LoadOutcome(long rowsLoaded, long rowsInserted, long rowsUpdated, long rowsDeleted, Instant watermark,
            List<String> schemaChanges) {
        this(rowsLoaded, rowsInserted, rowsUpdated, rowsDeleted, watermark, schemaChanges, List.of());
    }

    /** This outcome with {@code more} notes (what the load did besides the rows, e.g. a transaction it aborted). */
    public LoadOutcome withNotes(List<String> more) {
        List<String> all = new java.util.ArrayList<>(notes);
        all.addAll(more);
        return new LoadOutcome(rowsLoaded, rowsInserted, rowsUpdated, rowsDeleted, watermark, schemaChanges, all);
    }

    /** An outcome without deletes, watermark or schema changes. */
    public LoadOutcome(long rowsLoaded, long rowsInserted, long rowsUpdated) {
        this(rowsLoaded, rowsInserted, rowsUpdated, 0, null, List.of());
    }
}
