package io.sfsync.emulator.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sfsync.emulator.http.Json;
import io.sfsync.emulator.model.FieldDef;
import io.sfsync.emulator.model.FieldType;
import io.sfsync.emulator.model.SObjectDef;
import io.sfsync.emulator.model.Schema;

/** describeGlobal and sObject describe bodies with Salesforce's full attribute sets. */
final class Describe {
    private Describe() {
    }

    static ObjectNode global(Schema schema, String version) {
        ObjectNode out = Json.object();
        out.put("encoding", "UTF-8");
        out.put("maxBatchSize", 200);
        ArrayNode list = out.putArray("sobjects");
        for (SObjectDef t : schema.all()) {
            ObjectNode o = list.addObject();
            flags(o, t);
            o.set("urls", urls(t, version));
        }
        return out;
    }

    private static boolean deletable(SObjectDef t) {
        return t.field("IsDeleted") != null;
    }

    private static void flags(ObjectNode o, SObjectDef t) {
        boolean del = deletable(t);
        o.put("activateable", false);
        o.putNull("associateEntityType");
        o.putNull("associateParentEntity");
        o.put("createable", true);
        o.put("custom", t.custom());
        o.put("customSetting", false);
        o.put("deepCloneable", false);
        o.put("deletable", del);
        o.put("deprecatedAndHidden", false);
        o.put("feedEnabled", !t.custom());
        o.put("hasSubtypes", false);
        o.put("isInterface", false);
        o.put("isSubtype", false);
        o.put("keyPrefix", t.keyPrefix());
        o.put("label", t.label());
        o.put("labelPlural", t.labelPlural());
        o.put("layoutable", true);
        o.put("mergeable", t.name().equals("Account") || t.name().equals("Contact"));
        o.put("mruEnabled", true);
        o.put("name", t.name());
        o.put("queryable", true);
        o.put("replicateable", t.replicateable());
        o.put("retrieveable", true);
        o.put("searchable", true);
        o.put("triggerable", true);
        o.put("undeletable", del);
        o.put("updateable", true);
    }

    private static ObjectNode urls(SObjectDef t, String version) {
        String base = "/services/data/v" + version + "/sobjects/" + t.name();
        ObjectNode u = Json.object();
        u.put("compactLayouts", base + "/describe/compactLayouts");
        u.put("rowTemplate", base + "/{ID}");
        u.put("approvalLayouts", base + "/describe/approvalLayouts");
        u.put("defaultValues", base + "/defaultValues?recordTypeId&fields");
        u.put("describe", base + "/describe");
        u.put("quickActions", base + "/quickActions");
        u.put("layouts", base + "/describe/layouts");
        u.put("sobject", base);
        return u;
    }

    static ObjectNode sobject(Schema schema, SObjectDef t, String version) {
        ObjectNode o = Json.object();
        o.putArray("actionOverrides");
        flags(o, t);
        ArrayNode children = o.putArray("childRelationships");
        for (SObjectDef other : schema.all()) {
            for (FieldDef f : other.fields()) {
                if (f.referenceTo().contains(t.name()) && f.relationshipName() != null
                        && !f.name().equals("MasterRecordId") && !f.name().endsWith("ById")) {
                    ObjectNode c = children.addObject();
                    c.put("cascadeDelete", false);
                    c.put("childSObject", other.name());
                    c.put("deprecatedAndHidden", false);
                    c.put("field", f.name());
                    c.putArray("junctionIdListNames");
                    c.putArray("junctionReferenceTo");
                    c.put("relationshipName", childRelationshipName(other, f));
                    c.put("restrictedDelete", false);
                }
            }
        }
        o.put("compactLayoutable", true);
        o.putNull("defaultImplementation");
        o.putNull("extendedBy");
        o.putNull("extendsInterfaces");
        ArrayNode fields = o.putArray("fields");
        for (FieldDef f : t.fields()) {
            fields.add(field(f));
        }
        o.putNull("implementedBy");
        o.putNull("implementsInterfaces");
        o.putNull("listviewable");
        o.putNull("lookupLayoutable");
        o.putArray("namedLayoutInfos");
        o.putNull("networkScopeFieldName");
        ArrayNode rt = o.putArray("recordTypeInfos");
        ObjectNode master = rt.addObject();
        master.put("active", true);
        master.put("available", true);
        master.put("defaultRecordTypeMapping", true);
        master.put("developerName", "Master");
        master.put("master", true);
        master.put("name", "Master");
        master.put("recordTypeId", "012000000000000AAA");
        master.putObject("urls").put("layout",
                "/services/data/v" + version + "/sobjects/" + t.name() + "/describe/layouts/012000000000000AAA");
        o.put("searchLayoutable", true);
        o.put("sobjectDescribeOption", "FULL");
        ArrayNode scopes = o.putArray("supportedScopes");
        if (t.field("OwnerId") != null) {
            ObjectNode mine = scopes.addObject();
            mine.put("label", "My " + t.labelPlural().toLowerCase(java.util.Locale.ROOT));
            mine.put("name", "mine");
        }
        ObjectNode everything = scopes.addObject();
        everything.put("label", "All " + t.labelPlural().toLowerCase(java.util.Locale.ROOT));
        everything.put("name", "everything");
        o.set("urls", urls(t, version));
        return o;
    }

