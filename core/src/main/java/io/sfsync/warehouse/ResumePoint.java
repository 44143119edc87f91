package io.sfsync.warehouse;

import java.time.Instant;
import java.util.List;

/**
 * How far an unfinished Bulk extraction has come, as far as the warehouse holds its pages durably: the row of
 * {@code <control schema>.sfsync_resume} a run writes after each page it has landed (a stage file, a page file, a
 * file in the user stage), so that a run that dies can be resumed from {@link #locator} by the next one.
 *
 * @param targetTable {@code SCHEMA.TABLE}
 * @param runId the run whose load wrote the pages (names their files)
 * @param syncMethod the method of that run
 * @param viaStage whether its pages are in the stage (stage path) or beside the database / in the user stage
 * @param stageName the stage of the stage path, or null
 * @param jobId the Bulk API 2.0 query job the pages came from
 * @param queryHash SHA-256 of the job's SOQL (hex), so that a run of another query never takes the pages over
 * @param locator the locator of the first page not landed yet; null when every page is landed
 * @param pages result pages landed (the resumed run reads page {@code pages + 1} next)
 * @param nextSequence the next load sequence: the landed pages have the sequences 0 to {@code nextSequence - 1}
 * @param rows rows the landed pages announced (checked at commit against what is staged)
 * @param columns the pages' header (every page of a job has the same)
 * @param updatedAt when the row was written
 */
public record ResumePoint(String targetTable, String runId, String syncMethod, boolean viaStage, String stageName,
        String jobId, String queryHash, String locator, long pages, int nextSequence, long rows,
        List<String> columns, Instant updatedAt) {

    public ResumePoint {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** Whether every page of the job is landed: a resumed run reads none and goes on to commit. */
    public boolean allPagesRead() {
        return locator == null;
    }
}
