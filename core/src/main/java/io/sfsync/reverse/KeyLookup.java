package io.sfsync.reverse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The dry run's lookup of keys in Salesforce: which rows would update an existing record, which would insert. */
public final class KeyLookup {
    /** Keys per lookup query: the SOQL travels in the URL (Salesforce takes 16,384 bytes of URI and headers). */
    public static final int MAX_KEYS = 200;
    /** Characters of key literals per lookup query, well inside the URI limit once URL-encoded. */
    public static final int MAX_CHARS = 8_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyLookup() {
    }

    /** The keys a lookup's answer (a REST query page, raw JSON) holds. */
    public static Set<String> found(String page, String keyField) {
        Set<String> out = new HashSet<>();
        try {
            for (JsonNode r : JSON.readTree(page).path("records")) {
                out.add(r.path(keyField).asText());
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the key lookup's answer is not a query result: " + e.getOriginalMessage(),
                    e);
        }
        return out;
    }

    /** {@code SELECT key FROM SObject WHERE key IN (literals)}. */
    public static String soql(String sobject, String keyField, List<String> literals) {
        return "SELECT " + keyField + " FROM " + sobject + " WHERE " + keyField + " IN (" + String.join(",", literals)
                + ")";
    }

    /** A SOQL string literal: backslash and quote escaped. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
