package io.sfsync.salesforce;

/**
 * A field of an sObject as its describe reports it, reduced to what a sync needs to extract and type it.
 *
 * @param name API name ({@code BillingCity}, {@code Amount__c})
 * @param type describe {@code type} ({@code string}, {@code datetime}, {@code address}, ...)
 * @param length characters for text types, 0 otherwise
 * @param precision total digits for double, currency and percent; 0 when Salesforce gives none
 * @param scale digits right of the decimal point
 * @param digits digits of int fields
 * @param nillable whether the field may be empty
 * @param compoundFieldName the compound field this one is a component of, or null
 * @param unique describe {@code unique}: Salesforce refuses two records with the same value
 * @param externalId describe {@code externalId}: an external id (unique when it is also {@code unique})
 * @param calculated describe {@code calculated}: a formula field, computed when read, whose value changes when what it
 *     reads changes (a parent's field, TODAY()) without moving its record's stamps
 */
public record SfField(String name, String type, int length, int precision, int scale, int digits, boolean nillable,
        String compoundFieldName, boolean unique, boolean externalId, boolean calculated) {

    /** A field that is not a formula. */
    public SfField(String name, String type, int length, int precision, int scale, int digits, boolean nillable,
            String compoundFieldName, boolean unique, boolean externalId) {
        this(name, type, length, precision, scale, digits, nillable, compoundFieldName, unique, externalId, false);
    }

    /** A field that is neither unique nor an external id. */
    public SfField(String name, String type, int length, int precision, int scale, int digits, boolean nillable,
            String compoundFieldName) {
        this(name, type, length, precision, scale, digits, nillable, compoundFieldName, false, false, false);
    }

    /**
     * Whether the field can key a MERGE: the record Id, or a field describe calls {@code unique} or
     * {@code externalId}. Any other field may hold one value in many records, which the MERGE would fold into one row.
     */
    public boolean identifiesRecords() {
        return type.equals("id") || unique || externalId;
    }

    /** Address and geolocation parents: REST returns them as objects, Bulk rejects them; their components are kept. */
    public boolean isCompound() {
        return type.equals("address") || type.equals("location");
    }

    /** base64 fields: Bulk rejects them and REST returns a URL, not the content, so a sync leaves them out. */
    public boolean isBinary() {
        return type.equals("base64");
    }
}
