package io.sfsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.snowflakeemulator.RunBill;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Snowflake section of the bench: its options, the lines its JVM prints, its report section and its target. */
class SnowflakeBenchTest {
    private static final MachineInfo MACHINE = new MachineInfo(2, 8L << 30, "17", "Linux", "0.5", "2026-12-05");

    private static SnowflakeBillRow row(String method, long size, long copies, long files) {
        RunBill bill = new RunBill(30, Map.of("COPY", copies, "MERGE", 1L, "PUT_FILES", files), copies, 1, files,
                5_000_000, files, 1_000_000, 2_500, Map.of("\"RAW\".\"ACCOUNTS__stg_r1\"", files));
        return SnowflakeBillRow.of(size, method, size / 10, 3.25, bill);
    }

    @Test
    void shouldReadItsOptionsBesideTheBenchsOwn() {
        SnowflakeBench.Options full = SnowflakeBench.Options.parse(new String[] {"bench", "--sizes", "10k"});
        assertThat(full.enabled()).as("part of a full run").isTrue();
        assertThat(full.sizes()).containsExactly(10_000L, 100_000L);
        assertThat(SnowflakeBench.Options.parse(new String[] {"bench", "--no-snowflake"}).enabled()).isFalse();
        assertThat(SnowflakeBench.Options.parse(new String[] {"bench", "--scale-only"}).enabled())
                .as("another section alone").isFalse();
        assertThat(SnowflakeBench.Options.parse(new String[] {"bench", "--wide-only"}).enabled()).isFalse();

        String[] args = {"bench", "--snowflake-only", "--snowflake-sizes", "100k,10k", "--snowflake-with-1m"};
        SnowflakeBench.Options only = SnowflakeBench.Options.parse(args);
        assertThat(only.enabled()).isTrue();
        assertThat(only.only()).isTrue();
        assertThat(only.sizes()).containsExactly(10_000L, 100_000L, 1_000_000L);
        assertThat(BenchOptions.parse(args).sizes()).as("the bench's own options are unaffected")
                .containsExactly(10_000L, 100_000L, 1_000_000L);
        assertThat(SnowflakeBench.Options.parse(new String[] {"bench", "--snowflake"}).only()).isFalse();
        assertThatThrownBy(() -> SnowflakeBench.Options.parse(new String[] {"bench", "--snowflake-sizes", "x"}))
                .isInstanceOf(BenchUsageException.class);
        assertThat(BenchOptions.USAGE).contains("--snowflake-only");
    }

    @Test
    void shouldReadBackTheLinesItsJvmPrintsAndIgnoreTheRestOfTheLog() {
        SnowflakeBillRow r = row("bulk_api_stage_full", 100_000, 1, 5);
        String log = "10:00:01 INFO something\n" + r.line() + "\nnot json\n" + SnowflakeBillRow.PREFIX + "{broken\n"
                + SnowflakeBillRow.failed(100_000, "bulk_api_full", "failed: boom").line() + "\n";

        List<SnowflakeBillRow> rows = SnowflakeReport.rows(log);

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).isEqualTo(r);
        assertThat(rows.get(0).billedSeconds()).isEqualTo(60);
        assertThat(rows.get(0).warehouseSeconds()).isEqualTo(2.5);
        assertThat(rows.get(0).copiesNeeded()).isEqualTo(1);
        assertThat(rows.get(1).success()).isFalse();
        assertThat(rows.get(1).note()).isEqualTo("failed: boom");
    }

    @Test
    void shouldWriteATablePerMethodAndTheCopyTarget() {
        SnowflakeBench.Result result = new SnowflakeBench.Result(List.of(row("bulk_api_full", 10_000, 1, 1),
                row("bulk_api_full", 100_000, 1, 5), row("regular_api_full", 10_000, 1, 2)), null, null);

        String section = SnowflakeReport.section(result, "java -jar target/sfsync.jar bench --snowflake-only", MACHINE);

        assertThat(section).startsWith(SnowflakeReport.START).endsWith(SnowflakeReport.END + "\n")
                .contains("### `bulk_api_full`").contains("### `regular_api_full`")
                .contains("| 100,000 | 10,000 | 3.25 | 30 | 1 (1) | 1 | 5 | 5.0 | 5 | 2.50 | 60 | COPY 1, MERGE 1,"
                        + " PUT_FILES 5 |")
                .contains("**met** on Snowflake at most one COPY per run per 1,000 files");
        assertThat(Targets.snowflakeCopies(List.of(row("bulk_api_full", 10_000, 3, 5))))
                .startsWith("**missed**").contains("bulk_api_full at 10,000: 3 COPYs for 5 files");
        assertThat(Targets.snowflakeCopies(List.of())).startsWith("**not measured**");
        assertThat(SnowflakeReport.section(new SnowflakeBench.Result(List.of(), "no namespace", null), "bench",
                MACHINE)).contains("Not measured in the last run: no namespace");
    }

    @Test
    void shouldSkipWithOneLineWhereNoLoopbackOnlyNamespaceCanBeMade(@TempDir Path dir) throws Exception {
        BenchOptions options = BenchOptions.parse(new String[] {"bench", "--work", dir.toString()});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        SnowflakeBench.Result r = SnowflakeBench.run(options, SnowflakeBench.Options.parse(new String[] {"bench",
            "--snowflake-only"}), new PrintStream(bytes, true, StandardCharsets.UTF_8), "no-such-unshare-here");

        assertThat(r.skipped()).contains("loopback-only network namespace");
        assertThat(r.rows()).isEmpty();
        assertThat(r.complete()).isFalse();
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).singleElement().asString()
                .startsWith("Snowflake's bill: skipped: no loopback-only network namespace");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void shouldReplaceOnlyItsOwnSectionOfTheReport() {
        String report = "# Benchmarks\n\ntable\n\n## What is measured\n\nabout\n";
        String first = SnowflakeReport.splice(report, SnowflakeReport.START + "\n\nold\n" + SnowflakeReport.END + "\n");
        assertThat(first).contains("table\n\n" + SnowflakeReport.START).contains(SnowflakeReport.END
                + "\n\n## What is measured");

        String second = SnowflakeReport.splice(first, SnowflakeReport.START + "\n\nnew\n" + SnowflakeReport.END);

        assertThat(second).contains("new").doesNotContain("old").startsWith("# Benchmarks\n\ntable\n\n")
                .endsWith("## What is measured\n\nabout\n");
        assertThat(SnowflakeReport.existing(second)).isEqualTo(SnowflakeReport.START + "\n\nnew\n"
                + SnowflakeReport.END);
        assertThat(SnowflakeReport.existing(report)).isNull();
    }
}
