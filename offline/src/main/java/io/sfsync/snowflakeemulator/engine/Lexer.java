package io.sfsync.snowflakeemulator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Snowflake's lexical rules: '...' strings with '' and backslash escapes, "..." identifiers, $$...$$ strings,
 * -- // and /* *&#47; comments, ? and :n placeholders, $n column references, @stage locations.
 */
final class Lexer {

    private Lexer() {
    }

    static List<Token> lex(String sql) throws SnowflakeError {
        List<Token> out = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        int line = 1;
        int lineStart = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
                i++;
                continue;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            int col = i - lineStart;
            if ((c == '-' && at(sql, i + 1, '-')) || (c == '/' && at(sql, i + 1, '/'))) {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && at(sql, i + 1, '*')) {
                int endC = sql.indexOf("*/", i + 2);
                if (endC < 0) {
                    throw Errors.syntax(new Token(Token.Type.EOF, "", "", n, n, line, col));
                }
                for (int k = i; k < endC; k++) {
                    if (sql.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                i = endC + 2;
                continue;
            }
            if (c == '\'') {
                StringBuilder v = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '\'') {
                        if (at(sql, i + 1, '\'')) {
                            v.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    if (d == '\\' && i + 1 < n) {
                        char e = sql.charAt(i + 1);
                        v.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            case 'b' -> '\b';
                            case 'f' -> '\f';
                            case '0' -> '\0';
                            default -> e;
                        });
                        i += 2;
                        continue;
                    }
                    if (d == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                    v.append(d);
                    i++;
                }
                if (!closed) {
                    throw Errors.syntax(new Token(Token.Type.EOF, "", "", n, n, line, i - lineStart));
                }
                out.add(new Token(Token.Type.STRING, sql.substring(start, i), v.toString(), start, i, line, col));
                continue;
            }
            if (c == '$' && at(sql, i + 1, '$')) {
                int endD = sql.indexOf("$$", i + 2);
                if (endD < 0) {
                    throw Errors.syntax(new Token(Token.Type.EOF, "", "", n, n, line, col));
                }
                String v = sql.substring(i + 2, endD);
                i = endD + 2;
                out.add(new Token(Token.Type.STRING, sql.substring(start, i), v, start, i, line, col));
                for (int k = start; k < i; k++) {
                    if (sql.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                continue;
            }
            if (c == '"') {
                StringBuilder v = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '"') {
                        if (at(sql, i + 1, '"')) {
                            v.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    v.append(d);
                    i++;
                }
                if (!closed || v.length() == 0) {
                    throw Errors.syntax(new Token(Token.Type.OP, "\"", "", start, start + 1, line, col));
                }
                out.add(new Token(Token.Type.QUOTED, sql.substring(start, i), v.toString(), start, i, line, col));
                continue;
            }
            if (Character.isLetter(c) || c == '_') {
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                String w = sql.substring(start, i);
                out.add(new Token(Token.Type.WORD, w, w, start, i, line, col));
                continue;
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
                    int k = i + 1;
                    if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
                        k++;
                    }
                    if (k < n && Character.isDigit(sql.charAt(k))) {
                        i = k;
                        while (i < n && Character.isDigit(sql.charAt(i))) {
                            i++;
                        }
                    }
                }
                String num = sql.substring(start, i);
                out.add(new Token(Token.Type.NUMBER, num, num, start, i, line, col));
                continue;
            }
            if (c == '?') {
                i++;
                out.add(new Token(Token.Type.PARAM, "?", "", start, i, line, col));
                continue;
            }
            if (c == ':' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i++;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Token.Type.PARAM, sql.substring(start, i), sql.substring(start + 1, i), start, i,
                        line, col));
                continue;
            }
            if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                i++;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
                out.add(new Token(Token.Type.COLUMN_REF, sql.substring(start, i), sql.substring(start + 1, i), start,
                        i, line, col));
                continue;
            }
            if (c == '@') {
                i++;
                boolean quoted = false;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '"') {
                        quoted = !quoted;
                    } else if (!quoted && (Character.isWhitespace(d) || d == ';' || d == ')' || d == ',')) {
                        break;
                    }
                    i++;
                }
                String loc = sql.substring(start, i);
                out.add(new Token(Token.Type.STAGE, loc, loc.substring(1), start, i, line, col));
                continue;
            }
            String[] ops = {"::", "||", "<>", "!=", "<=", ">=", "=>", "->", "**"};
            String op = null;
            for (String o : ops) {
                if (sql.startsWith(o, i)) {
                    op = o;
                    break;
                }
            }
            if (op == null) {
                op = String.valueOf(c);
            }
            i += op.length();
            out.add(new Token(Token.Type.OP, op, op, start, i, line, col));
        }
        // a trailing ; ends the statement
        while (!out.isEmpty() && out.get(out.size() - 1).isOp(";")) {
            out.remove(out.size() - 1);
        }
        out.add(new Token(Token.Type.EOF, "", "", n, n, line, n - lineStart));
        return out;
    }

    private static boolean at(String s, int i, char c) {
        return i < s.length() && s.charAt(i) == c;
    }
}
