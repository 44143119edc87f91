package io.sfsync.warehouse;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Deterministic, self-describing names for stage files: {@code <sobject>/<runId>/<sobject>_<runId>_<sequence>.csv}
 * with a 6-digit, zero-padded sequence, e.g. {@code Account/r42/Account_r42_000003.csv}. A load names its own files
 * one by one, so a rerun (a new run id) can never load another run's files.
 */
public final class StageFiles {
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private StageFiles() {
    }

    /** The folder of one run inside the stage: {@code <sobject>/<runId>}. */
    public static String runFolder(String sobject, String runId) {
        return Identifiers.require(sobject, "sObject") + "/" + requireRunId(runId);
    }

    /** The file name of one batch: {@code <sobject>_<runId>_<sequence 6 digits>.csv}. */
    public static String fileName(String sobject, String runId, int sequence) {
        if (sequence < 0) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC,
                    "batch sequence " + sequence + " is negative; batches are numbered from 0");
        }
        return Identifiers.require(sobject, "sObject") + "_" + requireRunId(runId) + "_"
                + String.format(Locale.ROOT, "%06d", sequence) + ".csv";
    }

    /** The path of one batch relative to the stage root: {@code <sobject>/<runId>/<file name>}. */
    public static String path(String sobject, String runId, int sequence) {
        return runFolder(sobject, runId) + "/" + fileName(sobject, runId, sequence);
    }

    /**
     * The stage's name without the leading {@code @}: {@code @SFSYNC_STAGE} becomes {@code SFSYNC_STAGE}. Each dotted
     * part must be an identifier, so the name can be used as a folder without escaping the stage root.
     */
    public static String stageName(String stageName) {
        if (stageName == null || stageName.isBlank()) {
            throw new WarehouseException(WarehouseError.INVALID_IDENTIFIER,
                    "no stage name given: configure one such as @SFSYNC_STAGE");
        }
        String name = stageName.startsWith("@") ? stageName.substring(1) : stageName;
        for (String part : name.split("\\.", -1)) {
            Identifiers.require(part, "stage");
        }
        return name;
    }

    /** Returns the run id when it can name files and tables ({@code [A-Za-z0-9_-]{1,64}}), else throws. */
    public static String requireRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new WarehouseException(WarehouseError.INVALID_SPEC, "run id '" + runId + "' cannot name stage files:"
                    + " use 1 to 64 letters, digits, '-' or '_' (a UUID qualifies)");
        }
        return runId;
    }
}
