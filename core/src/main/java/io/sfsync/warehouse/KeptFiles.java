package io.sfsync.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run folders a load leaves on the local disk ({@code <root>/<sobject>/<runId>/}: stage files a failed run keeps
 * for diagnosis, pages of a killed run), and their retention: a folder is removed when a later run of its target
 * succeeds, when it is older than the retention age, and, oldest first, while all of them together are larger than the
 * retention size. Each run folder names its target and its owner (the warehouse that wrote it: a DuckDB file; two
 * processes may share a stage root) in {@link #MARKER}; the retention only touches its own warehouse's folders, and
 * never a folder without a marker.
 */
public final class KeptFiles {
    /** The file in a run folder that names the run's target table ({@code RAW.ACCOUNTS}), then its owner. */
    public static final String MARKER = "sfsync-target.txt";

    private static final Logger LOG = LoggerFactory.getLogger(KeptFiles.class);

    /** One run folder: where, whose, when last written, how large. */
    public record RunFolder(Path path, String runId, String target, String owner, Instant modified, long bytes) {
    }

    private KeptFiles() {
    }

    /** Marks a new run folder as the given target's, written by the given owner (a warehouse's identity). */
    public static void mark(Path runFolder, TableRef target, String owner) throws IOException {
        Files.writeString(runFolder.resolve(MARKER), target + "\n" + owner + "\n", StandardCharsets.UTF_8);
    }

    /** The run folders under these roots ({@code <root>/<sobject>/<runId>}), oldest first. */
    public static List<RunFolder> list(List<Path> roots) {
        List<RunFolder> out = new ArrayList<>();
        for (Path root : roots) {
            for (Path sobject : children(root)) {
                for (Path run : children(sobject)) {
                    out.add(describe(run));
                }
            }
        }
        out.sort(Comparator.comparing(RunFolder::modified));
        return out;
    }

    private static List<Path> children(Path folder) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(folder, Files::isDirectory)) {
            s.forEach(out::add);
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", folder, e.toString());
        }
        return out;
    }

    private static RunFolder describe(Path run) {
        String target = null;
        String owner = null;
        Path marker = run.resolve(MARKER);
        try {
            if (Files.isRegularFile(marker)) {
                List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
                target = lines.isEmpty() ? null : lines.get(0).trim();
                owner = lines.size() < 2 ? null : lines.get(1).trim();
            }
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", marker, e.toString());
        }
        long bytes = 0;
        Instant modified = Instant.EPOCH;
        try (Stream<Path> files = Files.walk(run)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    bytes += a.size();
                }
                Instant m = a.lastModifiedTime().toInstant();
                modified = m.isAfter(modified) ? m : modified;
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("cannot read {}: {}", run, e.toString());
        }
        return new RunFolder(run, run.getFileName().toString(), target, owner, modified, bytes);
    }

    /**
     * Applies the age and size retention to the owner's run folders under the roots, sparing the runs in progress;
     * returns the folders removed.
     */
    public static List<RunFolder> applyRetention(List<Path> roots, String owner, Duration maxAge, long maxBytes,
            Set<String> active, Instant now) {
        List<RunFolder> kept = new ArrayList<>(list(roots).stream().filter(f -> f.target() != null
                && owner.equals(f.owner()) && !active.contains(f.runId())).toList());
        List<RunFolder> removed = new ArrayList<>();
        for (RunFolder f : List.copyOf(kept)) {
            if (f.modified().isBefore(now.minus(maxAge))) {
                remove(f, "older than sfsync.stage.retention-hours=" + maxAge.toHours());
                removed.add(f);
                kept.remove(f);
            }
        }
        long total = kept.stream().mapToLong(RunFolder::bytes).sum();
        for (RunFolder f : List.copyOf(kept)) {
            if (total <= maxBytes) {
                break;
            }
            remove(f, String.format(Locale.ROOT, "the kept files total %s, more than sfsync.stage.retention-max-mb=%d",
                    megabytes(total), maxBytes / (1024 * 1024)));
            total -= f.bytes();
            removed.add(f);
        }
        return removed;
    }

    /** The owner's run folders of this target's earlier runs, oldest first (not those in progress). */
    public static List<RunFolder> ofTarget(List<Path> roots, String owner, TableRef target, Set<String> active) {
        String name = target.toString();
        return list(roots).stream().filter(f -> name.equalsIgnoreCase(f.target()) && owner.equals(f.owner())
                && !active.contains(f.runId())).toList();
    }

    /** Removes a run folder with everything in it, and says why in the log. */
    public static void remove(RunFolder folder, String why) {
        try (Stream<Path> files = Files.walk(folder.path())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            LOG.info("removed {} ({}, files of run {} into {}): {}", folder.path(), megabytes(folder.bytes()),
                    folder.runId(), folder.target(), why);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove {}: {}", folder.path(), e.toString());
        }
        Path sobject = folder.path().getParent();
        try {
            Files.deleteIfExists(sobject);
        } catch (IOException e) {
            LOG.trace("{} still holds other runs' folders", sobject);
        }
    }

    /** Bytes as {@code 12.3 MB}. */
    public static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
