package io.sfsync.emulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.dml.Dml;
import io.sfsync.emulator.dml.RowError;
import io.sfsync.emulator.dml.TextValues;
import io.sfsync.emulator.http.HttpCall;
import io.sfsync.emulator.http.Json;
import io.sfsync.emulator.http.Reply;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.Org;
import io.sfsync.emulator.model.SObjectDef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * sObject Collections under {@code /composite/sobjects}: create (POST), update (PATCH), upsert on an external id
 * (PATCH {@code /{SObject}/{field}}) and delete (DELETE {@code ?ids=}), up to 200 records a request, each answered
 * with a SaveResult {@code {"id","success","errors":[{"statusCode","message","fields"}]}} ({@code created} too for
 * upsert), in request order. With {@code allOrNone} nothing is written unless every record is valid, and the valid
 * records answer ALL_OR_NONE_OPERATION_ROLLED_BACK. Sources: REST API Developer Guide, "Create Records Using sObject
 * Collections", "Update Records ...", "Upsert Records ...", "Delete Records Using sObject Collections".
 *
 * <p>A body that cannot be read (not JSON, an unknown field, a value of the wrong JSON type) fails the whole request
 * with 400, as Salesforce deserialises the request before it saves any record; over 200 records is 400
 * EXCEEDED_ID_LIMIT "record limit reached. cannot submit more than 200 records into this call" (the message jsforce
 * users quote). Records of different types are accepted in any order; the ten-chunk limit is not modelled.
 */
public final class Collections {
    /** Records one request may carry. */
    public static final int MAX_RECORDS = 200;

    private final Org org;

    public Collections(Org org) {
        this.org = org;
    }

    /** {@code POST /composite/sobjects}. */
    public Reply create(HttpCall call) {
        Body body = body(call);
        Dml dml = new Dml(org);
        List<Dml.Write> writes = new ArrayList<>();
        for (JsonNode rec : body.records) {
            SObjectDef type = type(rec);
            if (type == null) {
                writes.add(Dml.failed(typeError(rec)));
                continue;
            }
            Read read = read(type, withoutAttributes(rec), true);
            writes.add(read.error != null ? Dml.failed(read.error) : dml.insert(type, read.values));
        }
        return answer(dml, writes, body.allOrNone, false);
    }

    /** {@code PATCH /composite/sobjects}: every record carries its Id. */
    public Reply update(HttpCall call) {
        Body body = body(call);
        Dml dml = new Dml(org);
        List<Dml.Write> writes = new ArrayList<>();
        for (JsonNode rec : body.records) {
            SObjectDef type = type(rec);
            ObjectNode fields = withoutAttributes(rec);
            String id = takeId(fields);
            if (type == null) {
                writes.add(Dml.failed(typeError(rec)));
            } else if (id == null) {
                writes.add(Dml.failed(new RowError("MISSING_ARGUMENT", "Id not specified in an update call",
                        List.of())));
            } else {
                Read read = read(type, fields, false);
                writes.add(read.error != null ? Dml.failed(id, read.error) : dml.update(type, id, read.values));
            }
        }
        return answer(dml, writes, body.allOrNone, false);
    }

