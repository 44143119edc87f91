package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.DemoSchema;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.Ids;
import io.sfsync.emulator.model.RowResolver;
import io.sfsync.emulator.model.RowView;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.emulator.model.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An in-memory org for SOQL tests: the demo schema, map-backed rows and an Id resolver. */
final class TestOrg implements Schema, RowResolver {

    private final Map<String, SObjectDef> types = new LinkedHashMap<>();
    private final Map<String, RowView> byId = new HashMap<>();
    private final Map<String, List<RowView>> rows = new HashMap<>();

    TestOrg() {
        for (SObjectDef t : DemoSchema.all()) {
            types.put(t.name().toLowerCase(Locale.ROOT), t);
        }
    }

    @Override
    public SObjectDef find(String name) {
        return types.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public Collection<SObjectDef> all() {
        return types.values();
    }

    @Override
    public RowView byId(String id) {
        return byId.get(id.length() == 15 ? to18(id) : id);
    }

    /** Adds a record of {@code type} with the 15-character Id {@code id15} and field name/value pairs. */
    RowView add(String type, String id15, Object... nameValues) {
        SObjectDef def = find(type);
        Map<String, Object> values = new HashMap<>();
        values.put("Id", to18(id15));
        for (int i = 0; i < nameValues.length; i += 2) {
            FieldDef f = def.field((String) nameValues[i]);
            if (f == null) {
                throw new IllegalArgumentException("no field " + nameValues[i] + " on " + type);
            }
            values.put(f.name(), nameValues[i + 1]);
        }
        RowView row = new MapRow(def, values);
        byId.put(to18(id15), row);
        rows.computeIfAbsent(def.name(), k -> new ArrayList<>()).add(row);
        return row;
    }

    List<RowView> rows(String type) {
        return rows.getOrDefault(find(type).name(), List.of());
    }

    /** The 18-character form of a 15-character Id (the case-checksum suffix). */
    static String to18(String id15) {
        return Ids.to18(id15);
    }

    /** A record held as a map from field name to value. */
    record MapRow(SObjectDef type, Map<String, Object> values) implements RowView {
        @Override
        public Object get(FieldDef field) {
            return values.get(field.name());
        }

        @Override
        public String toString() {
            return type.name() + values;
        }
    }
}
