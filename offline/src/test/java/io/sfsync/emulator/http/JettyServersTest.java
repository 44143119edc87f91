package io.sfsync.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.SalesforceLimits;

import org.eclipse.jetty.server.HttpConnectionFactory;
import org.junit.jupiter.api.Test;

/** The request header limit is per service: the offline Snowflake keeps 64 KiB, the offline org has Salesforce's. */
class JettyServersTest {
    private static int headerLimit(JettyServers.Listening l) {
        return l.connector().getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                .getRequestHeaderSize();
    }

    @Test
    void shouldKeepSixtyFourKibibytesUnlessTheServiceSetsItsOwnLimit() {
        JettyServers.Serve none = (request, response, callback) -> callback.succeeded();
        assertThat(headerLimit(JettyServers.create("t", "127.0.0.1", 0, 1_000, none))).isEqualTo(64 * 1024);
        assertThat(headerLimit(JettyServers.create("t", "127.0.0.1", 0, 1_000, SalesforceLimits.URI_AND_HEADERS_BYTES,
                none))).isEqualTo(16_384);
    }
}
