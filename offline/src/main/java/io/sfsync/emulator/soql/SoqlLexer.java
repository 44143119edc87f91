package io.sfsync.emulator.soql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a SOQL statement into tokens; string literals are checked for legal escapes here. */
final class SoqlLexer {
    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:?\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?![0-9A-Za-z_:])");
    private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?[Zz]?");
    private static final Pattern NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

    private SoqlLexer() {
    }

    static List<Token> tokenize(String soql) {
        List<Token> out = new ArrayList<>();
        Matcher m = DATETIME.matcher(soql);
        int i = 0;
        int n = soql.length();
        while (true) {
            while (i < n && Character.isWhitespace(soql.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            char c = soql.charAt(i);
            int start = i;
            if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(soql.charAt(i)) || soql.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Token.Kind.IDENT, soql.substring(start, i), start));
            } else if (c == '\'') {
                i = endOfString(soql, start);
                out.add(new Token(Token.Kind.STRING, soql.substring(start, i), start));
            } else if (Character.isDigit(c) || ((c == '-' || c == '+') && i + 1 < n
                    && Character.isDigit(soql.charAt(i + 1)))) {
                Token.Kind kind = Token.Kind.NUMBER;
                int end = -1;
                if (Character.isDigit(c)) {
                    if (m.usePattern(DATETIME).region(i, n).lookingAt()) {
                        kind = Token.Kind.DATETIME;
                        end = m.end();
                    } else if (m.usePattern(DATE).region(i, n).lookingAt()) {
                        kind = Token.Kind.DATE;
                        end = m.end();
                    } else if (m.usePattern(TIME).region(i, n).lookingAt()) {
                        kind = Token.Kind.TIME;
                        end = m.end();
                    }
                }
                if (end < 0) {
                    m.usePattern(NUMBER).region(i, n).lookingAt();
                    end = m.end();
                }
                // A literal glued to letters ("2024-01-15T10:30", "12abc") is one bad token, not two.
                while (end < n && (Character.isLetterOrDigit(soql.charAt(end))
                        || "_:.+-".indexOf(soql.charAt(end)) >= 0)) {
                    end++;
                    kind = null;
                }
                i = end;
                if (kind == null) {
                    throw SoqlErrors.unexpected(soql, new Token(Token.Kind.IDENT, soql.substring(start, i), start));
                }
                out.add(new Token(kind, soql.substring(start, i), start));
            } else {
                i = symbol(soql, i, out);
            }
        }
        int end = n;
        while (end > 0 && Character.isWhitespace(soql.charAt(end - 1))) {
            end--;
        }
        out.add(new Token(Token.Kind.EOF, "", end));
        return out;
    }

    private static int symbol(String soql, int i, List<Token> out) {
        char c = soql.charAt(i);
        char next = i + 1 < soql.length() ? soql.charAt(i + 1) : '\0';
        switch (c) {
            case '(':
                out.add(new Token(Token.Kind.LPAREN, "(", i));
                return i + 1;
            case ')':
                out.add(new Token(Token.Kind.RPAREN, ")", i));
                return i + 1;
            case ',':
                out.add(new Token(Token.Kind.COMMA, ",", i));
                return i + 1;
            case '.':
                out.add(new Token(Token.Kind.DOT, ".", i));
                return i + 1;
            case ':':
                out.add(new Token(Token.Kind.COLON, ":", i));
                return i + 1;
            case '=':
                out.add(new Token(Token.Kind.OPERATOR, "=", i));
                return i + 1;
            case '!':
                if (next == '=') {
                    out.add(new Token(Token.Kind.OPERATOR, "!=", i));
                    return i + 2;
                }
                break;
            case '<':
                if (next == '=' || next == '>') {
                    out.add(new Token(Token.Kind.OPERATOR, "<" + next, i));
                    return i + 2;
                }
                out.add(new Token(Token.Kind.OPERATOR, "<", i));
                return i + 1;
            case '>':
                if (next == '=') {
                    out.add(new Token(Token.Kind.OPERATOR, ">=", i));
                    return i + 2;
                }
                out.add(new Token(Token.Kind.OPERATOR, ">", i));
                return i + 1;
            default:
                break;
        }
        throw SoqlErrors.unexpected(soql, new Token(Token.Kind.IDENT, String.valueOf(c), i));
    }

    /** Index just after the closing quote of the string literal starting at {@code start}. */
    private static int endOfString(String soql, int start) {
        int i = start + 1;
        while (i < soql.length()) {
            char c = soql.charAt(i);
            if (c == '\'') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= soql.length()) {
                    break;
                }
                char e = soql.charAt(i + 1);
                if (e == 'u') {
                    if (i + 6 > soql.length() || !isHex(soql.substring(i + 2, i + 6))) {
                        throw illegalEscape(soql, start, soql.substring(i, Math.min(i + 6, soql.length())));
                    }
                    i += 6;
                    continue;
                }
                if ("'\"\\nrtbf%_".indexOf(e) < 0) {
                    throw illegalEscape(soql, start, "\\" + e);
                }
                i += 2;
                continue;
            }
            i++;
        }
        throw SoqlErrors.malformed(soql, start, "unterminated string literal: "
                + soql.substring(start, Math.min(soql.length(), start + 40)));
    }

    private static boolean isHex(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (Character.digit(s.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static SoqlException illegalEscape(String soql, int start, String sequence) {
        return SoqlErrors.malformed(soql, start, "Illegal character sequence '" + sequence + "' in string literal.");
    }

    /** The value of a string literal body (between the quotes); {@code \%} and {@code \_} become plain characters. */
    static String decode(String body) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                sb.append(c);
                continue;
            }
            char e = body.charAt(++i);
            if (e == 'u') {
                sb.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                sb.append(unescape(e));
            }
        }
        return sb.toString();
    }

    static char unescape(char e) {
        switch (e) {
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            default:
                return e;
        }
    }

    /** The body of a string token, without its quotes. */
    static String body(Token stringToken) {
        String t = stringToken.text();
        return t.substring(1, t.length() - 1);
    }
}
