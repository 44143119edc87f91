package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.emulator.model.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks a parsed statement against the schema (names, types, operators) and compiles it into a {@link SoqlQuery}. */
final class QueryCompiler {
    /** Salesforce allows five levels of child-to-parent relationships. */
    private static final int MAX_RELATIONSHIP_DEPTH = 5;
    /** Multi-select picklist tests keep the values named in the query as bits of a long. */
    private static final int MAX_MULTIPICKLIST_VALUES = 64;

    private final String soql;
    private final Schema schema;
    private final SObjectDef root;
    private final String alias;
    private final Set<FieldDef> whereFields = new LinkedHashSet<>();

    private QueryCompiler(String soql, Schema schema, SObjectDef root, String alias) {
        this.soql = soql;
        this.schema = schema;
        this.root = root;
        this.alias = alias;
    }

    static SoqlQuery compile(String soql, Ast.Statement statement, Schema schema) {
        Token from = statement.from();
        SObjectDef root = schema.find(from.text());
        if (root == null) {
            throw SoqlErrors.unknownType(soql, from.offset(), from.text());
        }
        return new QueryCompiler(soql, schema, root, statement.alias()).build(statement);
    }

    private SoqlQuery build(Ast.Statement st) {
        boolean count = false;
        FieldPath countField = null;
        String countAlias = null;
        List<FieldPath> select = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Ast.SelectItem item : st.select()) {
            if (item instanceof Ast.CountItem c) {
                checkAloneInSelect(st, c);
                if (c.argument() == null) {
                    count = true;
                } else {
                    countField = resolve(c.argument());
                    countAlias = c.alias() != null ? c.alias() : "expr0";
                }
            } else {
                Ast.Path path = ((Ast.FieldItem) item).path();
                FieldPath p = resolve(path);
                if (!seen.add(p.canonicalName().toLowerCase(Locale.ROOT))) {
                    throw SoqlErrors.malformed(soql, path.offset(), "duplicate field selected: " + p.canonicalName());
                }
                select.add(p);
            }
        }
        Condition where = st.where() == null ? null : condition(st.where());
        List<SoqlQuery.OrderKey> orderBy = new ArrayList<>();
        for (Ast.Order o : st.orderBy()) {
            FieldPath p = resolve(o.path());
            if (!p.field().sortable()) {
                throw SoqlErrors.notSortable(soql, o.path().offset(), p.field().name());
            }
            if (countField != null) {
                throw SoqlErrors.malformed(soql, o.path().offset(),
                        "Ordered field must be grouped or aggregated: " + p.canonicalName());
            }
            boolean nullsFirst = o.nullsFirst() != null ? o.nullsFirst() : !o.descending();
            orderBy.add(new SoqlQuery.OrderKey(p, ValueKind.of(p.field().type()), o.descending(), nullsFirst));
        }
        return new SoqlQuery(soql, root, count, countField, countAlias, select, where, whereFields, orderBy,
                st.limit(), st.offset());
    }

    /** Without GROUP BY an aggregate cannot be combined with plain fields or other aggregates. */
    private void checkAloneInSelect(Ast.Statement st, Ast.CountItem count) {
        for (Ast.SelectItem other : st.select()) {
            if (other == count) {
                continue;
            }
            if (other instanceof Ast.FieldItem f) {
                throw SoqlErrors.malformed(soql, f.path().offset(),
                        "Field must be grouped or aggregated: " + resolve(f.path()).canonicalName());
            }
            throw SoqlErrors.unsupported(soql, ((Ast.CountItem) other).offset(), "More than one aggregate");
        }
    }

    /** Resolves a path as written to fields of the schema, following parent relationships. */
    private FieldPath resolve(Ast.Path path) {
        List<String> segments = path.segments();
        if (segments.size() > 1) {
            String first = segments.get(0);
            boolean qualifier = first.equalsIgnoreCase(alias)
                    || (first.equalsIgnoreCase(root.name()) && root.relationship(first) == null);
            if (qualifier) {
                segments = segments.subList(1, segments.size());
            }
        }
        SObjectDef type = root;
        List<FieldDef> references = new ArrayList<>();
        List<SObjectDef> owners = new ArrayList<>();
        owners.add(root);
        for (int i = 0; i < segments.size() - 1; i++) {
            String name = segments.get(i);
            FieldDef reference = type.relationship(name);
            SObjectDef target = reference == null ? null : target(reference);
            if (target == null) {
                throw SoqlErrors.unknownRelationship(soql, path.offset(), name);
            }
            references.add(reference);
            owners.add(target);
            type = target;
        }
        if (references.size() > MAX_RELATIONSHIP_DEPTH) {
            throw SoqlErrors.malformed(soql, path.offset(), "A field path cannot follow more than "
                    + MAX_RELATIONSHIP_DEPTH + " relationships: " + path.text());
        }
        String last = segments.get(segments.size() - 1);
        FieldDef field = type.field(last);
        if (field == null) {
            throw SoqlErrors.noSuchColumn(soql, path.offset(), last, type.name());
        }
        return new FieldPath(references, field, owners);
    }

    /** The type a reference leads to; for polymorphic references the first target the schema knows. */
    private SObjectDef target(FieldDef reference) {
        for (String name : reference.referenceTo()) {
            SObjectDef t = schema.find(name);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private Condition condition(Ast.Cond cond) {
        if (cond instanceof Ast.And and) {
            return Conditions.and(and.terms().stream().map(this::condition).toList());
        }
        if (cond instanceof Ast.Or or) {
            return Conditions.or(or.terms().stream().map(this::condition).toList());
        }
        if (cond instanceof Ast.Not not) {
            return Conditions.not(condition(not.term()));
        }
        return predicate((Ast.Predicate) cond);
    }

    private Condition predicate(Ast.Predicate p) {
        FieldPath path = resolve(p.path());
        FieldDef field = path.field();
        int at = p.path().offset();
        if (!field.filterable()) {
            throw SoqlErrors.notFilterable(soql, at, field.name());
        }
        whereFields.add(path.references().isEmpty() ? field : path.references().get(0));
        ValueKind kind = ValueKind.of(field.type());
        switch (p.op()) {
            case LIKE:
            case NOT_LIKE: {
                if (!kind.isText()) {
                    throw invalidOperator(p, field);
                }
                Ast.Literal literal = p.values().get(0);
                if (literal.kind() != Ast.LiteralKind.STRING) {
                    throw SoqlErrors.wrongValueType(soql, at, field.name(), "string", true);
                }
                Condition like = Conditions.like(path, LikeMatcher.compile(SoqlLexer.body(literal.token())));
                return p.op() == Ast.Op.LIKE ? like : Conditions.not(like);
            }
            case INCLUDES:
            case EXCLUDES:
                if (kind != ValueKind.MULTIPICKLIST) {
                    throw SoqlErrors.invalidField(soql, p.opOffset(),
                            "includes or excludes operator only valid on multipicklist field");
                }
                return multi(path, at, p.values(), false, p.op() == Ast.Op.EXCLUDES);
            case IN:
            case NOT_IN:
                if (kind == ValueKind.MULTIPICKLIST) {
                    return multi(path, at, p.values(), true, p.op() == Ast.Op.NOT_IN);
                }
                return in(path, at, kind, p);
            default:
                return comparison(path, at, kind, p);
        }
    }

    private Condition comparison(FieldPath path, int at, ValueKind kind, Ast.Predicate p) {
        Ast.Op op = p.op();
        Ast.Literal literal = p.values().get(0);
        if (literal.kind() == Ast.LiteralKind.NULL) {
            if (op == Ast.Op.EQ || op == Ast.Op.NE) {
                return Conditions.isNull(path, op == Ast.Op.EQ);
            }
            return Conditions.constant(false);
        }
        boolean equality = op == Ast.Op.EQ || op == Ast.Op.NE;
        if (kind == ValueKind.MULTIPICKLIST) {
            if (!equality) {
                throw invalidOperator(p, path.field());
            }
            return multi(path, at, List.of(literal), true, op == Ast.Op.NE);
        }
        if (kind == ValueKind.BOOLEAN && !equality) {
            throw invalidOperator(p, path.field());
        }
        return Conditions.compare(path, op, operand(kind, convert(path, at, kind, literal)));
    }

    private Condition in(FieldPath path, int at, ValueKind kind, Ast.Predicate p) {
        boolean hasNull = false;
        List<Operand> operands = new ArrayList<>();
        List<Object> plain = new ArrayList<>();
        boolean allPlain = true;
        for (Ast.Literal literal : p.values()) {
            if (literal.kind() == Ast.LiteralKind.NULL) {
                hasNull = true;
                continue;
            }
            Object value = convert(path, at, kind, literal);
            allPlain &= !(value instanceof RelativeDate);
            operands.add(operand(kind, value));
            plain.add(value);
        }
        return Conditions.in(path, p.op() == Ast.Op.NOT_IN, hasNull, kind, operands, allPlain ? plain : null);
    }

    private Condition multi(FieldPath path, int at, List<Ast.Literal> literals, boolean exact, boolean negate) {
        List<String> values = new ArrayList<>();
        long[] terms = new long[literals.size()];
        for (int i = 0; i < literals.size(); i++) {
            String literal = (String) convert(path, at, ValueKind.MULTIPICKLIST, literals.get(i));
            long mask = 0;
            for (String part : literal.split(";")) {
                String value = part.trim();
                if (value.isEmpty()) {
                    continue;
                }
                int index = indexOfIgnoreCase(values, value);
                if (index < 0) {
                    if (values.size() == MAX_MULTIPICKLIST_VALUES) {
                        throw SoqlErrors.malformed(soql, literals.get(i).token().offset(),
                                "too many multi-select picklist values in one condition");
                    }
                    values.add(value);
                    index = values.size() - 1;
                }
                mask |= 1L << index;
            }
            terms[i] = mask;
        }
        return Conditions.multi(path, values.toArray(String[]::new), terms, exact, negate);
    }

    private static int indexOfIgnoreCase(List<String> values, String value) {
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).equalsIgnoreCase(value)) {
                return i;
            }
        }
        return -1;
    }

    private static Operand operand(ValueKind kind, Object value) {
        if (value instanceof RelativeDate date) {
            return Operands.relative(date, kind == ValueKind.DATETIME);
        }
        if (kind == ValueKind.ID) {
            return Operands.id((String) value);
        }
        if (kind == ValueKind.TEXT) {
            return Operands.text((String) value);
        }
        return Operands.fixed(kind, value);
    }

    /**
     * The literal as a value of the field's Java type (or a {@link RelativeDate}), after checking that its syntax
     * suits the field type as Salesforce does: quotes exactly for text types, bare literals for the others.
     */
    private Object convert(FieldPath path, int at, ValueKind kind, Ast.Literal literal) {
        String name = path.field().name();
        Token token = literal.token();
        switch (kind) {
            case TEXT:
            case ID:
            case MULTIPICKLIST:
                if (literal.kind() != Ast.LiteralKind.STRING) {
                    throw SoqlErrors.wrongValueType(soql, at, name, kind.typeName, true);
                }
                return SoqlLexer.decode(SoqlLexer.body(token));
            case BOOLEAN:
                if (literal.kind() != Ast.LiteralKind.BOOLEAN) {
                    throw SoqlErrors.wrongValueType(soql, at, name, kind.typeName, false);
                }
                return Boolean.valueOf(token.upper().equals("TRUE"));
            case INT:
            case LONG:
            case DECIMAL:
                if (literal.kind() != Ast.LiteralKind.NUMBER) {
                    throw SoqlErrors.wrongValueType(soql, at, name, kind.typeName, false);
                }
                return number(kind, token.text());
            case DATE:
                if (literal.kind() == Ast.LiteralKind.RELATIVE) {
                    return new RelativeDate(token.upper(), literal.n());
                }
                if (literal.kind() != Ast.LiteralKind.DATE) {
                    throw SoqlErrors.wrongValueType(soql, at, name, kind.typeName, false);
                }
                return date(token);
            case DATETIME:
                if (literal.kind() == Ast.LiteralKind.RELATIVE) {
                    return new RelativeDate(token.upper(), literal.n());
                }
                if (literal.kind() != Ast.LiteralKind.DATETIME) {
                    throw SoqlErrors.wrongValueType(soql, at, name, kind.typeName, false);
                }
                return dateTime(token);
            case TIME:
                if (literal.kind() == Ast.LiteralKind.TIME) {
                    return time(token, token.text());
                }
                // Lenient: a quoted time is accepted too, Salesforce's rule for time literals is not documented.
                if (literal.kind() == Ast.LiteralKind.STRING) {
                    return time(token, SoqlLexer.decode(SoqlLexer.body(token)));
                }
                throw SoqlErrors.wrongValueType(soql, at, name, kind.typeName, false);
            default:
                throw SoqlErrors.notFilterable(soql, at, name);
        }
    }

    private static Object number(ValueKind kind, String text) {
        BigDecimal d = new BigDecimal(text);
        if (kind != ValueKind.DECIMAL && d.stripTrailingZeros().scale() <= 0) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException tooBig) {
                return d;
            }
        }
        return d;
    }

    private LocalDate date(Token token) {
        try {
            return LocalDate.parse(token.text());
        } catch (DateTimeParseException e) {
            throw SoqlErrors.malformed(soql, token.offset(), "invalid date: " + token.text());
        }
    }

    private Instant dateTime(Token token) {
        String s = token.text().replace('t', 'T').replace('z', 'Z');
        // ISO needs a colon in the offset; SOQL also takes +hhmm.
        s = s.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw SoqlErrors.malformed(soql, token.offset(), "invalid dateTime: " + token.text());
        }
    }

    private LocalTime time(Token token, String text) {
        String s = text.endsWith("Z") || text.endsWith("z") ? text.substring(0, text.length() - 1) : text;
        try {
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw SoqlErrors.malformed(soql, token.offset(), "invalid time: " + text);
        }
    }

    private SoqlException invalidOperator(Ast.Predicate p, FieldDef field) {
        return SoqlErrors.invalidField(soql, p.opOffset(), "invalid operator " + p.op().symbol + " on field '"
                + field.name() + "' of type " + field.type().apiName());
    }
}
