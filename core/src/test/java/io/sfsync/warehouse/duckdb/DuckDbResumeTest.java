package io.sfsync.warehouse.duckdb;

import static io.sfsync.warehouse.TestBatches.batch;
import static io.sfsync.warehouse.TestBatches.page;
import static io.sfsync.warehouse.TestBatches.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.warehouse.LoadOutcome;
import io.sfsync.warehouse.LoadSession;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.ResumePoint;
import io.sfsync.warehouse.StageFiles;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.TestBatches;
import io.sfsync.warehouse.WarehouseError;
import io.sfsync.warehouse.WarehouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load that died after landing some pages is taken over by the next load of the same run id: the resume point is
 * kept in the control schema, the landed pages are adopted (a missing one is refused), the page in flight at the
 * death is written over, and the commit loads exactly the pages of the interrupted load and its own. A load suspended
 * (a graceful stop that keeps the run resumable) leaves its pages for the next load on the merge path too; an aborted
 * one does not.
 */
class DuckDbResumeTest {
    private static final String STAGE = "@SFSYNC_STAGE";
    private static final List<String> SIMPLE = List.of("Id", "Name", "Amount__c", "SystemModstamp");
    private static final TableRef TARGET = new TableRef("RAW", "ACCOUNTS");

    @TempDir
    Path dir;

    private DuckDbWarehouse warehouse;

    @BeforeEach
    void open() {
        warehouse = new DuckDbWarehouse(dir.resolve("db/sfsync.duckdb"), dir.resolve("stage"), "ops");
    }

    @AfterEach
    void close() {
        warehouse.close();
    }

    private static LoadSpec spec(boolean fullReplace, boolean viaStage) {
        return new LoadSpec(TARGET, TestBatches.simple("Account"), "Id", "SystemModstamp", fullReplace, viaStage,
                STAGE, "r1");
    }

    private static ResumePoint point(boolean viaStage, int pages, long rows) {
        return new ResumePoint(TARGET.toString(), "r1", "bulk_api_full", viaStage, STAGE, "750J1", "hash", "TE9D",
                pages, pages, rows, SIMPLE, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void shouldCommitTheInterruptedLoadsPagesWithItsOwnOnEveryPath() throws Exception {
        for (boolean viaStage : new boolean[] {false, true}) {
            for (boolean full : new boolean[] {true, false}) {
                LoadSession dead = warehouse.openLoad(spec(full, viaStage));
                try {
                    dead.addPage(page(batch(0, SIMPLE, row("A", "a", "1.00", "2024-01-01T00:00:00.000Z"),
                            row("B", "b", "1.00", "2024-01-01T00:00:00.000Z"))));
                    dead.addPage(page(batch(1, SIMPLE, row("C", "c", "1.00", "2024-01-01T00:00:00.000Z"))));
                    dead.recordResumePoint(point(viaStage, 2, 3));
                    // in flight when the run died: written, never recorded
                    dead.addPage(page(batch(2, SIMPLE, row("X", "in flight", "9.00", "2024-01-01T00:00:00.000Z"))));
                    assertThat(warehouse.resumePoint(TARGET)).contains(point(viaStage, 2, 3));

                    LoadOutcome outcome;
                    try (LoadSession resumed = warehouse.openLoad(spec(full, viaStage))) {
                        resumed.adopt(warehouse.resumePoint(TARGET).orElseThrow());
                        resumed.addPage(page(batch(2, SIMPLE, row("D", "d", "2.00", "2024-01-02T00:00:00.000Z"))));
                        outcome = resumed.commit("750J1");
                    }
                    assertThat(outcome.rowsLoaded()).as("full %s, stage %s", full, viaStage).isEqualTo(4);
                    assertThat(DuckDbQueries.values(warehouse, "SELECT \"Id\" FROM \"RAW\".\"ACCOUNTS\" ORDER BY"
                            + " \"Id\"")).containsExactly(List.of("A"), List.of("B"), List.of("C"), List.of("D"));
                    warehouse.clearResumePoint(TARGET);
                    assertThat(warehouse.resumePoint(TARGET)).isEmpty();
                } finally {
                    dead.close();
                }
            }
        }
        assertThat(DuckDbQueries.filesUnder(dir.resolve("stage"))).as("stage files removed after the commit")
                .isEmpty();
    }

    @Test
    void shouldRefuseToAdoptAPageThatIsMissingAndDiscardWhatIsLeft() throws Exception {
        LoadSession dead = warehouse.openLoad(spec(true, true));
        try {
            dead.addPage(page(batch(0, SIMPLE, row("A", "a", "1.00", "2024-01-01T00:00:00.000Z"))));
            dead.addPage(page(batch(1, SIMPLE, row("B", "b", "1.00", "2024-01-01T00:00:00.000Z"))));
            Path runFolder = warehouse.stageFolder(STAGE).resolve(StageFiles.runFolder("Account", "r1"));
            Files.delete(runFolder.resolve(StageFiles.fileName("Account", "r1", 1)));
            try (LoadSession resumed = warehouse.openLoad(spec(true, true))) {
                assertThatThrownBy(() -> resumed.adopt(point(true, 2, 2)))
                        .isInstanceOfSatisfying(WarehouseException.class,
                                e -> assertThat(e.code()).isEqualTo(WarehouseError.LOAD_FAILED))
                        .hasMessageContaining("page 1 of the interrupted run r1 is missing");
            }
            warehouse.discardPages(point(true, 2, 2), "Account");
            assertThat(runFolder).doesNotExist();
        } finally {
            dead.close();
        }
    }

    @Test
    void shouldKeepASuspendedLoadsPagesForTheNextLoadButNotAnAbortedOnes() throws Exception {
        for (boolean viaStage : new boolean[] {false, true}) {
            try (LoadSession stopped = warehouse.openLoad(spec(true, viaStage))) {
                stopped.addPage(page(batch(0, SIMPLE, row("A", "a", "1.00", "2024-01-01T00:00:00.000Z"))));
                stopped.recordResumePoint(point(viaStage, 1, 1));
                stopped.suspend();
            }
            LoadOutcome outcome;
            try (LoadSession resumed = warehouse.openLoad(spec(true, viaStage))) {
                resumed.adopt(warehouse.resumePoint(TARGET).orElseThrow());
                resumed.addPage(page(batch(1, SIMPLE, row("B", "b", "2.00", "2024-01-02T00:00:00.000Z"))));
                outcome = resumed.commit("750J1");
            }
            assertThat(outcome.rowsLoaded()).as("stage %s", viaStage).isEqualTo(2);
            warehouse.clearResumePoint(TARGET);
        }
        try (LoadSession failed = warehouse.openLoad(spec(true, false))) {
            failed.addPage(page(batch(0, SIMPLE, row("A", "a", "1.00", "2024-01-01T00:00:00.000Z"))));
            failed.abort();
        }
        try (LoadSession next = warehouse.openLoad(spec(true, false))) {
            assertThatThrownBy(() -> next.adopt(point(false, 1, 1))).as("an aborted merge-path load's pages are gone")
                    .hasMessageContaining("page 0 of the interrupted run r1 is missing");
        }
    }
}
