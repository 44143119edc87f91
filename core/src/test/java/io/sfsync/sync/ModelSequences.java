package io.sfsync.sync;

import io.sfsync.api.DeleteMode;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Random sequences for the model-based test, generated against a small model of the org (which rows are live, in
 * the recycle bin or purged; which fields exist; the second each record was last stamped), so that most ops find
 * records to work on and the thresholds of each sync sit around the number of records it will read.
 */
final class ModelSequences {

    /** A sequence: the delete mode and Id reconciliation of every sync in it, and its ops. */
    record Sequence(DeleteMode deleteMode, boolean reconcileIds, List<ModelOp> ops) {
        Sequence {
            ops = List.copyOf(ops);
        }

        Sequence withOps(List<ModelOp> next) {
            return new Sequence(deleteMode, reconcileIds, next);
        }

        @Override
        public String toString() {
            return "sequence(DeleteMode." + deleteMode + ", " + reconcileIds + ",\n" + ModelOp.listing(ops) + ")";
        }
    }

    /** A sequence written out (the form a failure prints). */
    static Sequence sequence(DeleteMode deleteMode, boolean reconcileIds, ModelOp... ops) {
        return new Sequence(deleteMode, reconcileIds, List.of(ops));
    }

    /**
     * What may be generated (each sequence picks its delete mode and reconciliation from the lists), and the overlap
     * window sfsync runs with ({@code sfsync.overlap-seconds}: incremental runs read from the watermark minus it), for
     * the estimates behind the thresholds.
     */
    record Options(boolean hardDeletes, List<DeleteMode> deleteModes, List<Boolean> reconcileIds,
            long overlapSeconds) {
    }

    private enum Kind { CREATE, UPDATE, TOUCH, DELETE, UNDELETE, HARD_DELETE, ADD_FIELD, SYNC, FORCE_FULL, CLOCK }

    private static final int MAX_ADDED_FIELDS = 4;

    private final Random r;
    private final Options options;
    private final TreeSet<Integer> live = new TreeSet<>();
    private final TreeSet<Integer> bin = new TreeSet<>();
    /** Second (since the sequence started) of each record's SystemModstamp, purged records left out. */
    private final Map<Integer, Long> stamps = new HashMap<>();
    private final List<String> fields = new ArrayList<>();
    private final List<String> fieldTypes = new ArrayList<>();
    private int nextRow;
    private int added;
    private boolean synced;
    private long clockMillis;
    private long watermark;

    private ModelSequences(Random r, Options options) {
        this.r = r;
        this.options = options;
        for (FieldDef f : ModelValues.initialFields()) {
            fields.add(f.name());
            fieldTypes.add(f.type().apiName());
        }
    }

    /** One random sequence of 2 to 14 ops that ends with a sync. */
    static Sequence generate(Random r, Options options) {
        return new ModelSequences(r, options).sequence();
    }

    private Sequence sequence() {
        DeleteMode mode = options.deleteModes().get(r.nextInt(options.deleteModes().size()));
        boolean reconcile = options.reconcileIds().get(r.nextInt(options.reconcileIds().size()));
        int length = 2 + r.nextInt(13);
        List<ModelOp> ops = new ArrayList<>();
        ops.add(r.nextInt(10) == 0 ? sync(false) : create());
        while (ops.size() < length - 1) {
            ModelOp op = next();
            if (op != null) {
                ops.add(op);
            }
        }
        ops.add(sync(r.nextInt(8) == 0));
        return new Sequence(mode, reconcile, ops);
    }

    private ModelOp next() {
        Kind k = pick();
        return switch (k) {
            case CREATE -> create();
            case UPDATE -> live.isEmpty() ? null : update();
            case TOUCH -> live.isEmpty() && bin.isEmpty() ? null : touch();
            case DELETE -> live.isEmpty() ? null : delete();
            case UNDELETE -> bin.isEmpty() ? null : undelete();
            case HARD_DELETE -> !options.hardDeletes() || live.isEmpty() && bin.isEmpty() ? null : hardDelete();
            case ADD_FIELD -> added >= MAX_ADDED_FIELDS ? null : addField();
            case SYNC -> sync(false);
            case FORCE_FULL -> sync(true);
            case CLOCK -> clock();
        };
    }

