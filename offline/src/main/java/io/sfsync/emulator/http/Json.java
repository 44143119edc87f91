package io.sfsync.emulator.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.ApiException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** JSON helpers shared by the emulator's resources. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Parses a request body; a body that is not JSON is Salesforce's 400 {@code JSON_PARSER_ERROR}. */
    public static JsonNode parse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(400, "JSON_PARSER_ERROR", "The request body is empty");
            }
            return node;
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
            throw new ApiException(400, "JSON_PARSER_ERROR", msg);
        }
    }

    /** Salesforce's error body: {@code [{"message":..,"errorCode":..}]} (plus {@code fields} for DML errors). */
    public static byte[] errors(ApiException e) {
        ObjectNode err = object();
        err.put("message", e.getMessage());
        err.put("errorCode", e.errorCode());
        List<String> fields = e.fields();
        if (fields != null) {
            ArrayNode f = err.putArray("fields");
            fields.forEach(f::add);
        }
        ArrayNode out = array();
        out.add(err);
        return bytes(out);
    }
}
