package io.sfsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The pipelined limit's CPU bound, the Id ranges, the scale options and their report, without running anything. */
class ScaleBenchTest {

    @Test
    void shouldSplitTheRecordNumbersBetweenTheFirstAndLastIdEvenly() {
        // record numbers 0 .. 3,999 of prefix 001Dm0: four ranges of 1,000
        List<String> bounds = RangesProbe.bounds("001Dm0000000000AAA", "001Dm000000012VAAA", 4);
        assertThat(bounds).hasSize(4).first().isEqualTo("001Dm0000000000");
        assertThat(bounds).isSorted();
        assertThat(bounds.get(1)).isEqualTo("001Dm0" + "0000000G8"); // 1,000 = 16 x 62 + 8
        assertThat(RangesProbe.bounds("001Dm0000000000AAA", "001Dm0000000000AAA", 1))
                .containsExactly("001Dm0000000000");
    }

    @Test
    void shouldDeriveTheCpuBoundFromTheLimitsAndTheOrgsCpu() {
        Measurement limit = new Measurement(Measurement.LIMIT, 1_000_000, 1_000_000, 20, 22, 18, 1, 1, 52, 54, true,
                "");
        Measurement bound = Measurement.cpuBound(limit, 2);
        assertThat(bound.seconds()).isEqualTo(20.0);
        assertThat(bound.isReference()).isTrue();
        assertThat(Measurement.cpuBound(new Measurement(Measurement.LIMIT, 1, 1, 1, -1, 1, 1, 1, 1, 1, true, ""), 2))
                .as("no CPU figure, no bound").isNull();
        Measurement sync = new Measurement("bulk_api_full", 1_000_000, 1_000_000, 23, 16, 15, 1, 1, 59, 59, true, "");
        Targets t = new Targets(List.of(limit, bound, sync), 20_000, 256L << 20);
        assertThat(t.vsCpuBound(sync)).isEqualTo(1.15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.lines().get(1)).startsWith("**met** `bulk_api_full` at N = 1,000,000 within 1.2x the"
                + " pipelined limit's time per row: 1.15x");
    }

    @Test
    void shouldRunTheProductionShapesByDefaultAndAloneWhenAsked() {
        BenchOptions all = BenchOptions.parse(new String[] {"bench"});
        assertThat(all.scale()).isNotNull();
        assertThat(all.scale().objects()).containsExactly("--objects", BenchOptions.DEFAULT_MANY);
        assertThat(all.scale().rangeJobs()).containsExactly(2, 4);
        BenchOptions only = BenchOptions.parse(new String[] {"bench", "--scale-only", "--realistic-rows", "200k",
            "--range-jobs", "8,2"});
        assertThat(only.sizes()).isEmpty();
        assertThat(only.scaleOnly()).isTrue();
        assertThat(only.scale().realisticRows()).isEqualTo(200_000);
        assertThat(only.scale().rangeJobs()).containsExactly(2, 8);
        assertThat(BenchOptions.parse(new String[] {"bench", "--no-scale"}).scale()).isNull();
    }

    @Test
    void shouldKeepOneJobUnlessTheSplitWinsOnTimeAndCalls() {
        Measurement one = new Measurement(ScaleCases.ONE_JOB, 1, 1_000_000, 60, 1, 1, 1, 1, 55, 55, true, "");
        Measurement four = new Measurement("pipelined limit, 4 Id-range jobs", 1, 1_000_000, 20, 1, 1, 1, 1, 66, 66,
                true, "");
        assertThat(ScaleReport.rangesVerdict(List.of(one, four))).contains("4 Id-range jobs").contains("0.33x")
                .contains("11 more API calls").contains("sfsync keeps one job per run");
        Measurement cheap = new Measurement("pipelined limit, 2 Id-range jobs", 1, 1_000_000, 30, 1, 1, 1, 1, 55, 55,
                true, "");
        assertThat(ScaleReport.rangesVerdict(List.of(one, cheap))).contains("it wins on both");
    }

    @Test
    void shouldReplaceOnlyTheProductionShapesSection() {
        String report = "# Benchmarks\n\nold table\n\n" + MarkdownReport.SCALE_START + "\nold shapes\n"
                + MarkdownReport.SCALE_END + "\n\n## What is measured\n\ntext\n";
        String updated = MarkdownReport.splice(report, MarkdownReport.SCALE_START, MarkdownReport.SCALE_END,
                MarkdownReport.SCALE_START + "\nnew shapes\n" + MarkdownReport.SCALE_END);
        assertThat(updated).contains("old table").contains("new shapes").doesNotContain("old shapes")
                .endsWith("## What is measured\n\ntext\n");
        assertThat(MarkdownReport.section(updated, MarkdownReport.SCALE_START, MarkdownReport.SCALE_END))
                .contains("new shapes");
    }

    @Test
    void shouldSplitASyncsTimeFromItsTimeline() {
        List<String> log = List.of(
                TimeSplit.STARTUP + "2.75",
                "11:01:24.805 [t] DEBUG Progress - Account -> RAW.ACCOUNTS +309 ms: waiting for a run slot",
                "11:01:24.806 [t] DEBUG Progress - Account -> RAW.ACCOUNTS +310 ms: bulk_api_full",
                "11:01:25.050 [t] DEBUG Progress - Account -> RAW.ACCOUNTS +555 ms: waiting for Bulk job 750Dm",
                "11:01:25.305 [t] DEBUG Progress - Account -> RAW.ACCOUNTS +809 ms: reading",
                "11:01:25.749 [t] DEBUG Progress - Account -> RAW.ACCOUNTS +1253 ms: page 1 read, 317 rows",
                "11:01:33.482 [t] DEBUG Progress - Account -> RAW.ACCOUNTS +8987 ms: page 6 read, 3343 rows",
                "11:01:33.540 [t] DEBUG Progress - Account -> RAW.ACCOUNTS +9044 ms: committing");
        TimeSplit t = TimeSplit.parse(log, 11.6);
        assertThat(t.startup()).isEqualTo(2.75);
        assertThat(t.plan()).isEqualTo(0.31);
        assertThat(t.jobWait()).isEqualTo(0.499, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.download()).isEqualTo(8.178, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.afterLastPage()).isEqualTo(2.613, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(TimeSplit.parse(List.of("no timeline"), 1)).isNull();
    }

    @Test
    void shouldCountTheMissedTargetsOfEverySectionAndNothingElse() {
        String report = String.join("\n", "### Targets", "- **met** `bulk_api_full` within 1.2x: 1.04x",
                "- **missed** `bulk_api_stage_full` within 1.2x: 1.31x", "| a | **missed** in a table |",
                "A sentence that says **missed** in passing.", "## Many objects",
                "- **missed** the 30 objects together at least 1.6x faster: 1.2x");
        assertThat(MarkdownReport.missedTargets(report)).isEqualTo(2);
        assertThat(MarkdownReport.missedTargets("- **met** everything")).isZero();
    }
}
