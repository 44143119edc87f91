package io.sfsync.emulator.soql;

import io.sfsync.emulator.model.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Parses a SOQL statement and checks it against a schema, producing an executable {@link SoqlQuery}. */
public final class SoqlParser {
    /** Words that end the FROM clause, so they are never taken as an alias of the object. */
    private static final Set<String> CLAUSE_WORDS = Set.of("WHERE", "ORDER", "LIMIT", "OFFSET", "GROUP", "HAVING",
            "WITH", "FOR", "USING", "UPDATE", "VIEW", "REFERENCE", "ALL");

    private final String soql;
    private final List<Token> tokens;
    private int pos;

    private SoqlParser(String soql, List<Token> tokens) {
        this.soql = soql;
        this.tokens = tokens;
    }

    /** Parses {@code soql} and validates it against {@code schema}; a {@link SoqlException} as Salesforce reports. */
    public static SoqlQuery parse(String soql, Schema schema) {
        Objects.requireNonNull(soql, "soql");
        Objects.requireNonNull(schema, "schema");
        Ast.Statement statement = new SoqlParser(soql, SoqlLexer.tokenize(soql)).statement();
        return QueryCompiler.compile(soql, statement, schema);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (!t.is(Token.Kind.EOF)) {
            pos++;
        }
        return t;
    }

