package io.sfsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void shouldDefaultToTheThreeSizesEveryMethodAndBothReferences() {
        BenchOptions o = BenchOptions.parse(new String[] {"bench"});
        assertThat(o.sizes()).containsExactly(10_000L, 100_000L, 1_000_000L);
        assertThat(o.cases()).isEqualTo(EnumSet.allOf(BenchCase.class));
        assertThat(o.limit()).isTrue();
        assertThat(o.naive()).isTrue();
        assertThat(o.syncHeapBytes()).isEqualTo(256L << 20);
        assertThat(o.recordPathCap()).isEqualTo(100_000L);
        assertThat(BenchOptions.parse(new String[] {"bench", "--record-path-cap", "0"}).recordPathCap()).isZero();
    }

    @Test
    void shouldReadSizesWithSuffixesSortedAndTheFiveMillionFlag() {
        BenchOptions o = BenchOptions.parse(new String[] {"bench", "--sizes", "1m,10k,100_000", "--with-5m"});
        assertThat(o.sizes()).containsExactly(10_000L, 100_000L, 1_000_000L, 5_000_000L);
    }

    @Test
    void shouldPickMethodGroups() {
        assertThat(BenchOptions.parse(new String[] {"bench", "--methods", "stage"}).cases())
                .containsExactlyInAnyOrder(BenchCase.BULK_API_STAGE_FULL, BenchCase.BULK_API_STAGE_INCREMENTAL);
        assertThat(BenchOptions.parse(new String[] {"bench", "--methods", "full"}).cases())
                .allMatch(BenchCase::full).hasSize(3);
    }

    @Test
    void shouldRefuseBadOptionsWithOneClearMessage() {
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"bench", "--sizes", "ten"}))
                .hasMessage("--sizes takes a number such as 100000 or 100k, got 'ten'");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"bench", "--methods", "none", "--no-limit",
            "--no-naive"})).hasMessage("nothing to measure: no method, and both references are off");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"bench", "--sync-heap", "lots"}))
                .hasMessageContaining("--sync-heap takes a JVM heap size");
        assertThatThrownBy(() -> BenchOptions.parse(new String[] {"bench", "--methods", "fastest"}))
                .hasMessageContaining("no sync method named 'fastest'");
    }

    @Test
    void shouldJudgeTargetsAgainstTheLimitMeasuredAtTheSameSize() {
        List<Measurement> runs = List.of(
                new Measurement(Measurement.LIMIT, 1_000_000, 1_000_000, 10, 10, 1, 1, 1, 21, 21, true, ""),
                new Measurement("bulk_api_stage_full", 1_000_000, 1_000_000, 14, 14, 1, 100L << 20, 50L << 20, 27,
                        27, true, ""));
        Targets t = new Targets(runs, 50_000, 256L << 20);
        assertThat(t.vsLimit(runs.get(1))).isEqualTo(1.4);
        assertThat(t.apiBudget(1_000_000)).isEqualTo(30);
        assertThat(t.apiBudget(1)).isEqualTo(11);
    }
}
