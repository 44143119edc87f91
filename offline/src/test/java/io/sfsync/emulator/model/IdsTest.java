package io.sfsync.emulator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void shouldComputeSalesforceCaseSafeSuffixForKnownIds() {
        // Ids and suffixes as Salesforce publishes them.
        assertThat(Ids.to18("001D000000IRFma")).isEqualTo("001D000000IRFmaIAH");
        assertThat(Ids.to18("0013000000rtGAA")).isEqualTo("0013000000rtGAAAA2");
    }

    @Test
    void shouldRoundTripRecordNumbersAndKeepIdOrderEqualToRowOrder() {
        String previous = "";
        for (long n : new long[] {0, 1, 61, 62, 3843, 1_000_000, 999_999_999L}) {
            String id = Ids.of("001", n);
            assertThat(id).hasSize(18).startsWith("001");
            assertThat(Ids.number(id)).isEqualTo(n);
            assertThat(Ids.number(id.substring(0, 15))).isEqualTo(n);
            assertThat(id.compareTo(previous)).isPositive();
            previous = id;
        }
    }

    @Test
    void shouldRejectMalformedIds() {
        assertThat(Ids.to18("001")).isNull();
        assertThat(Ids.to18("001Dm0000000000XXX")).isNull();
        assertThat(Ids.number("not an id at all")).isEqualTo(-1);
        assertThat(Ids.number("001D000000IRFmaIAH")).isEqualTo(-1);
    }
}
