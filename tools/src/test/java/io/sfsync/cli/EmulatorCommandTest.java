package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.emulator.BenchObject;
import io.sfsync.emulator.Concurrency;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.Pacing;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The emulator command's pacing, limit and bench-object options. */
class EmulatorCommandTest {
    private static EmulatorConfig config(String... options) {
        String[] args = new String[options.length + 1];
        args[0] = "emulator";
        System.arraycopy(options, 0, args, 1, options.length);
        return EmulatorCommand.config(args);
    }

    @Test
    void shouldStayFastWithTheDocumentedLimitsByDefault() {
        EmulatorConfig c = config();
        assertThat(c.pacing()).isEqualTo(Pacing.FAST);
        assertThat(c.concurrency()).isEqualTo(new Concurrency(25, Duration.ofSeconds(20), 10));
        assertThat(c.benchObjects()).isEmpty();
    }

    @Test
    void shouldPaceRealisticallyWithIndividualOverrides() {
        assertThat(config("--pace", "realistic").pacing()).isEqualTo(Pacing.REALISTIC);
        Pacing p = config("--pace", "realistic", "--latency-ms", "80", "--bulk-rows-per-second", "25000",
                "--bandwidth-mbps", "2.5", "--bulk-queue-ms", "1000").pacing();
        assertThat(p).isEqualTo(new Pacing(Duration.ofMillis(80), Duration.ofSeconds(1), Duration.ofMillis(150),
                25_000, 2_500_000));
        assertThat(config("--latency-ms", "40").pacing()).isEqualTo(Pacing.FAST.withLatency(Duration.ofMillis(40)));
        assertThat(config("--bulk-delay", "400").pacing()).isEqualTo(Pacing.FAST.withBulkTiming(Duration.ofMillis(100),
                Duration.ofMillis(300)));
    }

    @Test
    void shouldReadTheLimitsAndTheBenchObjectsWithTheSeed() {
        EmulatorConfig c = config("--long-requests", "3", "--long-request-seconds", "5", "--cursors-per-user", "0",
                "--objects", "30:100-2000000", "--objects", "Invoice_Line__c=500", "--seed", "7");
        assertThat(c.concurrency()).isEqualTo(new Concurrency(3, Duration.ofSeconds(5), 0));
        assertThat(c.benchObjects()).hasSize(31).startsWith(BenchObject.spread(30, 100, 2_000_000, 7)
                .toArray(BenchObject[]::new)).endsWith(new BenchObject("Invoice_Line__c", 500));
    }

    @Test
    void shouldRefuseWrongValues() {
        assertThatThrownBy(() -> config("--pace", "warp")).isInstanceOf(UsageException.class)
                .hasMessageContaining("fast or realistic");
        assertThatThrownBy(() -> config("--bandwidth-mbps", "-1")).hasMessageContaining("megabytes a second");
        assertThatThrownBy(() -> config("--objects", "lots")).hasMessageContaining("COUNT:MIN-MAX");
        assertThatThrownBy(() -> config("--latency-ms", "x")).hasMessageContaining("takes a number");
    }
}
