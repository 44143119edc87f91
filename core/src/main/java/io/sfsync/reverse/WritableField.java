package io.sfsync.reverse;

/**
 * A field of an sObject as a reverse sync needs it from the describe: its type and whether it can be written.
 *
 * @param name API name
 * @param type describe {@code type} ({@code string}, {@code datetime}, {@code currency}, ...)
 * @param scale digits right of the decimal point (numbers)
 * @param createable describe {@code createable}: a new record may set it
 * @param updateable describe {@code updateable}: an existing record's value may be changed
 * @param externalId describe {@code externalId}: an upsert may key on it
 * @param idLookup describe {@code idLookup}: the field identifies records (Id, external ids, some standard fields)
 */
public record WritableField(String name, String type, int scale, boolean createable, boolean updateable,
        boolean externalId, boolean idLookup) {

    /** Address and geolocation parents: their components are written, never the parent. */
    public boolean isCompound() {
        return type.equals("address") || type.equals("location");
    }
}