    private Kind pick() {
        int[] weights = {10, 16, 4, 9, 6, 4, 4, 16, 3, 16};
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = r.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return Kind.values()[i];
            }
        }
        throw new IllegalStateException();
    }

    /** Mostly a few, sometimes hundreds, now and then a couple of thousand. */
    private int size() {
        int x = r.nextInt(10);
        return x < 6 ? 1 + r.nextInt(30) : x < 9 ? 30 + r.nextInt(300) : 300 + r.nextInt(1700);
    }

    private ModelOp create() {
        int n = size();
        for (int i = 0; i < n; i++) {
            live.add(nextRow);
            stamp(List.of(nextRow));
            nextRow++;
        }
        return ModelOp.create(n, r.nextInt(1_000_000));
    }

    private List<Integer> choose(TreeSet<Integer> from) {
        List<Integer> all = new ArrayList<>(from);
        int x = r.nextInt(20);
        int k = Math.min(all.size(), x < 14 ? 1 + r.nextInt(3) : x < 19 ? 1 + r.nextInt(30) : 1 + r.nextInt(200));
        java.util.Collections.shuffle(all, r);
        return List.copyOf(new TreeSet<>(all.subList(0, k)));
    }

    private ModelOp update() {
        List<Integer> rows = choose(live);
        stamp(rows);
        List<String> fv = new ArrayList<>();
        int n = 1 + r.nextInt(Math.min(4, fields.size()));
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int f = r.nextInt(fields.size());
            if (used.add(f)) {
                fv.add(fields.get(f));
                fv.add(r.nextInt(7) == 0 ? null : ModelValues.random(ModelValues.type(fieldTypes.get(f)), r));
            }
        }
        return ModelOp.update(rows, fv.toArray(String[]::new));
    }

    private ModelOp touch() {
        TreeSet<Integer> existing = new TreeSet<>(live);
        existing.addAll(bin);
        List<Integer> rows = choose(existing);
        stamp(rows);
        return ModelOp.touch(rows);
    }

    private ModelOp delete() {
        List<Integer> rows = choose(live);
        live.removeAll(rows);
        bin.addAll(rows);
        stamp(rows);
        return ModelOp.delete(rows);
    }

    private ModelOp undelete() {
        List<Integer> rows = choose(bin);
        bin.removeAll(rows);
        live.addAll(rows);
        stamp(rows);
        return ModelOp.undelete(rows);
    }

    private ModelOp hardDelete() {
        TreeSet<Integer> existing = new TreeSet<>(live);
        existing.addAll(bin);
        List<Integer> rows = choose(existing);
        live.removeAll(rows);
        bin.removeAll(rows);
        rows.forEach(stamps::remove);
        return ModelOp.hardDelete(rows);
    }

    private ModelOp addField() {
        FieldType type = ModelValues.ADDABLE.get(r.nextInt(ModelValues.ADDABLE.size()));
        String name = "Added_" + (++added) + "__c";
        fields.add(name);
        fieldTypes.add(type.apiName());
        return ModelOp.addField(name, type.apiName());
    }

    private void stamp(List<Integer> rows) {
        for (int row : rows) {
            stamps.put(row, clockMillis / 1000);
        }
    }

    /**
     * Thresholds around what the sync will read: all records for a full sync, the records stamped at or after the
     * watermark minus the overlap for an incremental one; then one of REST, Bulk and Bulk with the stage, at random.
     */
    private ModelOp sync(boolean force) {
        long estimate = force || !synced ? stamps.size()
                : stamps.values().stream().filter(s -> s >= watermark - options.overlapSeconds()).count();
        watermark = Math.max(watermark, stamps.values().stream().mapToLong(Long::longValue).max().orElse(0));
        long bulk;
        long stage;
        switch (r.nextInt(3)) {
            case 0 -> {
                bulk = estimate + 1 + r.nextInt((int) estimate + 1);
                stage = bulk + r.nextInt((int) estimate + 10);
            }
            case 1 -> {
                bulk = r.nextInt((int) estimate + 1);
                stage = estimate + 1 + r.nextInt((int) estimate + 1);
            }
            default -> {
                bulk = r.nextInt((int) estimate + 1);
                stage = bulk + r.nextInt((int) (estimate - bulk) + 1);
            }
        }
        synced = true;
        return force ? ModelOp.forceFullSync(bulk, stage) : ModelOp.sync(bulk, stage);
    }

    private ModelOp clock() {
        int x = r.nextInt(20);
        long ms = x < 8 ? r.nextInt(1000) : x < 16 ? 1000 + r.nextInt(2000) : x < 19 ? 3000 + r.nextInt(117_000)
                : 300_000 + r.nextInt(600_000);
        clockMillis += ms;
        return ModelOp.advanceClock(ms);
    }
}
