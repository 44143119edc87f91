package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Progress progress = new Progress("Account -> RAW.ACCOUNTS", now::get);

    @Test
    void shouldSayWhatTheRunDoesBeforeThePagesCome() {
        progress.estimated(1_000_000);
        progress.phase("waiting for Bulk job 750x (InProgress, 3 polls)");
        advance(4.2);

        assertThat(progress.line()).isEqualTo("Account -> RAW.ACCOUNTS: waiting for Bulk job 750x (InProgress, 3"
                + " polls) (4 s in)");
    }

    @Test
    void shouldCountPagesAndRowsAgainstTheEstimateWithRateAndTimeLeft() {
        progress.estimated(1_000_000);
        advance(2);
        progress.reading();
        advance(5);
        progress.page(50_000);
        advance(5);
        progress.page(50_000);
        progress.page(50_000);
        advance(1);

        assertThat(progress.line()).isEqualTo("Account -> RAW.ACCOUNTS: reading, page 3, 150,000 of 1,000,000 rows"
                + " (15%), 15,000 rows/s, about 57 s left to read (13 s in)");
        assertThat(progress.pages()).isEqualTo(3);
        assertThat(progress.rows()).isEqualTo(150_000);
        assertThat(progress.rowsPerSecond()).isCloseTo(150_000 / 13.0, org.assertj.core.data.Offset.offset(0.01));

        progress.committing();
        advance(200);
        assertThat(progress.line()).isEqualTo("Account -> RAW.ACCOUNTS: committing, page 3, 150,000 of 1,000,000"
                + " rows (15%), 15,000 rows/s (3 min 33 s in)");
    }

    @Test
    void shouldCopeWithAnUnknownEstimateAndPagesThatDoNotSayTheirRows() {
        progress.reading();
        progress.page(-1);
        advance(3700);

        assertThat(progress.line()).isEqualTo("Account -> RAW.ACCOUNTS: reading, page 1, 0 rows (1 h 01 min in)");
    }

    @Test
    void shouldLogEveryRunThatLastedAnIntervalAtEachTickAndStopWithIt() {
        List<String> lines = new ArrayList<>();
        ProgressReporter reporter = new ProgressReporter(Duration.ofSeconds(10), lines::add);
        AtomicInteger schedulers = new AtomicInteger();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            reporter.start("r1", progress, () -> {
                schedulers.incrementAndGet();
                return scheduler;
            });
            Progress young = new Progress("Contact -> RAW.CONTACTS", now::get);
            reporter.start("r2", young, () -> {
                schedulers.incrementAndGet();
                return scheduler;
            });
            advance(9);
            reporter.report();
            assertThat(lines).as("nothing before the first interval").isEmpty();

            advance(1);
            reporter.report();
            assertThat(lines).containsExactlyInAnyOrder("Account -> RAW.ACCOUNTS: planning (10 s in)",
                    "Contact -> RAW.CONTACTS: planning (10 s in)");

            reporter.stop("r1");
            reporter.stop("r2");
            reporter.report();
            assertThat(lines).hasSize(2);
            assertThat(schedulers).as("one scheduler for all runs").hasValue(1);
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void shouldNotScheduleAnythingWhenTurnedOff() {
        ProgressReporter off = new ProgressReporter(Duration.ZERO, line -> { });
        off.start("r1", progress, () -> {
            throw new AssertionError("no scheduler when progress is off");
        });
        off.report();
    }

    private void advance(double seconds) {
        now.addAndGet((long) (seconds * 1e9));
    }
}
