package io.sfsync.bench;

import java.util.Locale;

/**
 * One row of the wide object's chunk-vs-Bulk measurement: the same incremental run of {@code changed} records read in
 * field chunks joined by Id ({@code sfsync.rest.wide-strategy=chunk}), through Bulk ({@code bulk}), and as
 * {@code auto} decides, each from a copy of the same synced table.
 *
 * @param changed records changed before the three runs
 * @param chunk the run forced into field chunks
 * @param bulk the run forced into Bulk
 * @param auto the run under the default strategy
 */
record ChunkVsBulk(long changed, Measurement chunk, Measurement bulk, Measurement auto) {
    static final String CHUNK = "chunk";
    static final String BULK = "bulk";

    /** What auto ran: {@value #BULK} when its run became {@code bulk_api_incremental}, else {@value #CHUNK}. */
    String autoPick() {
        if (!auto.success()) {
            return "-";
        }
        return auto.note() != null && auto.note().contains(BenchCase.BULK_API_INCREMENTAL.wireName()) ? BULK : CHUNK;
    }

    /**
     * The strategy that read faster, or "-" when either failed: by read time (wall time less the commit, which is the
     * same MERGE of the same rows either way and only adds noise) when both runs logged their commit, else by wall
     * time.
     */
    String faster() {
        if (!chunk.success() || !bulk.success()) {
            return "-";
        }
        boolean reads = chunk.readSeconds() >= 0 && bulk.readSeconds() >= 0;
        return (reads ? chunk.readSeconds() <= bulk.readSeconds() : chunk.seconds() <= bulk.seconds()) ? CHUNK
                : BULK;
    }

    /** The strategy that spent fewer API calls (as the runs counted them), or "-" when either failed. */
    String fewerCalls() {
        if (!chunk.success() || !bulk.success()) {
            return "-";
        }
        return chunk.apiCalls() <= bulk.apiCalls() ? CHUNK : BULK;
    }

    /** Whether auto picked the faster strategy (the one auto exists to pick). */
    boolean autoPickedFaster() {
        return autoPick().equals(faster());
    }

    /** A markdown table row: changed, rows read, chunk and Bulk calls/pages/times, auto's pick, the verdict. */
    String row() {
        return String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", changed,
                chunk.success() ? String.format(Locale.ROOT, "%,d", chunk.rows()) : "-", calls(chunk), pages(chunk),
                read(chunk), wall(chunk), calls(bulk), pages(bulk), read(bulk), wall(bulk), autoPick()
                        + (auto.success() ? String.format(Locale.ROOT, " (%.2f s)", auto.seconds()) : ""),
                verdict());
    }

    static String header() {
        return "| changed records | rows read | chunk: API calls | chunk: pages | chunk: read s | chunk: wall s"
                + " | Bulk: API calls | Bulk: pages | Bulk: read s | Bulk: wall s | auto picks (its wall s)"
                + " | faster; fewer calls |\n"
                + "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|";
    }

    private static String read(Measurement m) {
        return m.success() && m.readSeconds() >= 0 ? String.format(Locale.ROOT, "%.2f", m.readSeconds()) : "-";
    }

    private String verdict() {
        String v = faster() + "; " + fewerCalls();
        return faster().equals("-") ? "-" : v;
    }

    private static String calls(Measurement m) {
        return m.success() && m.apiCalls() >= 0 ? String.format(Locale.ROOT, "%,d", m.apiCalls()) : "-";
    }

    private static String pages(Measurement m) {
        return m.success() && m.pages() >= 0 ? String.format(Locale.ROOT, "%,d", m.pages()) : "-";
    }

    private static String wall(Measurement m) {
        return m.success() ? String.format(Locale.ROOT, "%.2f", m.seconds())
                : "**failed**: " + (m.note() == null ? "" : m.note().replace("|", "\\|"));
    }
}
