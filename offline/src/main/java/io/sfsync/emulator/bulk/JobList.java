package io.sfsync.emulator.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sfsync.emulator.ApiException;
import io.sfsync.emulator.http.HttpCall;
import io.sfsync.emulator.http.Json;
import io.sfsync.emulator.http.Reply;

import java.util.List;
import java.util.function.Function;

/**
 * One page of {@code GET /jobs/query} or {@code GET /jobs/ingest}: the jobs of one type, a thousand a page, with
 * Salesforce's {@code done} and {@code nextRecordsUrl} ({@code ?queryLocator=...}).
 */
final class JobList {
    static final int PAGE = 1000;

    private JobList() {
    }

    /**
     * @param resource {@code query} or {@code ingest}
     * @param jobType the {@code jobType} filter value that keeps these jobs ({@code V2Query}, {@code V2Ingest})
     * @param locatorPrefix the fixed part of this resource's query locators
     */
    static <J> Reply page(HttpCall call, String version, List<J> jobs, String resource, String jobType,
            String locatorPrefix, Function<J, JsonNode> info) {
        String filter = call.param("jobType");
        List<J> all = filter != null && !filter.equals(jobType) ? List.of() : jobs;
        int from = 0;
        String locator = call.param("queryLocator");
        if (locator != null) {
            try {
                from = Integer.parseInt(locator.substring(locator.lastIndexOf('-') + 1));
            } catch (RuntimeException e) {
                throw new ApiException(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
            }
        }
        int to = Math.min(all.size(), from + PAGE);
        ObjectNode out = Json.object();
        out.put("done", to >= all.size());
        ArrayNode records = out.putArray("records");
        for (int i = from; i < to; i++) {
            records.add(info.apply(all.get(i)));
        }
        if (to >= all.size()) {
            out.putNull("nextRecordsUrl");
        } else {
            out.put("nextRecordsUrl", "/services/data/v" + version + "/jobs/" + resource + "?queryLocator="
                    + locatorPrefix + "-" + to);
        }
        return Reply.json(200, Json.bytes(out));
    }
}
