package io.sfsync.snowflakeemulator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A cursor over a statement's tokens for the commands the engine parses itself (DDL, stages, grants, session). */
final class Parser {

    private final List<Token> tokens;
    private int pos;

    Parser(List<Token> tokens, int pos) {
        this.tokens = tokens;
        this.pos = pos;
    }

    int position() {
        return pos;
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        Token t = tokens.get(pos);
        if (t.type() != Token.Type.EOF) {
            pos++;
        }
        return t;
    }

    boolean atEnd() {
        return peek().type() == Token.Type.EOF;
    }

    boolean accept(String word) {
        if (peek().is(word)) {
            pos++;
            return true;
        }
        return false;
    }

    boolean accept(String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!peek(k).is(words[k])) {
                return false;
            }
        }
        pos += words.length;
        return true;
    }

    boolean acceptOp(String op) {
        if (peek().isOp(op)) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(String word) throws SnowflakeError {
        if (!accept(word)) {
            throw Errors.syntax(peek());
        }
    }

    void expectOp(String op) throws SnowflakeError {
        if (!acceptOp(op)) {
            throw Errors.syntax(peek());
        }
    }

    void end() throws SnowflakeError {
        if (!atEnd()) {
            throw Errors.syntax(peek());
        }
    }

    String identifier() throws SnowflakeError {
        Token t = peek();
        if (!t.isIdentifier()) {
            throw Errors.syntax(t);
        }
        pos++;
        return t.identifier();
    }

    /** A dotted name of up to three parts. */
    List<String> name() throws SnowflakeError {
        List<String> parts = new ArrayList<>();
        parts.add(identifier());
        while (peek().isOp(".")) {
            pos++;
            parts.add(identifier());
        }
        if (parts.size() > 3) {
            throw Errors.syntax(tokens.get(pos - 1));
        }
        return parts;
    }

    String string() throws SnowflakeError {
        Token t = peek();
        if (t.type() != Token.Type.STRING) {
            throw Errors.syntax(t);
        }
        pos++;
        return t.value();
    }

    /** A value of an option: string, number, word (TRUE, NONE, ...). */
    String value() throws SnowflakeError {
        Token t = next();
        return switch (t.type()) {
            case STRING, NUMBER -> t.value();
            case WORD -> t.text().toUpperCase(Locale.ROOT);
            case QUOTED -> t.value();
            default -> throw Errors.syntax(t);
        };
    }

    long number() throws SnowflakeError {
        Token t = next();
        if (t.type() != Token.Type.NUMBER) {
            throw Errors.syntax(t);
        }
        try {
            return Long.parseLong(t.text());
        } catch (NumberFormatException e) {
            throw Errors.syntax(t);
        }
    }

    /** A Snowflake data type. */
    SfType type() throws SnowflakeError {
        Token t = next();
        if (t.type() != Token.Type.WORD) {
            throw Errors.syntax(t);
        }
        String w = t.text().toUpperCase(Locale.ROOT);
        switch (w) {
            case "VARCHAR", "STRING", "TEXT", "CHAR", "CHARACTER", "NVARCHAR", "NVARCHAR2", "CHAR_VARYING",
                    "NCHAR" -> {
                accept("VARYING");
                long length = w.startsWith("CHAR") || w.equals("NCHAR") ? 1 : SfType.MAX_VARCHAR;
                if (acceptOp("(")) {
                    length = number();
                    expectOp(")");
                    if (length < 1 || length > SfType.MAX_VARCHAR) {
                        throw Errors.compilation("002041", "42601", "Specified length " + length
                                + " is out of range for data type VARCHAR (1 to " + SfType.MAX_VARCHAR + ")");
                    }
                }
                return SfType.text(length);
            }
            case "NUMBER", "NUMERIC", "DECIMAL", "DEC" -> {
                int p = 38;
                int s = 0;
                if (acceptOp("(")) {
                    p = (int) number();
                    if (acceptOp(",")) {
                        s = (int) number();
                    }
                    expectOp(")");
                    if (p < 1 || p > 38 || s < 0 || s > p) {
                        throw Errors.compilation("002022", "42601", "Unsupported data type 'NUMBER(" + p + ", " + s
                                + ")'.");
                    }
                }
                return SfType.number(p, s);
            }
            case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT" -> {
                return SfType.number(38, 0);
            }
            case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "REAL" -> {
                accept("PRECISION");
                return SfType.of("FLOAT");
            }
            case "BOOLEAN" -> {
                return SfType.of("BOOLEAN");
            }
            case "DATE" -> {
                return SfType.of("DATE");
            }
            case "TIME", "TIMESTAMP", "DATETIME", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ" -> {
                int scale = 9;
                if (acceptOp("(")) {
                    scale = (int) number();
                    expectOp(")");
                }
                String kind = switch (w) {
                    case "TIME" -> "TIME";
                    case "TIMESTAMP_LTZ" -> "TIMESTAMP_LTZ";
                    case "TIMESTAMP_TZ" -> "TIMESTAMP_TZ";
                    default -> "TIMESTAMP_NTZ";
                };
                return new SfType(kind, 0, 0, scale);
            }
            case "BINARY", "VARBINARY" -> {
                if (acceptOp("(")) {
                    number();
                    expectOp(")");
                }
                return SfType.of("BINARY");
            }
            default -> throw Errors.unsupported(t, "the data type " + w);
        }
    }
}
