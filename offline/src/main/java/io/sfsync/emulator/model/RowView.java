package io.sfsync.emulator.model;

/**
 * Read access to one record. Values are typed by field: {@link String} for text, id and picklist types,
 * {@link Boolean}, {@link Integer}, {@link Long}, {@link java.math.BigDecimal} for double/currency/percent,
 * {@link java.time.LocalDate}, {@link java.time.Instant} (datetime), {@link java.time.LocalTime}; {@code null} when
 * empty. Compound fields (address, location) return a {@link java.util.Map} of their components.
 */
public interface RowView {
    SObjectDef type();

    Object get(FieldDef field);

    /** The record's 18-character Id. */
    default String id() {
        return (String) get(type().field("Id"));
    }
}
