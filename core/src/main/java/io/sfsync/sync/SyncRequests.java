package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;
import io.sfsync.api.DeleteMode;
import io.sfsync.api.SyncRequest;
import io.sfsync.plan.Thresholds;

import org.apache.camel.Message;

/** A run's request as the {@code Sfsync*} headers give it, each value checked, with one clear error per mistake. */
final class SyncRequests {
    private SyncRequests() {
    }

    /** The request the {@code Sfsync*} headers describe; one clear error for a missing or unreadable value. */
    static SyncRequest request(Message m) {
        String sobject = m.getHeader(SyncHeaders.SOBJECT, String.class);
        if (sobject == null || sobject.isBlank()) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, "no sObject given: set the header "
                    + SyncHeaders.SOBJECT);
        }
        return new SyncRequest(sobject.trim(), blankToNull(m.getHeader(SyncHeaders.SCHEMA, String.class)),
                blankToNull(m.getHeader(SyncHeaders.TABLE, String.class)),
                blankToNull(m.getHeader(SyncHeaders.MATCH_FIELD, String.class)),
                m.getHeader(SyncHeaders.USE_STAGE, Boolean.class),
                blankToNull(m.getHeader(SyncHeaders.STAGE_NAME, String.class)),
                Boolean.TRUE.equals(m.getHeader(SyncHeaders.FORCE_FULL_SYNC, Boolean.class)),
                number(m, SyncHeaders.BULK_API_THRESHOLD), number(m, SyncHeaders.STAGE_THRESHOLD),
                blankToNull(m.getHeader(SyncHeaders.WATERMARK_FIELD, String.class)),
                deleteMode(m.getHeader(SyncHeaders.DELETE_MODE, String.class)),
                bool(m, SyncHeaders.RECONCILE_IDS));
    }

    private static DeleteMode deleteMode(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return DeleteMode.parse(value);
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, SyncHeaders.DELETE_MODE + ": " + e.getMessage());
        }
    }

    private static Boolean bool(Message m, String header) {
        Object v = m.getHeader(header);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        String s = v.toString().trim();
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new SyncException(SyncError.INVALID_CONFIGURATION, header + " must be true or false, got '" + v + "'");
    }

    private static Long number(Message m, String header) {
        Object v = m.getHeader(header);
        if (v == null || v.toString().isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.toString().trim().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new SyncException(SyncError.INVALID_CONFIGURATION, header + " must be a whole number, got '" + v
                    + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
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
