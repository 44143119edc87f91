package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.component.salesforce.api.SalesforceException;
import org.junit.jupiter.api.Test;

/** What a failed run's error says when Salesforce, or the HTTP client, refuses a request for its size. */
class ErrorMessagesTest {
    private static final String URL = "http://127.0.0.1:1/services/data/v62.0/queryAll/?q=SELECT%20Id%2C%20"
            + "Name%2C%20".repeat(3_000) + "FROM%20Account";

    @Test
    void shouldNeverRetryARequestRefusedForItsSize() {
        SalesforceException client = new SalesforceException("Unexpected error {0:null} executing {GET:" + URL + "}",
                new IllegalArgumentException("Request headers too large"));
        assertThat(RequestTooLarge.of(client)).isEqualTo(RequestTooLarge.CLIENT_BUFFER);
        assertThat(Retries.isTransient(client)).isFalse();
        for (int status : new int[] {414, 431}) {
            SalesforceException refused = new SalesforceException("Unexpected error {" + status + ":}", status);
            assertThat(Retries.isTransient(refused)).isFalse();
            assertThat(RequestTooLarge.of(refused)).isNotNull();
        }
        // what stays transient: a response broken off, a 503
        assertThat(Retries.isTransient(new SalesforceException("Unexpected error {0:null} executing {GET:"
                + "http://x/y}", new java.io.EOFException()))).isTrue();
        assertThat(Retries.isTransient(new SalesforceException("busy", 503))).isTrue();
    }

    @Test
    void shouldLeaveTheQueryOutOfAnErrorAndKeepItShort() {
        String error = Failures.describe(new SalesforceException("Unexpected error {0:null} executing {GET:"
                + URL + "}", 0));
        assertThat(error).doesNotContain("Name%2C").contains("queryAll/?q=...").hasSizeLessThanOrEqualTo(
                Failures.MAX_ERROR_CHARS);
        String soqlError = Failures.describe(new SalesforceException("MALFORMED_QUERY: \\nSELECT Id"
                + ", Name".repeat(5_000) + " FROM Account\\n ^\\nERROR at Row:1:Column:9\\nduplicate field", 400));
        assertThat(soqlError).startsWith("Salesforce rejected the call (HTTP 400)").contains("characters left out")
                .endsWith("duplicate field").hasSizeLessThanOrEqualTo(Failures.MAX_ERROR_CHARS);
    }
}