    private static String childRelationshipName(SObjectDef child, FieldDef f) {
        if (f.custom()) {
            return child.labelPlural().replace(' ', '_') + "__r";
        }
        return f.name().equals("ParentId") ? "ChildAccounts" : child.labelPlural().replace(" ", "");
    }

    static ObjectNode field(FieldDef f) {
        FieldType t = f.type();
        ObjectNode o = Json.object();
        o.put("aggregatable", f.filterable() && t != FieldType.MULTIPICKLIST);
        o.put("aiPredictionField", false);
        o.put("autoNumber", f.autoNumber());
        o.put("byteLength", f.byteLength());
        o.put("calculated", f.calculated());
        if (f.calculated()) {
            o.put("calculatedFormula", f.calculatedFormula());
        } else {
            o.putNull("calculatedFormula");
        }
        o.put("cascadeDelete", false);
        o.put("caseSensitive", false);
        if (f.compoundFieldName() == null) {
            o.putNull("compoundFieldName");
        } else {
            o.put("compoundFieldName", f.compoundFieldName());
        }
        o.putNull("controllerName");
        o.put("createable", f.createable());
        o.put("custom", f.custom());
        if (t == FieldType.BOOLEAN) {
            o.put("defaultValue", false);
        } else {
            o.putNull("defaultValue");
        }
        o.putNull("defaultValueFormula");
        o.put("defaultedOnCreate", f.defaultedOnCreate());
        o.put("dependentPicklist", false);
        o.put("deprecatedAndHidden", false);
        o.put("digits", f.digits());
        o.put("displayLocationInDecimal", t == FieldType.LOCATION);
        o.put("encrypted", f.encrypted());
        o.put("externalId", f.externalId());
        if (f.extraTypeInfo() == null) {
            o.putNull("extraTypeInfo");
        } else {
            o.put("extraTypeInfo", f.extraTypeInfo());
        }
        o.put("filterable", f.filterable());
        o.putNull("filteredLookupInfo");
        o.put("formulaTreatNullNumberAsZero", false);
        o.put("groupable", f.filterable() && !t.isDecimal() && t != FieldType.DATETIME);
        o.put("highScaleNumber", false);
        o.put("htmlFormatted", "richtextarea".equals(f.extraTypeInfo()));
        o.put("idLookup", t == FieldType.ID || f.externalId() || f.name().equals("Username"));
        o.putNull("inlineHelpText");
        o.put("label", f.label());
        o.put("length", f.length());
        o.putNull("mask");
        o.putNull("maskType");
        o.put("name", f.name());
        o.put("nameField", f.nameField());
        o.put("namePointing", f.referenceTo().size() > 1);
        o.put("nillable", f.nillable());
        o.put("permissionable", f.nillable() && !f.calculated() && t != FieldType.BOOLEAN || f.custom());
        ArrayNode pl = o.putArray("picklistValues");
        for (String v : f.picklistValues()) {
            ObjectNode p = pl.addObject();
            p.put("active", true);
            p.put("defaultValue", false);
            p.put("label", v);
            p.putNull("validFor");
            p.put("value", v);
        }
        o.put("polymorphicForeignKey", f.referenceTo().size() > 1);
        o.put("precision", f.precision());
        o.put("queryByDistance", false);
        o.putNull("referenceTargetField");
        ArrayNode refs = o.putArray("referenceTo");
        f.referenceTo().forEach(refs::add);
        if (f.relationshipName() == null) {
            o.putNull("relationshipName");
        } else {
            o.put("relationshipName", f.relationshipName());
        }
        o.putNull("relationshipOrder");
        o.put("restrictedDelete", false);
        o.put("restrictedPicklist", false);
        o.put("scale", f.scale());
        o.put("searchPrefilterable", t == FieldType.REFERENCE);
        o.put("soapType", t.soapType());
        o.put("sortable", f.sortable());
        o.put("type", t.apiName());
        o.put("unique", f.unique());
        o.put("updateable", f.updateable());
        o.put("writeRequiresMasterRead", false);
        return o;
    }
}
