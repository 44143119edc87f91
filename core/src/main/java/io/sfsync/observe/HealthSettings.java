package io.sfsync.observe;

import java.time.Duration;
import java.util.function.Function;

/**
 * The {@code sfsync.health.*} keys: whether sfsync's health checks are registered, how often the Salesforce login and
 * the warehouse are really tried (results are kept in between), and how old an object's last successful sync may be.
 *
 * @param enabled whether sfsync registers its checks ({@code sfsync.health.enabled}, default true)
 * @param loginCheck at most one real Salesforce login per this period ({@code sfsync.health.login-check-seconds},
 *     default 300: a real org limits logins per user and hour)
 * @param warehouseCheck at most one warehouse query per this period ({@code sfsync.health.warehouse-check-seconds},
 *     default 30)
 * @param maxAgeIntervals an object is stale when its last successful sync is older than this many schedule intervals
 *     ({@code sfsync.health.max-age-intervals}, default 3)
 * @param startupGrace how long an object that never synced may wait after the process started, at least
 *     ({@code sfsync.health.startup-grace-seconds}, default 3600: a first full sync of a large object takes a while)
 */
public record HealthSettings(boolean enabled, Duration loginCheck, Duration warehouseCheck, double maxAgeIntervals,
        Duration startupGrace) {

    public HealthSettings {
        if (maxAgeIntervals <= 0) {
            throw new IllegalArgumentException("sfsync.health.max-age-intervals must be above 0, got "
                    + maxAgeIntervals);
        }
    }

    /** From properties; a missing key takes its default. */
    public static HealthSettings from(Function<String, String> property) {
        return new HealthSettings(!"false".equalsIgnoreCase(value(property, "enabled", "true")),
                Duration.ofMillis(millis(property, "login-check-seconds", "300")),
                Duration.ofMillis(millis(property, "warehouse-check-seconds", "30")),
                number(property, "max-age-intervals", "3"),
                Duration.ofMillis(millis(property, "startup-grace-seconds", "3600")));
    }

    private static String value(Function<String, String> property, String key, String fallback) {
        String v = property.apply("sfsync.health." + key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    private static double number(Function<String, String> property, String key, String fallback) {
        String v = value(property, key, fallback);
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sfsync.health." + key + " must be a number of at least 0, got '" + v
                    + "'", e);
        }
    }

    private static long millis(Function<String, String> property, String key, String fallback) {
        return Math.round(number(property, key, fallback) * 1000);
    }
}
