package io.sfsync.emulator.model;

/** Finds a record by Id, for child-to-parent relationship paths. */
@FunctionalInterface
public interface RowResolver {
    /** The record with this 15- or 18-character Id (deleted ones included), or null. */
    RowView byId(String id);
}
