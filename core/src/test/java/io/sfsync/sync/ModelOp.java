package io.sfsync.sync;

import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * One step of a model-based sequence: a change to the org, a sync, or time passing. Records are named by their row
 * number in the sequence's own object (row n is the n-th record created), so an op stays meaningful when the shrinker
 * removes others: rows that no longer exist, or are not in the state the op needs, are skipped. {@code toString} is
 * the Java expression that builds the op (the static factories below), so a printed sequence pastes into a test.
 */
sealed interface ModelOp {

    /** Applies the op to the run's org, or syncs and checks. */
    void apply(SequenceRun run) throws Exception;

    /** A smaller op of the same kind for the shrinker to try, or null. */
    default ModelOp smaller() {
        return null;
    }

    static List<Integer> rows(Integer... rows) {
        return List.of(rows);
    }

    static ModelOp create(int count, long seed) {
        return new Create(count, seed);
    }

    /** Sets the fields to the values (text, or null) on each of the rows. */
    static ModelOp update(List<Integer> rows, String... fieldsAndValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            values.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return new Update(rows, values);
    }

    static ModelOp touch(List<Integer> rows) {
        return new Touch(rows);
    }

    static ModelOp delete(List<Integer> rows) {
        return new Delete(rows);
    }

    static ModelOp undelete(List<Integer> rows) {
        return new Undelete(rows);
    }

    static ModelOp hardDelete(List<Integer> rows) {
        return new HardDelete(rows);
    }

    static ModelOp addField(String name, String type) {
        return new AddField(name, type);
    }

    static ModelOp sync(long bulkThreshold, long stageThreshold) {
        return new Sync(bulkThreshold, stageThreshold, false);
    }

    static ModelOp forceFullSync(long bulkThreshold, long stageThreshold) {
        return new Sync(bulkThreshold, stageThreshold, true);
    }

    static ModelOp advanceClock(long millis) {
        return new AdvanceClock(millis);
    }

    private static String rowList(List<Integer> rows) {
        return "rows(" + rows.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }

    private static List<Integer> firstHalf(List<Integer> rows) {
        return rows.size() < 2 ? null : List.copyOf(rows.subList(0, rows.size() / 2));
    }

    /** {@code count} new records; their values come from {@code seed} (a random subset of fields set). */
    record Create(int count, long seed) implements ModelOp {
        @Override
        public void apply(SequenceRun run) {
            Random r = new Random(seed);
            for (int i = 0; i < count; i++) {
                Map<FieldDef, Object> values = new LinkedHashMap<>();
                String name = "R" + run.nextRow() + " " + ModelValues.random(FieldType.STRING, r);
                values.put(run.def().field("Name"), name);
                for (FieldDef f : run.def().fields()) {
                    if (ModelValues.settable(f) && r.nextInt(4) != 0) {
                        values.put(f, ModelValues.toJava(f, ModelValues.random(f.type(), r)));
                    }
                }
                run.create(values);
            }
        }

        @Override
        public ModelOp smaller() {
            return count > 1 ? new Create(count / 2, seed) : null;
        }

        @Override
        public String toString() {
            return "create(" + count + ", " + seed + "L)";
        }
    }

    /** The same values set on each live record among the rows. */
    record Update(List<Integer> rows, Map<String, String> values) implements ModelOp {
        @Override
        public void apply(SequenceRun run) {
            for (int row : rows) {
                if (run.isLive(row)) {
                    Map<FieldDef, Object> v = new LinkedHashMap<>();
                    values.forEach((name, text) -> {
                        FieldDef f = run.def().field(name);
                        if (f != null) {
                            v.put(f, ModelValues.toJava(f, text));
                        }
                    });
                    run.org().update(run.id(row), v);
                }
            }
        }

        @Override
        public ModelOp smaller() {
            List<Integer> half = firstHalf(rows);
            if (half != null) {
                return new Update(half, values);
            }
            if (values.size() > 1) {
                var first = values.entrySet().iterator().next();
                return new Update(rows, Collections.singletonMap(first.getKey(), first.getValue()));
            }
            return null;
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("update(").append(rowList(rows));
            values.forEach((k, v) -> b.append(", ").append(ModelValues.literal(k)).append(", ")
                    .append(ModelValues.literal(v)));
            return b.append(')').toString();
        }
    }

