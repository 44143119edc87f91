package io.sfsync.bench;

/**
 * Entry point of the JVMs a benchmark measures, one case each:
 * {@code java -Xmx256m -cp sfsync.jar io.sfsync.bench.Probe sync|limit|naive|peer --key value ...}. Its last line of
 * output is the {@link ProbeResult}, with the JVM's peak heap; everything before it is the case's log.
 */
public final class Probe {
    private Probe() {
    }

    public static void main(String[] args) {
        // Timestamps in the log show where the time goes; Camel's start-up report is noise here.
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.camel", "warn");
        HeapWatch heap = HeapWatch.start();
        ProbeResult r;
        try {
            ProbeArgs a = new ProbeArgs(args, 1);
            String kind = args.length == 0 ? "" : args[0];
            r = switch (kind) {
                case "sync" -> SyncProbe.run(a);
                case "limit" -> LimitProbe.run(a);
                case "naive" -> NaiveProbe.run(a);
                case "many" -> ManyProbe.run(a);
                case "ranges" -> RangesProbe.run(a);
                case "peer" -> PeerProbe.run(a);
                default -> throw new IllegalArgumentException("unknown probe '" + kind + "': sync, limit, naive,"
                        + " many, ranges or peer");
            };
        } catch (Exception e) {
            e.printStackTrace();
            r = ProbeResult.failed(String.valueOf(e.getMessage()));
        }
        // A peer's figure is its Node process's memory, not this JVM's heap.
        r = r.peakHeapBytes() >= 0 ? r : r.withHeap(heap);
        System.out.println(r.line());
        System.out.flush();
        // Non-daemon threads of Camel or the HTTP client must not keep a finished probe alive.
        System.exit(r.success() ? 0 : 1);
    }
}
