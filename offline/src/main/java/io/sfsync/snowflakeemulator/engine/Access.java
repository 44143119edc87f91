package io.sfsync.snowflakeemulator.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Snowflake's access control over the catalog: the roles a role inherits, and whether they hold a privilege on an
 * object (owning it holds them all; ACCOUNTADMIN holds everything). Callers hold the engine's lock.
 */
final class Access {

    private Access() {
    }

    /** A name as a login request or parameter gives it: "quoted" exact, otherwise upper case. */
    static String identifierOf(String s) {
        String t = s.trim();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1).replace("\"\"", "\"");
        }
        return Names.fold(t);
    }

    /** The role and every role granted to it, directly or not, and PUBLIC. */
    static Set<String> rolesOf(Catalog c, String role) {
        Set<String> out = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(role);
        todo.add(SnowflakeEngine.PUBLIC);
        while (!todo.isEmpty()) {
            String r = todo.poll();
            if (!out.add(r)) {
                continue;
            }
            for (Catalog.Grant g : c.grants) {
                if (g.objectType().equals("ROLE") && g.granteeType().equals("ROLE") && g.grantee().equals(r)) {
                    Catalog.Role granted = roleById(c, g.objectId());
                    if (granted != null) {
                        todo.add(granted.name);
                    }
                }
            }
        }
        return out;
    }

    static Catalog.Role roleById(Catalog c, long id) {
        for (Catalog.Role r : c.roles.values()) {
            if (r.id == id) {
                return r;
            }
        }
        return null;
    }

    static boolean userHasRole(Catalog c, String user, String role) {
        if (role.equals(SnowflakeEngine.PUBLIC)) {
            return true;
        }
        Catalog.Role r = c.roles.get(role);
        if (r == null) {
            return false;
        }
        for (Catalog.Grant g : c.grants) {
            if (g.objectType().equals("ROLE") && g.granteeType().equals("USER") && g.grantee().equals(user)) {
                Catalog.Role granted = roleById(c, g.objectId());
                if (granted != null && rolesOf(c, granted.name).contains(role)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the roles hold one of the privileges (or ownership) on the object. */
    static boolean has(Catalog c, Set<String> roles, String objectType, long id, String owner, String... privileges) {
        if (roles.contains(SnowflakeEngine.ACCOUNTADMIN) || (owner != null && roles.contains(owner))) {
            return true;
        }
        for (Catalog.Grant g : c.grants) {
            if (g.objectId() == id && g.objectType().equals(objectType) && g.granteeType().equals("ROLE")
                    && roles.contains(g.grantee())) {
                if (privileges.length == 0 || g.privilege().equals("ALL")) {
                    return true;
                }
                for (String p : privileges) {
                    if (g.privilege().equals(p)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean sees(Catalog c, Set<String> roles, Catalog.Database d) {
        return has(c, roles, "DATABASE", d.id, d.owner) || d.schemas.values().stream().anyMatch(s -> sees(c, roles, s));
    }

    static boolean sees(Catalog c, Set<String> roles, Catalog.Schema s) {
        return has(c, roles, "SCHEMA", s.id, s.owner) && (has(c, roles, "DATABASE", s.database.id, s.database.owner)
                || roles.contains(s.owner));
    }

    /** Visible: usage on its schema and database, and some privilege on the table. */
    static boolean sees(Catalog c, Set<String> roles, Catalog.Table t) {
        return t.temporary() || (sees(c, roles, t.schema) && has(c, roles, "TABLE", t.id, t.owner));
    }

    static boolean sees(Catalog c, Set<String> roles, Catalog.Stage st) {
        return sees(c, roles, st.schema) && has(c, roles, "STAGE", st.id, st.owner);
    }
}
