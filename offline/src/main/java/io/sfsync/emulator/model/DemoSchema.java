package io.sfsync.emulator.model;

import static io.sfsync.emulator.model.FieldType.ADDRESS;
import static io.sfsync.emulator.model.FieldType.BASE64;
import static io.sfsync.emulator.model.FieldType.BOOLEAN;
import static io.sfsync.emulator.model.FieldType.CURRENCY;
import static io.sfsync.emulator.model.FieldType.DATE;
import static io.sfsync.emulator.model.FieldType.DATETIME;
import static io.sfsync.emulator.model.FieldType.DOUBLE;
import static io.sfsync.emulator.model.FieldType.EMAIL;
import static io.sfsync.emulator.model.FieldType.ENCRYPTEDSTRING;
import static io.sfsync.emulator.model.FieldType.ID;
import static io.sfsync.emulator.model.FieldType.INT;
import static io.sfsync.emulator.model.FieldType.LOCATION;
import static io.sfsync.emulator.model.FieldType.LONG;
import static io.sfsync.emulator.model.FieldType.MULTIPICKLIST;
import static io.sfsync.emulator.model.FieldType.PERCENT;
import static io.sfsync.emulator.model.FieldType.PHONE;
import static io.sfsync.emulator.model.FieldType.PICKLIST;
import static io.sfsync.emulator.model.FieldType.REFERENCE;
import static io.sfsync.emulator.model.FieldType.STRING;
import static io.sfsync.emulator.model.FieldType.TEXTAREA;
import static io.sfsync.emulator.model.FieldType.TIME;
import static io.sfsync.emulator.model.FieldType.URL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sObject types of the demo org: User, Account, Contact, Opportunity, OpportunityStage (a type Bulk API rejects)
 * and {@code Kitchen_Sink__c}, a custom object with one field of every type a replicator has to carry.
 */
public final class DemoSchema {
    public static final String KITCHEN_SINK = "Kitchen_Sink__c";

    static final List<String> INDUSTRIES = List.of("Agriculture", "Banking", "Biotechnology", "Chemicals",
            "Communications", "Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering",
            "Finance", "Healthcare", "Insurance", "Manufacturing", "Media", "Retail", "Technology", "Transportation");
    static final List<String> STAGES = List.of("Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
            "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote", "Negotiation/Review", "Closed Won",
            "Closed Lost");

    /** Rows generated per type when nothing else is configured. */
    public static final Map<String, Integer> DEFAULT_VOLUMES = defaultVolumes();

    private DemoSchema() {
    }

    private static Map<String, Integer> defaultVolumes() {
        Map<String, Integer> v = new LinkedHashMap<>();
        v.put("User", 12);
        v.put("Account", 5_000);
        v.put("Contact", 12_000);
        v.put("Opportunity", 800);
        v.put(KITCHEN_SINK, 250);
        return Collections.unmodifiableMap(v);
    }

    /** All demo types, in describeGlobal order. */
    public static List<SObjectDef> all() {
        return List.of(account(), contact(), kitchenSink(), opportunity(), opportunityStage(), user());
    }

    /**
     * A custom object as Salesforce creates one: Id, OwnerId, IsDeleted, a required Name, the audit fields
     * (CreatedDate ... SystemModstamp), then {@code fields}. For {@link Org#defineType}.
     */
    public static SObjectDef customObject(String name, String keyPrefix, List<FieldDef> fields) {
        if (!name.endsWith("__c")) {
            throw new IllegalArgumentException("custom object names end in __c: " + name);
        }
        List<FieldDef> out = head(true, true, "Group,User");
        String label = name.substring(0, name.length() - 3).replace('_', ' ');
        out.add(f("Name", STRING).length(80).required().nameField().label(label + " Name").build());
        audit(out);
        out.addAll(fields);
        return SObjectDef.of(name, label, label + "s", keyPrefix, true, out);
    }

    private static FieldDef.Builder f(String name, FieldType type) {
        return FieldDef.builder(name, type);
    }

    private static List<FieldDef> head(boolean deletable, boolean owned, String ownerTargets) {
        List<FieldDef> out = new ArrayList<>();
        out.add(f("Id", ID).system().label("Record ID").build());
        if (owned) {
            String[] targets = ownerTargets.split(",");
            out.add(f("OwnerId", REFERENCE).required().defaultedOnCreate().reference("Owner", targets)
                    .label("Owner ID").build());
        }
        if (deletable) {
            out.add(f("IsDeleted", BOOLEAN).system().label("Deleted").build());
        }
        return out;
    }

