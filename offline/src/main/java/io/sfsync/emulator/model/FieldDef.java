package io.sfsync.emulator.model;

import java.util.List;
import java.util.Objects;

/**
 * One field of an sObject as describe reports it. Immutable; built with {@link #builder(String, FieldType)}.
 * Only the attributes that change behaviour are modelled; the rest of describe's attribute set is derived.
 */
public final class FieldDef {
    private final String name;
    private final String label;
    private final FieldType type;
    private final int length;
    private final int precision;
    private final int scale;
    private final int digits;
    private final boolean nillable;
    private final boolean calculated;
    private final String calculatedFormula;
    private final boolean autoNumber;
    private final String compoundFieldName;
    private final List<String> referenceTo;
    private final String relationshipName;
    private final boolean custom;
    private final boolean createable;
    private final boolean updateable;
    private final boolean externalId;
    private final boolean unique;
    private final boolean nameField;
    private final boolean defaultedOnCreate;
    private final String extraTypeInfo;
    private final List<String> picklistValues;
    private final boolean encrypted;
    private final boolean filled;
    /** The formula's shape, parsed on first read (a formula is evaluated for every record read). */
    private volatile Formula formula;

    private FieldDef(Builder b) {
        this.name = b.name;
        this.label = b.label == null ? defaultLabel(b.name) : b.label;
        this.type = b.type;
        this.length = b.length;
        this.precision = b.precision;
        this.scale = b.scale;
        this.digits = b.digits;
        this.nillable = b.nillable;
        this.calculated = b.calculated;
        this.calculatedFormula = b.calculatedFormula;
        this.autoNumber = b.autoNumber;
        this.compoundFieldName = b.compoundFieldName;
        this.referenceTo = List.copyOf(b.referenceTo);
        this.relationshipName = b.relationshipName;
        this.custom = b.name.endsWith("__c") || b.name.endsWith("__s");
        boolean system = b.system || b.calculated || b.autoNumber || b.type == FieldType.ID
                || b.type.isCompound();
        this.createable = b.createable != null ? b.createable : !system;
        this.updateable = b.updateable != null ? b.updateable : !system;
        this.externalId = b.externalId;
        this.unique = b.unique;
        this.nameField = b.nameField;
        this.defaultedOnCreate = b.defaultedOnCreate;
        this.extraTypeInfo = b.extraTypeInfo;
        this.picklistValues = List.copyOf(b.picklistValues);
        this.encrypted = b.type == FieldType.ENCRYPTEDSTRING;
        this.filled = b.filled;
    }

    private static String defaultLabel(String name) {
        String base = name.replaceAll("__[cs]$", "").replace('_', ' ');
        return base.endsWith("Id") && base.length() > 2 ? base.substring(0, base.length() - 2) + " ID" : base;
    }

    public static Builder builder(String name, FieldType type) {
        return new Builder(name, type);
    }

    public String name() {
        return name;
    }

    public String label() {
        return label;
    }

    public FieldType type() {
        return type;
    }

    public int length() {
        return length;
    }

    public int precision() {
        return precision;
    }

    public int scale() {
        return scale;
    }

    public int digits() {
        return digits;
    }

    public boolean nillable() {
        return nillable;
    }

    public boolean calculated() {
        return calculated;
    }

    public String calculatedFormula() {
        return calculatedFormula;
    }

    /** The parsed formula of a calculated field. */
    Formula formula() {
        Formula f = formula;
        if (f == null) {
            f = Formula.of(calculatedFormula);
            formula = f;
        }
        return f;
    }

    public boolean autoNumber() {
        return autoNumber;
    }

    /** The compound field this one is a component of ({@code BillingStreet} -> {@code BillingAddress}), or null. */
    public String compoundFieldName() {
        return compoundFieldName;
    }

    public List<String> referenceTo() {
        return referenceTo;
    }

    /** {@code Owner} for {@code OwnerId}, {@code Account__r} for {@code Account__c}; null for non-references. */
    public String relationshipName() {
        return relationshipName;
    }

    public boolean custom() {
        return custom;
    }

    public boolean createable() {
        return createable;
    }

    public boolean updateable() {
        return updateable;
    }

    public boolean externalId() {
        return externalId;
    }

    public boolean unique() {
        return unique;
    }

    public boolean nameField() {
        return nameField;
    }

    public boolean defaultedOnCreate() {
        return defaultedOnCreate;
    }

    public String extraTypeInfo() {
        return extraTypeInfo;
    }

    public List<String> picklistValues() {
        return picklistValues;
    }

