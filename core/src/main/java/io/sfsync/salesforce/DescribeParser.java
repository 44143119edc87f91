package io.sfsync.salesforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an sObject describe body ({@code GET /sobjects/X/describe}) into an {@link SObjectSchema}. It reads the raw JSON
 * because camel-salesforce's describe DTO drops {@code compoundFieldName}, which the sync needs to leave compound
 * parents out.
 */
public final class DescribeParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DescribeParser() {
    }

    /** The schema described by this body. */
    public static SObjectSchema parse(String describe) {
        if (describe == null || describe.isBlank()) {
            throw new IllegalArgumentException("not an sObject describe: the body is empty");
        }
        try {
            return parse(JSON.readTree(describe));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an sObject describe: the body is not JSON ("
                    + e.getOriginalMessage() + ")", e);
        }
    }

    /** The schema described by this body, read from a stream (which is left open). */
    public static SObjectSchema parse(InputStream describe) {
        try {
            return parse(JSON.readTree(describe));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an sObject describe: the body is not JSON ("
                    + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the describe body", e);
        }
    }

    /** The schema described by this JSON tree. */
    public static SObjectSchema parse(JsonNode describe) {
        if (describe == null || describe.isMissingNode() || describe.isNull()) {
            throw new IllegalArgumentException("not an sObject describe: the body is empty");
        }
        if (describe.isArray()) {
            // Salesforce answers errors with an array: say what it said rather than "not a describe"
            JsonNode first = describe.path(0);
            throw new IllegalArgumentException("not an sObject describe but an error: "
                    + first.path("errorCode").asText("?") + ": " + first.path("message").asText(describe.toString()));
        }
        JsonNode name = describe.get("name");
        JsonNode fields = describe.get("fields");
        if (!describe.isObject() || name == null || !name.isTextual() || fields == null || !fields.isArray()) {
            throw new IllegalArgumentException("not an sObject describe: expected an object with 'name' and a "
                    + "'fields' array, got " + abbreviate(describe.toString()));
        }
        List<SfField> out = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            out.add(field(name.asText(), i, fields.get(i)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the describe of " + name.asText() + " lists no fields");
        }
        return new SObjectSchema(name.asText(), out);
    }

    private static SfField field(String sobject, int index, JsonNode f) {
        JsonNode name = f.get("name");
        JsonNode type = f.get("type");
        if (!f.isObject() || name == null || !name.isTextual() || type == null || !type.isTextual()) {
            throw new IllegalArgumentException("the describe of " + sobject + " has a field #" + index
                    + " without a name or type: " + abbreviate(f.toString()));
        }
        JsonNode compound = f.get("compoundFieldName");
        return new SfField(name.asText(), type.asText(), f.path("length").asInt(0), f.path("precision").asInt(0),
                f.path("scale").asInt(0), f.path("digits").asInt(0), f.path("nillable").asBoolean(true),
                compound == null || compound.isNull() ? null : compound.asText(), f.path("unique").asBoolean(false),
                f.path("externalId").asBoolean(false), f.path("calculated").asBoolean(false));
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
