package io.sfsync.app;

import io.sfsync.observe.HealthSettings;
import io.sfsync.observe.ObjectFreshnessCheck;
import io.sfsync.observe.SalesforceLoginCheck;
import io.sfsync.observe.ScheduledObject;
import io.sfsync.observe.SyncMetrics;
import io.sfsync.observe.TargetWatch;
import io.sfsync.observe.WarehouseCheck;
import io.sfsync.sync.SyncServices;
import io.sfsync.warehouse.Warehouse;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Binds sfsync's metrics ({@code sfsync-metrics}, fed by every run) and health checks (the Salesforce login, the
 * warehouse, one per scheduled object; {@code sfsync.health.*}) into the registry, where camel-main's health check
 * registry and camel-micrometer find them.
 */
final class Observability {
    private Observability() {
    }

    static void bind(CamelContext context, SyncServices steps, Warehouse warehouse, Function<String, String> property) {
        Clock clock = Clock.systemUTC();
        HealthSettings health = HealthSettings.from(property);
        TargetWatch watch = new TargetWatch(warehouse);
        Registry registry = context.getRegistry();
        SyncMetrics metrics = new SyncMetrics(() -> meterRegistry(registry), watch, clock);
        steps.observer(metrics);
        registry.bind("sfsync-metrics", metrics);
        if (health.enabled()) {
            registry.bind("sfsync-salesforce-login-check", new SalesforceLoginCheck(context, health.loginCheck(), clock));
            registry.bind("sfsync-warehouse-check", new WarehouseCheck(warehouse, health.warehouseCheck(), clock));
        }
        String schema = property.apply("sfsync.default-schema");
        String defaultSchema = schema == null || schema.isBlank() ? "RAW" : schema.trim();
        try {
            // When the context starts, the scheduled routes exist and camel-micrometer has bound its registry.
            context.addService(new ServiceSupport() {
                @Override
                protected void doStart() {
                    List<ScheduledObject> objects = scheduledObjects(context, defaultSchema);
                    metrics.watch(objects);
                    HealthCheckRegistry checks = HealthCheckRegistry.get(context);
                    if (health.enabled() && checks != null) {
                        for (ScheduledObject o : objects) {
                            checks.register(new ObjectFreshnessCheck(o, watch, health, clock));
                        }
                    }
                }
            }, false, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register sfsync's metrics and health checks", e);
        }
    }

    /** The routes made from the template {@code sync-object}. */
    private static List<ScheduledObject> scheduledObjects(CamelContext context, String defaultSchema) {
        List<ScheduledObject> out = new ArrayList<>();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        if (model == null) {
            return out;
        }
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (route.isCreatedFromTemplate()) {
                ScheduledObject.of(route.getRouteId(), route.getTemplateParameters(), defaultSchema, value -> {
                    try {
                        return context.resolvePropertyPlaceholders(value);
                    } catch (RuntimeException e) {
                        return value;
                    }
                }).ifPresent(out::add);
            }
        }
        return out;
    }

    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry named = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return named != null ? named : registry.findSingleByType(MeterRegistry.class);
    }
}
