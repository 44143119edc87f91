package io.sfsync.emulator.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The formulas the offline org evaluates at read time, as Salesforce does (a formula's value is never stored, so a
 * change of what it reads moves no stamp of its record): {@code A * B / 100}, a parent's field through a lookup
 * ({@code Account.Name}, {@code TEXT(Account.Industry)}), days since a date ({@code TODAY() - Birthdate}) and a date
 * before today ({@code CloseDate < TODAY()}). TODAY() is the org clock's date in UTC.
 */
final class Formula {
    private static final Pattern PERCENT = Pattern.compile("(\\w+)\\s*\\*\\s*(\\w+)\\s*/\\s*100");
    private static final Pattern PARENT = Pattern.compile("(?:TEXT\\(\\s*)?(\\w+)\\.(\\w+)(\\s*\\))?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DAYS_SINCE = Pattern.compile("TODAY\\(\\)\\s*-\\s*(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern BEFORE_TODAY = Pattern.compile("(\\w+)\\s*<\\s*TODAY\\(\\)",
            Pattern.CASE_INSENSITIVE);

    private enum Kind { PERCENT, PARENT, DAYS_SINCE, BEFORE_TODAY }

    private final Kind kind;
    private final String first;
    private final String second;
    /** PARENT: the parent's field is a picklist read through TEXT(). */
    private final boolean text;

    private Formula(Kind kind, String first, String second) {
        this(kind, first, second, false);
    }

    private Formula(Kind kind, String first, String second, boolean text) {
        this.kind = kind;
        this.first = first;
        this.second = second;
        this.text = text;
    }

    /**
     * The shape of a formula text, unchecked (evaluating a formula whose fields are gone gives null).
     *
     * @throws IllegalArgumentException when the text is not one of the supported shapes
     */
    static Formula of(String formula) {
        String text = formula == null ? "" : formula.trim();
        Matcher m;
        if ((m = PERCENT.matcher(text)).matches()) {
            return new Formula(Kind.PERCENT, m.group(1), m.group(2));
        }
        if ((m = DAYS_SINCE.matcher(text)).matches()) {
            return new Formula(Kind.DAYS_SINCE, m.group(1), null);
        }
        if ((m = BEFORE_TODAY.matcher(text)).matches()) {
            return new Formula(Kind.BEFORE_TODAY, m.group(1), null);
        }
        if ((m = PARENT.matcher(text)).matches() && text.toUpperCase(Locale.ROOT).startsWith("TEXT(")
                == (m.group(3) != null)) {
            return new Formula(Kind.PARENT, m.group(1), m.group(2), m.group(3) != null);
        }
        throw new IllegalArgumentException("the offline org evaluates the formulas A * B / 100, Lookup.Field,"
                + " TEXT(Lookup.Picklist), TODAY() - DateField and DateField < TODAY(), not '" + text + "'");
    }

    /**
     * Checks the formula of a field of {@code type} as Salesforce's setup checks it: the fields it reads exist and have
     * the right types, and its result fits the field's type.
     *
     * @throws IllegalArgumentException in words, when the formula is not supported or does not fit
     */
    static void check(SObjectDef type, Schema schema, FieldDef field) {
        Formula f = of(field.calculatedFormula());
        switch (f.kind) {
            case PERCENT -> {
                require(type, f.first, null);
                require(type, f.second, null);
                requireResult(field, field.type().isDecimal(), "a number");
            }
            case DAYS_SINCE -> {
                require(type, f.first, FieldType.DATE);
                requireResult(field, field.type().isDecimal() || field.type() == FieldType.INT, "a number");
            }
            case BEFORE_TODAY -> {
                require(type, f.first, FieldType.DATE);
                requireResult(field, field.type() == FieldType.BOOLEAN, "a checkbox");
            }
            case PARENT -> {
                FieldDef lookup = type.relationship(f.first);
                if (lookup == null || lookup.referenceTo().size() != 1) {
                    throw new IllegalArgumentException("Field " + f.first + " does not exist (a formula reads a"
                            + " parent through the relationship name of a lookup to one object)");
                }
                SObjectDef parent = schema.find(lookup.referenceTo().get(0));
                FieldDef read = parent == null ? null : parent.field(f.second);
                if (read == null) {
                    throw new IllegalArgumentException("Field " + f.second + " does not exist on "
                            + lookup.referenceTo().get(0));
                }
                boolean picklist = read.type() == FieldType.PICKLIST;
                if (picklist != f.text) {
                    throw new IllegalArgumentException(picklist ? "Field " + read.name() + " is a picklist field."
                            + " Picklist fields are only supported in certain functions: use TEXT("
                            + field.calculatedFormula().trim() + ")"
                            : "TEXT() takes a picklist here, and " + read.name() + " is not one");
                }
                requireResult(field, field.type() == FieldType.STRING, "text");
            }
            default -> throw new IllegalStateException(f.kind.name());
        }
    }

    private static void require(SObjectDef type, String name, FieldType fieldType) {
        FieldDef f = type.field(name);
        if (f == null) {
            throw new IllegalArgumentException("Field " + name + " does not exist on " + type.name());
        }
        if (fieldType != null && f.type() != fieldType) {
            throw new IllegalArgumentException("Incorrect parameter type: " + name + " is "
                    + f.type().apiName() + ", expected " + fieldType.apiName());
        }
    }

    private static void requireResult(FieldDef field, boolean fits, String what) {
        if (!fits) {
            throw new IllegalArgumentException("Formula result is data type (" + what + "), incompatible with"
                    + " expected data type (" + field.type().apiName() + ") of " + field.name());
        }
    }

    /** The value of the formula of {@code field} for one record, now. */
    Object evaluate(FieldDef field, RowView row, RowResolver parents, OrgClock clock) {
        SObjectDef type = row.type();
        switch (kind) {
            case PERCENT: {
                FieldDef a = type.field(first);
                FieldDef b = type.field(second);
                if (a == null || b == null || !(row.get(a) instanceof BigDecimal x)
                        || !(row.get(b) instanceof BigDecimal y)) {
                    return null;
                }
                return x.multiply(y).divide(BigDecimal.valueOf(100), field.scale(), RoundingMode.HALF_UP);
            }
            case PARENT: {
                FieldDef lookup = type.relationship(first);
                Object id = lookup == null ? null : row.get(lookup);
                RowView parent = id == null ? null : parents.byId(id.toString());
                FieldDef read = parent == null ? null : parent.type().field(second);
                Object v = read == null ? null : parent.get(read);
                return v == null ? null : v.toString();
            }
            case DAYS_SINCE: {
                FieldDef d = type.field(first);
                if (d == null || !(row.get(d) instanceof LocalDate date)) {
                    return null;
                }
                long days = ChronoUnit.DAYS.between(date, today(clock));
                return field.type() == FieldType.INT ? (Object) (int) days
                        : BigDecimal.valueOf(days).setScale(field.scale(), RoundingMode.UNNECESSARY);
            }
            case BEFORE_TODAY: {
                FieldDef d = type.field(first);
                // A blank date is not before today: a checkbox formula treats blanks as blanks, never true.
                return d != null && row.get(d) instanceof LocalDate date && date.isBefore(today(clock));
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private static LocalDate today(OrgClock clock) {
        return LocalDate.ofInstant(clock.now(), ZoneOffset.UTC);
    }
}
