package io.sfsync.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.duckdb.DuckDbWarehouse;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The freshness rule of a scheduled object on a clock the test moves: grace after start, then N intervals. */
class ObjectFreshnessCheckTest {
    private static final Instant START = Instant.parse("2026-12-04T12:00:30Z");
    private static final ScheduledObject ACCOUNTS = new ScheduledObject("sync-account", "Account",
            new TableRef("RAW", "ACCOUNTS"), "0 0/15 * * * ?");

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {
        private Instant now = START;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldAllowTheGraceAfterStartThenThreeIntervalsAfterEachSuccess(@TempDir Path dir) throws Exception {
        MovableClock clock = new MovableClock();
        HealthSettings settings = HealthSettings.from(Map.of("sfsync.health.startup-grace-seconds", "3600")::get);
        try (DuckDbWarehouse warehouse = new DuckDbWarehouse(dir.resolve("fresh.duckdb"));
                DefaultCamelContext context = new DefaultCamelContext()) {
            TargetWatch watch = new TargetWatch(warehouse);
            ObjectFreshnessCheck check = new ObjectFreshnessCheck(ACCOUNTS, watch, settings, clock);
            check.setCamelContext(context);
            assertThat(check.getId()).isEqualTo("sfsync-object-sync-account");
            assertThat(check.isLiveness()).isFalse();
            assertThat(check.isReadiness()).isTrue();

            clock.advance(Duration.ofMinutes(59));
            assertThat(check.call().getState()).as("within the start-up grace").isEqualTo(HealthCheck.State.UP);
            clock.advance(Duration.ofMinutes(2));
            HealthCheck.Result never = check.call();
            assertThat(never.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(never.getMessage()).hasValueSatisfying(m -> assertThat(m)
                    .contains("no successful sync since the process started")
                    .contains("at least sfsync.health.startup-grace-seconds"));

            watch.succeeded("RAW.ACCOUNTS", clock.instant(), Instant.parse("2026-12-04T12:59:00Z"));
            assertThat(check.call().getState()).isEqualTo(HealthCheck.State.UP);
            clock.advance(Duration.ofMinutes(45));
            assertThat(check.call().getState()).as("3 x 15 min, exactly").isEqualTo(HealthCheck.State.UP);
            clock.advance(Duration.ofSeconds(1));
            HealthCheck.Result stale = check.call();
            assertThat(stale.getState()).isEqualTo(HealthCheck.State.DOWN);
            assertThat(stale.getMessage()).hasValueSatisfying(m -> assertThat(m)
                    .startsWith("Account -> RAW.ACCOUNTS: last successful sync 2026-12-04T13:01:30Z, 2701 s ago;")
                    .contains("allowed 2700 s (3 x the interval of cron '0 0/15 * * * ?')"));
        }
    }
}
