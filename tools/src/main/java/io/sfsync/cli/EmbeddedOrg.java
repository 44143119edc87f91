package io.sfsync.cli;

import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;

import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default of the command line: with no Salesforce login configured, {@code run}, {@code sync},
 * {@code plan} and {@code demo} sync from the offline demo org, started for the run and stopped after it. (The
 * product itself never starts it: an estate that embeds sfsync configures its own org.)
 */
final class EmbeddedOrg {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedOrg.class);

    private EmbeddedOrg() {
    }

    /** The demo org with its changes kept in {@code journal}, logged in to by {@code runtime} and closed after it. */
    static SalesforceEmulator start(SfsyncRuntime runtime, Path journal) {
        SalesforceEmulator org = SalesforceEmulator.start(EmulatorConfig.builder().volumes(DemoCommand.VOLUMES)
                .journal(journal).build());
        runtime.setAll(org.loginProperties()).closeAfterRun(org);
        LOG.info("No Salesforce credentials configured: using the embedded offline demo org at {}", org.baseUrl());
        return org;
    }

    /** {@link #start} unless the configuration logs in to an org of its own. */
    static void unlessConfigured(SfsyncRuntime runtime) {
        if (!runtime.hasSalesforceCredentials()) {
            start(runtime, Path.of("data", "emulator.journal"));
        }
    }
}
