package io.sfsync.emulator.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Deterministic demo records: the value of every field of every generated row is a pure function of the seed, the
 * type, the row number and the field, so a million rows cost no memory until something changes them.
 */
public final class DemoData {
    /** Generated timestamps lie in the two years before this instant; changes made later are always newer. */
    public static final Instant GENERATED_UNTIL = Instant.parse("2026-01-01T00:00:00Z");
    private static final long TWO_YEARS = 2L * 365 * 24 * 3600;

    static final List<String> TRICKY_TEXT = List.of(
            "plain ASCII text",
            "comma, separated, value",
            "she said \"hello\"",
            "line one\nline two",
            "windows\r\nline break",
            "Zürich · Ünïcödé · 東京 · Ελληνικά",
            "emoji 🚀 and ✓",
            "  leading and trailing spaces  ",
            "\"",
            "back\\slash and 'single' quotes",
            "tab\tseparated",
            ",\"\n",
            "semi;colon|pipe^caret`backquote",
            "null",
            "=1+2 looks like a formula");
    private static final List<String> FIRST = List.of("James", "Mary", "José", "Zoë", "Wei", "Aisha", "Liam",
            "Olga", "Hiroshi", "Fatima", "Noah", "Emma", "Lukas", "Chloé", "Sven", "Priya");
    private static final List<String> LAST = List.of("Smith", "O'Brien", "Müller", "Nguyễn", "García", "Kowalski",
            "Johnson", "Tanaka", "Dubois", "Rossi", "Andersson", "Patel", "李", "Brown, Jr.", "Cohen", "Silva");
    private static final List<String> WORD_A = List.of("Blue", "Granite", "Northern", "Silver", "Rapid", "Golden",
            "Quiet", "Bright", "Summit", "Harbor", "Pioneer", "Crimson", "Evergreen", "Atlas", "Nova");
    private static final List<String> WORD_B = List.of("Logistics", "Foods", "Systems", "Analytics", "Energy",
            "Textiles", "Robotics", "Health", "Media", "Capital", "Labs", "Works", "Partners", "Motors", "Studios");
    private static final List<String> SUFFIX = List.of("Inc.", "LLC", "GmbH", "Ltd.", "S.A.", "& Co.", "Group",
            "AG", "K.K.", "Corp.");
    private static final List<String> CITIES = List.of("San Francisco", "New York", "Austin", "Seattle", "München",
            "Toronto", "Tokyo", "Paris", "São Paulo", "Zürich");
    private static final List<String> STATES = List.of("CA", "NY", "TX", "WA", "BY", "ON");
    private static final List<String> COUNTRIES = List.of("USA", "Germany", "Canada", "Japan", "France", "Brazil");
    private static final List<String> TITLES = List.of("CEO", "VP Sales", "Buyer", "Engineer", "CFO",
            "Director, Operations", "Office Manager");
    private static final List<String> DEPARTMENTS = List.of("Sales", "Finance", "Engineering", "Procurement", "IT");

    private final long seed;
    private final Map<String, Integer> volumes;
    private final Map<String, TypeGenerator> generators = new HashMap<>();

    public DemoData(long seed, Map<String, Integer> volumes) {
        this.seed = seed;
        this.volumes = Map.copyOf(volumes);
    }

    public long seed() {
        return seed;
    }

    /** Generated rows of a type (0 when the type has none). */
    public int volume(String type) {
        return volumes.getOrDefault(type, 0);
    }

