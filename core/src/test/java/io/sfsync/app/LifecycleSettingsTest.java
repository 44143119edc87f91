package io.sfsync.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.sync.LocalDisk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/** The retention and free-space settings: checked at start-up like every sfsync.* key, and their defaults. */
class LifecycleSettingsTest {

    @Test
    void shouldRefuseBadRetentionAndFreeSpaceSettingsAtStartUp() {
        Map<String, String> config = Map.of("sfsync.stage.retention-hours", "-1",
                "sfsync.stage.retention-max-mb", "lots", "sfsync.free-space.check", "maybe",
                "sfsync.free-space.margin-percent", "5000", "sfsync.stage.retention-hour", "3");
        List<String> unknown = new ArrayList<>();
        assertThat(StartupChecks.settingProblems(config, UnaryOperator.identity(), unknown))
                .containsExactlyInAnyOrder("sfsync.stage.retention-hours must be between 0 and 876,000, got -1",
                        "sfsync.stage.retention-max-mb takes a whole number, got 'lots'",
                        "sfsync.free-space.check takes true or false, got 'maybe'",
                        "sfsync.free-space.margin-percent must be between 0 and 1,000, got 5000");
        assertThat(unknown).containsExactly("sfsync.stage.retention-hour is not an sfsync setting (did you mean"
                + " sfsync.stage.retention-hours?)");
    }

    @Test
    void shouldDefaultToAWeekTwoGigabytesAndACheckWithTenPercentMargin() {
        assertThat(LocalDisk.Settings.defaults()).isEqualTo(new LocalDisk.Settings(Duration.ofHours(168),
                2048L * 1024 * 1024, true, 10));
        assertThat(LocalDisk.Settings.from(Map.of("sfsync.stage.retention-hours", "0", "sfsync.free-space.check",
                "false")::get)).isEqualTo(new LocalDisk.Settings(Duration.ZERO, 2048L * 1024 * 1024, false, 10));
    }
}
