package io.sfsync.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.snowflakeemulator.RunBill;

import java.util.Map;
import java.util.TreeMap;

/**
 * One run's Snowflake bill as the Snowflake section's JVM prints it, one line of JSON after {@value #PREFIX}: the
 * size and method, whether it ran, the rows it moved and its wall time, and what QUERY_HISTORY and COPY_HISTORY say
 * it sent ({@link RunBill}).
 *
 * @param size Accounts in the org
 * @param method the sync method (SyncResult's name)
 * @param success whether the run succeeded with that method and its bill was read
 * @param note why it failed, or empty
 * @param rows rows the run moved
 * @param seconds wall time of the run
 * @param statements statements sfsync's user ran in the run
 * @param byType statements by QUERY_TYPE
 * @param copies COPY statements
 * @param copiesNeeded one per table loaded per 1,000 files
 * @param merges MERGE statements
 * @param putFiles files PUT
 * @param bytesStaged bytes PUT (before the driver compresses them)
 * @param copyFiles files the COPYs loaded
 * @param copyBytes their staged (compressed) bytes
 * @param warehouseSeconds elapsed seconds of the statements that ran on the warehouse
 * @param billedSeconds warehouse seconds billed if the warehouse resumes once for the run (60 s at least)
 */
record SnowflakeBillRow(long size, String method, boolean success, String note, long rows, double seconds,
        long statements, Map<String, Long> byType, long copies, long copiesNeeded, long merges, long putFiles,
        long bytesStaged, long copyFiles, long copyBytes, double warehouseSeconds, long billedSeconds) {

    static final String PREFIX = "SNOWFLAKE-BILL ";
    private static final ObjectMapper JSON = new ObjectMapper();

    static SnowflakeBillRow of(long size, String method, long rows, double seconds, RunBill b) {
        return new SnowflakeBillRow(size, method, true, "", rows, seconds, b.statements(), new TreeMap<>(b.byType()),
                b.copies(), b.copiesNeeded(), b.merges(), b.putFiles(), b.bytesStaged(), b.copyFiles(),
                b.copyBytes(), b.warehouseSeconds(), b.billedSeconds());
    }

    static SnowflakeBillRow failed(long size, String method, String note) {
        return new SnowflakeBillRow(size, method, false, note, 0, 0, 0, Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Whether the run kept to one COPY per table per 1,000 files. */
    boolean copiesWithinTarget() {
        return copies <= copiesNeeded;
    }

    String line() {
        try {
            return PREFIX + JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The row on {@code line}, or null when the line is not one. */
    static SnowflakeBillRow parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        try {
            return JSON.readValue(line.substring(PREFIX.length()), SnowflakeBillRow.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
