package io.sfsync.app;

import io.sfsync.warehouse.ControlTables;
import io.sfsync.warehouse.Warehouse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The JSON documents of {@code sfsync status} and {@code sfsync history}, read from the control tables; also the bean
 * behind {@code GET /sfsync/status} and {@code GET /sfsync/history?object=X&last=N} (routes/status-http.camel.yaml),
 * which the commands call when a running {@code sfsync run} holds the DuckDB file.
 */
public final class StatusEndpoint {
    /** Runs {@code history} shows when not told. */
    public static final int DEFAULT_LAST = 20;
    /** The most runs one answer holds. */
    public static final int MAX_LAST = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code {"targets": [...]}}: one entry per target, see {@link ControlTables#status}. */
    public static Map<String, Object> statusDocument(ControlTables tables, Instant now) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("read_at", now.toString());
        doc.put("targets", tables.status(now));
        return doc;
    }

    /** {@code {"runs": [...]}}: the newest runs first, see {@link ControlTables#history}. */
    public static Map<String, Object> historyDocument(ControlTables tables, String object, int last) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("object", object);
        doc.put("last", last);
        doc.put("runs", tables.history(object, last));
        return doc;
    }

    /** The document as indented JSON. */
    public static String json(Object document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** {@code GET /sfsync/status}. */
    public void status(Exchange exchange) {
        answer(exchange, () -> statusDocument(tables(exchange), Instant.now()));
    }

    /** {@code GET /sfsync/history?object=X&last=N}. */
    public void history(Exchange exchange) {
        Message m = exchange.getMessage();
        String object = m.getHeader("object", String.class);
        String lastText = m.getHeader("last", String.class);
        int last = DEFAULT_LAST;
        if (lastText != null && !lastText.isBlank()) {
            try {
                last = Integer.parseInt(lastText.trim());
            } catch (NumberFormatException e) {
                last = -1;
            }
            if (last < 1 || last > MAX_LAST) {
                reply(exchange, 400, Map.of("error", "last must be a number from 1 to " + MAX_LAST + ", got '"
                        + lastText + "'"));
                return;
            }
        }
        String name = object == null || object.isBlank() ? null : object.trim();
        int n = last;
        answer(exchange, () -> historyDocument(tables(exchange), name, n));
    }

    private interface Document {
        Map<String, Object> get();
    }

    private static void answer(Exchange exchange, Document document) {
        try {
            reply(exchange, 200, document.get());
        } catch (RuntimeException e) {
            reply(exchange, 500, Map.of("error", String.valueOf(e.getMessage())));
        }
    }

    private static void reply(Exchange exchange, int status, Map<String, Object> body) {
        Message m = exchange.getMessage();
        // Nothing of the request travels back as a response header.
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(json(body));
    }

    private static ControlTables tables(Exchange exchange) {
        Warehouse warehouse = exchange.getContext().getRegistry().lookupByNameAndType("sfsync-warehouse", Warehouse.class);
        if (warehouse == null) {
            throw new IllegalStateException("no warehouse is bound (io.sfsync.app.SfsyncConfiguration configures it)");
        }
        String schema = exchange.getContext().getPropertiesComponent().resolveProperty(
                "sfsync.warehouse.control-schema").orElse("SFSYNC_CONTROL");
        return new ControlTables(warehouse, schema);
    }

    /** The runs of a history document, for the table view. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> list(Map<String, Object> document, String key) {
        Object v = document.get(key);
        return v instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
}
