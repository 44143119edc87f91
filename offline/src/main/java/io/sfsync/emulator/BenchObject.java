package io.sfsync.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthetic custom object the org starts with, for benchmarks of many objects of very different sizes: its name
 * ({@code Bench_01__c}) and generated rows. Each looks like any custom object (the audit fields, a Name and 16 custom
 * fields of mixed types, see {@link io.sfsync.emulator.model.BenchSchema}); its rows are generated lazily like the
 * demo types', so two million of them cost no more memory than two million Accounts.
 *
 * <p>The compact spec {@code COUNT:MIN-MAX} ({@link #parse}) gives COUNT objects whose sizes are spread log-uniformly
 * from MIN to MAX rows: the smallest has MIN, the largest MAX, the others one each in COUNT - 2 equal steps of the
 * logarithm, placed within their step by the seed; which name gets which size is shuffled by the seed too. The same
 * spec and seed always give the same objects and rows.
 *
 * @param name API name, ending in {@code __c}
 * @param rows generated rows
 */
public record BenchObject(String name, int rows) {
    private static final Pattern SPREAD = Pattern.compile("(\\d+):(\\d+)-(\\d+)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*__c");
    private static final Pattern ONE = Pattern.compile("(\\S+)=(\\d+)");

    public BenchObject {
        if (!NAME.matcher(name).matches() || name.indexOf("__") != name.length() - 3) {
            throw new IllegalArgumentException("a bench object is named like a custom object (Bench_01__c), not '"
                    + name + "'");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows of " + name + " must not be negative");
        }
    }

    /**
     * Objects of a spec: {@code COUNT:MIN-MAX} (e.g. {@code 30:100-2000000}: 30 objects {@code Bench_01__c} ...
     * {@code Bench_30__c} from 100 to 2,000,000 rows) or one object {@code NAME__c=ROWS}.
     */
    public static List<BenchObject> parse(String spec, long seed) {
        String s = spec.trim();
        Matcher one = ONE.matcher(s);
        if (one.matches()) {
            return List.of(new BenchObject(one.group(1), Integer.parseInt(one.group(2))));
        }
        Matcher m = SPREAD.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("objects are COUNT:MIN-MAX (e.g. 30:100-2000000) or NAME__c=ROWS, not '"
                    + spec + "'");
        }
        try {
            return spread(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    seed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a count or size in '" + spec + "' is too large", e);
        }
    }

    /** {@code count} objects named {@code Bench_01__c} ... with sizes spread log-uniformly from min to max rows. */
    public static List<BenchObject> spread(int count, int min, int max, long seed) {
        if (count < 1 || count > 999 || min < 1 || max < min) {
            throw new IllegalArgumentException("need 1 to 999 objects and 1 <= MIN <= MAX rows, not " + count + ":"
                    + min + "-" + max);
        }
        Random random = new Random(seed ^ 0x42454E4348L);
        List<Integer> sizes = new ArrayList<>();
        double span = Math.log((double) max / min);
        for (int i = 0; i < count; i++) {
            double u;
            if (count == 1 || i == count - 1) {
                u = 1;
            } else if (i == 0) {
                u = 0;
            } else {
                u = (i - 1 + random.nextDouble()) / (count - 2);
            }
            sizes.add((int) Math.max(min, Math.min(max, Math.round(min * Math.exp(span * u)))));
        }
        Collections.shuffle(sizes, random);
        int width = Math.max(2, Integer.toString(count).length());
        List<BenchObject> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(new BenchObject(String.format(Locale.ROOT, "Bench_%0" + width + "d__c", i + 1), sizes.get(i)));
        }
        return out;
    }
}
