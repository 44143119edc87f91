package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;

import java.util.Date;

import org.apache.camel.Exchange;
import org.apache.camel.component.quartz.QuartzMessage;
import org.quartz.JobExecutionContext;

/**
 * The schedule's step before a run (bean {@code sfsync-schedule}): notes which slot of the cron the Quartz trigger
 * fired for, and whether it is a recovery (the node that ran that slot died during it and another node runs it
 * again), so the run's start line says so. Stateless.
 */
public final class ScheduledSlot {

    /** Sets {@link SyncHeaders#SCHEDULED_SLOT} when the exchange came from a Quartz trigger. */
    public void fired(Exchange exchange) {
        if (exchange.getIn() instanceof QuartzMessage quartz && quartz.getJobExecutionContext() != null) {
            exchange.setProperty(SyncHeaders.SCHEDULED_SLOT, describe(quartz.getJobExecutionContext()));
        }
    }

    static String describe(JobExecutionContext context) {
        Date slot = context.getScheduledFireTime();
        String text = "the scheduled slot " + (slot == null ? "(unknown)" : slot.toInstant().toString());
        return context.isRecovering() ? text + " (recovery: the node that ran this slot stopped during it)" : text;
    }
}
