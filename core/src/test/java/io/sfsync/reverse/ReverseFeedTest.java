package io.sfsync.reverse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReverseFeedTest {
    private static final ReverseRows ROWS = new ReverseRows(List.of(
            new WritableField("Ext_Id__c", "string", 0, true, true, true, true),
            new WritableField("Name", "string", 0, true, true, false, false)), "Ext_Id__c");

    @Test
    void shouldReadAheadAtMostTheLimitAndHandRefusedRowsOnAsTheyCome() {
        int[] handedOut = new int[1];
        List<ReverseFailure> refused = new ArrayList<>();
        ReverseFeed feed = new ReverseFeed(ROWS, () -> handedOut[0] >= 10 ? null
                : new Object[] {handedOut[0]++ % 3 == 0 ? null : "K" + handedOut[0], "n"}, refused::add);

        assertThat(feed.readAhead(4)).isEqualTo(4);
        // rows 0 and 3 have no key: 6 read for 4 to send
        assertThat(handedOut[0]).isEqualTo(6);
        assertThat(refused).extracting(ReverseFailure::statusCode).containsOnly(ReverseFailure.MISSING_KEY)
                .hasSize(2);
        List<String> keys = new ArrayList<>();
        while (feed.hasNext()) {
            keys.add(ROWS.key(feed.next()));
        }
        assertThat(keys).containsExactly("K2", "K3", "K5", "K6", "K8", "K9");
        assertThat(feed.rowsRead()).isEqualTo(10);
        assertThat(refused).hasSize(4);
        assertThat(feed.readAhead(100)).as("fewer than the limit: these are all there are").isZero();
    }
}
