package io.sfsync.emulator.soql;

import java.util.Locale;

/** One lexical token of a SOQL statement; {@code offset} is its start in the statement text. */
record Token(Kind kind, String text, int offset) {

    /** Token classes the lexer distinguishes; keywords are identifiers recognised by the parser in context. */
    enum Kind {
        IDENT, STRING, NUMBER, DATE, DATETIME, TIME, OPERATOR, LPAREN, RPAREN, COMMA, DOT, COLON, EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isWord(String keyword) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    String upper() {
        return text.toUpperCase(Locale.ROOT);
    }

    /** How error messages quote this token: {@code 'FORM'}, or {@code <EOF>} at the end. */
    String display() {
        return kind == Kind.EOF ? "<EOF>" : "'" + text + "'";
    }
}
