package io.sfsync.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.emulator.SalesforceLimits;
import io.sfsync.emulator.TestClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The offline org refuses a REST call whose URI and headers together exceed 16,384 bytes as Salesforce does: 414 when
 * the URI alone is over, 431 otherwise. Sent as raw HTTP/1.1 bytes, so the test knows exactly how many there are.
 */
class RequestSizeLimitIT {
    private static SalesforceEmulator emulator;
    private static String token;

    @BeforeAll
    static void start() {
        emulator = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", 5).wide("Account", 800)
                .build());
        token = new TestClient(emulator.baseUrl()).login().token();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    /** The request's head: request line, headers, blank line. */
    private static String head(String target, String... headers) {
        StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("Connection: close\r\n\r\n").toString();
    }

    private static int status(String head) throws IOException {
        return Integer.parseInt(response(head).substring(9, 12));
    }

    /** The whole response to a raw request (the server closes the connection). */
    private static String response(String head) throws IOException {
        try (Socket s = new Socket("127.0.0.1", emulator.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(all).startsWith("HTTP/1.1 ");
            return all;
        }
    }

    private static String allWideFields() {
        StringJoiner select = new StringJoiner(", ", "SELECT Id, ", " FROM Account");
        emulator.org().find("Account").fields().stream().filter(f -> f.name().matches("W\\d{3}_.*"))
                .forEach(f -> select.add(f.name()));
        return select.toString();
    }

    /** Pads a head with one header so that it has exactly {@code bytes} bytes. */
    private static String headOf(int bytes, String target) {
        String bare = head(target, "Authorization: Bearer " + token, "X-Pad: ");
        int pad = bytes - bare.length();
        assertThat(pad).isPositive();
        return head(target, "Authorization: Bearer " + token, "X-Pad: " + "p".repeat(pad));
    }

    @Test
    void shouldAnswer414ToAQueryOfEightHundredFieldsInTheUri() throws IOException {
        String soql = allWideFields();
        String target = TestClient.V + "/queryAll/?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
        assertThat(target.length()).as("an 800-field SELECT, URL-encoded").isBetween(17_000, 30_000);
        assertThat(soql.length()).isLessThan(SalesforceLimits.SOQL_CHARACTERS);

        String refused = response(head(target, "Authorization: Bearer " + token));
        assertThat(refused).startsWith("HTTP/1.1 414 ").endsWith("\r\n\r\n414 URI Too Long\n")
                .doesNotContain("SELECT");
    }

    @Test
    void shouldAnswer431ToAShortUriWithSeventeenKilobytesOfHeaders() throws IOException {
        String target = TestClient.V + "/limits";
        assertThat(status(head(target, "Authorization: Bearer " + token, "X-Big: " + "h".repeat(17 * 1024))))
                .isEqualTo(431);
    }

    @Test
    void shouldServeARequestOfExactlySixteenKilobytesAndRefuseOneByteMore() throws IOException {
        String target = TestClient.V + "/query?q=" + URLEncoder.encode("SELECT Id FROM Account LIMIT 1",
                StandardCharsets.UTF_8);
        assertThat(status(headOf(SalesforceLimits.URI_AND_HEADERS_BYTES, target))).isEqualTo(200);
        assertThat(status(headOf(SalesforceLimits.URI_AND_HEADERS_BYTES + 1, target))).isEqualTo(431);
    }

    @Test
    void shouldServeAChunkOfTheWideFieldsThatFitsInTheUri() throws IOException {
        StringJoiner select = new StringJoiner(", ", "SELECT Id, ", " FROM Account");
        emulator.org().find("Account").fields().stream().filter(f -> f.name().matches("W\\d{3}_.*")).limit(400)
                .forEach(f -> select.add(f.name()));
        String target = TestClient.V + "/queryAll/?q=" + URLEncoder.encode(select.toString(), StandardCharsets.UTF_8);
        assertThat(status(head(target, "Authorization: Bearer " + token))).isEqualTo(200);
    }
}
