package io.sfsync.emulator.model;

import java.util.Locale;

/** Salesforce field types (describe {@code type}) with their SOAP types and how their values are held in Java. */
public enum FieldType {
    ID("tns:ID"),
    REFERENCE("tns:ID"),
    STRING("xsd:string"),
    TEXTAREA("xsd:string"),
    PICKLIST("xsd:string"),
    MULTIPICKLIST("xsd:string"),
    COMBOBOX("xsd:string"),
    EMAIL("xsd:string"),
    PHONE("xsd:string"),
    URL("xsd:string"),
    ENCRYPTEDSTRING("xsd:string"),
    BOOLEAN("xsd:boolean"),
    INT("xsd:int"),
    LONG("xsd:long"),
    DOUBLE("xsd:double"),
    CURRENCY("xsd:double"),
    PERCENT("xsd:double"),
    DATE("xsd:date"),
    DATETIME("xsd:dateTime"),
    TIME("xsd:time"),
    BASE64("xsd:base64Binary"),
    ANYTYPE("xsd:anyType"),
    ADDRESS("urn:address"),
    LOCATION("urn:location");

    private final String soapType;

    FieldType(String soapType) {
        this.soapType = soapType;
    }

    /** The name describe uses ({@code string}, {@code anyType}, ...). */
    public String apiName() {
        return this == ANYTYPE ? "anyType" : name().toLowerCase(Locale.ROOT);
    }

    public String soapType() {
        return soapType;
    }

    /** Values held as {@link String}. */
    public boolean isText() {
        return soapType.equals("xsd:string") || soapType.equals("tns:ID") || this == ANYTYPE;
    }

    /** Values held as {@link java.math.BigDecimal}. */
    public boolean isDecimal() {
        return this == DOUBLE || this == CURRENCY || this == PERCENT;
    }

    public boolean isNumeric() {
        return isDecimal() || this == INT || this == LONG;
    }

    public boolean isCompound() {
        return this == ADDRESS || this == LOCATION;
    }
}
