package io.sfsync.emulator.soql;

/**
 * Builds every SOQL error message, so they all carry Salesforce's location prefix (the offending line, a caret and
 * {@code ERROR at Row:r:Column:c}) and its wording.
 */
final class SoqlErrors {
    private SoqlErrors() {
    }

    static SoqlException error(String code, String soql, int offset, String text) {
        return new SoqlException(code, location(soql, offset) + text);
    }

    static SoqlException malformed(String soql, int offset, String text) {
        return error(SoqlException.MALFORMED_QUERY, soql, offset, text);
    }

    static SoqlException invalidField(String soql, int offset, String text) {
        return error(SoqlException.INVALID_FIELD, soql, offset, text);
    }

    static SoqlException unexpected(String soql, Token token) {
        return malformed(soql, token.offset(), "unexpected token: " + token.display());
    }

    static SoqlException expectingRightParen(String soql, Token found) {
        return malformed(soql, found.offset(), "expecting a right parentheses, found '"
                + (found.is(Token.Kind.EOF) ? "<EOF>" : found.text()) + "'");
    }

    static SoqlException unsupported(String soql, int offset, String feature) {
        return malformed(soql, offset, feature + " is not supported by the emulator");
    }

    static SoqlException unknownType(String soql, int offset, String name) {
        return error(SoqlException.INVALID_TYPE, soql, offset, "sObject type '" + name + "' is not supported. If you"
                + " are attempting to use a custom object, be sure to append the '__c' after the entity name. Please"
                + " reference your WSDL or the describe call for the appropriate names.");
    }

    static SoqlException noSuchColumn(String soql, int offset, String column, String entity) {
        return invalidField(soql, offset, "No such column '" + column + "' on entity '" + entity + "'. If you are"
                + " attempting to use a custom field, be sure to append the '__c' after the custom field name. Please"
                + " reference your WSDL or the describe call for the appropriate names.");
    }

    static SoqlException unknownRelationship(String soql, int offset, String relationship) {
        return invalidField(soql, offset, "Didn't understand relationship '" + relationship + "' in field path. If"
                + " you are attempting to use a custom relationship, be sure to append the '__r' after the custom"
                + " relationship name. Please reference your WSDL or the describe call for the appropriate names.");
    }

    static SoqlException notFilterable(String soql, int offset, String field) {
        return invalidField(soql, offset, "field '" + field + "' can not be filtered in a query call");
    }

    static SoqlException notSortable(String soql, int offset, String field) {
        return invalidField(soql, offset, "field '" + field + "' can not be sorted in a query call");
    }

    static SoqlException wrongValueType(String soql, int offset, String field, String type, boolean quoted) {
        return invalidField(soql, offset, "value of filter criterion for field '" + field + "' must be of type " + type
                + " and should " + (quoted ? "" : "not ") + "be enclosed in quotes");
    }

    /**
     * The location prefix: a newline, the line holding {@code offset}, a caret under it and the 1-based row and
     * column. An offset at or past the end points just after the last character.
     */
    static String location(String soql, int offset) {
        int at = Math.max(0, Math.min(offset, soql.length()));
        int row = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            char c = soql.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= soql.length() || soql.charAt(i + 1) != '\n'))) {
                row++;
                lineStart = i + 1;
            }
        }
        int lineEnd = lineStart;
        while (lineEnd < soql.length() && soql.charAt(lineEnd) != '\n' && soql.charAt(lineEnd) != '\r') {
            lineEnd++;
        }
        int column = at - lineStart + 1;
        return "\n" + soql.substring(lineStart, lineEnd) + "\n" + " ".repeat(column - 1) + "^\nERROR at Row:" + row
                + ":Column:" + column + "\n";
    }
}
