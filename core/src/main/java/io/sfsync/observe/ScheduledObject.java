package io.sfsync.observe;

import io.sfsync.warehouse.TableRef;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An object synced on a schedule: a route made from the template {@code sync-object} (a stanza of
 * config/objects.properties, or a {@code templatedRoute}), with the defaults the template applies.
 *
 * @param routeId the route's id ({@code sync-account})
 * @param sobject the sObject
 * @param target the table it is loaded into
 * @param cron its Quartz cron expression
 */
public record ScheduledObject(String routeId, String sobject, TableRef target, String cron) {
    /** The template's default schedule (routes/sync-object.camel.yaml). */
    public static final String DEFAULT_CRON = "0 0/15 * * * ?";

    /**
     * The scheduled object a templated route stands for, from its template parameters (values go through
     * {@code resolve}, for placeholders); empty when the route is not one of sfsync's scheduled syncs.
     */
    public static Optional<ScheduledObject> of(String routeId, Map<String, ?> parameters, String defaultSchema,
            UnaryOperator<String> resolve) {
        String sobject = value(parameters, "sobject", null, resolve);
        if (parameters == null || sobject == null || !parameters.containsKey("cron")) {
            return Optional.empty();
        }
        return Optional.of(new ScheduledObject(routeId, sobject, new TableRef(value(parameters, "schema",
                defaultSchema, resolve), value(parameters, "table", sobject, resolve)),
                value(parameters, "cron", DEFAULT_CRON, resolve)));
    }

    private static String value(Map<String, ?> parameters, String key, String fallback, UnaryOperator<String> resolve) {
        Object v = parameters == null ? null : parameters.get(key);
        if (v == null || v.toString().isBlank()) {
            return fallback;
        }
        String resolved = resolve.apply(v.toString().trim());
        return resolved == null || resolved.isBlank() ? fallback : resolved.trim();
    }
}
