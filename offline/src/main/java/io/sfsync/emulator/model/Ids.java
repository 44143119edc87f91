package io.sfsync.emulator.model;

/**
 * Salesforce record Ids: a 3-character key prefix, a 2-character instance code, a reserved {@code 0} and a 9-digit
 * base-62 record number (15 characters), plus the 3-character case-safe suffix Salesforce derives from the first 15.
 * Record numbers use the alphabet {@code 0-9A-Za-z}, so Ids sort in the order their rows were created.
 */
public final class Ids {
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final String INSTANCE = "Dm0";
    private static final long MAX_NUMBER = pow62(9) - 1;

    private Ids() {
    }

    private static long pow62(int n) {
        long v = 1;
        for (int i = 0; i < n; i++) {
            v *= 62;
        }
        return v;
    }

    /** The 18-character Id of record {@code number} (0-based) of the type with this key prefix. */
    public static String of(String keyPrefix, long number) {
        if (number < 0 || number > MAX_NUMBER) {
            throw new IllegalArgumentException("record number out of range: " + number);
        }
        char[] digits = new char[9];
        long v = number;
        for (int i = 8; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (v % 62));
            v /= 62;
        }
        String fifteen = keyPrefix + INSTANCE + new String(digits);
        return fifteen + suffix(fifteen);
    }

    /** The case-safe 3-character suffix of a 15-character Id. */
    public static String suffix(String fifteen) {
        StringBuilder out = new StringBuilder(3);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = fifteen.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            out.append(SUFFIX.charAt(bits));
        }
        return out.toString();
    }

    /** The 18-character form of a 15- or 18-character Id, or null when it is not well formed. */
    public static String to18(String id) {
        if (id == null) {
            return null;
        }
        if (id.length() == 18) {
            String fifteen = id.substring(0, 15);
            return id.substring(15).equalsIgnoreCase(suffix(fifteen)) ? fifteen + suffix(fifteen) : null;
        }
        return id.length() == 15 && isBase62(id) ? id + suffix(id) : null;
    }

    /** The record number encoded in an Id issued by {@link #of}, or -1 when the Id is not one of ours. */
    public static long number(String id) {
        String full = to18(id);
        if (full == null || !full.startsWith(INSTANCE, 3)) {
            return -1;
        }
        long v = 0;
        for (int i = 6; i < 15; i++) {
            int d = ALPHABET.indexOf(full.charAt(i));
            if (d < 0) {
                return -1;
            }
            v = v * 62 + d;
        }
        return v;
    }

    /** The key prefix (first three characters) of an Id. */
    public static String keyPrefix(String id) {
        return id == null || id.length() < 3 ? "" : id.substring(0, 3);
    }

    private static boolean isBase62(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (ALPHABET.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
