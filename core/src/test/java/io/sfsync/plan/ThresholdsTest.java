package io.sfsync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdsTest {

    @Test
    void shouldDefaultToTheGuidesThresholds() {
        assertThat(Thresholds.defaults()).isEqualTo(new Thresholds(1_000, 50_000));
    }

    @Test
    void shouldRefuseANegativeBulkThresholdNamingTheProperty() {
        assertThatThrownBy(() -> new Thresholds(-1, 50_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sfsync.bulk-api-threshold must be 0 or more, not -1");
    }

    @Test
    void shouldRefuseANegativeStageThresholdNamingTheProperty() {
        assertThatThrownBy(() -> new Thresholds(0, -5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sfsync.stage-threshold must be 0 or more, not -5");
    }

    @Test
    void shouldRefuseAStageThresholdBelowTheBulkThreshold() {
        assertThatThrownBy(() -> new Thresholds(5_000, 4_999)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sfsync.stage-threshold (4999) must not be below sfsync.bulk-api-threshold (5000)");
    }

    @Test
    void shouldAcceptEqualThresholds() {
        assertThat(new Thresholds(2_000, 2_000).stageThreshold()).isEqualTo(2_000);
    }

    @Test
    void shouldParsePropertyTextWithSeparatorsAndDefaults() {
        assertThat(Thresholds.parse("5_000", " 25,000 ")).isEqualTo(new Thresholds(5_000, 25_000));
        assertThat(Thresholds.parse(null, "")).isEqualTo(Thresholds.defaults());
    }

    @Test
    void shouldRefuseTextThatIsNotANumberNamingTheProperty() {
        assertThatThrownBy(() -> Thresholds.parse("1000", "lots")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sfsync.stage-threshold must be a whole number of records, not 'lots'");
    }
}