    private static void audit(List<FieldDef> out) {
        out.add(f("CreatedDate", DATETIME).system().label("Created Date").build());
        out.add(f("CreatedById", REFERENCE).system().reference("CreatedBy", "User").label("Created By ID").build());
        out.add(f("LastModifiedDate", DATETIME).system().label("Last Modified Date").build());
        out.add(f("LastModifiedById", REFERENCE).system().reference("LastModifiedBy", "User")
                .label("Last Modified By ID").build());
        out.add(f("SystemModstamp", DATETIME).system().label("System Modstamp").build());
    }

    private static void address(List<FieldDef> out, String prefix, boolean custom) {
        String compound = custom ? prefix + "__c" : prefix + "Address";
        String p = custom ? prefix + "__" : prefix;
        String s = custom ? "__s" : "";
        out.add(f(p + "Street" + s, TEXTAREA).length(255).component(compound).build());
        out.add(f(p + "City" + s, STRING).length(40).component(compound).build());
        if (custom) {
            out.add(f(p + "PostalCode" + s, STRING).length(20).component(compound).build());
            out.add(f(p + "StateCode" + s, PICKLIST).length(255).component(compound)
                    .picklist("CA", "NY", "TX", "WA", "BY", "ON").build());
            out.add(f(p + "CountryCode" + s, PICKLIST).length(255).component(compound)
                    .picklist("US", "DE", "CA", "JP", "FR").build());
        } else {
            out.add(f(p + "State", STRING).length(80).component(compound).build());
            out.add(f(p + "PostalCode", STRING).length(20).component(compound).build());
            out.add(f(p + "Country", STRING).length(80).component(compound).build());
        }
        out.add(f(p + "Latitude" + s, DOUBLE).precision(18, 15).component(compound).build());
        out.add(f(p + "Longitude" + s, DOUBLE).precision(18, 15).component(compound).build());
        out.add(f(p + "GeocodeAccuracy" + s, PICKLIST).length(40).component(compound)
                .picklist("Address", "NearAddress", "Block", "Street", "ExtendedZip", "Zip", "City").build());
        out.add(f(compound, ADDRESS).label(prefix + " Address").build());
    }

    static SObjectDef user() {
        List<FieldDef> out = head(false, false, null);
        out.add(f("Username", STRING).length(80).required().unique().build());
        out.add(f("LastName", STRING).length(80).required().build());
        out.add(f("FirstName", STRING).length(40).build());
        out.add(f("Name", STRING).length(121).nameField().createable(false).updateable(false)
                .extraTypeInfo("personname").label("Full Name").build());
        out.add(f("Alias", STRING).length(8).required().build());
        out.add(f("Email", EMAIL).length(128).required().build());
        out.add(f("IsActive", BOOLEAN).label("Active").build());
        out.add(f("TimeZoneSidKey", PICKLIST).length(40).required()
                .picklist("America/Los_Angeles", "America/New_York", "Europe/Berlin", "Asia/Tokyo").build());
        audit(out);
        return SObjectDef.of("User", "User", "Users", "005", true, out);
    }

    static SObjectDef account() {
        List<FieldDef> out = head(true, true, "User");
        out.add(f("MasterRecordId", REFERENCE).system().nillable(true).reference("MasterRecord", "Account").build());
        out.add(f("Name", STRING).length(255).required().nameField().label("Account Name").build());
        out.add(f("Type", PICKLIST).length(255).label("Account Type")
                .picklist("Prospect", "Customer - Direct", "Customer - Channel", "Partner", "Other").build());
        out.add(f("ParentId", REFERENCE).reference("Parent", "Account").label("Parent Account ID").build());
        address(out, "Billing", false);
        address(out, "Shipping", false);
        out.add(f("Phone", PHONE).length(40).label("Account Phone").build());
        out.add(f("Fax", PHONE).length(40).label("Account Fax").build());
        out.add(f("AccountNumber", STRING).length(40).build());
        out.add(f("Website", URL).length(255).build());
        out.add(f("Sic", STRING).length(20).label("SIC Code").build());
        out.add(f("Industry", PICKLIST).length(255).picklist(INDUSTRIES.toArray(String[]::new)).build());
        out.add(f("AnnualRevenue", CURRENCY).precision(18, 0).build());
        out.add(f("NumberOfEmployees", INT).digits(8).label("Employees").build());
        out.add(f("Ownership", PICKLIST).length(255).picklist("Public", "Private", "Subsidiary", "Other").build());
        out.add(f("TickerSymbol", STRING).length(20).build());
        out.add(f("Description", TEXTAREA).length(32000).label("Account Description").build());
        out.add(f("Rating", PICKLIST).length(255).label("Account Rating").picklist("Hot", "Warm", "Cold").build());
        out.add(f("Site", STRING).length(80).label("Account Site").build());
        out.add(f("AccountSource", PICKLIST).length(255)
                .picklist("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other").build());
        audit(out);
        out.add(f("LastActivityDate", DATE).createable(false).updateable(false).build());
        return SObjectDef.of("Account", "Account", "Accounts", "001", true, out);
    }

