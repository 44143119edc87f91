package io.sfsync.salesforce;

import io.sfsync.load.CsvBatch;

/**
 * One REST query page read in a single pass: its records as a CSV batch and what paging needs.
 *
 * @param batch the page's records in the canonical CSV (header only, {@code rows() == 0}, when it has none)
 * @param totalSize rows of the whole query, not of this page
 * @param done whether this is the last page
 * @param nextRecordsUrl the path of the next page, or null on the last one
 */
public record RestPage(CsvBatch batch, long totalSize, boolean done, String nextRecordsUrl) {
}
