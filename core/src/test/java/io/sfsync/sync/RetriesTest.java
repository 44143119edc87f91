package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;

import org.apache.camel.component.salesforce.api.SalesforceException;
import org.junit.jupiter.api.Test;

class RetriesTest {
    /** As camel-salesforce 4.18 reports a response Jetty refused to buffer (reproduced for real in HeavyRowsIT). */
    private static SalesforceException tooLarge(long limit) {
        return new SalesforceException("Unexpected error {200:OK} executing {GET:https://example.my.salesforce.com"
                + "/services/data/v62.0/jobs/query/750x/results?locator=MTA&maxRecords=80}", 200,
                new IllegalArgumentException("Buffering capacity " + limit + " exceeded"));
    }

    @Test
    void shouldNotRetryAResponseLargerThanCamelMayBufferAsItIs() {
        assertThat(Retries.isTransient(tooLarge(1_048_576))).isFalse();
        assertThat(Retries.bufferLimit(tooLarge(1_048_576))).isEqualTo(1_048_576);
    }

    @Test
    void shouldStillRetryAResponseThatBrokeOffMidBody() {
        SalesforceException broken = new SalesforceException("Unexpected error {200:OK} executing {GET:x}", 200,
                new EOFException("reset"));
        assertThat(Retries.isTransient(broken)).isTrue();
        assertThat(Retries.bufferLimit(broken)).isZero();
    }

    @Test
    void shouldNotTakeAnotherIllegalArgumentForTheBufferLimit() {
        assertThat(Retries.bufferLimit(new IllegalArgumentException("Buffering capacity 10 exceeded"))).as(
                "not under a SalesforceException").isZero();
        assertThat(Retries.bufferLimit(new SalesforceException("x", 200, new IllegalArgumentException("bad value"))))
                .isZero();
    }

    @Test
    void shouldDescribeAnOversizeResponseWithoutItsUrl() {
        assertThat(Failures.describe(tooLarge(262_144)))
                .isEqualTo("a Salesforce response was larger than camel-salesforce may receive"
                        + " (camel.component.salesforce.httpMaxContentLength=262144 bytes): raise that setting")
                .doesNotContain("https:");
    }
}
