package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.DeleteMode;
import io.sfsync.api.SyncRequest;
import io.sfsync.plan.Thresholds;

import java.util.Map;

/** A run's request as the {@code Sfsync*} headers give it, each value checked, with one clear error per mistake. */
final class SyncRequests {
    private SyncRequests() {
    }

    /**
     * The request the {@code Sfsync*} headers describe (as Camel's bean binding hands them over, {@code @Headers});
     * one clear error for a missing or unreadable value.
     */
    static SyncRequest request(Map<String, Object> headers) {
        String sobject = text(headers, SyncHeaders.SOBJECT);
        if (sobject == null) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "no sObject given: set the header "
                    + SyncHeaders.SOBJECT);
        }
        return new SyncRequest(sobject, text(headers, SyncHeaders.SCHEMA), text(headers, SyncHeaders.TABLE),
                text(headers, SyncHeaders.MATCH_FIELD), bool(headers, SyncHeaders.USE_STAGE),
                text(headers, SyncHeaders.STAGE_NAME), Boolean.TRUE.equals(bool(headers, SyncHeaders.FORCE_FULL_SYNC)),
                number(headers, SyncHeaders.BULK_API_THRESHOLD), number(headers, SyncHeaders.STAGE_THRESHOLD),
                text(headers, SyncHeaders.WATERMARK_FIELD), deleteMode(text(headers, SyncHeaders.DELETE_MODE)),
                bool(headers, SyncHeaders.RECONCILE_IDS));
    }

    /** A header's text, trimmed; null when it is missing or blank. */
    private static String text(Map<String, Object> headers, String header) {
        Object v = headers.get(header);
        return v == null || v.toString().isBlank() ? null : v.toString().trim();
    }

    private static DeleteMode deleteMode(String value) {
        if (value == null) {
            return null;
        }
        try {
            return DeleteMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, SyncHeaders.DELETE_MODE + ": " + e.getMessage());
        }
    }

    private static Boolean bool(Map<String, Object> headers, String header) {
        String s = text(headers, header);
        if (s == null) {
            return null;
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new SyncException(SyncError.INVALID_CONFIGURATION, header + " must be true or false, got '" + s + "'");
    }

    private static Long number(Map<String, Object> headers, String header) {
        String v = text(headers, header);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, header + " must be a whole number, got '" + v
                    + "'");
        }
    }

    /** The request's thresholds over the settings' ones, checked (the stage one may not be below the Bulk one). */
    static Thresholds thresholds(SyncRequest r, SyncSettings settings) {
        long bulk = r.bulkApiThreshold() == null ? settings.bulkApiThreshold() : r.bulkApiThreshold();
        long stage = r.stageThreshold() == null ? settings.stageThreshold() : r.stageThreshold();
        try {
            return new Thresholds(bulk, stage);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, e.getMessage(), e);
        }
    }
}
