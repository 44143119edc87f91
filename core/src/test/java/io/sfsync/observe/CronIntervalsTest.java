package io.sfsync.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CronIntervalsTest {
    private static final Instant FRIDAY_NOON = ZonedDateTime.of(2026, 12, 4, 12, 0, 0, 0, ZoneId.systemDefault())
            .toInstant();

    @Test
    void shouldMeasureAQuarterHourScheduleAsFifteenMinutes() {
        assertThat(CronIntervals.interval("0 5/15 * * * ?", FRIDAY_NOON)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldMeasureAnEverySecondScheduleAsOneSecond() {
        assertThat(CronIntervals.interval("0/1 * * * * ?", FRIDAY_NOON)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldCountTheWeekendOfAWeekdaySchedule() {
        assertThat(CronIntervals.interval("0 0 9 ? * MON-FRI", FRIDAY_NOON)).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void shouldRefuseWhatIsNotACronExpression() {
        assertThatThrownBy(() -> CronIntervals.interval("every quarter hour", FRIDAY_NOON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Quartz cron expression");
    }

    @Test
    void shouldTakeAScheduledObjectFromItsTemplateParametersWithTheTemplatesDefaults() {
        assertThat(ScheduledObject.of("sync-account", Map.of("sobject", "Account", "cron", "{{cron}}"), "RAW",
                v -> v.equals("{{cron}}") ? "0 0/5 * * * ?" : v)).hasValueSatisfying(o -> {
                    assertThat(o.routeId()).isEqualTo("sync-account");
                    assertThat(o.target().toString()).isEqualTo("RAW.Account");
                    assertThat(o.cron()).isEqualTo("0 0/5 * * * ?");
                });
        assertThat(ScheduledObject.of("x", Map.of("sobject", "Contact", "cron", "0 0 * * * ?", "schema", "CRM",
                "table", "CONTACTS"), "RAW", v -> v)).get().extracting(o -> o.target().toString())
                .isEqualTo("CRM.CONTACTS");
        assertThat(ScheduledObject.of("other-template", Map.of("name", "x"), "RAW", v -> v)).isEmpty();
    }

    @Test
    void shouldReadTheHealthSettingsWithProductionDefaults() {
        HealthSettings defaults = HealthSettings.from(k -> null);
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.loginCheck()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.warehouseCheck()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxAgeIntervals()).isEqualTo(3);
        assertThat(defaults.startupGrace()).isEqualTo(Duration.ofHours(1));
        assertThat(HealthSettings.from(Map.of("sfsync.health.login-check-seconds", "0.5")::get).loginCheck())
                .isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> HealthSettings.from(Map.of("sfsync.health.max-age-intervals", "lots")::get))
                .hasMessageContaining("sfsync.health.max-age-intervals must be a number");
    }
}
