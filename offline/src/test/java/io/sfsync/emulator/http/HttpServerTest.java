package io.sfsync.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpServerTest {

    @Test
    void shouldCollapseEveryRunOfSlashesIntoOne() {
        assertThat(HttpServer.collapseSlashes("//services/data/v62.0")).isEqualTo("/services/data/v62.0");
        assertThat(HttpServer.collapseSlashes("/services///data//v62.0/limits")).isEqualTo(
                "/services/data/v62.0/limits");
        assertThat(HttpServer.collapseSlashes("/services/data/v62.0/jobs/query/750x/results")).isEqualTo(
                "/services/data/v62.0/jobs/query/750x/results");
    }
}
