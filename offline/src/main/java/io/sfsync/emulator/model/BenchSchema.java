package io.sfsync.emulator.model;

import static io.sfsync.emulator.model.FieldType.BOOLEAN;
import static io.sfsync.emulator.model.FieldType.CURRENCY;
import static io.sfsync.emulator.model.FieldType.DATE;
import static io.sfsync.emulator.model.FieldType.DATETIME;
import static io.sfsync.emulator.model.FieldType.DOUBLE;
import static io.sfsync.emulator.model.FieldType.EMAIL;
import static io.sfsync.emulator.model.FieldType.INT;
import static io.sfsync.emulator.model.FieldType.PERCENT;
import static io.sfsync.emulator.model.FieldType.PHONE;
import static io.sfsync.emulator.model.FieldType.PICKLIST;
import static io.sfsync.emulator.model.FieldType.REFERENCE;
import static io.sfsync.emulator.model.FieldType.STRING;
import static io.sfsync.emulator.model.FieldType.TEXTAREA;
import static io.sfsync.emulator.model.FieldType.URL;

import java.util.List;

/**
 * The shape of a synthetic benchmark object ({@link io.sfsync.emulator.BenchObject}): a custom object as Salesforce
 * creates one (Id, OwnerId, IsDeleted, Name, CreatedDate ... SystemModstamp) with 16 custom fields of the types a
 * typical custom object has: picklists, short and long-ish text, email, phone, URL, checkbox, whole and decimal
 * numbers, currency, percent, date, date/time and a lookup to Account. The fields are {@link FieldDef#filled() filled}
 * (values from {@link FilledValues}; the lookup and Name from {@link DemoData}), about 420 bytes of Bulk CSV a row.
 */
public final class BenchSchema {
    private static final String B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private BenchSchema() {
    }

    /** The key prefix of the {@code index}-th (0-based) bench object: {@code aA0}, {@code aA1}, ... */
    public static String keyPrefix(int index) {
        if (index < 0 || index >= 52 * 62) {
            throw new IllegalArgumentException("bench object index out of range: " + index);
        }
        return "a" + B62.charAt(10 + index / 62) + B62.charAt(index % 62);
    }

    /** The type of a bench object. */
    public static SObjectDef type(String name, String keyPrefix) {
        return DemoSchema.customObject(name, keyPrefix, List.of(
                f("Status__c", PICKLIST).length(255).picklist("New", "Active", "On Hold", "Closed").build(),
                f("Category__c", PICKLIST).length(255).picklist("Hardware", "Software", "Services", "Training",
                        "Support, Premium").build(),
                f("Code__c", STRING).length(20).build(),
                f("Title__c", STRING).length(120).build(),
                f("Notes__c", TEXTAREA).length(255).build(),
                f("Contact_Email__c", EMAIL).length(80).build(),
                f("Phone__c", PHONE).length(40).build(),
                f("Website__c", URL).length(255).build(),
                f("Is_Active__c", BOOLEAN).build(),
                f("Quantity__c", INT).digits(9).build(),
                f("Amount__c", CURRENCY).precision(16, 2).build(),
                f("Score__c", DOUBLE).precision(18, 4).build(),
                f("Discount__c", PERCENT).precision(5, 2).build(),
                f("Start_Date__c", DATE).build(),
                f("Last_Activity__c", DATETIME).build(),
                FieldDef.builder("Account__c", REFERENCE).reference("Account__r", "Account").label("Account")
                        .build()));
    }

    private static FieldDef.Builder f(String name, FieldType type) {
        return FieldDef.builder(name, type).label(name.substring(0, name.length() - 3).replace('_', ' '))
                .filled(true);
    }
}