    /** The generator of a type's rows. */
    public synchronized TypeGenerator forType(SObjectDef type) {
        return generators.computeIfAbsent(type.name(), n -> new TypeGenerator(type));
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Values of one type's generated rows. */
    public final class TypeGenerator {
        private final String typeName;
        private final String keyPrefix;
        private final long typeSalt;
        private final Map<String, RowFn> fns = new HashMap<>();

        private TypeGenerator(SObjectDef type) {
            this.typeName = type.name();
            this.keyPrefix = type.keyPrefix();
            this.typeSalt = mix(seed * 0x9E3779B97F4A7C15L + typeName.hashCode());
            register(type);
        }

        /**
         * The value of {@code field} in generated row {@code row}; null for fields added after generation unless they
         * are {@link FieldDef#filled() filled}, which get values from {@link FilledValues}.
         */
        public Object value(int row, FieldDef field) {
            RowFn fn = fns.get(field.name());
            if (fn == null && !field.filled()) {
                return null;
            }
            if (field.nillable() && field.type() != FieldType.BOOLEAN && !field.type().isCompound()
                    && !field.calculated() && (fn != null ? nullHere(row, field.name())
                            : Math.floorMod(h(row, field.name() + "#null"), 100) < FilledValues.NULL_PERCENT)) {
                return null;
            }
            return fn != null ? fn.apply(row) : FilledValues.value(field, h(row, field.name()));
        }

        private boolean nullHere(int row, String field) {
            if (field.endsWith("Id") && !field.equals("ParentId")) {
                return false;
            }
            int percent = typeName.equals(DemoSchema.KITCHEN_SINK) ? 15 : 6;
            return Math.floorMod(h(row, field + "#null"), 100) < percent;
        }

        long h(int row, String salt) {
            return mix(typeSalt ^ (row * 0xD1B54A32D192ED03L) ^ mix(salt.hashCode()));
        }

        int pick(int row, String salt, int n) {
            return (int) Math.floorMod(h(row, salt), (long) n);
        }

        <T> T pick(int row, String salt, List<T> from) {
            return from.get(pick(row, salt, from.size()));
        }

        private BigDecimal decimal(int row, String salt, long maxUnscaled, int scale, boolean signed) {
            long v = Math.floorMod(h(row, salt), maxUnscaled + 1);
            if (signed && (h(row, salt + "#sign") & 1) == 1) {
                v = -v;
            }
            return BigDecimal.valueOf(v, scale);
        }

        private Instant created(int row) {
            return GENERATED_UNTIL.minusSeconds(TWO_YEARS - Math.floorMod(h(row, "created"), TWO_YEARS / 2));
        }

        private Instant lastModified(int row) {
            Instant c = created(row);
            long span = GENERATED_UNTIL.getEpochSecond() - c.getEpochSecond();
            return c.plusSeconds(Math.floorMod(h(row, "modified"), span));
        }

        private Instant systemModstamp(int row) {
            Instant m = lastModified(row);
            // One row in ten was touched by the system after its last user change.
            return pick(row, "sysmod", 10) == 0 ? m.plusSeconds(1 + pick(row, "sysmod-s", 3600)) : m;
        }

        private String user(int row, String salt) {
            int users = Math.max(1, volume("User"));
            return Ids.of("005", typeName.equals("User") ? 0 : pick(row, salt, users));
        }

        private String accountRef(int row, String salt) {
            int accounts = volume("Account");
            return accounts == 0 ? null : Ids.of("001", pick(row, salt, accounts));
        }

        private String firstName(int row) {
            return pick(row, "first", FIRST);
        }

        private String lastName(int row) {
            return pick(row, "last", LAST);
        }

        private String company(int row) {
            return pick(row, "wa", WORD_A) + " " + pick(row, "wb", WORD_B) + " " + pick(row, "sfx", SUFFIX);
        }

        private void put(String field, RowFn fn) {
            fns.put(field, fn);
        }

        private void audit(SObjectDef unused) {
            put("CreatedDate", this::created);
            put("LastModifiedDate", this::lastModified);
            put("SystemModstamp", this::systemModstamp);
            put("CreatedById", r -> user(r, "createdby"));
            put("LastModifiedById", r -> user(r, "modifiedby"));
            put("OwnerId", r -> user(r, "owner"));
            put("IsDeleted", r -> Boolean.FALSE);
            put("MasterRecordId", r -> null);
        }

        private void standardAddress(String p) {
            put(p + "Street", r -> (100 + pick(r, p + "st", 9800)) + " " + pick(r, p + "stn", WORD_A) + " Street"
                    + (pick(r, p + "suite", 4) == 0 ? "\nSuite " + (1 + pick(r, p + "su", 900)) : ""));
            put(p + "City", r -> pick(r, p + "city", CITIES));
            put(p + "State", r -> pick(r, p + "state", STATES));
            put(p + "PostalCode", r -> String.format(Locale.ROOT, "%05d", pick(r, p + "zip", 99999)));
            put(p + "Country", r -> pick(r, p + "country", COUNTRIES));
            put(p + "Latitude", r -> decimal(r, p + "lat", 90_000_000L, 6, true));
            put(p + "Longitude", r -> decimal(r, p + "lon", 180_000_000L, 6, true));
            put(p + "GeocodeAccuracy", r -> pick(r, p + "geo", List.of("Address", "Street", "Zip", "City")));
        }

        private void register(SObjectDef type) {
            put("Id", r -> Ids.of(keyPrefix, r));
            audit(null);
            switch (typeName) {
                case "User" -> registerUser();
                case "Account" -> registerAccount();
                case "Contact" -> registerContact();
                case "Opportunity" -> registerOpportunity();
                case "OpportunityStage" -> registerStage();
                case DemoSchema.KITCHEN_SINK -> registerKitchenSink();
                default -> registerCustom(type);
            }
        }

        /** Any other type with generated rows (the bench objects): a Name and its Account lookups; the rest filled. */
        private void registerCustom(SObjectDef type) {
            String label = typeName.endsWith("__c") ? typeName.substring(0, typeName.length() - 3) : typeName;
            put("Name", r -> label.replace('_', ' ') + " " + r);
            for (FieldDef f : type.fields()) {
                if (f.type() == FieldType.REFERENCE && f.custom() && f.referenceTo().contains("Account")) {
                    put(f.name(), r -> accountRef(r, f.name()));
                }
            }
        }

        private void registerUser() {
            put("FirstName", r -> r == 0 ? "Demo" : firstName(r));
            put("LastName", r -> r == 0 ? "Integration User" : lastName(r));
            put("Name", r -> r == 0 ? "Demo Integration User" : firstName(r) + " " + lastName(r));
            put("Username", r -> r == 0 ? "integration@demo.sfsync.io" : "user" + r + "@demo.sfsync.io");
            put("Alias", r -> r == 0 ? "integ" : "user" + r);
            put("Email", r -> r == 0 ? "integration@demo.sfsync.io" : "user" + r + "@example.com");
            put("IsActive", r -> r == 0 || pick(r, "active", 8) != 0);
            put("TimeZoneSidKey", r -> pick(r, "tz",
                    List.of("America/Los_Angeles", "America/New_York", "Europe/Berlin", "Asia/Tokyo")));
        }

        private void registerAccount() {
            put("Name", this::company);
            put("Type", r -> pick(r, "type",
                    List.of("Prospect", "Customer - Direct", "Customer - Channel", "Partner", "Other")));
            put("ParentId", r -> r > 0 && pick(r, "parent?", 10) == 0 ? Ids.of("001", pick(r, "parent", r)) : null);
            standardAddress("Billing");
            standardAddress("Shipping");
            put("Phone", r -> String.format(Locale.ROOT, "(%03d) 555-%04d", 200 + pick(r, "ph1", 799),
                    pick(r, "ph2", 10000)));
            put("Fax", r -> String.format(Locale.ROOT, "(%03d) 555-%04d", 200 + pick(r, "fx1", 799),
                    pick(r, "fx2", 10000)));
            put("AccountNumber", r -> "CD" + (100000 + pick(r, "acct", 900000)));
            put("Website", r -> "https://www." + pick(r, "wa", WORD_A).toLowerCase(Locale.ROOT) + "-"
                    + pick(r, "wb", WORD_B).toLowerCase(Locale.ROOT) + ".example.com");
            put("Sic", r -> String.valueOf(1000 + pick(r, "sic", 9000)));
            put("Industry", r -> pick(r, "industry", DemoSchema.INDUSTRIES));
            put("AnnualRevenue", r -> BigDecimal.valueOf(1000L * (1 + pick(r, "rev", 5_000_000))));
            put("NumberOfEmployees", r -> 1 + pick(r, "emp", 250_000));
            put("Ownership", r -> pick(r, "own", List.of("Public", "Private", "Subsidiary", "Other")));
            put("TickerSymbol", r -> pick(r, "tick?", 3) == 0 ? "T" + pick(r, "tick", 10000) : null);
            put("Description", r -> "Account " + r + " of the demo org.\n" + pick(r, "desc", TRICKY_TEXT));
            put("Rating", r -> pick(r, "rating", List.of("Hot", "Warm", "Cold")));
            put("Site", r -> pick(r, "site", CITIES) + " HQ");
            put("AccountSource", r -> pick(r, "src",
                    List.of("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")));
            put("LastActivityDate", r -> LocalDate.ofInstant(lastModified(r), ZoneOffset.UTC));
        }

        private void registerContact() {
            put("AccountId", r -> accountRef(r, "account"));
            put("FirstName", this::firstName);
            put("LastName", this::lastName);
            put("Name", r -> firstName(r) + " " + lastName(r));
            put("Salutation", r -> pick(r, "sal", List.of("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.")));
            standardAddress("Mailing");
            put("Phone", r -> String.format(Locale.ROOT, "+1 %03d 555 %04d", 200 + pick(r, "p1", 799),
                    pick(r, "p2", 10000)));
            put("MobilePhone", r -> String.format(Locale.ROOT, "+49 15%d %07d", pick(r, "m1", 10),
                    pick(r, "m2", 10_000_000)));
            put("Email", r -> "contact" + r + "@" + pick(r, "wb", WORD_B).toLowerCase(Locale.ROOT) + ".example.com");
            put("Title", r -> pick(r, "title", TITLES));
            put("Department", r -> pick(r, "dept", DEPARTMENTS));
            put("LeadSource", r -> pick(r, "src",
                    List.of("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")));
            put("Birthdate", r -> LocalDate.of(1950, 1, 1).plusDays(pick(r, "birth", 20000)));
            put("Description", r -> pick(r, "desc", TRICKY_TEXT));
            put("HasOptedOutOfEmail", r -> pick(r, "optout", 5) == 0);
            put("DoNotCall", r -> pick(r, "dnc", 7) == 0);
            put("LastActivityDate", r -> LocalDate.ofInstant(lastModified(r), ZoneOffset.UTC));
        }

        private int stage(int row) {
            return pick(row, "stage", DemoSchema.STAGES.size());
        }

        private void registerOpportunity() {
            put("AccountId", r -> accountRef(r, "account"));
            put("IsPrivate", r -> pick(r, "private", 20) == 0);
            put("Name", r -> company(r) + " - " + (1 + pick(r, "units", 500)) + " units");
            put("Description", r -> pick(r, "desc", TRICKY_TEXT));
            put("StageName", r -> DemoSchema.STAGES.get(stage(r)));
            put("Amount", r -> decimal(r, "amount", 99_999_999L, 2, false));
            put("Probability", r -> BigDecimal.valueOf(OpportunityStages.probability(stage(r))));
            put("TotalOpportunityQuantity", r -> decimal(r, "qty", 100_000L, 2, false));
            put("CloseDate", r -> LocalDate.ofInstant(created(r), ZoneOffset.UTC).plusDays(pick(r, "close", 400)));
            put("Type", r -> pick(r, "type",
                    List.of("Existing Customer - Upgrade", "Existing Customer - Replacement", "New Customer")));
            put("NextStep", r -> pick(r, "next", List.of("Call back", "Send proposal", "Demo, then quote")));
            put("LeadSource", r -> pick(r, "src",
                    List.of("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other")));
            put("IsClosed", r -> OpportunityStages.closed(stage(r)));
            put("IsWon", r -> OpportunityStages.won(stage(r)));
            put("ForecastCategory", r -> OpportunityStages.forecast(stage(r)));
        }

        private void registerStage() {
            put("MasterLabel", r -> DemoSchema.STAGES.get(r % DemoSchema.STAGES.size()));
            put("ApiName", r -> DemoSchema.STAGES.get(r % DemoSchema.STAGES.size()));
            put("IsActive", r -> Boolean.TRUE);
            put("SortOrder", r -> r + 1);
            put("IsClosed", r -> OpportunityStages.closed(r % DemoSchema.STAGES.size()));
            put("IsWon", r -> OpportunityStages.won(r % DemoSchema.STAGES.size()));
            put("DefaultProbability", r -> BigDecimal.valueOf(OpportunityStages.probability(
                    r % DemoSchema.STAGES.size())));
            put("Description", r -> null);
        }

        private void registerKitchenSink() {
            put("Name", r -> String.format(Locale.ROOT, "KS-%06d", r));
            put("Text__c", r -> pick(r, "text", TRICKY_TEXT));
            put("Text_Area__c", r -> pick(r, "ta", TRICKY_TEXT) + "\n" + pick(r, "ta2", TRICKY_TEXT));
            put("Long_Text__c", r -> String.join("\n", pick(r, "lt1", TRICKY_TEXT), pick(r, "lt2", TRICKY_TEXT),
                    "row " + r).repeat(1 + pick(r, "ltn", 4)));
            put("Rich_Text__c", r -> "<p>Hello <b>" + pick(r, "rt", FIRST) + "</b>, &amp; welcome</p>");
            put("Picklist__c", r -> pick(r, "pick", List.of("Alpha", "Beta", "Gamma, Delta", "Ω")));
            put("Multi_Picklist__c", r -> multi(r));
            put("Email__c", r -> "sink" + r + "@example.com");
            put("Phone__c", r -> "+81 3-" + pick(r, "ph", 10000) + "-" + pick(r, "ph2", 10000));
            put("Url__c", r -> "https://example.com/path?q=" + r + "&lang=de");
            put("Checkbox__c", r -> (h(r, "check") & 1) == 0);
            put("Quantity__c", r -> (int) (Math.floorMod(h(r, "qty"), 1_999_999_999L) - 999_999_999L));
            put("Big_Number__c", r -> Math.floorMod(h(r, "big"), 999_999_999_999_999_999L)
                    * ((h(r, "bigs") & 1) == 0 ? 1 : -1));
            put("Number__c", r -> decimal(r, "num", 999_999_999_999_999L, 6, true));
            put("Amount__c", r -> decimal(r, "amt", 99_999_999_999L, 2, true));
            put("Percent__c", r -> decimal(r, "pct", 99_999L, 2, true));
            put("Date__c", r -> LocalDate.of(1970, 1, 1).plusDays(pick(r, "date", 365 * 80)));
            put("Date_Time__c", r -> Instant.ofEpochSecond(Math.floorMod(h(r, "dt"), 4_102_444_800L)));
            put("Time__c", r -> LocalTime.ofNanoOfDay(Math.floorMod(h(r, "time"), 86_400_000L) * 1_000_000L));
            put("Account__c", r -> accountRef(r, "acct"));
            put("Address__Street__s", r -> (1 + pick(r, "st", 999)) + " " + pick(r, "stn", WORD_A) + " Way\nFloor "
                    + (1 + pick(r, "fl", 40)));
            put("Address__City__s", r -> pick(r, "city", CITIES));
            put("Address__PostalCode__s", r -> String.format(Locale.ROOT, "%05d", pick(r, "zip", 99999)));
            put("Address__StateCode__s", r -> pick(r, "state", STATES));
            put("Address__CountryCode__s", r -> pick(r, "cc", List.of("US", "DE", "CA", "JP", "FR")));
            put("Address__Latitude__s", r -> decimal(r, "alat", 90_000_000L, 6, true));
            put("Address__Longitude__s", r -> decimal(r, "alon", 180_000_000L, 6, true));
            put("Address__GeocodeAccuracy__s", r -> pick(r, "geo", List.of("Address", "Block", "Zip", "City")));
            put("Location__Latitude__s", r -> decimal(r, "llat", 90_000_000L, 6, true));
            put("Location__Longitude__s", r -> decimal(r, "llon", 180_000_000L, 6, true));
            put("Payload__c", r -> Base64.getEncoder().encodeToString(
                    ("payload of row " + r + " \u0000\u00ff").getBytes(StandardCharsets.UTF_8)));
            put("Secret__c", r -> String.format(Locale.ROOT, "%03d-%02d-%04d", pick(r, "s1", 1000),
                    pick(r, "s2", 100), pick(r, "s3", 10000)));
            put("External_Key__c", r -> "EXT-" + r);
        }

        private String multi(int row) {
            List<String> all = List.of("Red", "Green", "Blue", "Yellow");
            int mask = 1 + pick(row, "multi", 15);
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < all.size(); i++) {
                if ((mask & (1 << i)) != 0) {
                    out.append(out.length() == 0 ? "" : ";").append(all.get(i));
                }
            }
            return out.toString();
        }
    }

    /** A value as a function of the row number. */
    @FunctionalInterface
    interface RowFn extends IntFunction<Object> {
    }

    /** Stage-derived Opportunity values, shared by generated rows and DML. */
    public static final class OpportunityStages {
        private static final int[] PROBABILITY = {10, 10, 20, 50, 60, 70, 75, 90, 100, 0};

        private OpportunityStages() {
        }

        static int probability(int stage) {
            return PROBABILITY[stage];
        }

        static boolean closed(int stage) {
            return stage >= 8;
        }

        static boolean won(int stage) {
            return stage == 8;
        }

        static String forecast(int stage) {
            if (stage == 8) {
                return "Closed";
            }
            if (stage == 9) {
                return "Omitted";
            }
            return stage >= 6 ? "Forecast" : stage >= 4 ? "BestCase" : "Pipeline";
        }

        /** Index of a stage name, or -1. */
        public static int indexOf(String stageName) {
            return DemoSchema.STAGES.indexOf(stageName);
        }
    }

    static BigDecimal scaled(BigDecimal v, int scale) {
        return v == null ? null : v.setScale(scale, RoundingMode.HALF_UP);
    }
}
