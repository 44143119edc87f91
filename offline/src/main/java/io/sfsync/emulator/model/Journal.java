package io.sfsync.emulator.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An append-only file of the changes made to an org (one JSON object per line), replayed when the emulator starts so
 * that an org outlives its process: generated rows come back from the seed, changed ones from here.
 */
public final class Journal implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private BufferedWriter out;

    public Journal(Path file) {
        this.file = file;
    }

    /** Applies every recorded change to {@code org}, in order, with its original timestamps. */
    void replay(Org org) {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines) {
                if (!line.isBlank()) {
                    org.apply(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay the org journal " + file, e);
        }
    }

    synchronized void append(ObjectNode entry) {
        try {
            if (out == null) {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(JSON.writeValueAsString(entry));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the org journal " + file, e);
        }
    }

    static ObjectNode entry(String op, Instant at) {
        ObjectNode n = JSON.createObjectNode();
        n.put("op", op);
        n.put("at", at.toString());
        return n;
    }

    static ObjectNode encode(Map<FieldDef, Object> values) {
        ObjectNode n = JSON.createObjectNode();
        values.forEach((f, v) -> {
            if (v == null) {
                n.putNull(f.name());
            } else {
                n.put(f.name(), v.toString());
            }
        });
        return n;
    }

    static Map<FieldDef, Object> decode(SObjectDef type, JsonNode values) {
        Map<FieldDef, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldDef f = type.field(e.getKey());
            if (f == null) {
                continue;
            }
            out.put(f, e.getValue().isNull() ? null : value(f.type(), e.getValue().asText()));
        }
        return out;
    }

    private static Object value(FieldType t, String s) {
        return switch (t) {
            case BOOLEAN -> Boolean.parseBoolean(s);
            case INT -> Integer.parseInt(s);
            case LONG -> Long.parseLong(s);
            case DOUBLE, CURRENCY, PERCENT -> new BigDecimal(s);
            case DATE -> LocalDate.parse(s);
            case DATETIME -> Instant.parse(s);
            case TIME -> LocalTime.parse(s);
            default -> s;
        };
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out = null;
        }
    }
}
