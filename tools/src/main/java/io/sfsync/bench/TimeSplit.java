package io.sfsync.bench;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a sync's wall time went, from its log: the JVM's and Camel's start before the {@code sync} call (the probe's
 * {@value #STARTUP} line), then the run's own timeline (the debug lines of {@code io.sfsync.sync.Progress}): the plan
 * until the method is chosen, the wait for the Bulk job until the first page is asked for, the download until the last
 * page is read, and what follows it (the load's commit, the state and the history).
 *
 * @param startup seconds from the JVM's start to the {@code sync} call (not part of the measured wall time)
 * @param plan seconds to the method's choice: quota, describe, watermark, COUNT(), the run slot
 * @param jobWait seconds from then to the first page asked for: the Bulk job's creation and its polls
 * @param download seconds from then to the last page read (and handed to the load)
 * @param afterLastPage seconds from the last page to the end of the run: the commit, the state, the history
 */
record TimeSplit(double startup, double plan, double jobWait, double download, double afterLastPage) {
    static final String STARTUP = "BENCH-STARTUP ";
    /** The logger level that makes a run log its timeline; the probe sets it. */
    static final String TIMELINE_LOGGER = "org.slf4j.simpleLogger.log.io.sfsync.sync.Progress";
    private static final Pattern STEP = Pattern.compile(" \\+([0-9]+) ms: (.*)$");

    /** The split of a sync that took {@code wallSeconds}, or null when its log has no timeline. */
    static TimeSplit parse(List<String> log, double wallSeconds) {
        double startup = -1;
        long methodMs = -1;
        long readingMs = -1;
        long lastPageMs = -1;
        for (String line : log) {
            if (line.startsWith(STARTUP)) {
                startup = Double.parseDouble(line.substring(STARTUP.length()).trim());
                continue;
            }
            Matcher m = STEP.matcher(line);
            if (!m.find()) {
                continue;
            }
            long ms = Long.parseLong(m.group(1));
            String what = m.group(2);
            if (methodMs < 0 && what.matches("(regular|bulk)_api_[a-z_]+")) {
                methodMs = ms;
            } else if (readingMs < 0 && what.equals("reading")) {
                readingMs = ms;
            } else if (what.startsWith("page ")) {
                lastPageMs = ms;
            }
        }
        if (methodMs < 0 || readingMs < 0 || lastPageMs < 0) {
            return null;
        }
        return new TimeSplit(startup, methodMs / 1e3, (readingMs - methodMs) / 1e3, (lastPageMs - readingMs) / 1e3,
                Math.max(0, wallSeconds - lastPageMs / 1e3));
    }
}
