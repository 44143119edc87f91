package io.sfsync.snowflakeemulator.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sfsync.snowflakeemulator.engine.Binding;
import io.sfsync.snowflakeemulator.engine.ColumnMeta;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire encodings of the offline Snowflake, without the driver: bindings in, result values out, JWTs, paths. */
class ProtocolCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldDecodeBindingsAsTheDriverEncodesThem() throws Exception {
        List<Binding> b = BindingDecoder.decode(JSON.readTree("""
                {"2": {"type": "DATE", "value": "1709164800000"},
                 "1": {"type": "FIXED", "value": "-42"},
                 "3": {"type": "TIME", "value": "45296000000000"},
                 "4": {"type": "TIMESTAMP_LTZ", "value": "1709618828123456789"},
                 "5": {"type": "TIMESTAMP_NTZ", "value": "-1500000000"},
                 "6": {"type": "TIMESTAMP_TZ", "value": "1709618828000000000 1560"},
                 "7": {"type": "BOOLEAN", "value": "true"},
                 "8": {"type": "REAL", "value": "0.0025"},
                 "9": {"type": "ANY", "value": null},
                 "10": {"type": "TEXT", "value": "x"}}"""));
        assertThat(b).extracting(Binding::value).containsExactly(new BigDecimal("-42"),
                LocalDate.parse("2024-02-29"), LocalTime.parse("12:34:56"),
                Instant.parse("2024-03-05T06:07:08.123456789Z"), LocalDateTime.parse("1969-12-31T23:59:58.500"),
                OffsetDateTime.parse("2024-03-05T08:07:08+02:00"), Boolean.TRUE, 0.0025d, null, "x");
    }

    @Test
    void shouldRefuseArrayAndNamedBindings() throws Exception {
        assertThatThrownBy(() -> BindingDecoder.decode(JSON.readTree("{\"1\": {\"type\": \"TEXT\", \"value\": [\"a\"]}}")))
                .isInstanceOf(ProtocolError.class);
        assertThatThrownBy(() -> BindingDecoder.decode(JSON.readTree("{\"x\": {\"type\": \"TEXT\", \"value\": \"a\"}}")))
                .isInstanceOf(ProtocolError.class);
    }

    @Test
    void shouldEncodeResultValuesAsTheDriverParsesThem() {
        assertThat(ResultEncoder.encode(col("fixed", 2), new BigDecimal("1.5"))).isEqualTo("1.50");
        assertThat(ResultEncoder.encode(col("fixed", 0), 7L)).isEqualTo("7");
        assertThat(ResultEncoder.encode(col("real", 0), Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(ResultEncoder.encode(col("boolean", 0), true)).isEqualTo("1");
        assertThat(ResultEncoder.encode(col("date", 0), LocalDate.parse("1969-12-31"))).isEqualTo("-1");
        assertThat(ResultEncoder.encode(col("time", 3), LocalTime.parse("01:02:03.5"))).isEqualTo("3723.500");
        assertThat(ResultEncoder.encode(col("timestamp_ntz", 9), LocalDateTime.parse("1970-01-01T00:00:01.25")))
                .isEqualTo("1.250000000");
        assertThat(ResultEncoder.encode(col("timestamp_ltz", 3), Instant.parse("1969-12-31T23:59:59.500Z")))
                .isEqualTo("-0.500");
        assertThat(ResultEncoder.encode(col("timestamp_tz", 3), OffsetDateTime.parse("1970-01-01T02:00:00+02:00")))
                .isEqualTo("0.000 1560");
        assertThat(ResultEncoder.encode(col("binary", 0), new byte[] {(byte) 0xAB, 1})).isEqualTo("AB01");
    }

    @Test
    void shouldReadTheLocalPathOfPutAndGetAsTheDriverDoes() {
        assertThat(FileTransferReply.localPathFromCommand("PUT 'file:///tmp/a b/x.csv' @S")).isEqualTo("/tmp/a b/x.csv");
        assertThat(FileTransferReply.localPathFromCommand("PUT file:///tmp/x.csv @S")).isEqualTo("/tmp/x.csv");
        assertThat(FileTransferReply.localPathFromCommand("GET @S file:///tmp/out/;")).isEqualTo("/tmp/out/");
    }

    @Test
    void shouldClassifyStatementsByTheirLeadingKeywords() {
        assertThat(StatementKinds.of("  -- c\n insert into t values (?)")).isEqualTo(io.sfsync.snowflakeemulator.engine.EngineSession.INSERT);
        assertThat(StatementKinds.of("(select 1)")).isEqualTo(io.sfsync.snowflakeemulator.engine.EngineSession.SELECT);
        assertThat(StatementKinds.of("ALTER SESSION SET TIMEZONE='UTC'")).isEqualTo(io.sfsync.snowflakeemulator.engine.EngineSession.ALTER_SESSION);
        assertThat(StatementKinds.of("COPY INTO t FROM @s")).isEqualTo(io.sfsync.snowflakeemulator.engine.EngineSession.COPY);
        assertThat(SnowflakeProtocol.placeholders("insert into t values (?, '?', :2)")).isEqualTo(2);
    }

    @Test
    void shouldAcceptAJwtSignedByTheRegisteredKeyOnly() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair key = g.generateKeyPair();
        KeyPair other = g.generateKeyPair();
        byte[] der = key.getPublic().getEncoded();
        long now = Instant.now().getEpochSecond();
        String good = jwt(key, "SFSYNC.LOADER", KeyPairJwt.fingerprint(der), now, now + 60);
        KeyPairJwt.verify(good, "loader", List.of("SFSYNC"), List.of(der), Instant.now());
        assertThatThrownBy(() -> KeyPairJwt.verify(good, "LOADER", List.of("OTHER"), List.of(der), Instant.now()))
                .isInstanceOf(ProtocolError.class).hasMessage("JWT token is invalid.");
        String forged = jwt(other, "SFSYNC.LOADER", KeyPairJwt.fingerprint(der), now, now + 60);
        assertThatThrownBy(() -> KeyPairJwt.verify(forged, "LOADER", List.of("SFSYNC"), List.of(der), Instant.now()))
                .isInstanceOf(ProtocolError.class);
        String expired = jwt(key, "SFSYNC.LOADER", KeyPairJwt.fingerprint(der), now - 3600, now - 3000);
        assertThatThrownBy(() -> KeyPairJwt.verify(expired, "LOADER", List.of("SFSYNC"), List.of(der), Instant.now()))
                .isInstanceOf(ProtocolError.class);
    }

    private static ColumnMeta col(String type, int scale) {
        return new ColumnMeta("C", type, 38, scale, 0, true);
    }

    private static String jwt(KeyPair key, String sub, String fp, long iat, long exp) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + sub + "." + fp + "\",\"sub\":\"" + sub + "\",\"iat\":" + iat
                + ",\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key.getPrivate());
        s.update((head + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return head + "." + claims + "." + b64.encodeToString(s.sign());
    }
}
