package io.sfsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;
import io.sfsync.emulator.EmulatorConfig;
import io.sfsync.emulator.SalesforceEmulator;
import io.sfsync.warehouse.KeptFiles;
import io.sfsync.warehouse.TableRef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local files of runs: a full stage on a small filesystem fails with "No space left on device" and keeps its
 * files; the next run checks the space it needs first, removes what its target's failed run kept to make room, and
 * says in one line when it still does not fit; once there is room it succeeds and nothing is left behind. Files a
 * failed run kept go when a later run of the same target succeeds.
 */
class LocalDiskIT {
    private static final int ACCOUNTS = 12_000;
    private static SalesforceEmulator org;

    @TempDir
    Path dir;

    @BeforeAll
    static void startOrg() {
        org = SalesforceEmulator.start(EmulatorConfig.builder().volume("Account", ACCOUNTS).build());
    }

    @AfterAll
    static void stopOrg() {
        org.close();
    }

    private SfsyncRuntime runtime(Path stageRoot, boolean check) {
        return new SfsyncRuntime().loadConfig(false).setAll(org.loginProperties())
                .set("sfsync.warehouse.duckdb.path", dir.resolve("disk.duckdb").toString())
                .set("sfsync.warehouse.stage-root", stageRoot.toString())
                .set("sfsync.bulk.poll-initial-ms", "10")
                .set("sfsync.bulk.poll-max-ms", "20")
                .set("sfsync.bulk.max-records", "2000")
                .set("sfsync.free-space.check", Boolean.toString(check));
    }

    private static SyncRequest accounts() {
        return SyncRequest.of("Account").withTarget("RAW", "ACCOUNTS").withThresholds(1L, 1L)
                .withForceFullSync(true);
    }

    private static List<Path> runFolders(Path stageRoot) throws IOException {
        if (!Files.exists(stageRoot)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(stageRoot)) {
            return all.filter(p -> Files.isRegularFile(p.resolve(KeptFiles.MARKER))).toList();
        }
    }

    /** Root can mount a tmpfs here (the test needs a small filesystem it can fill). */
    static boolean canMountTmpfs() {
        Path probe = Path.of(System.getProperty("java.io.tmpdir"), "sfsync-tmpfs-probe-" + ProcessHandle.current()
                .pid());
        try {
            Files.createDirectories(probe);
            boolean mounted = exec("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", probe.toString()) == 0;
            if (mounted) {
                exec("umount", probe.toString());
            }
            Files.deleteIfExists(probe);
            return mounted;
        } catch (IOException e) {
            return false;
        }
    }

    private static int exec(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    @EnabledIf("canMountTmpfs")
    void shouldRefuseARunThatCannotFitAndHealOnceThereIsRoom() throws Exception {
        Path stageRoot = dir.resolve("small");
        Files.createDirectories(stageRoot);
        assertThat(exec("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", stageRoot.toString())).isZero();
        try {
            SyncResult full;
            try (RunningSfsync sfsync = new RunningSfsync(runtime(stageRoot, false))) {
                full = sfsync.sync().sync(accounts());
            }
            assertThat(full.success()).as(full.logLine()).isFalse();
            assertThat(full.error()).contains("No space left on device");
            assertThat(runFolders(stageRoot)).as("the failed run keeps its stage files").hasSize(1);

            long jobsBefore = org.requests().since(0).stream().filter(e -> e.operation().equals("bulk.create"))
                    .count();
            try (RunningSfsync sfsync = new RunningSfsync(runtime(stageRoot, true))) {
                SyncResult refused = sfsync.sync().sync(accounts());
                assertThat(refused.success()).isFalse();
                assertThat(refused.error()).as(refused.logLine()).matches("not enough free space: Account ->"
                        + " RAW.ACCOUNTS needs about [0-9.]+ MB in .*SALESFORCE_STAGE \\(12,000 rows x ~[0-9,]+"
                        + " bytes \\+ 10%\\), [0-9.]+ MB free there; free space there or point"
                        + " sfsync.warehouse.stage-root at a larger disk \\(sfsync.free-space.check=false turns"
                        + " this check off\\)");
                assertThat(org.requests().since(0).stream().filter(e -> e.operation().equals("bulk.create"))
                        .count()).as("refused before its Bulk job").isEqualTo(jobsBefore);
                assertThat(runFolders(stageRoot)).as("the failed run's files made room, and it was not enough")
                        .isEmpty();

                assertThat(exec("mount", "-o", "remount,size=64m", stageRoot.toString())).isZero();
                SyncResult healed = sfsync.sync().sync(accounts());
                assertThat(healed.success()).as(healed.logLine()).isTrue();
                assertThat(healed.actualRecords()).isEqualTo(ACCOUNTS);
            }
            assertThat(runFolders(stageRoot)).isEmpty();
        } finally {
            exec("umount", stageRoot.toString());
        }
    }

    @Test
    void shouldRemoveTheFilesAFailedRunKeptWhenALaterRunOfTheSameTargetSucceeds() throws Exception {
        Path stageRoot = dir.resolve("stage");
        Path ours = stageRoot.resolve("SALESFORCE_STAGE/Account/r-failed");
        Path others = stageRoot.resolve("SALESFORCE_STAGE/Account/r-other");
        Path otherDatabases = stageRoot.resolve("SALESFORCE_STAGE/Account/r-other-database");
        for (Path folder : List.of(ours, others, otherDatabases)) {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve("Account_x_000000.csv"), "Id\n001000000000001AAA\n");
        }
        String owner = dir.resolve("disk.duckdb").toAbsolutePath().normalize().toString();
        KeptFiles.mark(ours, new TableRef("RAW", "ACCOUNTS"), owner);
        KeptFiles.mark(others, new TableRef("RAW", "OTHER_ACCOUNTS"), owner);
        KeptFiles.mark(otherDatabases, new TableRef("RAW", "ACCOUNTS"), dir.resolve("other.duckdb").toString());
        try (RunningSfsync sfsync = new RunningSfsync(runtime(stageRoot, true))) {
            SyncResult result = sfsync.sync().sync(accounts());
            assertThat(result.success()).as(result.logLine()).isTrue();
        }
        assertThat(ours).doesNotExist();
        assertThat(others).as("another target's files stay until its own run succeeds, or their age or size")
                .exists();
        assertThat(otherDatabases).as("files of the same table in another DuckDB file (another process sharing"
                + " the stage root) are that process's business").exists();
    }
}
