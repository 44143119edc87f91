package io.sfsync.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeptFilesTest {
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final long MB = 1024 * 1024;
    private static final String OWNER = "/data/sfsync.duckdb";

    @TempDir
    Path root;

    private Path run(String sobject, String runId, String target, int megabytes, Duration age) throws Exception {
        return run(sobject, runId, target, OWNER, megabytes, age);
    }

    private Path run(String sobject, String runId, String target, String owner, int megabytes, Duration age)
            throws Exception {
        Path folder = root.resolve(sobject).resolve(runId);
        Files.createDirectories(folder);
        if (target != null) {
            KeptFiles.mark(folder, new TableRef("RAW", target), owner);
        }
        Path file = folder.resolve(sobject + "_" + runId + "_000000.csv");
        Files.write(file, new byte[megabytes * (int) MB]);
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(NOW.minus(age)));
            }
        }
        return folder;
    }

    @Test
    void shouldRemoveKeptRunsOlderThanTheRetentionAgeButNotRunsInProgressOrUnmarkedFolders() throws Exception {
        Path old = run("Account", "r1", "ACCOUNTS", 1, Duration.ofHours(30));
        Path oldButRunning = run("Account", "r2", "ACCOUNTS", 1, Duration.ofHours(30));
        Path unmarked = run("Account", "r3", null, 1, Duration.ofHours(300));
        Path young = run("Contact", "r4", "CONTACTS", 1, Duration.ofHours(2));
        Path anotherDatabases = run("Contact", "r5", "CONTACTS", "/data/other.duckdb", 1, Duration.ofHours(300));

        List<KeptFiles.RunFolder> removed = KeptFiles.applyRetention(List.of(root), OWNER, Duration.ofHours(24),
                100 * MB, Set.of("r2"), NOW);

        assertThat(removed).extracting(KeptFiles.RunFolder::runId).containsExactly("r1");
        assertThat(old).doesNotExist();
        assertThat(oldButRunning).exists();
        assertThat(unmarked).as("not sfsync's, or an older sfsync's: left alone").exists();
        assertThat(young).exists();
        assertThat(anotherDatabases).as("another process's (another DuckDB file's) folders are its own business")
                .exists();
    }

    @Test
    void shouldRemoveTheOldestKeptRunsWhileAllTogetherExceedTheSizeLimit() throws Exception {
        Path oldest = run("Account", "r1", "ACCOUNTS", 2, Duration.ofHours(5));
        Path middle = run("Contact", "r2", "CONTACTS", 2, Duration.ofHours(4));
        Path newest = run("Account", "r3", "ACCOUNTS", 2, Duration.ofHours(3));

        List<KeptFiles.RunFolder> removed = KeptFiles.applyRetention(List.of(root), OWNER, Duration.ofHours(24),
                3 * MB, Set.of(), NOW);

        assertThat(removed).extracting(KeptFiles.RunFolder::runId).containsExactly("r1", "r2");
        assertThat(oldest).doesNotExist();
        assertThat(middle).doesNotExist();
        assertThat(root.resolve("Contact")).as("an emptied sObject folder goes too").doesNotExist();
        assertThat(newest).exists();
    }

    @Test
    void shouldListTheRunsOfOneTargetOldestFirst() throws Exception {
        run("Account", "r1", "ACCOUNTS", 0, Duration.ofHours(5));
        run("Account", "r2", "OTHER_ACCOUNTS", 0, Duration.ofHours(4));
        run("Account", "r3", "ACCOUNTS", 0, Duration.ofHours(3));
        run("Account", "r4", "ACCOUNTS", 0, Duration.ofHours(1));
        run("Account", "r5", "ACCOUNTS", "/data/other.duckdb", 0, Duration.ofHours(6));

        assertThat(KeptFiles.ofTarget(List.of(root), OWNER, new TableRef("raw", "accounts"), Set.of("r4")))
                .extracting(KeptFiles.RunFolder::runId).containsExactly("r1", "r3");
    }
}
