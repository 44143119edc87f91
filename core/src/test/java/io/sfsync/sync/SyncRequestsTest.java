package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.api.DeleteMode;
import io.sfsync.api.SyncHeaders;
import io.sfsync.api.SyncRequest;

import java.util.Map;

import org.apache.camel.util.CaseInsensitiveMap;
import org.junit.jupiter.api.Test;

/** The request as the plan bean gets the headers from Camel's bean binding ({@code @Headers}). */
class SyncRequestsTest {
    private static Map<String, Object> headers(Object... pairs) {
        Map<String, Object> headers = new CaseInsensitiveMap();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put((String) pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @Test
    void shouldReadEveryHeaderTrimmedAndTyped() {
        SyncRequest r = SyncRequests.request(headers(SyncHeaders.SOBJECT, " Contact ", SyncHeaders.SCHEMA, "RAW",
                SyncHeaders.TABLE, " ", SyncHeaders.USE_STAGE, "FALSE", SyncHeaders.FORCE_FULL_SYNC, true,
                SyncHeaders.BULK_API_THRESHOLD, "2_000", SyncHeaders.STAGE_THRESHOLD, 60_000,
                SyncHeaders.DELETE_MODE, "hard", SyncHeaders.RECONCILE_IDS, "true"));
        assertThat(r.sobject()).isEqualTo("Contact");
        assertThat(r.schema()).isEqualTo("RAW");
        assertThat(r.table()).isNull();
        assertThat(r.useStage()).isFalse();
        assertThat(r.forceFullSync()).isTrue();
        assertThat(r.bulkApiThreshold()).isEqualTo(2_000L);
        assertThat(r.stageThreshold()).isEqualTo(60_000L);
        assertThat(r.deleteMode()).isEqualTo(DeleteMode.HARD);
        assertThat(r.reconcileIds()).isTrue();
    }

    @Test
    void shouldMatchHeaderNamesWhateverTheirCaseAsCamelDoes() {
        assertThat(SyncRequests.request(headers("sfsyncsobject", "Account")).sobject()).isEqualTo("Account");
    }

    @Test
    void shouldRefuseAFlagThatIsNeitherTrueNorFalseInsteadOfIgnoringIt() {
        assertThatThrownBy(() -> SyncRequests.request(headers(SyncHeaders.SOBJECT, "Account",
                SyncHeaders.FORCE_FULL_SYNC, "yes")))
                .isInstanceOf(SyncException.class)
                .hasMessage("SfsyncForceFullSync must be true or false, got 'yes'");
        assertThatThrownBy(() -> SyncRequests.request(headers(SyncHeaders.SOBJECT, "Account",
                SyncHeaders.USE_STAGE, "1")))
                .hasMessage("SfsyncUseStage must be true or false, got '1'");
    }

    @Test
    void shouldSayWhichHeaderIsMissingOrNotANumber() {
        assertThatThrownBy(() -> SyncRequests.request(headers(SyncHeaders.SCHEMA, "RAW")))
                .isInstanceOf(SyncException.class)
                .hasMessage("no sObject given: set the header SfsyncSObject");
        assertThatThrownBy(() -> SyncRequests.request(headers(SyncHeaders.SOBJECT, "Account",
                SyncHeaders.STAGE_THRESHOLD, "lots")))
                .hasMessage("SfsyncStageThreshold must be a whole number, got 'lots'");
    }
}
