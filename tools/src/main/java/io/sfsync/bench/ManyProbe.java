package io.sfsync.bench;

import io.sfsync.api.IntelligentSync;
import io.sfsync.api.SyncRequest;
import io.sfsync.api.SyncResult;
import io.sfsync.app.SfsyncRuntime;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many objects of very different sizes synced by one sfsync process, each into a table of its own, with the product's
 * own decision (thresholds, methods) and run slots: {@code together} starts every run at once, as a schedule whose
 * crons fire together does (one thread per object, like Quartz's), and lets {@code sfsync.runs.max-concurrent} bound
 * them; {@code one-by-one} runs them one after the other in the same process, the sum of the single runs. Measured
 * from the first request to the last result.
 */
final class ManyProbe {
    private ManyProbe() {
    }

    static ProbeResult run(ProbeArgs a) throws Exception {
        List<String> objects = List.of(a.text("objects").split(","));
        boolean together = a.text("mode").equals("together");
        SfsyncRuntime runtime = SyncProbe.runtime(a).set("sfsync.runs.max-concurrent", a.text("max-concurrent"))
                .set("sfsync.progress-seconds", "0");
        AtomicReference<ProbeResult> out = new AtomicReference<>();
        runtime.run(context -> {
            IntelligentSync sync = new IntelligentSync(context);
            Stopwatch watch = Stopwatch.start();
            List<SyncResult> results = new ArrayList<>();
            if (together) {
                results.addAll(allAtOnce(sync, objects));
            } else {
                for (String o : objects) {
                    results.add(sync.sync(request(o)));
                }
            }
            watch.stop();
            out.set(result(results, watch));
            return out.get().success() ? 0 : 1;
        });
        ProbeResult r = out.get();
        return r != null ? r : ProbeResult.failed("the syncs did not run: Camel stopped before they started");
    }

    private static List<SyncResult> allAtOnce(IntelligentSync sync, List<String> objects) {
        ExecutorService threads = Executors.newFixedThreadPool(objects.size());
        try {
            List<Future<SyncResult>> runs = new ArrayList<>();
            for (String o : objects) {
                runs.add(threads.submit(() -> sync.sync(request(o))));
            }
            List<SyncResult> results = new ArrayList<>();
            for (Future<SyncResult> f : runs) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the runs went on", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a run threw instead of returning its result", e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private static SyncRequest request(String sobject) {
        return SyncRequest.of(sobject).withTarget(SyncProbe.SCHEMA, sobject.toUpperCase(Locale.ROOT));
    }

    /** A success when every run succeeded; the note counts the methods the runs took and names any failure. */
    static ProbeResult result(List<SyncResult> results, Stopwatch watch) {
        long rows = 0;
        long calls = 0;
        long pages = 0;
        Map<String, Integer> methods = new TreeMap<>();
        List<String> failed = new ArrayList<>();
        for (SyncResult r : results) {
            if (r.success()) {
                rows += r.actualRecords();
                methods.merge(r.syncMethod(), 1, Integer::sum);
            } else {
                failed.add(r.sobject() + ": " + r.error());
            }
            calls += Math.max(0, r.apiCalls());
            pages += Math.max(0, r.pages());
        }
        StringBuilder note = new StringBuilder(String.format(Locale.ROOT, "%d objects", results.size()));
        methods.forEach((m, n) -> note.append(String.format(Locale.ROOT, ", %d %s", n, m)));
        if (!failed.isEmpty()) {
            note.append("; failed: ").append(String.join("; ", failed));
        }
        return ProbeResult.of(failed.isEmpty(), rows, watch, calls, note.toString()).withPages(pages);
    }
}
