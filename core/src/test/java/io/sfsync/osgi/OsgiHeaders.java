package io.sfsync.osgi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the OSGi manifest headers the bundle checks read (Import-Package, Export-Package) and compares versions. */
final class OsgiHeaders {

    /** One package of a header clause with the clause's attributes and directives (directives keep their ":"). */
    record Clause(String pkg, Map<String, String> attributes) {

        String version() {
            return attributes.get("version");
        }

        boolean optional() {
            return "optional".equals(attributes.get("resolution:"));
        }
    }

    private OsgiHeaders() {
    }

    /** The clauses of a header; a clause naming several packages ({@code a;b;version=1}) yields one per package. */
    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            List<String> packages = new ArrayList<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    packages.add(p);
                } else {
                    attributes.put(p.substring(0, eq).trim(), unquote(p.substring(eq + 1).trim()));
                }
            }
            packages.forEach(pkg -> clauses.add(new Clause(pkg, attributes)));
        }
        return clauses;
    }

    /** Whether {@code version} lies in {@code range}: "[a,b)"-style, or a bare version meaning "at least". */
    static boolean inRange(String version, String range) {
        if (range == null) {
            return true;
        }
        String r = range.trim();
        if (!r.startsWith("[") && !r.startsWith("(")) {
            return compare(version, r) >= 0;
        }
        String[] ends = r.substring(1, r.length() - 1).split(",");
        int low = compare(version, ends[0].trim());
        int high = compare(version, ends[1].trim());
        boolean aboveLow = r.startsWith("[") ? low >= 0 : low > 0;
        boolean belowHigh = r.endsWith("]") ? high <= 0 : high < 0;
        return aboveLow && belowHigh;
    }

    /** OSGi version order: major, minor, micro numerically, then the qualifier as text; missing parts are 0 / "". */
    static int compare(String a, String b) {
        String[] x = (a == null ? "0.0.0" : a).split("\\.", 4);
        String[] y = (b == null ? "0.0.0" : b).split("\\.", 4);
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return (x.length > 3 ? x[3] : "").compareTo(y.length > 3 ? y[3] : "");
    }

    /** A Maven version as OSGi reads it: 4.18.0 stays, 2.0.0.1 stays, 0.1.0-SNAPSHOT becomes 0.1.0.SNAPSHOT. */
    static String fromMaven(String mavenVersion) {
        return mavenVersion.replaceFirst("-", ".");
    }

    private static int number(String[] parts, int i) {
        return i < parts.length && !parts[i].isEmpty() ? Integer.parseInt(parts[i]) : 0;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }
}
