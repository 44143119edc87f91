package io.sfsync.cli;

/** Small helpers to read option values with one clear message when they are wrong. */
final class Args {
    private Args() {
    }

    static String next(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    static int intValue(String option, String value, int min, int max) {
        long v = longValue(option, value);
        if (v < min || v > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", got " + value);
        }
        return (int) v;
    }

    static long longValue(String option, String value) {
        try {
            return Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, got '" + value + "'");
        }
    }
}
