package io.sfsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class WideBenchTest {

    private static Measurement sync(String label, long rows, double seconds, long calls, long pages, String note) {
        return timed(label, rows, seconds, -1, calls, pages, note);
    }

    private static Measurement timed(String label, long rows, double seconds, double commit, long calls, long pages,
            String note) {
        return new Measurement(label, 100_000, rows, seconds, 1, 1, 100L << 20, 50L << 20, calls, calls, true, note,
                pages, commit);
    }

    @Test
    void shouldLeaveTheWideObjectOutOfADefaultRun() {
        assertThat(BenchOptions.parse(new String[] {"bench"}).wide()).isNull();
    }

    @Test
    void shouldRunTheWideObjectAloneWithEightHundredFieldsByDefault() {
        BenchOptions o = BenchOptions.parse(new String[] {"bench", "--wide-only"});
        assertThat(o.sizes()).isEmpty();
        assertThat(o.wide()).isEqualTo(new BenchOptions.Wide(800, 100_000, 300, List.of(10L, 100L, 400L, 1_000L,
                3_000L), true));
    }

    @Test
    void shouldAddTheWideObjectToTheSizesAndReadItsOptions() {
        BenchOptions o = BenchOptions.parse(new String[] {"bench", "--sizes", "10k", "--wide", "400", "--wide-rows",
            "20k", "--wide-rest-changes", "200", "--wide-changes", "1000,10"});
        assertThat(o.sizes()).containsExactly(10_000L);
        assertThat(o.wide()).isEqualTo(new BenchOptions.Wide(400, 20_000, 200, List.of(10L, 1_000L), false));
    }

    @Test
    void shouldRefuseWideOptionsOutsideTheOrgsLimits() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"bench", "--wide", "801"}))
                .hasMessage("--wide must be between 1 and 800, got 801");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"bench", "--wide-only", "--wide-rows", "100",
            "--wide-rest-changes", "300"})).hasMessageContaining("--wide-rest-changes must not exceed");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"bench", "--wide-only", "--wide-changes", ","}))
                .hasMessageContaining("--wide-changes needs at least one number");
    }

    @Test
    void shouldTellWhatAutoPickedAndWhetherItWasTheFasterStrategy() {
        ChunkVsBulk small = new ChunkVsBulk(10, timed("regular_api_incremental", 10, 5.5, 5, 2, 2, "10 updated"),
                timed("regular_api_incremental", 10, 5.4, 3.9, 7, 1, "10 updated (bulk_api_incremental)"),
                sync("regular_api_incremental", 10, 0.6, 2, 2, "10 updated"));
        assertThat(small.autoPick()).isEqualTo("chunk");
        assertThat(small.faster()).isEqualTo("chunk");
        assertThat(small.fewerCalls()).isEqualTo("chunk");
        assertThat(small.autoPickedFaster()).isTrue();
        assertThat(small.row()).isEqualTo("| 10 | 10 | 2 | 2 | 0.50 | 5.50 | 7 | 1 | 1.50 | 5.40 | chunk (0.60 s)"
                + " | chunk; chunk |");

        ChunkVsBulk large = new ChunkVsBulk(3_000, sync("regular_api_incremental", 3_000, 4, 30, 30, "ok"),
                sync("regular_api_incremental", 3_000, 5, 9, 3, "3000 updated (bulk_api_incremental)"),
                sync("regular_api_incremental", 3_000, 5.1, 9, 3, "3000 updated (bulk_api_incremental)"));
        assertThat(large.autoPick()).isEqualTo("bulk");
        assertThat(large.faster()).isEqualTo("chunk");
        assertThat(large.fewerCalls()).isEqualTo("bulk");
        assertThat(large.autoPickedFaster()).isFalse();
    }

    @Test
    void shouldReportMegabytesOfCsvPerSecondAndTheWideLimitRatio() {
        Measurement limit = new Measurement(Measurement.LIMIT, 100_000, 100_000, 50, 40, 30, -1, -1, 12, 12, true,
                "", 5, -1);
        Measurement full = sync("bulk_api_full", 100_000, 100, 110, 95, "100000 inserted, 0 updated");
        Targets t = new Targets(List.of(), 20_000, 256L << 20, List.of(limit, full));
        assertThat(full.megabytesPerSecond(31_000)).isEqualTo(31.0);
        assertThat(t.wideVsLimit(full)).isEqualTo(2.0);
        assertThat(MarkdownReport.wideRow(full, 31_000, t)).isEqualTo("| `bulk_api_full` | 100,000 | 100.00 | 1,000"
                + " | 31.0 | 2.00x | 110 / 110 | 95 | 100 | 50 | ok: 100000 inserted, 0 updated |");
        assertThat(t.wideHeapLine()).startsWith("**met** wide object: peak heap of every sync JVM");
    }

    @Test
    void shouldFlagAWideSyncOverTheHeapCap() {
        Measurement heavy = new Measurement("regular_api_full", 100_000, 100_000, 10, 1, 1, 300L << 20, 200L << 20,
                1, 1, true, "", 1, -1);
        assertThat(new Targets(List.of(), 20_000, 256L << 20, List.of(heavy)).wideHeapLine())
                .startsWith("**missed**").contains("over the cap: regular_api_full at 100,000");
    }

    @Test
    void shouldReplaceOnlyTheWideSectionOfAnExistingReport() {
        String section = MarkdownReport.WIDE_START + " (800 fields)\n\nnew\n" + MarkdownReport.WIDE_END + "\n";
        String fresh = "# Benchmarks\n\ntable\n\n## What is measured\n\nabout\n";
        String withSection = MarkdownReport.splice(fresh, section);
        assertThat(withSection).isEqualTo("# Benchmarks\n\ntable\n\n" + section + "\n## What is measured\n\nabout\n");

        String newer = section.replace("new", "newer");
        assertThat(MarkdownReport.splice(withSection, newer))
                .isEqualTo("# Benchmarks\n\ntable\n\n" + newer + "\n## What is measured\n\nabout\n");
        assertThat(MarkdownReport.existingWide(withSection)).isEqualTo(section.strip());
        assertThat(MarkdownReport.existingWide(fresh)).isNull();
    }

    @Test
    void shouldCountTheFasterSuccessfulRunOfAStrategy() {
        Measurement slow = sync("regular_api_incremental", 10, 3, 2, 2, "");
        Measurement quick = sync("regular_api_incremental", 10, 1, 2, 2, "");
        Measurement failed = Measurement.failed("regular_api_incremental", 100_000, "boom");
        assertThat(Benchmark.faster(null, slow)).isSameAs(slow);
        assertThat(Benchmark.faster(slow, quick)).isSameAs(quick);
        assertThat(Benchmark.faster(quick, slow)).isSameAs(quick);
        assertThat(Benchmark.faster(failed, slow)).isSameAs(slow);
        Measurement slowCommit = timed("regular_api_incremental", 10, 8, 7.5, 2, 2, "");
        Measurement slowRead = timed("regular_api_incremental", 10, 6, 5, 2, 2, "");
        assertThat(Benchmark.faster(slowRead, slowCommit)).as("read time decides, not the commit's noise")
                .isSameAs(slowCommit);
    }

    @Test
    void shouldFindTheCommitTimeInASyncsLog() {
        assertThat(Benchmark.commitSeconds(List.of("01:25:27.068 INFO SyncSteps - sync Account",
                "01:25:34.896 INFO DuckDbLoadSession - loaded Account into RAW.ACCOUNTS: 100 rows, 0 inserted, 100"
                        + " updated, 0 deleted; commit took 7.2 s", "BENCH-RESULT {}"))).isEqualTo(7.2);
        assertThat(Benchmark.commitSeconds(List.of("BENCH-RESULT {}"))).isEqualTo(-1);
    }
}
