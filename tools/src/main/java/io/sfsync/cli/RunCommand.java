package io.sfsync.cli;

import io.sfsync.app.SfsyncRuntime;

/**
 * {@code sfsync run}: the long-lived camel-main process that syncs the objects of {@code config/objects.properties}
 * on their Quartz schedules. Without Salesforce credentials it syncs from the embedded offline demo org.
 */
final class RunCommand {
    private RunCommand() {
    }

    static int run(String[] args) throws Exception {
        SfsyncRuntime runtime = new SfsyncRuntime().loadConfig(true);
        // GET /sfsync/status and /sfsync/history on camel.server.host:port, for `sfsync status` and `history`.
        runtime.setIfAbsent("camel.server.enabled", "true");
        EmbeddedOrg.unlessConfigured(runtime);
        return runtime.run(null);
    }
}
