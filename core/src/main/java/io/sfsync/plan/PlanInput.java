package io.sfsync.plan;

import java.time.Instant;

/**
 * What the planner knows before a run: the target table's state, the object's watermark, the estimated record count
 * and the configuration that bends the choice. Build with {@link #builder()}; the defaults describe a first sync with
 * the default thresholds and no stage.
 *
 * @param tableExists whether the target table exists
 * @param watermark the greatest watermark value in the target table, or null (empty table or no watermark column)
 * @param hasWatermarkField whether the object has a watermark field (SystemModstamp or LastModifiedDate); objects
 *         without one always sync in full
 * @param estimatedRecords the COUNT() of the records the run would extract, 0 or more
 * @param thresholds the record counts at which Bulk and stage take over
 * @param forceFullSync whether the configuration asks for a full reload
 * @param useStage whether the configuration allows stage loads ({@code use_stage})
 * @param stageAvailable whether the stage exists and can be written
 * @param stageName the stage's name ({@code @SALESFORCE_STAGE}), for the reason text; may be null
 * @param stageProblem why the stage is unavailable (for the reason text), or null
 */
public record PlanInput(boolean tableExists, Instant watermark, boolean hasWatermarkField, long estimatedRecords,
        Thresholds thresholds, boolean forceFullSync, boolean useStage, boolean stageAvailable, String stageName,
        String stageProblem) {

    public PlanInput {
        if (estimatedRecords < 0) {
            throw new IllegalArgumentException("estimatedRecords must be 0 or more, not " + estimatedRecords
                    + ": plan only after the COUNT() succeeded");
        }
        if (thresholds == null) {
            thresholds = Thresholds.defaults();
        }
    }

    /** Without a known stage problem (the reason then says the stage was not found or not writable). */
    public PlanInput(boolean tableExists, Instant watermark, boolean hasWatermarkField, long estimatedRecords,
            Thresholds thresholds, boolean forceFullSync, boolean useStage, boolean stageAvailable, String stageName) {
        this(tableExists, watermark, hasWatermarkField, estimatedRecords, thresholds, forceFullSync, useStage,
                stageAvailable, stageName, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy that other code can change one setting of (tests, overrides). */
    public Builder toBuilder() {
        return new Builder().tableExists(tableExists).watermark(watermark).hasWatermarkField(hasWatermarkField)
                .estimatedRecords(estimatedRecords).thresholds(thresholds).forceFullSync(forceFullSync)
                .useStage(useStage).stageAvailable(stageAvailable).stageName(stageName).stageProblem(stageProblem);
    }

    /** Builds a {@link PlanInput}; named setters keep its flags and numbers from being swapped. */
    public static final class Builder {
        private boolean tableExists;
        private Instant watermark;
        private boolean hasWatermarkField = true;
        private long estimatedRecords;
        private Thresholds thresholds = Thresholds.defaults();
        private boolean forceFullSync;
        private boolean useStage;
        private boolean stageAvailable;
        private String stageName;
        private String stageProblem;

        private Builder() {
        }

        public Builder tableExists(boolean value) {
            tableExists = value;
            return this;
        }

        public Builder watermark(Instant value) {
            watermark = value;
            return this;
        }

        public Builder hasWatermarkField(boolean value) {
            hasWatermarkField = value;
            return this;
        }

        public Builder estimatedRecords(long value) {
            estimatedRecords = value;
            return this;
        }

        public Builder thresholds(Thresholds value) {
            thresholds = value;
            return this;
        }

        public Builder forceFullSync(boolean value) {
            forceFullSync = value;
            return this;
        }

        public Builder useStage(boolean value) {
            useStage = value;
            return this;
        }

        public Builder stageAvailable(boolean value) {
            stageAvailable = value;
            return this;
        }

        public Builder stageName(String value) {
            stageName = value;
            return this;
        }

        public Builder stageProblem(String value) {
            stageProblem = value;
            return this;
        }

        public PlanInput build() {
            return new PlanInput(tableExists, watermark, hasWatermarkField, estimatedRecords, thresholds,
                    forceFullSync, useStage, stageAvailable, stageName, stageProblem);
        }
    }
}