    /**
     * {@code Account.External_Id__c}, the unique external id orgs fed from another system give Account, which upserts
     * match on. Not part of {@link #account()}: the wide Account of the benchmarks takes all 800 custom fields an
     * object may have, so the demo Account has none of its own. Add it with {@link Org#defineField} or the admin API
     * ({@code POST /_emulator/sobjects/Account/fields} with {@code "externalId": true, "unique": true}); generated
     * rows leave it empty.
     */
    public static FieldDef accountExternalId() {
        return f("External_Id__c", STRING).length(80).externalId().unique().label("External ID").build();
    }

    static SObjectDef contact() {
        List<FieldDef> out = head(true, true, "User");
        out.add(f("MasterRecordId", REFERENCE).system().nillable(true).reference("MasterRecord", "Contact").build());
        out.add(f("AccountId", REFERENCE).reference("Account", "Account").label("Account ID").build());
        out.add(f("LastName", STRING).length(80).required().build());
        out.add(f("FirstName", STRING).length(40).build());
        out.add(f("Salutation", PICKLIST).length(40).picklist("Mr.", "Ms.", "Mrs.", "Dr.", "Prof.").build());
        out.add(f("Name", STRING).length(121).nameField().createable(false).updateable(false)
                .extraTypeInfo("personname").label("Full Name").build());
        address(out, "Mailing", false);
        out.add(f("Phone", PHONE).length(40).label("Business Phone").build());
        out.add(f("MobilePhone", PHONE).length(40).build());
        out.add(f("Email", EMAIL).length(80).build());
        out.add(f("Title", STRING).length(128).build());
        out.add(f("Department", STRING).length(80).build());
        out.add(f("LeadSource", PICKLIST).length(255)
                .picklist("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other").build());
        out.add(f("Birthdate", DATE).build());
        out.add(f("Description", TEXTAREA).length(32000).label("Contact Description").build());
        out.add(f("HasOptedOutOfEmail", BOOLEAN).label("Email Opt Out").build());
        out.add(f("DoNotCall", BOOLEAN).build());
        audit(out);
        out.add(f("LastActivityDate", DATE).createable(false).updateable(false).build());
        return SObjectDef.of("Contact", "Contact", "Contacts", "003", true, out);
    }

    static SObjectDef opportunity() {
        List<FieldDef> out = head(true, true, "User");
        out.add(f("AccountId", REFERENCE).reference("Account", "Account").label("Account ID").build());
        out.add(f("IsPrivate", BOOLEAN).label("Private").build());
        out.add(f("Name", STRING).length(120).required().nameField().build());
        out.add(f("Description", TEXTAREA).length(32000).build());
        out.add(f("StageName", PICKLIST).length(255).required().label("Stage")
                .picklist(STAGES.toArray(String[]::new)).build());
        out.add(f("Amount", CURRENCY).precision(18, 2).build());
        out.add(f("Probability", PERCENT).precision(3, 0).label("Probability (%)").build());
        out.add(f("ExpectedRevenue", CURRENCY).precision(18, 2).formula("Amount * Probability / 100")
                .label("Expected Amount").build());
        out.add(f("TotalOpportunityQuantity", DOUBLE).precision(18, 2).label("Quantity").build());
        out.add(f("CloseDate", DATE).required().build());
        out.add(f("Type", PICKLIST).length(255).label("Opportunity Type")
                .picklist("Existing Customer - Upgrade", "Existing Customer - Replacement", "New Customer").build());
        out.add(f("NextStep", STRING).length(255).build());
        out.add(f("LeadSource", PICKLIST).length(255)
                .picklist("Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other").build());
        out.add(f("IsClosed", BOOLEAN).system().label("Closed").build());
        out.add(f("IsWon", BOOLEAN).system().label("Won").build());
        out.add(f("ForecastCategory", PICKLIST).length(40).system()
                .picklist("Omitted", "Pipeline", "BestCase", "Forecast", "Closed").build());
        audit(out);
        out.add(f("FiscalYear", INT).digits(4).createable(false).updateable(false).build());
        out.add(f("FiscalQuarter", INT).digits(1).createable(false).updateable(false).build());
        return SObjectDef.of("Opportunity", "Opportunity", "Opportunities", "006", true, out);
    }

