package io.sfsync.api;

/** The message headers and exchange properties sfsync owns, all prefixed {@code Sfsync}. */
public final class SyncHeaders {
    /** API name of the sObject to sync (required). */
    public static final String SOBJECT = "SfsyncSObject";
    /** Target schema (default {@code sfsync.default-schema}, RAW). */
    public static final String SCHEMA = "SfsyncSchema";
    /** Target table (default: the sObject's name). */
    public static final String TABLE = "SfsyncTable";
    /** Field the MERGE matches on (default {@code Id}). */
    public static final String MATCH_FIELD = "SfsyncMatchField";
    /** Replace the table's content instead of an incremental run. */
    public static final String FORCE_FULL_SYNC = "SfsyncForceFullSync";
    /** Whether large runs may go through the warehouse stage. */
    public static final String USE_STAGE = "SfsyncUseStage";
    /** Name of the warehouse stage ({@code @SALESFORCE_STAGE}). */
    public static final String STAGE_NAME = "SfsyncStageName";
    /** Records from which the Bulk API is used. */
    public static final String BULK_API_THRESHOLD = "SfsyncBulkApiThreshold";
    /** Records from which Bulk pages go through the stage. */
    public static final String STAGE_THRESHOLD = "SfsyncStageThreshold";
    /** Field whose maximum is the watermark (default SystemModstamp). */
    public static final String WATERMARK_FIELD = "SfsyncWatermarkField";
    /** {@code soft} (rows stay with IsDeleted = true) or {@code hard} (rows are removed); default sfsync.delete-mode. */
    public static final String DELETE_MODE = "SfsyncDeleteMode";
    /** Whether an incremental run also compares every Id with Salesforce (default sfsync.reconcile-ids). */
    public static final String RECONCILE_IDS = "SfsyncReconcileIds";

    /** Set before a Bulk method opens its load: ask Salesforce for an interrupted run's job (may it be resumed?). */
    public static final String RESUME_LOOK_UP = "SfsyncResumeLookUp";
    /** Set before a Bulk method opens its load: delete the query job of an interrupted run that is not resumed. */
    public static final String RESUME_DELETE_JOB = "SfsyncResumeDeleteJob";

    /** Set by the Bulk extraction: its job is gone already (a resumed run that needs no page): nothing to delete. */
    public static final String JOB_GONE = "SfsyncJobGone";

    /** Set by the plan: the chosen method's wire name; the decision matrix routes on it. */
    public static final String METHOD = "SfsyncMethod";
    /** Set by the plan: the run reconciles Ids after the extraction (an Id-only Bulk job). */
    public static final String RECONCILE = "SfsyncReconcile";
    /** Loop control: another REST page or Bulk result page follows. */
    public static final String MORE = "SfsyncMore";
    /** The next REST page's URL. */
    public static final String NEXT_RECORDS_URL = "SfsyncNextRecordsUrl";
    /** A wide object read in field chunks: another chunk query of the current Id range follows. */
    public static final String CHUNK_READ = "SfsyncChunkRead";
    /** A wide object read in field chunks: the next chunk page is a queryMore (the body is its URL). */
    public static final String CHUNK_MORE = "SfsyncChunkMore";
    /** Records per REST page the run asks for ({@code Sforce-Query-Options: batchSize}). */
    public static final String REST_BATCH_SIZE = "SfsyncRestBatchSize";
    /** Bulk result pages: the page was received (false: it was too large and is read again with fewer rows). */
    public static final String PAGE_READ = "SfsyncPageRead";
    /** Bulk job polling: the job has finished. */
    public static final String JOB_DONE = "SfsyncJobDone";
    /** Bulk job polling: the job ended Failed or Aborted (the state's name). */
    public static final String JOB_FAILED = "SfsyncJobFailed";
    /** Bulk job polling: milliseconds to wait before the next poll. */
    public static final String POLL_DELAY = "SfsyncPollDelay";

