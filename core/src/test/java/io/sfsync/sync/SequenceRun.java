package io.sfsync.sync;

import io.sfsync.api.DeleteMode;
import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Ids;
import io.sfsync.emulator.model.ObjectTable;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One run of a model-based sequence: its own custom object in the org (defined fresh, dropped at the end) and its
 * own target table, the ops applied in order, and after every sync the table compared with the org (the oracle).
 */
final class SequenceRun implements AutoCloseable {
    static final String SCHEMA = "MODEL";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int PROBLEMS_SHOWN = 5;

    /** A check that failed; {@code kind} tells failures apart for the shrinker. */
    static final class ModelFailure extends AssertionError {
        private static final long serialVersionUID = 1L;
        final String kind;

        ModelFailure(String kind, String message) {
            super(kind + ": " + message);
            this.kind = kind;
        }
    }

    /** What a run shares with the others: the org, sfsync, the warehouse, and the methods counted so far. */
    record Env(SalesforceEmulator emulator, IntelligentSync sync, Warehouse warehouse,
            Map<String, Integer> methods) {
    }

    private final Env env;
    private final String type;
    private final String keyPrefix;
    private final String table;
    private final DeleteMode mode;
    private final boolean reconcile;
    private final Set<String> purged = new TreeSet<>();
    private Map<String, Map<String, String>> last;
    private Set<String> lastColumns;
    private int syncs;

    SequenceRun(Env env, int number, DeleteMode mode, boolean reconcile) {
        this.env = env;
        this.type = "Model_" + number + "__c";
        this.keyPrefix = "m" + ALPHABET.charAt(number / 62 % 62) + ALPHABET.charAt(number % 62);
        this.table = "MODEL_" + number;
        this.mode = mode;
        this.reconcile = reconcile;
        org().defineType(DemoSchema.customObject(type, keyPrefix, ModelValues.initialFields()));
        // Whole seconds from here: where stamps fall relative to second boundaries depends only on the ops.
        org().clock().set(org().clock().now().plusSeconds(1));
    }

    Org org() {
        return env.emulator().org();
    }

    String type() {
        return type;
    }

    SObjectDef def() {
        return org().find(type);
    }

    private ObjectTable records() {
        return org().table(type);
    }

    String id(int row) {
        return Ids.of(keyPrefix, row);
    }

    /** The row number the next created record gets. */
    int nextRow() {
        return records().rowLimit();
    }

    boolean exists(int row) {
        return records().exists(row);
    }

    boolean isLive(int row) {
        return exists(row) && !records().isDeleted(row);
    }

    boolean isInRecycleBin(int row) {
        return exists(row) && records().isDeleted(row);
    }

    void create(Map<FieldDef, Object> values) {
        org().create(type, values);
    }

    void hardDelete(int row) {
        org().hardDelete(id(row));
        purged.add(id(row));
    }

    /** Syncs with the op's thresholds and this run's delete mode, then checks the table against the org. */
    void syncAndCheck(ModelOp.Sync op) throws Exception {
        syncs++;
        SyncResult result = env.sync().sync(SyncRequest.of(type).withTarget(SCHEMA, table)
                .withThresholds(op.bulkThreshold(), op.stageThreshold()).withForceFullSync(op.forceFull())
                .withDeleteMode(mode).withReconcileIds(reconcile));
        Map<String, Map<String, String>> org = OrgTables.org(env.emulator(), type);
        boolean full = result.syncMethod() != null && result.syncMethod().endsWith("_full");
        // Documented: a reconciliation that reads no Id at all while the table has rows is refused, not trusted.
        boolean refusal = reconcile && !full && org.isEmpty() && last != null && !last.isEmpty();
        if (!result.success()) {
            if (!refusal || result.error() == null || !result.error().contains("read no Id at all")) {
                throw new ModelFailure("sync failed", result.error() + "\n  " + result.logLine());
            }
            if (!read().equals(last) || !columns().equals(lastColumns)) {
                throw new ModelFailure("refused run changed the table", "after sync " + syncs + ": "
                        + result.logLine());
            }
            return;
        }
        if (refusal) {
            throw new ModelFailure("reconciliation not refused", "after sync " + syncs + ": " + type + " has no"
                    + " record left while " + table + " had " + last.size() + " rows; the Id reconciliation should"
                    + " refuse to delete them all, yet the run succeeded: " + result.logLine());
        }
        env.methods().merge(result.syncMethod(), 1, Integer::sum);
        Map<String, Map<String, String>> now = read();
        Set<String> columns = columns();
        List<String> fields = extracted(def());
        if (!columns.equals(new TreeSet<>(fields))) {
            throw new ModelFailure("columns differ", table + " has " + columns + ", " + type + " has " + fields);
        }
        List<String> problems = new ArrayList<>();
        compare(org, now, fields, full, problems);
        if (problems.isEmpty()) {
            checkCounts(result, now, columns, full, problems);
        }
        if (!problems.isEmpty()) {
            String kind = problems.get(0).substring(0, problems.get(0).indexOf(':'));
            throw new ModelFailure(kind, "after sync " + syncs + " (" + result.syncMethod() + ", " + mode
                    + (reconcile ? ", reconcileIds" : "") + "), " + problems.size() + " problem(s):\n  "
                    + String.join("\n  ", problems.subList(0, Math.min(PROBLEMS_SHOWN, problems.size())))
                    + "\n  result: " + result.logLine());
        }
        last = now;
        lastColumns = columns;
    }

