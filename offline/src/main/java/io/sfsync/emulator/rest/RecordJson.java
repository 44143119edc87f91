package io.sfsync.emulator.rest;

import com.fasterxml.jackson.core.JsonGenerator;

import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.RowView;
import io.sfsync.emulator.model.ValueFormats;
import io.sfsync.emulator.soql.EvalContext;
import io.sfsync.emulator.soql.FieldPath;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes records as REST returns them: an {@code attributes} object on every record and every parent record, fields in
 * SELECT order with canonical names, child-to-parent paths as nested objects ({@code "Owner":{..,"Name":..}}),
 * {@code null} for an empty field or a missing parent.
 */
final class RecordJson {
    private final String version;
    private final Node root;

    private RecordJson(String version, Node root) {
        this.version = version;
        this.root = root;
    }

    /** A writer for the records of a query with these SELECT paths. */
    static RecordJson forPaths(String version, List<FieldPath> paths) {
        Node root = new Node(null, null);
        for (FieldPath p : paths) {
            Node n = root;
            List<FieldDef> refs = p.references();
            List<String> names = p.relationshipNames();
            for (int i = 0; i < refs.size(); i++) {
                n = n.child(names.get(i), refs.get(i));
            }
            n.entries.add(p.field());
        }
        return new RecordJson(version, root);
    }

    /** A writer for every field of a type (sObject GET). */
    static RecordJson forFields(String version, List<FieldDef> fields) {
        Node root = new Node(null, null);
        root.entries.addAll(fields);
        return new RecordJson(version, root);
    }

    void write(JsonGenerator g, RowView row, EvalContext ctx) throws IOException {
        write(g, row, root, ctx);
    }

    private void write(JsonGenerator g, RowView row, Node node, EvalContext ctx) throws IOException {
        g.writeStartObject();
        attributes(g, row);
        for (Object e : node.entries) {
            if (e instanceof FieldDef f) {
                g.writeFieldName(f.name());
                value(g, row, f);
            } else {
                Node child = (Node) e;
                g.writeFieldName(child.relationship);
                Object id = row.get(child.reference);
                RowView parent = id == null ? null : ctx.resolver().byId((String) id);
                if (parent == null) {
                    g.writeNull();
                } else {
                    write(g, parent, child, ctx);
                }
            }
        }
        g.writeEndObject();
    }

    private void attributes(JsonGenerator g, RowView row) throws IOException {
        g.writeObjectFieldStart("attributes");
        g.writeStringField("type", row.type().name());
        g.writeStringField("url", "/services/data/v" + version + "/sobjects/" + row.type().name() + "/" + row.id());
        g.writeEndObject();
    }

    private void value(JsonGenerator g, RowView row, FieldDef f) throws IOException {
        Object v = row.get(f);
        if (v == null) {
            g.writeNull();
        } else if (f.type() == FieldType.BASE64) {
            g.writeString("/services/data/v" + version + "/sobjects/" + row.type().name() + "/" + row.id() + "/"
                    + f.name());
        } else if (f.type() == FieldType.ADDRESS) {
            compound(g, (Map<?, ?>) v, List.of("city", "country", "countryCode", "geocodeAccuracy", "latitude",
                    "longitude", "postalCode", "state", "stateCode", "street"));
        } else if (f.type() == FieldType.LOCATION) {
            compound(g, (Map<?, ?>) v, List.of("latitude", "longitude"));
        } else {
            scalar(g, f, v);
        }
    }

    private static void compound(JsonGenerator g, Map<?, ?> parts, List<String> keys) throws IOException {
        g.writeStartObject();
        for (String k : keys) {
            g.writeFieldName(k);
            Object v = parts.get(k);
            if (v == null) {
                g.writeNull();
            } else if (v instanceof BigDecimal d) {
                g.writeNumber(Double.toString(d.doubleValue()));
            } else {
                g.writeString(v.toString());
            }
        }
        g.writeEndObject();
    }

    static void scalar(JsonGenerator g, FieldDef f, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(v.toString());
        } else if (v instanceof BigDecimal) {
            g.writeNumber(ValueFormats.restNumber(f, v));
        } else if (v instanceof Instant i) {
            g.writeString(ValueFormats.restDateTime(i));
        } else if (v instanceof LocalDate d) {
            g.writeString(d.toString());
        } else if (v instanceof LocalTime t) {
            g.writeString(ValueFormats.time(t));
        } else {
            g.writeString(v.toString());
        }
    }

    /** One object level of the output: fields and parent relationships, in first-mention order. */
    private static final class Node {
        final String relationship;
        final FieldDef reference;
        final List<Object> entries = new ArrayList<>();

        Node(String relationship, FieldDef reference) {
            this.relationship = relationship;
            this.reference = reference;
        }

        Node child(String name, FieldDef ref) {
            for (Object e : entries) {
                if (e instanceof Node n && n.relationship.equals(name)) {
                    return n;
                }
            }
            Node n = new Node(name, ref);
            entries.add(n);
            return n;
        }
    }
}
