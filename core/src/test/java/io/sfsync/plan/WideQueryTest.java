package io.sfsync.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WideQueryTest {
    private static final Decision REST_FULL = new Decision(SyncMethod.REGULAR_API_FULL, true, "first sync of 300 records"
            + " < bulk API threshold 1,000");
    private static final Decision REST_INCREMENTAL = new Decision(SyncMethod.REGULAR_API_INCREMENTAL, false,
            "incremental sync");

    private static WideQuery.Width width(int chunks, boolean chunkable) {
        return new WideQuery.Width(812, 21_345, 14_336, chunks, chunkable, 200, 0, 20_000, null);
    }

    @Test
    void shouldChunkWhenThatCostsNoMoreCallsThanABulkJob() {
        // 300 records: 2 pages x 2 chunks = 4 calls; Bulk 1 page + 5 = 6.
        WideQuery.Choice c = WideQuery.decide(REST_FULL, 300, width(2, true), WideQuery.Strategy.AUTO);
        assertThat(c.chunked()).isTrue();
        assertThat(c.decision().method()).isEqualTo(SyncMethod.REGULAR_API_FULL);
        assertThat(c.restCalls()).isEqualTo(4);
        assertThat(c.bulkCalls()).isEqualTo(6);
        assertThat(c.decision().reason()).isEqualTo("first sync of 300 records < bulk API threshold 1,000; its REST"
                + " query of 812 fields is 21,345 bytes of URI, over the 14,336 one request may carry (Salesforce"
                + " refuses more than 16,384 bytes of URI and headers), so REST in 2 field chunks joined by Id"
                + " (about 4 API calls), fewer than a Bulk job's 6");
    }

    @Test
    void shouldTakeBulkWhenChunkedPagesCostMore() {
        WideQuery.Choice c = WideQuery.decide(REST_INCREMENTAL, 900, width(3, true), WideQuery.Strategy.AUTO);
        assertThat(c.chunked()).isFalse();
        assertThat(c.decision().method()).isEqualTo(SyncMethod.BULK_API_INCREMENTAL);
        assertThat(c.restCalls()).isEqualTo(15);
        assertThat(c.decision().reason()).endsWith("so Bulk API (about 6 API calls), fewer than 15 for REST in 3"
                + " field chunks");
    }

    @Test
    void shouldFollowAForcedStrategy() {
        assertThat(WideQuery.decide(REST_INCREMENTAL, 900, width(3, true), WideQuery.Strategy.CHUNK).chunked())
                .isTrue();
        WideQuery.Choice bulk = WideQuery.decide(REST_INCREMENTAL, 10, width(3, true), WideQuery.Strategy.BULK);
        assertThat(bulk.chunked()).isFalse();
        assertThat(bulk.decision().method()).isEqualTo(SyncMethod.BULK_API_INCREMENTAL);
        assertThat(bulk.decision().reason()).endsWith("(sfsync.rest.wide-strategy=bulk)");
    }

    @Test
    void shouldTakeBulkWithoutAStampToCheckChunksAgainst() {
        WideQuery.Choice c = WideQuery.decide(REST_FULL, 10, width(2, false), WideQuery.Strategy.CHUNK);
        assertThat(c.chunked()).isFalse();
        assertThat(c.decision().method()).isEqualTo(SyncMethod.BULK_API_FULL);
        assertThat(c.decision().reason()).contains("no SystemModstamp or LastModifiedDate");
    }

    @Test
    void shouldLeaveBulkMethodsAndQueriesThatFitAlone() {
        Decision bulk = new Decision(SyncMethod.BULK_API_FULL, true, "many");
        assertThat(WideQuery.decide(bulk, 5_000, width(3, true), WideQuery.Strategy.AUTO).decision()).isSameAs(bulk);
        assertThat(WideQuery.decide(REST_FULL, 5, width(1, true), WideQuery.Strategy.AUTO).decision())
                .isSameAs(REST_FULL);
    }

    @Test
    void shouldParseTheStrategyOrSayWhatItTakes() {
        assertThat(WideQuery.Strategy.parse(" Chunk ")).isEqualTo(WideQuery.Strategy.CHUNK);
        assertThatThrownBy(() -> WideQuery.Strategy.parse("rest")).hasMessage(
                "rest.wide-strategy must be auto, chunk or bulk, not 'rest'");
    }

    @Test
    void shouldChunkWhenNoBulkJobCanTakeTheQuery() {
        WideQuery.Width w = new WideQuery.Width(812, 21_345, 14_336, 3, true, 200, 0, 20_000,
                "only 5 DailyBulkV2QueryJobs are left, not above the floor of 5");
        WideQuery.Choice c = WideQuery.decide(REST_INCREMENTAL, 5_000, w, WideQuery.Strategy.AUTO);
        assertThat(c.chunked()).isTrue();
        assertThat(c.decision().method()).isEqualTo(SyncMethod.REGULAR_API_INCREMENTAL);
        assertThat(c.decision().reason()).endsWith(", and only 5 DailyBulkV2QueryJobs are left, not above the floor"
                + " of 5, so REST in 3 field chunks joined by Id (about 75 API calls)");
    }

    @Test
    void shouldCountThePagesOfChunksThatSalesforceAnswersWith200Rows() {
        // 1,500 records in ranges of 1,000: chunk 1 and 2 one page per range, chunk 3 (long text) five: 2 x 7 = 14.
        WideQuery.Width w = new WideQuery.Width(300, 16_000, 14_336, 3, true, 1_000, 1, 20_000, null);
        WideQuery.Choice c = WideQuery.decide(REST_INCREMENTAL, 1_500, w, WideQuery.Strategy.CHUNK);
        assertThat(c.restCalls()).isEqualTo(14);
    }
}