    /** A system change to each existing record among the rows (only SystemModstamp moves). */
    record Touch(List<Integer> rows) implements ModelOp {
        @Override
        public void apply(SequenceRun run) {
            for (int row : rows) {
                if (run.exists(row)) {
                    run.org().touch(run.id(row));
                }
            }
        }

        @Override
        public ModelOp smaller() {
            List<Integer> half = firstHalf(rows);
            return half == null ? null : new Touch(half);
        }

        @Override
        public String toString() {
            return "touch(" + rowList(rows) + ")";
        }
    }

    /** Each live record among the rows to the recycle bin. */
    record Delete(List<Integer> rows) implements ModelOp {
        @Override
        public void apply(SequenceRun run) {
            for (int row : rows) {
                if (run.isLive(row)) {
                    run.org().delete(run.id(row));
                }
            }
        }

        @Override
        public ModelOp smaller() {
            List<Integer> half = firstHalf(rows);
            return half == null ? null : new Delete(half);
        }

        @Override
        public String toString() {
            return "delete(" + rowList(rows) + ")";
        }
    }

    /** Each record among the rows that is in the recycle bin back out of it. */
    record Undelete(List<Integer> rows) implements ModelOp {
        @Override
        public void apply(SequenceRun run) {
            for (int row : rows) {
                if (run.isInRecycleBin(row)) {
                    run.org().undelete(run.id(row));
                }
            }
        }

        @Override
        public ModelOp smaller() {
            List<Integer> half = firstHalf(rows);
            return half == null ? null : new Undelete(half);
        }

        @Override
        public String toString() {
            return "undelete(" + rowList(rows) + ")";
        }
    }

    /** Each existing record among the rows purged: gone, not even queryAll sees it. */
    record HardDelete(List<Integer> rows) implements ModelOp {
        @Override
        public void apply(SequenceRun run) {
            for (int row : rows) {
                if (run.exists(row)) {
                    run.hardDelete(row);
                }
            }
        }

        @Override
        public ModelOp smaller() {
            List<Integer> half = firstHalf(rows);
            return half == null ? null : new HardDelete(half);
        }

        @Override
        public String toString() {
            return "hardDelete(" + rowList(rows) + ")";
        }
    }

    /** A new custom field on the object (type as describe spells it: {@code double}). */
    record AddField(String name, String type) implements ModelOp {
        @Override
        public void apply(SequenceRun run) {
            if (run.def().field(name) == null) {
                run.org().defineField(run.type(), ModelValues.field(name, ModelValues.type(type)));
            }
        }

        @Override
        public String toString() {
            return "addField(" + ModelValues.literal(name) + ", " + ModelValues.literal(type) + ")";
        }
    }

    /** A sync with these thresholds (forced full or not), then the table checked against the org. */
    record Sync(long bulkThreshold, long stageThreshold, boolean forceFull) implements ModelOp {
        @Override
        public void apply(SequenceRun run) throws Exception {
            run.syncAndCheck(this);
        }

        @Override
        public String toString() {
            return (forceFull ? "forceFullSync(" : "sync(") + bulkThreshold + ", " + stageThreshold + ")";
        }
    }

    /** The org clock moves on. */
    record AdvanceClock(long millis) implements ModelOp {
        @Override
        public void apply(SequenceRun run) {
            run.org().clock().advance(Duration.ofMillis(millis));
        }

        @Override
        public String toString() {
            return "advanceClock(" + millis + ")";
        }
    }

    /** The ops of a sequence as Java source, one per line. */
    static String listing(List<ModelOp> ops) {
        List<String> lines = new ArrayList<>();
        for (ModelOp op : ops) {
            lines.add("        " + op);
        }
        return String.join(",\n", lines);
    }

    /** For tests: the ops given. */
    static List<ModelOp> ops(ModelOp... ops) {
        return Arrays.asList(ops);
    }
}