    private Map<String, Map<String, String>> read() throws Exception {
        try {
            return OrgTables.table(env.warehouse(), SCHEMA, table);
        } catch (AssertionError e) {
            throw new ModelFailure("duplicate Id", e.getMessage());
        }
    }

    private Set<String> columns() {
        return new TreeSet<>(env.warehouse().columns(new TableRef(SCHEMA, table)));
    }

    private static List<String> extracted(SObjectDef def) {
        List<String> out = new ArrayList<>();
        for (FieldDef f : def.fields()) {
            if (!f.type().isCompound() && f.type() != FieldType.BASE64) {
                out.add(f.name());
            }
        }
        return out;
    }

    /**
     * The oracle. Every record the org has is a row equal to it, except that delete mode HARD keeps no row of a
     * record in the recycle bin. A record purged from the org (hard delete) leaves no row when the table never had
     * one; when it had: with Id reconciliation, mode SOFT keeps the row as it was with {@code IsDeleted = true} and
     * mode HARD removes it; without, the row may stay as it was (stale) or go. The reconciliation runs with
     * incremental syncs; a full sync replaces the table, so after one the purged record's row may be gone in any mode.
     */
    private void compare(Map<String, Map<String, String>> org, Map<String, Map<String, String>> now,
            List<String> fields, boolean full, List<String> problems) {
        for (var e : org.entrySet()) {
            String id = e.getKey();
            Map<String, String> row = now.get(id);
            boolean inBin = "true".equals(e.getValue().get("IsDeleted"));
            if (mode == DeleteMode.HARD && inBin) {
                if (row != null) {
                    problems.add("row of a deleted record: " + id + " is in the recycle bin, and delete mode HARD"
                            + " keeps no row of it, but the table has " + brief(row));
                }
            } else if (row == null) {
                problems.add("missing row: " + id + " " + brief(e.getValue()));
            } else if (!row.equals(e.getValue())) {
                problems.add("values differ: " + id + " " + diff(e.getValue(), row));
            }
        }
        for (var e : now.entrySet()) {
            String id = e.getKey();
            if (org.containsKey(id)) {
                continue;
            }
            Map<String, String> before = last == null ? null : extend(last.get(id), fields);
            if (!purged.contains(id)) {
                problems.add("row not in the org: " + id + " " + brief(e.getValue()));
            } else if (before == null) {
                problems.add("row of a purged record: " + id + " was hard-deleted before any sync saw it, but the"
                        + " table has " + brief(e.getValue()));
            } else if (reconcile && mode == DeleteMode.HARD) {
                problems.add("row of a purged record: " + id + " was hard-deleted; delete mode HARD with Id"
                        + " reconciliation keeps no row of it, but the table has " + brief(e.getValue()));
            } else if (reconcile) {
                Map<String, String> expected = new LinkedHashMap<>(before);
                expected.put("IsDeleted", "true");
                if (!e.getValue().equals(expected)) {
                    problems.add("purged row not marked deleted: " + id + " was hard-deleted; Id reconciliation"
                            + " keeps its row as last seen with IsDeleted = true: " + diff(expected, e.getValue()));
                }
            } else if (!e.getValue().equals(before)) {
                problems.add("stale row changed: " + id + " was hard-deleted, so nothing can change its row: "
                        + diff(before, e.getValue()));
            }
        }
        if (reconcile && mode == DeleteMode.SOFT && !full && last != null) {
            for (String id : purged) {
                if (last.containsKey(id) && !now.containsKey(id)) {
                    problems.add("purged row gone: " + id + " was hard-deleted; Id reconciliation in delete mode"
                            + " SOFT keeps its row with IsDeleted = true, but the row is gone");
                }
            }
        }
    }

