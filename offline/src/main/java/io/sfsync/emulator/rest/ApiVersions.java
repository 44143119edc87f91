package io.sfsync.emulator.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.http.Json;

import java.util.Locale;

/** The API versions the emulator serves (31.0 Summer '14 to 67.0 Summer '26) and their release labels. */
public final class ApiVersions {
    public static final int OLDEST = 31;
    public static final int NEWEST = 67;
    /** The oldest version with Bulk API 2.0 query jobs. */
    public static final int BULK_QUERY_SINCE = 47;
    /** Bulk API 2.0 ingest jobs ("Bulk API 2.0 ... available in API version 41.0 and later"). */
    public static final int BULK_INGEST_SINCE = 41;
    /** sObject Collections create, update and delete (REST API Developer Guide: API version 42.0 and later). */
    public static final int COLLECTIONS_SINCE = 42;
    /** sObject Collections upsert (API version 46.0 and later). */
    public static final int COLLECTIONS_UPSERT_SINCE = 46;

    private ApiVersions() {
    }

    /** {@code 62.0} from a path segment {@code v62.0}; null when the segment is not a served version. */
    public static String parse(String segment) {
        if (segment == null || !segment.matches("v\\d{2}\\.0")) {
            return null;
        }
        int major = Integer.parseInt(segment.substring(1, 3));
        return major >= OLDEST && major <= NEWEST ? major + ".0" : null;
    }

    public static int major(String version) {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /** The release a version shipped in, e.g. 56 -> {@code Winter '23}. */
    static String label(int major) {
        int index = major - 56;
        String season = switch (Math.floorMod(index, 3)) {
            case 0 -> "Winter";
            case 1 -> "Spring";
            default -> "Summer";
        };
        int year = 23 + Math.floorDiv(index, 3);
        return season + " '" + String.format(Locale.ROOT, "%02d", year);
    }

    /** {@code GET /services/data}: oldest first. */
    static ArrayNode list() {
        ArrayNode out = Json.array();
        for (int v = OLDEST; v <= NEWEST; v++) {
            ObjectNode o = out.addObject();
            o.put("label", label(v));
            o.put("url", "/services/data/v" + v + ".0");
            o.put("version", v + ".0");
        }
        return out;
    }
}
