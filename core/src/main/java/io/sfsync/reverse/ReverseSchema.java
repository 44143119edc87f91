package io.sfsync.reverse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The writable side of an sObject's describe, and the check of a source's columns against it: every column must be a
 * field that the operation may write, named case-insensitively (Snowflake upper-cases unquoted names).
 */
public final class ReverseSchema {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Types a CSV or JSON value cannot carry (base64 needs a ZIP job or a blob request). */
    private static final List<String> UNSUPPORTED = List.of("base64", "anyType", "complexvalue");

    private final String sobject;
    private final Map<String, WritableField> byName = new LinkedHashMap<>();

    public ReverseSchema(String sobject, List<WritableField> fields) {
        this.sobject = sobject;
        for (WritableField f : fields) {
            byName.put(f.name().toLowerCase(Locale.ROOT), f);
        }
    }

    /** The schema in a describe body ({@code GET /sobjects/{SObject}/describe}). */
    public static ReverseSchema parse(String describe) {
        JsonNode root;
        try {
            root = JSON.readTree(describe == null ? "" : describe);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an sObject describe: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.path("fields").isArray()) {
            throw new IllegalArgumentException("not an sObject describe: it has no fields");
        }
        List<WritableField> fields = new ArrayList<>();
        for (JsonNode f : root.path("fields")) {
            fields.add(new WritableField(f.path("name").asText(), f.path("type").asText(), f.path("scale").asInt(),
                    f.path("createable").asBoolean(), f.path("updateable").asBoolean(),
                    f.path("externalId").asBoolean(), f.path("idLookup").asBoolean()));
        }
        return new ReverseSchema(root.path("name").asText(), fields);
    }

    public String sobject() {
        return sobject;
    }

    /** The field of this name (any case), or null. */
    public WritableField field(String name) {
        return name == null ? null : byName.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * The fields the source's columns write, in column order, the key field included; every column that cannot be
     * written is refused at once, each with its reason, in one {@link IllegalArgumentException} (the run fails with
     * {@code UNWRITABLE_COLUMN}).
     */
    public List<WritableField> check(List<String> columns, String keyField) {
        ReverseOperation operation = ReverseOperation.keyedOn(keyField);
        List<String> problems = new ArrayList<>();
        WritableField key = field(keyField);
        if (key == null) {
            problems.add("the key field " + keyField + " is not a field of " + sobject);
        } else if (operation == ReverseOperation.UPSERT && !key.externalId() && !key.idLookup()) {
            problems.add("the key field " + key.name() + " is neither an External ID nor an idLookup field of "
                    + sobject + ": an upsert can key only on one (mark it External ID in Setup, or key on Id to"
                    + " update)");
        }
        boolean keyColumn = false;
        List<WritableField> out = new ArrayList<>();
        for (String column : columns) {
            WritableField f = field(column);
            String why = null;
            if (f == null) {
                why = "not a field of " + sobject;
            } else if (f.equals(key)) {
                keyColumn = true;
            } else if (f.isCompound()) {
                why = "the compound " + f.type() + " field " + f.name() + " is written through its components"
                        + " (BillingStreet, BillingCity, ...), not as a whole";
            } else if (UNSUPPORTED.contains(f.type())) {
                why = f.name() + " is a " + f.type() + " field, which a reverse sync does not write";
            } else if (operation == ReverseOperation.UPDATE ? !f.updateable() : !f.createable() && !f.updateable()) {
                why = f.name() + " is not writable (createable=" + f.createable() + ", updateable="
                        + f.updateable() + ")";
            }
            if (why != null) {
                problems.add("column " + column + ": " + why);
            } else {
                out.add(f);
            }
        }
        if (key != null && !keyColumn) {
            problems.add("the source has no column " + key.name() + ", the key of the " + operation.apiName());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("reverse sync into " + sobject + " refused before"
                    + " anything was sent: " + String.join("; ", problems) + ". Select only writable fields of "
                    + sobject + " (alias the columns to their API names)");
        }
        return out;
    }
}
