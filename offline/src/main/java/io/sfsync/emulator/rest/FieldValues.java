package io.sfsync.emulator.rest;

import com.fasterxml.jackson.databind.JsonNode;

import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.dml.TextValues;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.emulator.model.ValueFormats;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the JSON body of a create or update into typed field values, with Salesforce's DML errors. */
final class FieldValues {
    private FieldValues() {
    }

    static Map<FieldDef, Object> read(SObjectDef type, JsonNode body, boolean create) {
        if (!body.isObject()) {
            throw new ApiException(400, "JSON_PARSER_ERROR", "The request body must be a JSON object");
        }
        Map<FieldDef, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("attributes")) {
                continue;
            }
            FieldDef f = type.field(e.getKey());
            if (f == null) {
                throw new ApiException(400, "INVALID_FIELD", "No such column '" + e.getKey() + "' on sobject of type "
                        + type.name());
            }
            if (create ? !f.createable() : !f.updateable()) {
                throw new ApiException(400, "INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: "
                        + f.name() + ". Please check the security settings of this field and verify that it is "
                        + "read/write for your profile or permission set.", List.of(f.name()));
            }
            out.put(f, coerce(f, e.getValue()));
        }
        return out;
    }

    private static Object coerce(FieldDef f, JsonNode v) {
        if (v == null || v.isNull()) {
            if (!f.nillable() && f.type() != FieldType.BOOLEAN) {
                throw new ApiException(400, "REQUIRED_FIELD_MISSING", "Required fields are missing: [" + f.name() + "]",
                        List.of(f.name()));
            }
            return f.type() == FieldType.BOOLEAN ? Boolean.FALSE : null;
        }
        try {
            return switch (f.type()) {
                case BOOLEAN -> v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(v.asText());
                case INT -> v.isNumber() ? v.intValue() : Integer.parseInt(v.asText().trim());
                case LONG -> v.isNumber() ? v.longValue() : Long.parseLong(v.asText().trim());
                case DOUBLE, CURRENCY, PERCENT -> number(f, v);
                case DATE -> LocalDate.parse(v.asText().length() > 10 ? v.asText().substring(0, 10) : v.asText());
                case DATETIME -> ValueFormats.parseDateTime(v.asText());
                case TIME -> ValueFormats.parseTime(v.asText());
                case REFERENCE -> TextValues.reference(f, v.asText());
                case BASE64 -> base64(v.asText());
                case EMAIL -> TextValues.email(f, v.asText());
                default -> TextValues.text(f, v.isTextual() ? v.asText() : v.toString());
            };
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ApiException(400, "JSON_PARSER_ERROR", "Cannot deserialize instance of "
                    + f.type().soapType().replace("xsd:", "") + " from " + v.getNodeType() + " value " + v.asText()
                    + " or request may be missing a required field", List.of(f.name()));
        }
    }

    private static BigDecimal number(FieldDef f, JsonNode v) {
        return TextValues.number(f, v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim()));
    }

    private static String base64(String s) {
        Base64.getMimeDecoder().decode(s);
        return s;
    }
}