    /**
     * Exchange property a step of {@code sfsync-transform} sets to true to drop the record it is given: the record is
     * not loaded, and the result's {@code records_dropped} counts it.
     */
    public static final String DROP = "SfsyncDrop";
    /** Exchange property: the run takes the record-level path, because a route {@code sfsync-transform} exists. */
    public static final String TRANSFORM = "SfsyncTransform";
    /** The id of the route that edits records; when it exists, every record of a run passes through it. */
    public static final String TRANSFORM_ROUTE = "sfsync-transform";
    /** Exchange property holding the run's state ({@code io.sfsync.sync.SyncRun}). */
    public static final String RUN = "SfsyncRun";
    /**
     * Exchange property: the Bulk job a failed run leaves behind, which the dead-letter route aborts and deletes (set
     * by {@code sfsync-failure.failed}). The routes read this, never camel-salesforce's own job id header, whose name changes
     * between releases (4.18.3 renames {@code jobId} to {@code CamelSalesforceJobId}).
     */
    public static final String BULK_JOB_ID = "SfsyncBulkJobId";
    /** Exchange property: the failed run's Bulk job may still be running and needs aborting before it is deleted. */
    public static final String JOB_ACTIVE = "SfsyncJobActive";
    /** Exchange property: the failed run's error, as the result reports it. */
    public static final String FAILURE = "SfsyncFailure";
    /** Exchange property: the run was skipped (another run of the same target is in progress). */
    public static final String SKIPPED = "SfsyncSkipped";
    /** Exchange property: the scheduled slot a Quartz-fired run is for, in words (set by the schedule's route). */
    public static final String SCHEDULED_SLOT = "SfsyncScheduledSlot";

    /**
     * Exchange property: the run is a formula refresh ({@code direct:sfsync-refresh-formulas}), whose records hold only
     * the match field and the formula fields; a step of {@code sfsync-transform} that edits another field can be
     * guarded with it.
     */
    public static final String FORMULA_REFRESH = "SfsyncFormulaRefresh";

    /**
     * Header set by bean {@code sfsync-formulas} after a scheduled sync: true when the object's formula fields are due a
     * refresh ({@code formulaRefreshEvery}).
     */
    public static final String FORMULA_REFRESH_DUE = "SfsyncFormulaRefreshDue";

    /** Exchange property: a plan-only run ({@code direct:sfsync-plan}), which opens no load and records no history. */
    public static final String PLAN_ONLY = "SfsyncPlanOnly";

    private SyncHeaders() {
    }

    /** Reverse sync: the source table {@code SCHEMA.TABLE} (or {@link #REVERSE_QUERY}). */
    public static final String REVERSE_TABLE = "SfsyncReverseTable";
    /** Reverse sync: a SELECT in the warehouse's SQL giving the rows (or {@link #REVERSE_TABLE}). */
    public static final String REVERSE_QUERY = "SfsyncReverseQuery";
    /** Reverse sync: the key field, an external id field (upsert) or {@code Id} (update). */
    public static final String REVERSE_KEY = "SfsyncReverseKey";
    /** Reverse sync: the failures table {@code SCHEMA.TABLE} (default: the source table's name + the suffix). */
    public static final String REVERSE_FAILURES_TABLE = "SfsyncReverseFailuresTable";
    /** Reverse sync: {@code true} to look up and count without writing. */
    public static final String REVERSE_DRY_RUN = "SfsyncReverseDryRun";
    /** Reverse sync: this run's {@code sfsync.reverse.bulk-threshold} (rows from which it writes through Bulk). */
    public static final String REVERSE_BULK_THRESHOLD = "SfsyncReverseBulkThreshold";
    /** Reverse sync (set by sfsync): {@code rest}, {@code bulk} or {@code dry_run}, which the route branches on. */
    public static final String REVERSE_PATH = "SfsyncReversePath";
    /** Reverse sync (set by sfsync): {@code upsert} or {@code update}, which operation the route calls. */
    public static final String REVERSE_OPERATION = "SfsyncReverseOperation";
    /** Exchange property: the reverse run in progress. */
    public static final String REVERSE_RUN = "SfsyncReverseRun";
}
