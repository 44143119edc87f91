package io.sfsync.sync;

import io.sfsync.salesforce.SObjectSchema;
import io.sfsync.salesforce.SfField;
import io.sfsync.warehouse.KeptFiles;
import io.sfsync.warehouse.LoadSpec;
import io.sfsync.warehouse.TableRef;
import io.sfsync.warehouse.Warehouse;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local files of runs: the retention of the files failed and killed runs leave ({@link KeptFiles}), applied when a
 * run of a target starts and when one succeeds, and the free-space check before a run writes its pages or stage files.
 */
public final class LocalDisk {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDisk.class);
    private static final long MB = 1024L * 1024L;

    /**
     * The retention and the free-space check.
     *
     * @param retention age after which kept run files are removed ({@code sfsync.stage.retention-hours})
     * @param retentionMaxBytes total size of kept run files above which the oldest are removed
     *     ({@code sfsync.stage.retention-max-mb})
     * @param checkFreeSpace whether a run checks the free space it needs first ({@code sfsync.free-space.check})
     * @param marginPercent how much more than the estimate must be free ({@code sfsync.free-space.margin-percent})
     */
    public record Settings(Duration retention, long retentionMaxBytes, boolean checkFreeSpace, int marginPercent) {

        /** The documented defaults: 7 days, 2 GB, check on, 10% margin. */
        public static Settings defaults() {
            return from(key -> null);
        }

        /** From the {@code sfsync.*} properties (start-up has checked their types and ranges). */
        public static Settings from(Function<String, String> property) {
            return new Settings(Duration.ofHours(number(property, "sfsync.stage.retention-hours", 168)),
                    number(property, "sfsync.stage.retention-max-mb", 2048) * MB,
                    !"false".equalsIgnoreCase(text(property, "sfsync.free-space.check")),
                    (int) number(property, "sfsync.free-space.margin-percent", 10));
        }

        private static String text(Function<String, String> property, String key) {
            String v = property.apply(key);
            return v == null ? null : v.trim();
        }

        private static long number(Function<String, String> property, String key, long fallback) {
            String v = text(property, key);
            if (v == null || v.isEmpty()) {
                return fallback;
            }
            try {
                return Long.parseLong(v.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new SyncException(SyncError.INVALID_CONFIGURATION, key + " must be a whole number, got '" + v
                        + "'");
            }
        }
    }

    private final Settings settings;
    private final Warehouse warehouse;

    public LocalDisk(Settings settings, Warehouse warehouse) {
        this.settings = settings;
        this.warehouse = warehouse;
    }

    /**
     * Before a run opens its load: removes kept files past their age or the size limit, then checks that the files
     * the run writes fit into the free space of their folder. When they do not, the files this target's earlier
     * failed runs kept there are removed first (a new run supersedes them); when it still does not fit, the run fails
     * with {@link SyncError#NO_SPACE} before anything is written or any Bulk job created.
     */
    void beforeLoad(LoadSpec spec, SObjectSchema schema, long estimatedRows, Set<String> active) {
        List<Path> roots = warehouse.keptFileRoots();
        if (!roots.isEmpty()) {
            KeptFiles.applyRetention(roots, warehouse.keptFileOwner(), settings.retention(),
                    settings.retentionMaxBytes(), active, Instant.now());
        }
        Path folder = warehouse.localFolder(spec);
        if (!settings.checkFreeSpace() || folder == null || estimatedRows <= 0) {
            return;
        }
        long rowBytes = rowBytes(schema);
        long needed = estimatedRows * rowBytes * (100 + settings.marginPercent()) / 100;
        FileStore store = store(folder);
        if (store == null) {
            return;
        }
        long free = usable(store);
        if (needed <= free) {
            return;
        }
        long reclaimed = 0;
        for (KeptFiles.RunFolder kept : KeptFiles.ofTarget(roots, warehouse.keptFileOwner(), spec.target(),
                active)) {
            if (free + reclaimed >= needed) {
                break;
            }
            if (store.equals(store(kept.path()))) {
                KeptFiles.remove(kept, "a new run of " + spec.target() + " needs the room ("
                        + KeptFiles.megabytes(needed) + " in " + folder + ", " + KeptFiles.megabytes(free)
                        + " free)");
                reclaimed += kept.bytes();
            }
        }
        free = usable(store);
        if (needed <= free) {
            return;
        }
        throw new SyncException(SyncError.NO_SPACE, String.format(Locale.ROOT, "not enough free space: %s -> %s"
                + " needs about %s in %s (%,d rows x ~%,d bytes + %d%%), %s free there; free space there or"
                + " point %s at a larger disk (sfsync.free-space.check=false turns this check off)",
                schema.name(), spec.target(), KeptFiles.megabytes(needed), folder, estimatedRows, rowBytes,
                settings.marginPercent(), KeptFiles.megabytes(free), move(spec)));
    }

    /**
     * After the first page a run wrote to disk: the bytes per row measured on it, times the rows still to come, must
     * fit into the free space left; otherwise the run fails now rather than at the page that fills the disk.
     */
    void afterFirstPage(LoadSpec spec, String runId, long estimatedRows, long rowsWritten) {
        Path folder = warehouse.localFolder(spec);
        if (!settings.checkFreeSpace() || folder == null || rowsWritten <= 0 || estimatedRows <= rowsWritten) {
            return;
        }
        long written = KeptFiles.list(warehouse.keptFileRoots()).stream().filter(f -> f.runId().equals(runId))
                .mapToLong(KeptFiles.RunFolder::bytes).sum();
        FileStore store = store(folder);
        if (written <= 0 || store == null) {
            return;
        }
        long rowBytes = Math.max(1, written / rowsWritten);
        long needed = (estimatedRows - rowsWritten) * rowBytes * (100 + settings.marginPercent()) / 100;
        long free = usable(store);
        if (needed > free) {
            throw new SyncException(SyncError.NO_SPACE, String.format(Locale.ROOT, "not enough free space: %s ->"
                    + " %s needs about %s more in %s (%,d rows to come x %,d bytes measured on the first page + %d%%),"
                    + " %s free there; free space there or point %s at a larger disk (sfsync.free-space.check=false"
                    + " turns this check off)", spec.schema().name(), spec.target(), KeptFiles.megabytes(needed),
                    folder, estimatedRows - rowsWritten, rowBytes, settings.marginPercent(),
                    KeptFiles.megabytes(free), move(spec)));
        }
    }

    private static String move(LoadSpec spec) {
        return spec.viaStage() ? "sfsync.warehouse.stage-root" : "sfsync.warehouse.duckdb.path";
    }

    /** Removes what a run wrote when its files explain nothing (it was stopped, or refused for want of space). */
    void discard(String runId, String why) {
        for (KeptFiles.RunFolder f : KeptFiles.list(warehouse.keptFileRoots())) {
            if (f.runId().equals(runId)) {
                KeptFiles.remove(f, why);
            }
        }
    }

    /** After a run of the target committed: the files its earlier runs kept have served their purpose. */
    void succeeded(TableRef target, Set<String> active) {
        List<Path> roots = warehouse.keptFileRoots();
        if (roots.isEmpty()) {
            return;
        }
        try {
            for (KeptFiles.RunFolder kept : KeptFiles.ofTarget(roots, warehouse.keptFileOwner(), target, active)) {
                KeptFiles.remove(kept, "a later run of " + target + " succeeded");
            }
        } catch (RuntimeException e) {
            // The run has committed: tidying up after it must not turn it into a failure.
            LOG.warn("could not remove the files earlier runs of {} kept: {}", target, e.toString());
        }
    }

    /**
     * A CSV row's width as Bulk writes it, estimated from the describe: the usual width of each type, text counted
     * at most 16 characters (most text fields are short or empty), plus a separator per field. Meant to be low rather
     * than high, so that only a run that clearly does not fit is refused.
     */
    static long rowBytes(SObjectSchema schema) {
        long bytes = 1;
        for (SfField f : schema.extracted()) {
            bytes += 1 + switch (f.type() == null ? "" : f.type().toLowerCase(Locale.ROOT)) {
                case "id", "reference" -> 18;
                case "boolean" -> 5;
                case "int", "long" -> 4;
                case "double", "currency", "percent" -> 6;
                case "date" -> 10;
                case "datetime" -> 24;
                case "time" -> 12;
                default -> f.length() > 0 ? Math.min(f.length(), 16) : 8;
            };
        }
        return bytes;
    }

    /** The file store of the folder, or of its nearest existing parent (the folder may not exist yet). */
    private static FileStore store(Path folder) {
        for (Path p = folder.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    return Files.getFileStore(p);
                } catch (IOException e) {
                    LOG.debug("cannot read the file store of {}: {}", p, e.toString());
                    return null;
                }
            }
        }
        return null;
    }

    private static long usable(FileStore store) {
        try {
            return store.getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
