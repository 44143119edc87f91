package io.sfsync.snowflakeemulator.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfsync.snowflakeemulator.engine.ColumnMeta;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Writes a result in Snowflake's JSON result format (queryResultFormat {@code json}): {@code rowtype} (one object per
 * column) and {@code rowset} (rows of strings), encoded as the driver's JSON converters read them (SFJsonResultSet,
 * json.DateTimeConverter, ResultUtil/TimeUtil): fixed and real as plain numbers, boolean {@code 1}/{@code 0}, date as
 * days since the epoch, time as seconds since midnight, timestamp_ntz/ltz as epoch seconds, all with exactly
 * {@code scale} fractional digits, timestamp_tz as {@code "<epoch seconds> <offset minutes + 1440>"} (result
 * version 1), binary as hex.
 */
final class ResultEncoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ResultEncoder() {
    }

    static ArrayNode rowtype(List<ColumnMeta> columns) {
        ArrayNode out = NODES.arrayNode();
        for (ColumnMeta c : columns) {
            String type = c.type().toLowerCase(Locale.ROOT);
            ObjectNode n = out.addObject();
            n.put("name", c.name());
            n.put("database", "");
            n.put("schema", "");
            n.put("table", "");
            n.put("type", type);
            n.put("nullable", c.nullable());
            switch (type) {
                case "fixed" -> {
                    n.put("precision", c.precision() > 0 ? c.precision() : 38);
                    n.put("scale", c.scale());
                    n.putNull("length");
                    n.putNull("byteLength");
                }
                case "text", "binary", "variant", "object", "array" -> {
                    long length = c.length() > 0 ? c.length() : 16_777_216L;
                    n.putNull("precision");
                    n.putNull("scale");
                    n.put("length", length);
                    n.put("byteLength", type.equals("text") ? Math.min(length * 4, 16_777_216L) : length);
                }
                case "time", "timestamp_ntz", "timestamp_ltz", "timestamp_tz" -> {
                    n.put("precision", 0);
                    n.put("scale", scale(c));
                    n.putNull("length");
                    n.putNull("byteLength");
                }
                default -> {
                    n.putNull("precision");
                    n.putNull("scale");
                    n.putNull("length");
                    n.putNull("byteLength");
                }
            }
            n.putNull("collation");
        }
        return out;
    }

    static ArrayNode rowset(List<ColumnMeta> columns, List<Object[]> rows) {
        ArrayNode out = NODES.arrayNode();
        int n = columns.size();
        for (Object[] row : rows) {
            ArrayNode r = out.addArray();
            for (int i = 0; i < n; i++) {
                Object v = i < row.length ? row[i] : null;
                if (v == null) {
                    r.addNull();
                } else {
                    r.add(encode(columns.get(i), v));
                }
            }
        }
        return out;
    }

    /** The fractional digits of a time or timestamp column: the engine's scale, or Snowflake's default 9. */
    private static int scale(ColumnMeta c) {
        return c.scale() > 0 && c.scale() <= 9 ? c.scale() : 9;
    }

    static String encode(ColumnMeta c, Object v) {
        String type = c.type().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "fixed" -> fixed(c, v);
            case "real" -> real(v);
            case "boolean" -> bool(v);
            case "date" -> Long.toString(date(v).toEpochDay());
            case "time" -> seconds(BigDecimal.valueOf(time(v).toNanoOfDay(), 9), scale(c));
            case "timestamp_ntz" -> epoch(ntz(v).toInstant(ZoneOffset.UTC), scale(c));
            case "timestamp_ltz" -> epoch(instant(v), scale(c));
            case "timestamp_tz" -> {
                OffsetDateTime t = tz(v);
                yield epoch(t.toInstant(), scale(c)) + " " + (t.getOffset().getTotalSeconds() / 60 + 1440);
            }
            case "binary" -> v instanceof byte[] b ? HexFormat.of().withUpperCase().formatHex(b) : v.toString();
            default -> v.toString();
        };
    }

    private static String fixed(ColumnMeta c, Object v) {
        if (v instanceof BigDecimal d) {
            if (c.scale() > 0 && d.scale() != c.scale()) {
                try {
                    return d.setScale(c.scale(), RoundingMode.UNNECESSARY).toPlainString();
                } catch (ArithmeticException e) {
                    return d.toPlainString();
                }
            }
            return d.toPlainString();
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Double || v instanceof Float) {
            return new BigDecimal(v.toString()).toPlainString();
        }
        return v.toString();
    }

    private static String real(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d)) {
                return "NaN";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "inf" : "-inf";
            }
            return Double.toString(d);
        }
        return v.toString();
    }

    private static String bool(Object v) {
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof Number n) {
            return n.longValue() != 0 ? "1" : "0";
        }
        return Boolean.parseBoolean(v.toString()) ? "1" : "0";
    }

    private static LocalDate date(Object v) {
        if (v instanceof LocalDate d) {
            return d;
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof LocalDateTime t) {
            return t.toLocalDate();
        }
        return LocalDate.parse(v.toString());
    }

    private static LocalTime time(Object v) {
        if (v instanceof LocalTime t) {
            return t;
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime();
        }
        return LocalTime.parse(v.toString());
    }

    private static LocalDateTime ntz(Object v) {
        if (v instanceof LocalDateTime t) {
            return t;
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof OffsetDateTime t) {
            return t.toLocalDateTime();
        }
        if (v instanceof Instant i) {
            return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        }
        return LocalDateTime.parse(v.toString().replace(' ', 'T'));
    }

    private static Instant instant(Object v) {
        if (v instanceof Instant i) {
            return i;
        }
        if (v instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (v instanceof ZonedDateTime t) {
            return t.toInstant();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        if (v instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        return OffsetDateTime.parse(v.toString()).toInstant();
    }

    private static OffsetDateTime tz(Object v) {
        if (v instanceof OffsetDateTime t) {
            return t;
        }
        if (v instanceof ZonedDateTime t) {
            return t.toOffsetDateTime();
        }
        return instant(v).atOffset(ZoneOffset.UTC);
    }

    private static String epoch(Instant i, int scale) {
        BigDecimal seconds = new BigDecimal(BigInteger.valueOf(i.getEpochSecond()))
                .add(BigDecimal.valueOf(i.getNano(), 9));
        return seconds(seconds, scale);
    }

    private static String seconds(BigDecimal seconds, int scale) {
        return seconds.setScale(scale, RoundingMode.FLOOR).toPlainString();
    }
}
