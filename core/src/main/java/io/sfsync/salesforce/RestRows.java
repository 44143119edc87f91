package io.sfsync.salesforce;

import java.util.List;

/**
 * One REST query page read as rows of values rather than CSV (the field chunks of a wide object are joined by Id
 * before they become CSV).
 *
 * @param rows one array per record, its values in the order of the selected fields ("" for null)
 * @param totalSize rows of the whole query
 * @param done whether this is the last page
 * @param nextRecordsUrl the path of the next page, or null on the last one
 */
public record RestRows(List<String[]> rows, long totalSize, boolean done, String nextRecordsUrl) {
}