    static SObjectDef opportunityStage() {
        List<FieldDef> out = head(false, false, null);
        out.add(f("MasterLabel", STRING).length(255).required().nameField().build());
        out.add(f("ApiName", STRING).length(255).required().build());
        out.add(f("IsActive", BOOLEAN).build());
        out.add(f("SortOrder", INT).digits(9).build());
        out.add(f("IsClosed", BOOLEAN).build());
        out.add(f("IsWon", BOOLEAN).build());
        out.add(f("DefaultProbability", PERCENT).precision(3, 0).build());
        out.add(f("Description", STRING).length(255).build());
        audit(out);
        return SObjectDef.of("OpportunityStage", "Opportunity Stage", "Opportunity Stages", "01J", false, out);
    }

    static SObjectDef kitchenSink() {
        List<FieldDef> out = head(true, true, "Group,User");
        out.add(f("Name", STRING).length(80).required().nameField().label("Kitchen Sink Name").build());
        audit(out);
        out.add(f("Text__c", STRING).length(255).label("Text").build());
        out.add(f("Text_Area__c", TEXTAREA).length(255).label("Text Area").build());
        out.add(f("Long_Text__c", TEXTAREA).length(32768).extraTypeInfo("plaintextarea").label("Long Text").build());
        out.add(f("Rich_Text__c", TEXTAREA).length(32768).extraTypeInfo("richtextarea").label("Rich Text").build());
        out.add(f("Picklist__c", PICKLIST).length(255).picklist("Alpha", "Beta", "Gamma, Delta", "Ω").build());
        out.add(f("Multi_Picklist__c", MULTIPICKLIST).length(4099).picklist("Red", "Green", "Blue", "Yellow").build());
        out.add(f("Email__c", EMAIL).length(80).build());
        out.add(f("Phone__c", PHONE).length(40).build());
        out.add(f("Url__c", URL).length(255).label("URL").build());
        out.add(f("Checkbox__c", BOOLEAN).build());
        out.add(f("Quantity__c", INT).digits(9).build());
        out.add(f("Big_Number__c", LONG).digits(18).build());
        out.add(f("Number__c", DOUBLE).precision(18, 6).build());
        out.add(f("Amount__c", CURRENCY).precision(16, 2).build());
        out.add(f("Percent__c", PERCENT).precision(5, 2).build());
        out.add(f("Date__c", DATE).build());
        out.add(f("Date_Time__c", DATETIME).label("Date/Time").build());
        out.add(f("Time__c", TIME).build());
        out.add(f("Account__c", REFERENCE).reference("Account__r", "Account").label("Account").build());
        address(out, "Address", true);
        out.add(f("Location__Latitude__s", DOUBLE).precision(9, 6).component("Location__c").build());
        out.add(f("Location__Longitude__s", DOUBLE).precision(9, 6).component("Location__c").build());
        out.add(f("Location__c", LOCATION).label("Location").build());
        out.add(f("Payload__c", BASE64).length(131072).label("Payload").build());
        out.add(f("Formula__c", CURRENCY).precision(18, 2).formula("Amount__c * Percent__c / 100")
                .label("Formula").build());
        out.add(f("Secret__c", ENCRYPTEDSTRING).length(175).label("Secret").build());
        out.add(f("External_Key__c", STRING).length(40).required().externalId().unique().label("External Key")
                .build());
        return SObjectDef.of(KITCHEN_SINK, "Kitchen Sink", "Kitchen Sinks", "a01", true, out);
    }
}
