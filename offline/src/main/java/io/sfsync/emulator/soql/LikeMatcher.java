package io.sfsync.emulator.soql;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled LIKE pattern: case-insensitive match of the whole value, {@code %} any run of characters, {@code _} one
 * character, {@code \%} and {@code \_} the characters themselves. The common shapes (exact, prefix, suffix,
 * contains) avoid regular expressions.
 */
final class LikeMatcher {
    private enum Shape {
        EXACT, PREFIX, SUFFIX, CONTAINS, ANY, REGEX
    }

    private static final String ANY_RUN = "%";
    private static final String ONE_CHAR = "_";

    private final Shape shape;
    private final String literal;
    private final Pattern pattern;

    private LikeMatcher(Shape shape, String literal, Pattern pattern) {
        this.shape = shape;
        this.literal = literal;
        this.pattern = pattern;
    }

    /** Compiles the body of a string literal (between the quotes, escapes still in place). */
    static LikeMatcher compile(String body) {
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '%' || c == '_') {
                if (text.length() > 0) {
                    parts.add(new StringBuilder(text));
                    text.setLength(0);
                }
                boolean repeatedRun = c == '%' && !parts.isEmpty() && parts.get(parts.size() - 1) == ANY_RUN;
                if (!repeatedRun) {
                    parts.add(c == '%' ? ANY_RUN : ONE_CHAR);
                }
            } else if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                if (e == 'u') {
                    text.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                    i += 4;
                } else {
                    text.append(SoqlLexer.unescape(e));
                }
            } else {
                text.append(c);
            }
        }
        if (text.length() > 0) {
            parts.add(new StringBuilder(text));
        }
        return ofParts(parts);
    }

    private static LikeMatcher ofParts(List<Object> parts) {
        int n = parts.size();
        if (n == 0) {
            return new LikeMatcher(Shape.EXACT, "", null);
        }
        if (parts.stream().noneMatch(p -> p == ONE_CHAR)) {
            if (n == 1 && parts.get(0) == ANY_RUN) {
                return new LikeMatcher(Shape.ANY, null, null);
            }
            if (n == 1) {
                return new LikeMatcher(Shape.EXACT, parts.get(0).toString(), null);
            }
            if (n == 2 && parts.get(1) == ANY_RUN) {
                return new LikeMatcher(Shape.PREFIX, parts.get(0).toString(), null);
            }
            if (n == 2 && parts.get(0) == ANY_RUN) {
                return new LikeMatcher(Shape.SUFFIX, parts.get(1).toString(), null);
            }
            if (n == 3 && parts.get(0) == ANY_RUN && parts.get(2) == ANY_RUN) {
                return new LikeMatcher(Shape.CONTAINS, parts.get(1).toString(), null);
            }
        }
        StringBuilder regex = new StringBuilder();
        for (Object p : parts) {
            if (p == ANY_RUN) {
                regex.append(".*");
            } else if (p == ONE_CHAR) {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(p.toString()));
            }
        }
        return new LikeMatcher(Shape.REGEX, null, Pattern.compile(regex.toString(),
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
    }

    boolean matches(String value) {
        switch (shape) {
            case EXACT:
                return value.equalsIgnoreCase(literal);
            case PREFIX:
                return value.regionMatches(true, 0, literal, 0, literal.length());
            case SUFFIX:
                return value.length() >= literal.length()
                        && value.regionMatches(true, value.length() - literal.length(), literal, 0, literal.length());
            case CONTAINS:
                return contains(value);
            case ANY:
                return true;
            default:
                return pattern.matcher(value).matches();
        }
    }

    private boolean contains(String value) {
        int n = literal.length();
        for (int i = 0; i + n <= value.length(); i++) {
            if (value.regionMatches(true, i, literal, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