    private boolean acceptWord(String keyword) {
        if (peek().isWord(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectWord(String keyword) {
        Token t = next();
        if (!t.isWord(keyword)) {
            throw unexpected(t);
        }
    }

    private void expectRightParen() {
        Token t = next();
        if (!t.is(Token.Kind.RPAREN)) {
            throw SoqlErrors.expectingRightParen(soql, t);
        }
    }

    /** A syntax error at {@code t}, naming the feature when it is SOQL the emulator does not implement. */
    private SoqlException unexpected(Token t) {
        if (t.is(Token.Kind.IDENT)) {
            switch (t.upper()) {
                case "GROUP":
                    return SoqlErrors.unsupported(soql, t.offset(), "GROUP BY");
                case "HAVING":
                    return SoqlErrors.unsupported(soql, t.offset(), "HAVING");
                case "WITH":
                    return SoqlErrors.unsupported(soql, t.offset(), "WITH");
                case "FOR":
                    return SoqlErrors.unsupported(soql, t.offset(), "FOR VIEW/REFERENCE/UPDATE");
                case "USING":
                    return SoqlErrors.unsupported(soql, t.offset(), "USING SCOPE");
                case "TYPEOF":
                    return SoqlErrors.unsupported(soql, t.offset(), "TYPEOF");
                default:
                    break;
            }
        }
        return SoqlErrors.unexpected(soql, t);
    }

    private Ast.Statement statement() {
        expectWord("SELECT");
        List<Ast.SelectItem> select = new ArrayList<>();
        do {
            select.add(selectItem());
        } while (accept(Token.Kind.COMMA));
        expectWord("FROM");
        Token from = next();
        if (!from.is(Token.Kind.IDENT)) {
            throw unexpected(from);
        }
        String alias = null;
        if (peek().is(Token.Kind.IDENT) && !CLAUSE_WORDS.contains(peek().upper())) {
            alias = next().text();
        }
        Ast.Cond where = null;
        if (acceptWord("WHERE")) {
            where = disjunction();
        }
        List<Ast.Order> orderBy = List.of();
        if (acceptWord("ORDER")) {
            expectWord("BY");
            orderBy = orderList();
        }
        int limit = -1;
        if (acceptWord("LIMIT")) {
            limit = nonNegativeInt();
        }
        int offset = 0;
        if (acceptWord("OFFSET")) {
            offset = nonNegativeInt();
        }
        Token end = peek();
        if (!end.is(Token.Kind.EOF)) {
            throw unexpected(end);
        }
        return new Ast.Statement(List.copyOf(select), from, alias, where, orderBy, limit, offset);
    }

    private boolean accept(Token.Kind kind) {
        if (peek().is(kind)) {
            pos++;
            return true;
        }
        return false;
    }

    private Ast.SelectItem selectItem() {
        Token t = peek();
        if (t.is(Token.Kind.LPAREN)) {
            throw SoqlErrors.unsupported(soql, t.offset(), "A parent-to-child subquery");
        }
        if (!t.is(Token.Kind.IDENT)) {
            throw unexpected(t);
        }
        if (t.isWord("TYPEOF")) {
            throw unexpected(t);
        }
        if (peek(1).is(Token.Kind.LPAREN)) {
            if (!t.isWord("COUNT")) {
                throw SoqlErrors.unsupported(soql, t.offset(), t.text() + "()");
            }
            next();
            next();
            if (accept(Token.Kind.RPAREN)) {
                return new Ast.CountItem(null, null, t.offset());
            }
            Ast.Path argument = path();
            expectRightParen();
            String alias = null;
            if (peek().is(Token.Kind.IDENT) && !peek().isWord("FROM")) {
                alias = next().text();
            }
            return new Ast.CountItem(argument, alias, t.offset());
        }
        return new Ast.FieldItem(path());
    }

    private Ast.Path path() {
        Token first = next();
        if (!first.is(Token.Kind.IDENT)) {
            throw unexpected(first);
        }
        List<String> segments = new ArrayList<>();
        segments.add(first.text());
        while (accept(Token.Kind.DOT)) {
            Token s = next();
            if (!s.is(Token.Kind.IDENT)) {
                throw unexpected(s);
            }
            segments.add(s.text());
        }
        return new Ast.Path(List.copyOf(segments), first.offset());
    }

    /** Terms joined by one kind of connector: SOQL has no precedence between AND and OR, mixing them needs parens. */
    private Ast.Cond disjunction() {
        List<Ast.Cond> terms = new ArrayList<>();
        terms.add(unary());
        String connector = null;
        while (peek().isWord("AND") || peek().isWord("OR")) {
            Token c = next();
            if (connector != null && !connector.equals(c.upper())) {
                throw SoqlErrors.unexpected(soql, c);
            }
            connector = c.upper();
            terms.add(unary());
        }
        if (connector == null) {
            return terms.get(0);
        }
        return connector.equals("AND") ? new Ast.And(List.copyOf(terms)) : new Ast.Or(List.copyOf(terms));
    }

    private Ast.Cond unary() {
        if (acceptWord("NOT")) {
            return new Ast.Not(unary());
        }
        if (accept(Token.Kind.LPAREN)) {
            Ast.Cond inner = disjunction();
            expectRightParen();
            return inner;
        }
        return predicate();
    }

    private Ast.Cond predicate() {
        Ast.Path path = path();
        Token t = next();
        if (t.is(Token.Kind.OPERATOR)) {
            return new Ast.Predicate(path, Ast.Op.ofSymbol(t.text()), List.of(literal()), t.offset());
        }
        if (t.isWord("NOT")) {
            Token u = next();
            if (u.isWord("IN")) {
                return new Ast.Predicate(path, Ast.Op.NOT_IN, literalList(), t.offset());
            }
            if (u.isWord("LIKE")) {
                return new Ast.Predicate(path, Ast.Op.NOT_LIKE, List.of(literal()), t.offset());
            }
            throw unexpected(u);
        }
        if (t.isWord("IN")) {
            return new Ast.Predicate(path, Ast.Op.IN, literalList(), t.offset());
        }
        if (t.isWord("LIKE")) {
            return new Ast.Predicate(path, Ast.Op.LIKE, List.of(literal()), t.offset());
        }
        if (t.isWord("INCLUDES")) {
            return new Ast.Predicate(path, Ast.Op.INCLUDES, literalList(), t.offset());
        }
        if (t.isWord("EXCLUDES")) {
            return new Ast.Predicate(path, Ast.Op.EXCLUDES, literalList(), t.offset());
        }
        throw unexpected(t);
    }

    private List<Ast.Literal> literalList() {
        Token open = next();
        if (!open.is(Token.Kind.LPAREN)) {
            throw unexpected(open);
        }
        if (peek().isWord("SELECT")) {
            throw SoqlErrors.unsupported(soql, peek().offset(), "A semi-join subquery");
        }
        List<Ast.Literal> values = new ArrayList<>();
        do {
            values.add(literal());
        } while (accept(Token.Kind.COMMA));
        expectRightParen();
        return List.copyOf(values);
    }

    private Ast.Literal literal() {
        Token t = next();
        switch (t.kind()) {
            case STRING:
                return new Ast.Literal(Ast.LiteralKind.STRING, t, 0);
            case NUMBER:
                return new Ast.Literal(Ast.LiteralKind.NUMBER, t, 0);
            case DATE:
                return new Ast.Literal(Ast.LiteralKind.DATE, t, 0);
            case DATETIME:
                return new Ast.Literal(Ast.LiteralKind.DATETIME, t, 0);
            case TIME:
                return new Ast.Literal(Ast.LiteralKind.TIME, t, 0);
            case IDENT:
                break;
            default:
                throw unexpected(t);
        }
        String word = t.upper();
        if (word.equals("TRUE") || word.equals("FALSE")) {
            return new Ast.Literal(Ast.LiteralKind.BOOLEAN, t, 0);
        }
        if (word.equals("NULL")) {
            return new Ast.Literal(Ast.LiteralKind.NULL, t, 0);
        }
        if (RelativeDate.isFixed(word)) {
            return new Ast.Literal(Ast.LiteralKind.RELATIVE, t, 0);
        }
        if (RelativeDate.takesArgument(word)) {
            Token colon = next();
            if (!colon.is(Token.Kind.COLON)) {
                throw unexpected(colon);
            }
            return new Ast.Literal(Ast.LiteralKind.RELATIVE, t, nonNegativeInt());
        }
        throw unexpected(t);
    }

    private List<Ast.Order> orderList() {
        List<Ast.Order> out = new ArrayList<>();
        do {
            Ast.Path path = path();
            boolean descending = false;
            if (acceptWord("DESC")) {
                descending = true;
            } else {
                acceptWord("ASC");
            }
            Boolean nullsFirst = null;
            if (acceptWord("NULLS")) {
                if (acceptWord("FIRST")) {
                    nullsFirst = Boolean.TRUE;
                } else if (acceptWord("LAST")) {
                    nullsFirst = Boolean.FALSE;
                } else {
                    throw unexpected(peek());
                }
            }
            out.add(new Ast.Order(path, descending, nullsFirst));
        } while (accept(Token.Kind.COMMA));
        return List.copyOf(out);
    }

    private int nonNegativeInt() {
        Token t = next();
        if (!t.is(Token.Kind.NUMBER) || !t.text().chars().allMatch(Character::isDigit)) {
            throw unexpected(t);
        }
        try {
            return Integer.parseInt(t.text());
        } catch (NumberFormatException e) {
            throw SoqlErrors.malformed(soql, t.offset(), "number too large: " + t.text());
        }
    }
}