    public boolean encrypted() {
        return encrypted;
    }

    /**
     * Whether generated rows have generated values of this field although it was added after the demo schema (a wide
     * object's fields, or one added with {@code "fill": true}); false leaves it null on them, as on a live org.
     */
    public boolean filled() {
        return filled;
    }

    /** Whether this is a Long Text Area or Rich Text Area (a text area longer than a short one's 255 characters). */
    public boolean longTextArea() {
        return type == FieldType.TEXTAREA && length > 255;
    }

    /** Whether SOQL may filter on it (compound, base64 and long text areas cannot be filtered). */
    public boolean filterable() {
        return !type.isCompound() && type != FieldType.BASE64 && !(type == FieldType.TEXTAREA && length > 255)
                && !encrypted;
    }

    public boolean sortable() {
        return filterable() && type != FieldType.MULTIPICKLIST;
    }

    /** Bytes per value describe reports: three bytes per character for text, zero otherwise. */
    public int byteLength() {
        return type.isText() || type == FieldType.BASE64 ? length * 3 : 0;
    }

    @Override
    public String toString() {
        return name + ":" + type.apiName();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldDef f && f.name.equals(name) && f.type == type && f.length == length
                && f.precision == precision && f.scale == scale;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type);
    }

    /** Fluent builder of a {@link FieldDef}. */
    public static final class Builder {
        private final String name;
        private final FieldType type;
        private String label;
        private int length;
        private int precision;
        private int scale;
        private int digits;
        private boolean nillable = true;
        private boolean calculated;
        private String calculatedFormula;
        private boolean autoNumber;
        private String compoundFieldName;
        private List<String> referenceTo = List.of();
        private String relationshipName;
        private Boolean createable;
        private Boolean updateable;
        private boolean system;
        private boolean externalId;
        private boolean unique;
        private boolean nameField;
        private boolean defaultedOnCreate;
        private String extraTypeInfo;
        private List<String> picklistValues = List.of();
        private boolean filled;

        private Builder(String name, FieldType type) {
            this.name = Objects.requireNonNull(name);
            this.type = Objects.requireNonNull(type);
            if (type == FieldType.ID || type == FieldType.REFERENCE) {
                this.length = 18;
            } else if (type == FieldType.BOOLEAN) {
                this.nillable = false;
                this.defaultedOnCreate = true;
            }
        }

        public Builder label(String value) {
            this.label = value;
            return this;
        }

        public Builder length(int value) {
            this.length = value;
            return this;
        }

        public Builder precision(int precisionValue, int scaleValue) {
            this.precision = precisionValue;
            this.scale = scaleValue;
            return this;
        }

        public Builder digits(int value) {
            this.digits = value;
            return this;
        }

        public Builder required() {
            this.nillable = false;
            return this;
        }

        public Builder nillable(boolean value) {
            this.nillable = value;
            return this;
        }

        public Builder formula(String formula) {
            this.calculated = true;
            this.calculatedFormula = formula;
            return this;
        }

        public Builder autoNumber() {
            this.autoNumber = true;
            this.nillable = false;
            return this;
        }

        public Builder component(String compound) {
            this.compoundFieldName = compound;
            return this;
        }

        public Builder reference(String relationship, String... targets) {
            this.relationshipName = relationship;
            this.referenceTo = List.of(targets);
            return this;
        }

        /** System-maintained: neither createable nor updateable through DML. */
        public Builder system() {
            this.system = true;
            this.nillable = false;
            this.defaultedOnCreate = true;
            return this;
        }

        public Builder createable(boolean value) {
            this.createable = value;
            return this;
        }

        public Builder updateable(boolean value) {
            this.updateable = value;
            return this;
        }

        public Builder externalId() {
            this.externalId = true;
            return this;
        }

        public Builder unique() {
            this.unique = true;
            return this;
        }

        public Builder nameField() {
            this.nameField = true;
            return this;
        }

        public Builder defaultedOnCreate() {
            this.defaultedOnCreate = true;
            return this;
        }

        public Builder extraTypeInfo(String value) {
            this.extraTypeInfo = value;
            return this;
        }

        public Builder picklist(String... values) {
            this.picklistValues = List.of(values);
            return this;
        }

        public Builder picklist(List<String> values) {
            this.picklistValues = List.copyOf(values);
            return this;
        }

        /** Generated rows get generated values of this field (see {@link FieldDef#filled()}). */
        public Builder filled(boolean value) {
            this.filled = value;
            return this;
        }

        public FieldDef build() {
            return new FieldDef(this);
        }
    }
}
