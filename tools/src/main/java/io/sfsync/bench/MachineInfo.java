package io.sfsync.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The machine a benchmark ran on, for the report.
 *
 * @param cores processors available to the JVM (what {@code nproc} prints)
 * @param ramBytes physical memory
 * @param java the Java runtime
 * @param os the operating system and architecture
 * @param loadAverage the 1, 5 and 15 minute load averages when the run started (other work on the machine)
 * @param date when the run started, UTC
 */
record MachineInfo(int cores, long ramBytes, String java, String os, String loadAverage, String date) {

    static MachineInfo current() {
        long ram = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        String date = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
                Locale.ROOT));
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), ram, java, os, readLoadAverage(), date);
    }

    private static String readLoadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    String ram() {
        return ramBytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", ramBytes / (double) (1L << 30));
    }
}