    /** {@code PATCH /composite/sobjects/{type}/{field}}: an upsert on an external id field (or Id). */
    public Reply upsert(HttpCall call, String typeName, String fieldName) {
        SObjectDef type = org.find(typeName);
        if (type == null) {
            throw ApiException.notFound();
        }
        FieldDef key = type.field(fieldName);
        if (key == null) {
            throw new ApiException(404, "NOT_FOUND", "Provided external ID field does not exist or is not accessible: "
                    + fieldName);
        }
        if (!key.externalId() && key.type() != FieldType.ID) {
            throw new ApiException(400, "INVALID_FIELD", "Field name provided, " + key.name() + " is not an External"
                    + " ID or indexed field for " + type.name(), List.of(key.name()));
        }
        Body body = body(call);
        List<ObjectNode> records = new ArrayList<>();
        List<Object> keys = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode rec : body.records) {
            ObjectNode fields = withoutAttributes(rec);
            Object keyValue;
            if (key.type() == FieldType.ID) {
                keyValue = takeId(fields);
            } else {
                JsonNode v = fields.get(key.name());
                keyValue = v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
            }
            records.add(fields);
            keys.add(keyValue);
            if (keyValue != null) {
                seen.merge(TextValues.key(keyValue), 1, Integer::sum);
            }
        }
        Dml dml = new Dml(org);
        List<Dml.Write> writes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            Object keyValue = keys.get(i);
            if (keyValue != null && seen.get(TextValues.key(keyValue)) > 1) {
                // Every record sharing a key fails, as Salesforce cannot tell which one is meant.
                writes.add(Dml.failed(new RowError("DUPLICATE_VALUE", "Duplicate external id specified: " + keyValue,
                        List.of(key.name()))));
                continue;
            }
            Read read = read(type, records.get(i), true);
            if (read.error != null) {
                writes.add(Dml.failed(read.error));
                continue;
            }
            Object typed = key.type() == FieldType.ID ? keyValue : read.values.get(key);
            writes.add(dml.upsert(type, key, typed, read.values));
        }
        return answer(dml, writes, body.allOrNone, true);
    }

    /** {@code DELETE /composite/sobjects?ids=a,b[&allOrNone=true]}: to the recycle bin. */
    public Reply delete(HttpCall call) {
        String ids = call.param("ids");
        if (ids == null || ids.isBlank()) {
            throw new ApiException(400, "MISSING_ARGUMENT", "ids parameter is required");
        }
        String[] list = ids.split(",");
        if (list.length > MAX_RECORDS) {
            throw tooMany();
        }
        boolean allOrNone = Boolean.parseBoolean(call.param("allOrNone"));
        Dml dml = new Dml(org);
        List<Dml.Write> writes = new ArrayList<>();
        for (String id : list) {
            writes.add(dml.delete(null, id.trim(), false));
        }
        return answer(dml, writes, allOrNone, false);
    }

    private Reply answer(Dml dml, List<Dml.Write> writes, boolean allOrNone, boolean upsert) {
        boolean anyFailed = writes.stream().anyMatch(w -> w.error() != null);
        ArrayNode out = Json.array();
        for (Dml.Write w : writes) {
            Dml.Result r;
            if (allOrNone && anyFailed) {
                r = new Dml.Result(w.error() != null ? w.id() : null, false,
                        w.error() != null ? w.error() : RowError.ROLLED_BACK);
            } else {
                r = dml.apply(w);
            }
            ObjectNode o = out.addObject();
            if (r.id() != null) {
                o.put("id", r.id());
            }
            o.put("success", r.success());
            ArrayNode errors = o.putArray("errors");
            if (r.error() != null) {
                ObjectNode e = errors.addObject();
                e.put("statusCode", r.error().statusCode());
                e.put("message", r.error().message());
                ArrayNode fields = e.putArray("fields");
                r.error().fields().forEach(fields::add);
            }
            if (upsert) {
                o.put("created", r.created());
            }
        }
        return Reply.json(200, Json.bytes(out));
    }

    private record Body(List<JsonNode> records, boolean allOrNone) {
    }

    /** A record's typed values, or the record's own error. */
    private record Read(Map<FieldDef, Object> values, RowError error) {
    }

    /**
     * Reads a record's fields. What cannot be deserialised (malformed JSON values, unknown fields) fails the request;
     * what a valid value breaks (length, range, a read-only field, a null required field) fails only the record.
     */
    private static Read read(SObjectDef type, ObjectNode fields, boolean create) {
        try {
            return new Read(FieldValues.read(type, fields, create), null);
        } catch (ApiException e) {
            if (e.errorCode().equals("JSON_PARSER_ERROR") || e.errorCode().equals("INVALID_FIELD")) {
                throw e;
            }
            return new Read(null, RowError.of(e));
        }
    }

    private static Body body(HttpCall call) {
        JsonNode root = Json.parse(call.body());
        JsonNode records = root.path("records");
        if (!root.isObject() || !records.isArray()) {
            throw new ApiException(400, "JSON_PARSER_ERROR", "The request body must be a JSON object with a records"
                    + " array");
        }
        if (records.size() > MAX_RECORDS) {
            throw tooMany();
        }
        List<JsonNode> list = new ArrayList<>();
        records.forEach(list::add);
        return new Body(list, root.path("allOrNone").asBoolean(false));
    }

    private static ApiException tooMany() {
        return new ApiException(400, "EXCEEDED_ID_LIMIT", "record limit reached. cannot submit more than "
                + MAX_RECORDS + " records into this call");
    }

    /** The record's type from {@code attributes.type}, or null when missing or unknown. */
    private SObjectDef type(JsonNode rec) {
        String name = rec.path("attributes").path("type").asText("");
        return name.isEmpty() ? null : org.find(name);
    }

    private static RowError typeError(JsonNode rec) {
        String name = rec.path("attributes").path("type").asText("");
        return name.isEmpty()
                ? new RowError("INVALID_TYPE", "Must send a concrete entity type.", List.of())
                : new RowError("INVALID_TYPE", "sObject type '" + name + "' is not supported.", List.of());
    }

    private static ObjectNode withoutAttributes(JsonNode rec) {
        if (!rec.isObject()) {
            throw new ApiException(400, "JSON_PARSER_ERROR", "Each record must be a JSON object");
        }
        ObjectNode copy = ((ObjectNode) rec).deepCopy();
        copy.remove("attributes");
        return copy;
    }

    /** Removes the record's Id ({@code id} or {@code Id}, any case) and returns it, or null. */
    private static String takeId(ObjectNode fields) {
        for (Iterator<String> it = fields.fieldNames(); it.hasNext();) {
            String name = it.next();
            if (name.equalsIgnoreCase("id")) {
                JsonNode v = fields.get(name);
                it.remove();
                return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
            }
        }
        return null;
    }
}
