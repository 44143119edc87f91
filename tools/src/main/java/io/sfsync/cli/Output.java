package io.sfsync.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** What the one-shot commands print: one JSON document, or a compact table for a person at a terminal. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {
    }

    /** The document as JSON: instants as ISO-8601 text, maps and lists as they are. */
    static String json(Object document) {
        try {
            return JSON.writeValueAsString(plain(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static Object plain(Object v) {
        if (v instanceof Instant i) {
            return i.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(plain(x)));
            return out;
        }
        return v;
    }

    /**
     * With {@code --json}, a command that could not run still prints one document:
     * {@code {"command": ..., "success": false, "error": ...}}; the caller then ends with the one-line message.
     */
    static void failure(CommandLine line, PrintStream out, Exception e) {
        if (!line.json()) {
            return;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", line.command());
        doc.put("success", false);
        doc.put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        out.println(json(doc));
        out.flush();
    }

    /** A table: a header row and the rows, columns padded to their widest cell; the last column is not padded. */
    static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        int[] width = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], cell(row, i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                String c = cell(row, i);
                b.append(c);
                if (i < width.length - 1) {
                    b.append(" ".repeat(width[i] - c.length() + 2));
                }
            }
            out.println(b.toString().stripTrailing());
        }
    }

    private static String cell(List<String> row, int i) {
        String c = i < row.size() ? row.get(i) : null;
        return c == null ? "-" : c;
    }

    /** A value for a table cell: {@code -} for null, instants to the second. */
    static String text(Object v) {
        if (v == null) {
            return "-";
        }
        String s = v.toString();
        if (s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z")) {
            return s.replaceFirst("\\.\\d+Z$", "Z");
        }
        return s;
    }

    /** Seconds as {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}. */
    static String age(Object seconds) {
        if (!(seconds instanceof Number n)) {
            return "-";
        }
        long s = n.longValue();
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return s / 60 + "m";
        }
        if (s < 172_800) {
            return s / 3600 + "h";
        }
        return s / 86_400 + "d";
    }
}
