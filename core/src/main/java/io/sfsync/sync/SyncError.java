package io.sfsync.sync;

/** What kind of failure ended a run; every {@link SyncException} carries one. */
public enum SyncError {
    /** A property or a request parameter is missing or out of range. */
    INVALID_CONFIGURATION,
    /** The sObject or a field does not exist in the org, or cannot be synced. */
    UNKNOWN_OBJECT,
    /** Salesforce rejected a call (query, job creation, ...). */
    SALESFORCE_REJECTED,
    /** The Bulk API job ended Failed or Aborted, or took too long. */
    BULK_JOB_FAILED,
    /** Loading into the warehouse failed. */
    LOAD_FAILED,
    /** Salesforce's daily quota is too low for the run. */
    QUOTA_EXHAUSTED,
    /** Another run of the same object and target is in progress. */
    ALREADY_RUNNING,
    /** The cluster's PostgreSQL database (sfsync.cluster.*) cannot be reached or refused a statement. */
    CLUSTER_UNAVAILABLE,
    /** sfsync was shutting down and the run would not have ended within the shutdown timeout: rolled back. */
    STOPPED,
    /** The local filesystem has clearly not enough free space for the files the run would write. */
    NO_SPACE,
    /** A Bulk result page of a single row is larger than camel-salesforce may receive (httpMaxContentLength). */
    PAGE_TOO_LARGE,
    /** A column of a reverse sync's source is not a field of the sObject that can be written. */
    UNWRITABLE_COLUMN
}
