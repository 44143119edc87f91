package io.sfsync.app;

import io.sfsync.api.Defaults;
import io.sfsync.checkpoint.Checkpoints;
import io.sfsync.cluster.ClusterSchedule;
import io.sfsync.plan.FormulaRefresh;
import io.sfsync.reverse.ReverseSettings;
import io.sfsync.salesforce.SfsyncSalesforce;
import io.sfsync.sync.GracefulStop;
import io.sfsync.sync.LocalDisk;
import io.sfsync.sync.Retries;
import io.sfsync.sync.RunLock;
import io.sfsync.sync.RunSlots;
import io.sfsync.sync.ScheduledSlot;
import io.sfsync.sync.SyncSettings;
import io.sfsync.sync.BulkExtractSteps;
import io.sfsync.sync.BulkResumeSteps;
import io.sfsync.sync.CommitSteps;
import io.sfsync.sync.FailureSteps;
import io.sfsync.sync.FormulaSteps;
import io.sfsync.sync.LoadSteps;
import io.sfsync.sync.PlanSteps;
import io.sfsync.sync.RecordEdits;
import io.sfsync.sync.ReverseFailureSteps;
import io.sfsync.sync.ReverseIngestSteps;
import io.sfsync.sync.ReverseSteps;
import io.sfsync.sync.RecordGroup;
import io.sfsync.sync.RestExtractSteps;
import io.sfsync.sync.SyncServices;
import io.sfsync.warehouse.ControlTables;
import io.sfsync.warehouse.Warehouse;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Binds the beans sfsync's routes call ({@code sync}) and the warehouse they load, from the {@code sfsync.*}
 * properties, and adds sfsync's own Salesforce component ({@code sfsync-salesforce}, see {@link SfsyncSalesforce}).
 * It makes the one {@link Checkpoints} of the context, from the system properties (passing straight through unless a
 * crash test set them), and hands it to the beans and the warehouse.
 * camel-main picks it up through {@code camel.main.configuration-classes}; an embedding estate calls
 * {@link #configure(CamelContext)} itself before it adds the routes.
 */
public final class SfsyncConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        PropertiesComponent props = context.getPropertiesComponent();
        // sfsync's defaults (config/application.properties inside the jar, their one home) as Camel's lowest-priority
        // properties: the routes' placeholders ({{sfsync.stage-threshold}}) resolve in any estate.
        Defaults.all().forEach((key, value) -> {
            if (props.resolveProperty(key).isEmpty()) {
                props.addInitialProperty(key, value);
            }
        });
        // sfsync's own Salesforce component, beside any salesforce component of the estate
        SfsyncSalesforce.install(context);
        SyncSettings settings = SyncSettings.from(key -> props.resolveProperty(key).orElse(null));
        Checkpoints checkpoints = Checkpoints.fromSystemProperties();
        Warehouse warehouse = Warehouses.fromProperties(key -> props.resolveProperty(key).orElse(null), checkpoints);
        context.getRegistry().bind("sfsync-warehouse", warehouse);
        // sfsync.cluster.*: Quartz's clustered job store and a run lock across the nodes; otherwise within this JVM.
        String clusterUrl = props.resolveProperty("sfsync.cluster.jdbc-url").orElse(null);
        if (clusterUrl != null && !clusterUrl.isBlank()) {
            Drivers.POSTGRESQL.require();
        }
        RunLock runLock = ClusterSchedule.configure(context, key -> props.resolveProperty(key).orElse(null));
        SyncServices services = new SyncServices(settings, warehouse, runLock,
                LocalDisk.Settings.from(key -> props.resolveProperty(key).orElse(null)), checkpoints,
                RunSlots.Settings.from(key -> props.resolveProperty(key).orElse(null)));
        // one bean per stage, named after its route file
        context.getRegistry().bind("sfsync-plan", new PlanSteps(services));
        context.getRegistry().bind("sfsync-extract-rest", new RestExtractSteps(services));
        context.getRegistry().bind("sfsync-extract-bulk", new BulkExtractSteps(services));
        context.getRegistry().bind("sfsync-bulk-resume", new BulkResumeSteps(services));
        context.getRegistry().bind("sfsync-load", new LoadSteps(services));
        context.getRegistry().bind("sfsync-commit", new CommitSteps(services));
        context.getRegistry().bind("sfsync-failure", new FailureSteps(services));
        ControlTables control = new ControlTables(warehouse, props.resolveProperty("sfsync.warehouse.control-schema")
                .orElse("SFSYNC_CONTROL"));
        context.getRegistry().bind("sfsync-formulas", new FormulaSteps(target -> control.runsSinceLast(target,
                FormulaRefresh.countedMethods(), FormulaRefresh.restartingMethods())));
        context.getRegistry().bind("sfsync-record-group", new RecordGroup());
        context.getRegistry().bind("sfsync-record", new RecordEdits());
        ReverseSettings reverse = ReverseSettings.from(key -> props.resolveProperty(key).orElse(null));
        context.getRegistry().bind("sfsync-reverse", new ReverseSteps(services, reverse));
        context.getRegistry().bind("sfsync-reverse-ingest", new ReverseIngestSteps(services, reverse));
        context.getRegistry().bind("sfsync-reverse-failure", new ReverseFailureSteps(services));
        Observability.bind(context, services, warehouse, key -> props.resolveProperty(key).orElse(null));
        context.getRegistry().bind("sfsync-schedule", new ScheduledSlot());
        GracefulStop stop = new GracefulStop();
        context.getRegistry().bind("sfsync-graceful-stop", stop);
        context.getManagementStrategy().addEventNotifier(stop);
        Retries retries = new Retries();
        context.getRegistry().bind("sfsync-retryable", retries);
        context.getRegistry().bind("sfsync-on-retry", retries);
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStart() {
                    warehouse.open();
                }

                @Override
                protected void doStop() {
                    warehouse.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the warehouse for shutdown", e);
        }
    }
}
