package io.sfsync.snowflakeemulator.engine;

/** Snowflake's errors, worded as Snowflake words them. */
final class Errors {

    private Errors() {
    }

    static SnowflakeError syntax(Token t) {
        String what = t == null || t.type() == Token.Type.EOF ? "<EOF>" : t.text();
        int line = t == null ? 1 : t.line();
        int pos = t == null ? 0 : t.column();
        return new SnowflakeError("001003", "42000", "SQL compilation error:\nsyntax error line " + line
                + " at position " + pos + " unexpected '" + what + "'.");
    }

    static SnowflakeError unsupported(Token t, String what) {
        return new SnowflakeError("001003", "42000", "SQL compilation error:\nsyntax error line "
                + (t == null ? 1 : t.line()) + " at position " + (t == null ? 0 : t.column()) + " unexpected '"
                + (t == null ? what : t.text()) + "'. (the offline Snowflake does not support " + what + ")");
    }

    static SnowflakeError doesNotExist(String qualifiedName) {
        return new SnowflakeError("002003", "42S02", "SQL compilation error:\nObject '" + qualifiedName
                + "' does not exist or not authorized.");
    }

    /** ALTER, DROP, TRUNCATE, COMMENT of a missing table name it a Table. */
    static SnowflakeError tableDoesNotExist(String qualifiedName) {
        return new SnowflakeError("002003", "42S02", "SQL compilation error:\nTable '" + qualifiedName
                + "' does not exist or not authorized.");
    }

    static SnowflakeError schemaDoesNotExist(String qualifiedName) {
        return new SnowflakeError("002003", "02000", "SQL compilation error:\nSchema '" + qualifiedName
                + "' does not exist or not authorized.");
    }

    static SnowflakeError databaseDoesNotExist(String name) {
        return new SnowflakeError("002003", "02000", "SQL compilation error:\nDatabase '" + name
                + "' does not exist or not authorized.");
    }

    static SnowflakeError stageDoesNotExist(String qualifiedName) {
        return new SnowflakeError("002003", "02000", "SQL compilation error:\nStage '" + qualifiedName
                + "' does not exist or not authorized.");
    }

    static SnowflakeError alreadyExists(String name) {
        return new SnowflakeError("002002", "42710", "SQL compilation error:\nObject '" + name
                + "' already exists.");
    }

    static SnowflakeError invalidIdentifier(String name, int line, int pos) {
        return new SnowflakeError("000904", "42000", "SQL compilation error: error line " + line + " at position "
                + pos + "\ninvalid identifier '" + name + "'");
    }

    static SnowflakeError unknownFunction(Token t) {
        return new SnowflakeError("002140", "42601", "SQL compilation error:\nUnknown function "
                + Names.fold(t.text()));
    }

    static SnowflakeError insufficientPrivileges(String kind, String name) {
        return new SnowflakeError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on "
                + kind + " '" + name + "'");
    }

    static SnowflakeError noCurrentDatabase() {
        return new SnowflakeError("090105", "22000", "Cannot perform operation. This session does not have a current"
                + " database. Call 'USE DATABASE', or use a qualified name.");
    }

    static SnowflakeError noCurrentSchema() {
        return new SnowflakeError("090106", "22000", "Cannot perform CREATE TABLE. This session does not have a"
                + " current schema. Call 'USE SCHEMA', or use a qualified name.");
    }

    static SnowflakeError tooLong(String value) {
        return new SnowflakeError("100074", "22001", "String '" + value + "' is too long and would be truncated");
    }

    static SnowflakeError outOfRange(String value) {
        return new SnowflakeError("100039", "22003", "Numeric value '" + value + "' is out of range");
    }

    static SnowflakeError notRecognized(String code, String kind, String value) {
        return new SnowflakeError(code, code.equals("100038") || code.equals("100037") ? "22018" : "22007", kind
                + " '" + value + "' is not recognized");
    }

    static SnowflakeError compilation(String code, String sqlState, String message) {
        return new SnowflakeError(code, sqlState, "SQL compilation error:\n" + message);
    }
}
