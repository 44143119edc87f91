package io.sfsync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SyncMethodTest {

    @ParameterizedTest
    @CsvSource({
        "regular_api_full,           true,  false, false",
        "bulk_api_full,              true,  true,  false",
        "bulk_api_stage_full,        true,  true,  true",
        "regular_api_incremental,    false, false, false",
        "bulk_api_incremental,       false, true,  false",
        "bulk_api_stage_incremental, false, true,  true",
    })
    void shouldDescribeEachMethod(String wire, boolean full, boolean bulk, boolean stage) {
        SyncMethod m = SyncMethod.fromWireName(wire);

        assertThat(m.wireName()).isEqualTo(wire);
        assertThat(m.isFull()).isEqualTo(full);
        assertThat(m.usesBulk()).isEqualTo(bulk);
        assertThat(m.usesStage()).isEqualTo(stage);
        assertThat(SyncMethod.of(full, bulk, stage)).isSameAs(m);
    }

    @ParameterizedTest
    @EnumSource(SyncMethod.class)
    void shouldRoundTripWireNames(SyncMethod m) {
        assertThat(SyncMethod.fromWireName(m.wireName())).isSameAs(m);
        assertThat(SyncMethod.fromWireName(" " + m.wireName().toUpperCase() + " ")).isSameAs(m);
        assertThat(m.toString()).isEqualTo(m.wireName());
    }

    @Test
    void shouldListTheValidNamesForAnUnknownOne() {
        assertThatThrownBy(() -> SyncMethod.fromWireName("bulk")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown sync method 'bulk'").hasMessageContaining("bulk_api_stage_incremental");
        assertThatThrownBy(() -> SyncMethod.fromWireName(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAStageWithoutBulk() {
        assertThatThrownBy(() -> SyncMethod.of(true, false, true)).isInstanceOf(IllegalArgumentException.class);
    }
}
