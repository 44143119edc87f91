package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ReverseSettingsTest {
    @Test
    void shouldTakeRestBelowTheThresholdAndBulkFromIt() {
        ReverseSettings s = ReverseSettings.from(Map.of("sfsync.reverse.bulk-threshold", "2000")::get);
        assertThat(s.path(1_999)).isEqualTo(ReversePath.REST);
        assertThat(s.path(2_000)).isEqualTo(ReversePath.BULK);
        assertThat(s.path(0)).isEqualTo(ReversePath.REST);
    }

    @Test
    void shouldKeepWithinSalesforceLimits() {
        assertThatThrownBy(() -> ReverseSettings.from(Map.of("sfsync.reverse.batch-size", "201")::get))
                .hasMessageContaining("sfsync.reverse.batch-size must be 1 to 200");
        assertThatThrownBy(() -> ReverseSettings.from(Map.of("sfsync.reverse.bulk.upload-bytes", "150000000")::get))
                .hasMessageContaining("at most 100 MB of CSV per ingest job");
        assertThat(ReverseSettings.defaults().uploadBytes()).isEqualTo(25_000_000L);
        assertThat(ReverseSettings.defaults().batchSize()).isEqualTo(200);
    }

    @Test
    void shouldRefuseARequestWithBothOrNeitherSource() {
        assertThatThrownBy(() -> new ReverseRequest("Account", "A.B", "SELECT 1", "Id", null, false))
                .hasMessageContaining("exactly one of them");
        assertThatThrownBy(() -> new ReverseRequest("Account", null, null, "Id", null, false))
                .hasMessageContaining("exactly one of them");
        assertThat(ReverseOperation.keyedOn("id")).isEqualTo(ReverseOperation.UPDATE);
        assertThat(ReverseOperation.keyedOn("Ext__c")).isEqualTo(ReverseOperation.UPSERT);
    }

    @Test
    void shouldNameTheFailuresTableAfterTheSourceOrTheSObject() {
        assertThat(ReverseWarehouse.failuresTable(new ReverseRequest("Account", "ANALYTICS.SCORES", null, "Id", null,
                false), "_SF_FAILURES", "RAW")).hasToString("ANALYTICS.SCORES_SF_FAILURES");
        assertThat(ReverseWarehouse.failuresTable(new ReverseRequest("Account", null, "SELECT 1", "Id", null,
                false), "_SF_FAILURES", "RAW")).hasToString("RAW.ACCOUNT_SF_FAILURES");
        assertThat(ReverseWarehouse.failuresTable(new ReverseRequest("Account", null, "SELECT 1", "Id", "X.Y",
                false), "_SF_FAILURES", "RAW")).hasToString("X.Y");
    }
}
