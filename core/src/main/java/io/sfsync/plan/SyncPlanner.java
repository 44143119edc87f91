package io.sfsync.plan;

import java.util.Locale;

/**
 * The decision matrix: full or incremental from the target's state, then REST, Bulk API 2.0 or Bulk plus a stage from
 * the estimated record count and the thresholds. A pure function, so every row of the matrix is a unit test.
 */
public final class SyncPlanner {

    private SyncPlanner() {
    }

    /** The method for this run, with the reason it was chosen. */
    public static Decision decide(PlanInput in) {
        StringBuilder reason = new StringBuilder(120);
        boolean full = scope(in, reason);
        long n = in.estimatedRecords();
        Thresholds t = in.thresholds();
        reason.append(" of ").append(count(n)).append(n == 1 ? " record" : " records");
        if (n < t.bulkApiThreshold()) {
            reason.append(" < bulk API threshold ").append(count(t.bulkApiThreshold()));
            return new Decision(SyncMethod.of(full, false, false), full, reason.toString());
        }
        if (n < t.stageThreshold()) {
            reason.append(" >= bulk API threshold ").append(count(t.bulkApiThreshold()))
                    .append(" and < stage threshold ").append(count(t.stageThreshold()));
            return new Decision(SyncMethod.of(full, true, false), full, reason.toString());
        }
        reason.append(" >= stage threshold ").append(count(t.stageThreshold()));
        if (!in.useStage()) {
            reason.append(", but use_stage is off, so Bulk API without stage");
            return new Decision(SyncMethod.of(full, true, false), full, reason.toString());
        }
        if (!in.stageAvailable()) {
            reason.append(", but ").append(stage(in.stageName())).append(" unavailable: ")
                    .append(blank(in.stageProblem()) ? "not found or not writable" : in.stageProblem().trim())
                    .append(", so Bulk API without stage");
            return new Decision(SyncMethod.of(full, true, false), full, reason.toString());
        }
        return new Decision(SyncMethod.of(full, true, true), full, reason.toString());
    }

    /** Appends why the run is full or incremental; the first rule that asks for a full sync wins. */
    private static boolean scope(PlanInput in, StringBuilder reason) {
        if (!in.tableExists()) {
            reason.append("first sync");
            return true;
        }
        if (in.forceFullSync()) {
            reason.append("forced full sync");
            return true;
        }
        if (!in.hasWatermarkField()) {
            reason.append("full sync (object has no SystemModstamp or LastModifiedDate)");
            return true;
        }
        if (in.watermark() == null) {
            reason.append("full sync (target table has no watermark)");
            return true;
        }
        reason.append("incremental sync since ").append(in.watermark());
        return false;
    }

    private static String stage(String name) {
        if (blank(name)) {
            return "stage";
        }
        String n = name.trim();
        return "stage " + (n.startsWith("@") ? n : "@" + n);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
