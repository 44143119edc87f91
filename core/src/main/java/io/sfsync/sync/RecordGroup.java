package io.sfsync.sync;

import io.sfsync.api.SyncHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Bean {@code sfsync-record-group}: the aggregation strategy of the record-level path ({@code routes/load.camel.yaml},
 * route {@code sfsync-load-records}). It gathers the records of one group that come back from
 * {@code sfsync-transform} into one {@link Kept}, and counts those the transform dropped: the exchange property
 * {@value SyncHeaders#DROP} set to true, or no body.
 */
public final class RecordGroup implements AggregationStrategy {

    /** The records of a group that the transform kept, in order, and how many it dropped. */
    public record Kept(List<Map<String, String>> records, long dropped) {
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange into = oldExchange == null ? newExchange : oldExchange;
        Kept kept = oldExchange == null ? new Kept(new ArrayList<>(), 0) : oldExchange.getMessage().getBody(Kept.class);
        Object body = newExchange.getMessage().getBody();
        boolean drop = Boolean.TRUE.equals(newExchange.getProperty(SyncHeaders.DROP, Boolean.class)) || body == null;
        if (!drop && !(body instanceof Map)) {
            throw new IllegalStateException("sfsync-transform must leave a record as a map of field to value (or drop"
                    + " it), not a " + body.getClass().getName());
        }
        if (drop) {
            kept = new Kept(kept.records(), kept.dropped() + 1);
        } else {
            kept.records().add((Map<String, String>) body);
        }
        into.getMessage().setBody(kept);
        return into;
    }
}
