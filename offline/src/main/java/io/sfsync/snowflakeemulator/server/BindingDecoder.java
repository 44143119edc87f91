package io.sfsync.snowflakeemulator.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.sfsync.snowflakeemulator.engine.Binding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the driver's {@code bindings} ({@code {"1": {"type": "FIXED", "value": "42"}, ...}}, built by
 * SnowflakePreparedStatementImpl) into engine {@link Binding}s, in placeholder order. The driver sends every value as
 * a string: FIXED/REAL/TEXT as written, BOOLEAN {@code true}/{@code false}, DATE as milliseconds since the epoch of
 * the date's UTC midnight, TIME as nanoseconds since midnight, TIMESTAMP_LTZ/NTZ as nanoseconds since the epoch
 * (NTZ: the wall clock read in UTC), TIMESTAMP_TZ as {@code "<epoch nanos> <offset minutes + 1440>"}, BINARY as
 * hex, and {@code ANY} with a null value for setNull.
 */
final class BindingDecoder {
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private BindingDecoder() {
    }

    /** Decodes positional bindings; an array binding (a list per placeholder) is refused, as the server never asks for one. */
    static List<Binding> decode(JsonNode bindings) throws ProtocolError {
        List<Binding> out = new ArrayList<>();
        if (bindings == null || bindings.isNull() || bindings.isMissingNode() || bindings.isEmpty()) {
            return out;
        }
        Map<Integer, JsonNode> ordered = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = bindings.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            try {
                ordered.put(Integer.parseInt(f.getKey()), f.getValue());
            } catch (NumberFormatException e) {
                throw bindError("named binding '" + f.getKey() + "' is not supported; bind by position");
            }
        }
        int expected = 1;
        for (Map.Entry<Integer, JsonNode> e : ordered.entrySet()) {
            if (e.getKey() != expected++) {
                throw bindError("binding " + (expected - 1) + " is missing");
            }
            out.add(decodeOne(e.getValue()));
        }
        return out;
    }

    static Binding decodeOne(JsonNode b) throws ProtocolError {
        String type = b.path("type").asText("ANY").toUpperCase(Locale.ROOT);
        JsonNode v = b.path("value");
        if (v.isArray()) {
            throw bindError("array bindings are not supported (arrayBindSupported is false)");
        }
        if (v.isNull() || v.isMissingNode()) {
            return new Binding(type, null);
        }
        String s = v.asText();
        try {
            return new Binding(type, switch (type) {
                case "FIXED" -> new BigDecimal(s.trim());
                case "REAL" -> Double.valueOf(s.trim());
                case "BOOLEAN" -> parseBoolean(s);
                case "DATE" -> LocalDate.ofEpochDay(Math.floorDiv(Long.parseLong(s.trim()), MILLIS_PER_DAY));
                case "TIME" -> LocalTime.ofNanoOfDay(Long.parseLong(s.trim()));
                case "TIMESTAMP_LTZ", "TIMESTAMP" -> instant(s.trim());
                case "TIMESTAMP_NTZ" -> LocalDateTime.ofInstant(instant(s.trim()), ZoneOffset.UTC);
                case "TIMESTAMP_TZ" -> offsetDateTime(s.trim());
                case "BINARY" -> HexFormat.of().parseHex(s.trim());
                default -> s;
            });
        } catch (RuntimeException e) {
            throw bindError("cannot read the " + type + " binding value");
        }
    }

    private static Boolean parseBoolean(String s) {
        String t = s.trim();
        if (t.equalsIgnoreCase("true") || t.equals("1")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false") || t.equals("0")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("not a boolean");
    }

    private static Instant instant(String epochNanos) {
        BigInteger[] qr = new BigDecimal(epochNanos).toBigIntegerExact().divideAndRemainder(NANOS_PER_SECOND);
        long seconds = qr[0].longValueExact();
        long nanos = qr[1].longValueExact();
        if (nanos < 0) {
            seconds -= 1;
            nanos += 1_000_000_000L;
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static OffsetDateTime offsetDateTime(String s) {
        int space = s.indexOf(' ');
        if (space < 0) {
            return instant(s).atOffset(ZoneOffset.UTC);
        }
        int minutes = Integer.parseInt(s.substring(space + 1).trim()) - 1440;
        return instant(s.substring(0, space)).atOffset(ZoneOffset.ofTotalSeconds(minutes * 60));
    }

    private static ProtocolError bindError(String message) {
        return new ProtocolError("002049", "22000", null, "SQL compilation error: " + message, 200);
    }
}
