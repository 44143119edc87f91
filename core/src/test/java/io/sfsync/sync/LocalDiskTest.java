package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.warehouse.KeptFiles;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The free-space check against the real filesystem of a temporary folder (its free space is far below 1 EB). */
class LocalDiskTest {
    private static final SObjectSchema ACCOUNT = new SObjectSchema("Account", List.of(
            new SfField("Id", "id", 18, 0, 0, 0, false, null),
            new SfField("Name", "string", 255, 0, 0, 0, false, null),
            new SfField("Description", "textarea", 32_000, 0, 0, 0, true, null),
            new SfField("IsDeleted", "boolean", 0, 0, 0, 0, false, null),
            new SfField("SystemModstamp", "datetime", 0, 0, 0, 0, false, null)));
    private static final LocalDisk.Settings CHECK = new LocalDisk.Settings(Duration.ofDays(7), Long.MAX_VALUE, true,
            10);

    @TempDir
    Path dir;

    private LoadSpec spec(String runId) {
        return new LoadSpec(new TableRef("RAW", "ACCOUNTS"), ACCOUNT, "Id", "SystemModstamp", true, true,
                "@SALESFORCE_STAGE", runId);
    }

    @Test
    void shouldEstimateARowFromTheDescribeWithTextCappedLow() {
        // 1 + (1+18) + (1+16) + (1+16) + (1+5) + (1+24)
        assertThat(LocalDisk.rowBytes(ACCOUNT)).isEqualTo(85);
    }

    @Test
    void shouldRefuseARunWhoseEstimateClearlyDoesNotFitAndSayWhereAndHowMuch() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("w.duckdb"), dir.resolve("stage"), "C")) {
            LocalDisk disk = new LocalDisk(CHECK, warehouse);
            disk.beforeLoad(spec("r1"), ACCOUNT, 1_000, Set.of());
            assertThatThrownBy(() -> disk.beforeLoad(spec("r2"), ACCOUNT, 20_000_000_000_000L, Set.of()))
                    .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(
                            SyncError.NO_SPACE))
                    .hasMessageContaining("not enough free space: Account -> RAW.ACCOUNTS needs about")
                    .hasMessageContaining(" in " + dir.resolve("stage").resolve("SALESFORCE_STAGE")
                            .toAbsolutePath() + " (20,000,000,000,000 rows x ~85 bytes + 10%)")
                    .hasMessageContaining("sfsync.warehouse.stage-root");
            new LocalDisk(new LocalDisk.Settings(Duration.ofDays(7), Long.MAX_VALUE, false, 10), warehouse)
                    .beforeLoad(spec("r3"), ACCOUNT, 20_000_000_000_000L, Set.of());
        }
    }

    @Test
    void shouldRefuseARunWhenTheWidthMeasuredOnItsFirstPageDoesNotFitTheRowsToCome() throws Exception {
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("w.duckdb"), dir.resolve("stage"), "C")) {
            Path run = dir.resolve("stage/SALESFORCE_STAGE/Account/r1");
            Files.createDirectories(run);
            KeptFiles.mark(run, new TableRef("RAW", "ACCOUNTS"), warehouse.keptFileOwner());
            Files.write(run.resolve("Account_r1_000000.csv"), new byte[1_000_000]);
            LocalDisk disk = new LocalDisk(CHECK, warehouse);
            disk.afterFirstPage(spec("r1"), "r1", 100_000, 1_000);
            assertThatThrownBy(() -> disk.afterFirstPage(spec("r1"), "r1", 1_000_000_000_000L, 1_000))
                    .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.code()).isEqualTo(
                            SyncError.NO_SPACE))
                    .hasMessageContaining("(999,999,999,000 rows to come x 1,000 bytes measured on the first page"
                            + " + 10%)");
        }
    }
}