    /**
     * Inserted rows are the Ids new to the table; updated rows the Ids it had whose values changed (only counted
     * when the columns stayed the same: a full sync after a schema change counts every row it kept); deleted rows
     * those no longer in the table plus, in delete mode SOFT, those the Id reconciliation marked deleted;
     * {@code actual_records} their sum. Every column added to an existing table is reported once.
     */
    private void checkCounts(SyncResult result, Map<String, Map<String, String>> now, Set<String> columns,
            boolean full, List<String> problems) {
        Map<String, Map<String, String>> before = last == null ? Map.of() : last;
        List<String> fields = new ArrayList<>(columns);
        boolean marking = reconcile && mode == DeleteMode.SOFT && !full;
        long inserted = now.keySet().stream().filter(id -> !before.containsKey(id)).count();
        long deleted = before.keySet().stream().filter(id -> !now.containsKey(id)).count();
        long updated = 0;
        for (var e : now.entrySet()) {
            Map<String, String> was = before.get(e.getKey());
            if (was != null && !e.getValue().equals(extend(was, fields))) {
                if (marking && purged.contains(e.getKey())) {
                    deleted++;
                } else {
                    updated++;
                }
            }
        }
        if (result.rowsInserted() != inserted) {
            problems.add("rows_inserted wrong: " + result.rowsInserted() + ", but " + inserted
                    + " Ids are new to the table");
        }
        if ((last == null || columns.equals(lastColumns)) && result.rowsUpdated() != updated) {
            problems.add("rows_updated wrong: " + result.rowsUpdated() + ", but " + updated
                    + " rows the table had changed");
        }
        if (result.rowsDeleted() != deleted) {
            problems.add("rows_deleted wrong: " + result.rowsDeleted() + ", but " + deleted + " rows left the table"
                    + (marking ? " or were marked deleted by the Id reconciliation" : ""));
        }
        if (result.actualRecords() != result.rowsInserted() + result.rowsUpdated() + result.rowsDeleted()) {
            problems.add("actual_records wrong: " + result.actualRecords() + " is not rows_inserted + rows_updated"
                    + " + rows_deleted");
        }
        if (last != null) {
            List<String> added = new ArrayList<>();
            for (String c : result.schemaChanges()) {
                if (c.startsWith("added column ")) {
                    added.add(c.substring("added column ".length()).split(" ")[0]);
                }
            }
            List<String> expected = columns.stream().filter(c -> !lastColumns.contains(c)).toList();
            if (!new TreeSet<>(added).equals(new TreeSet<>(expected)) || added.size() != expected.size()) {
                problems.add("schema_changes wrong: columns " + expected + " were added, the result reports "
                        + result.schemaChanges());
            }
        }
    }

    /** A row as it was, with null in columns added since. */
    private static Map<String, String> extend(Map<String, String> row, List<String> fields) {
        if (row == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>(row);
        for (String f : fields) {
            out.putIfAbsent(f, null);
        }
        return out;
    }

    /** The delete flag and the stamp of a row: enough to tell rows apart in a message. */
    private static String brief(Map<String, String> row) {
        return "{IsDeleted=" + row.get("IsDeleted") + ", SystemModstamp=" + row.get("SystemModstamp") + "}";
    }

    private static String diff(Map<String, String> expected, Map<String, String> actual) {
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            String x = expected.get(k);
            String y = actual.get(k);
            if (!Objects.equals(x, y) || expected.containsKey(k) != actual.containsKey(k)) {
                b.append(b.length() == 0 ? "" : ", ").append(k).append(": expected ").append(ModelValues.literal(x))
                        .append(", table ").append(ModelValues.literal(y));
            }
        }
        return b.toString();
    }

    /** Drops the object and the table. */
    @Override
    public void close() throws Exception {
        if (org().table(type) != null) {
            org().dropType(type);
        }
        try (Connection c = env.warehouse().connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS \"" + SCHEMA + "\".\"" + table + "\"");
        }
    }
}
