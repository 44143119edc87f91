package io.sfsync.snowflakeemulator.engine;

/**
 * One lexical token of a Snowflake statement: its kind, its source text, its value (the decoded string of a literal
 * or quoted identifier), and where it starts (offset; line 1-based; column 0-based, as Snowflake's messages count).
 */
record Token(Type type, String text, String value, int start, int end, int line, int column) {

    /** Token kinds. */
    enum Type { WORD, QUOTED, STRING, NUMBER, PARAM, COLUMN_REF, STAGE, OP, EOF }

    boolean is(String word) {
        return type == Type.WORD && text.equalsIgnoreCase(word);
    }

    boolean isOp(String op) {
        return type == Type.OP && text.equals(op);
    }

    /** An identifier as Snowflake resolves it: quoted exact, unquoted upper case. */
    String identifier() {
        return type == Type.QUOTED ? value : Names.fold(text);
    }

    boolean isIdentifier() {
        return type == Type.WORD || type == Type.QUOTED;
    }
}
