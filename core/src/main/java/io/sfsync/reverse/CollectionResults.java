package io.sfsync.reverse;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.component.salesforce.api.dto.RestError;
import org.apache.camel.component.salesforce.api.dto.SaveSObjectResult;
import org.apache.camel.component.salesforce.api.dto.UpsertSObjectResult;

/**
 * The answer of an sObject Collections request (one result per record, in the order sent, with {@code allOrNone=false}):
 * the failures, each with Salesforce's first error code and every message.
 */
public final class CollectionResults {
    private CollectionResults() {
    }

    /**
     * The records of one batch's answer that created a record: an upsert's results say so ({@code created}); an
     * update creates none. -1 when an upsert's answer leaves {@code created} out for a record written.
     */
    public static long created(List<?> results) {
        long created = 0;
        for (Object o : results) {
            SaveSObjectResult r = (SaveSObjectResult) o;
            if (!Boolean.TRUE.equals(r.getSuccess()) || !(r instanceof UpsertSObjectResult u)) {
                continue;
            }
            if (u.getCreated() == null) {
                return -1;
            }
            if (u.getCreated()) {
                created++;
            }
        }
        return created;
    }

    /** Failure rows of one batch; {@code results} are camel-salesforce's, index-aligned with {@code batch}. */
    public static List<ReverseFailure> failures(List<?> results, List<String[]> batch, ReverseRows rows) {
        if (results == null || results.size() != batch.size()) {
            throw new IllegalStateException("Salesforce answered " + (results == null ? "nothing" : results.size()
                    + " results") + " for an sObject Collections request of " + batch.size() + " records");
        }
        List<ReverseFailure> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            SaveSObjectResult r = (SaveSObjectResult) results.get(i);
            if (Boolean.TRUE.equals(r.getSuccess())) {
                continue;
            }
            List<RestError> errors = r.getErrors() == null ? List.of() : r.getErrors();
            String code = errors.isEmpty() ? "UNKNOWN_EXCEPTION" : errors.get(0).getErrorCode();
            List<String> messages = new ArrayList<>();
            List<String> fields = new ArrayList<>();
            for (RestError e : errors) {
                messages.add(e.getMessage());
                if (e.getFields() != null) {
                    fields.addAll(e.getFields());
                }
            }
            String[] row = batch.get(i);
            out.add(new ReverseFailure(rows.key(row), code, messages.isEmpty() ? "Salesforce gave no error"
                    : String.join("; ", messages), fields.isEmpty() ? null : String.join(",", fields),
                    rows.json(row)));
        }
        return out;
    }
}
