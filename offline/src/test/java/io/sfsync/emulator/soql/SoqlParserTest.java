package io.sfsync.emulator.soql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SoqlParserTest {
    private static final String CUSTOM_FIELD_HINT = " If you are attempting to use a custom field, be sure to append"
            + " the '__c' after the custom field name. Please reference your WSDL or the describe call for the"
            + " appropriate names.";
    private static final String CUSTOM_RELATIONSHIP_HINT = " If you are attempting to use a custom relationship,"
            + " be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the"
            + " describe call for the appropriate names.";

    private final TestOrg org = new TestOrg();

    private SoqlQuery parse(String soql) {
        return SoqlParser.parse(soql, org);
    }

    private SoqlException error(String soql) {
        SoqlException e = catchThrowableOfType(SoqlException.class, () -> parse(soql));
        assertThat(e).as("expected an error for %s", soql).isNotNull();
        return e;
    }

    private static List<String> names(List<FieldPath> paths) {
        return paths.stream().map(FieldPath::canonicalName).collect(Collectors.toList());
    }

    @Test
    void selectListIsCanonicalisedInOrder() {
        SoqlQuery q = parse("select id, NAME, owner.name, ACCOUNT__R.owner.EMAIL, text__C from kitchen_sink__c");
        assertThat(q.sobject().name()).isEqualTo("Kitchen_Sink__c");
        assertThat(names(q.select())).containsExactly("Id", "Name", "Owner.Name", "Account__r.Owner.Email",
                "Text__c");
        assertThat(q.isCount()).isFalse();
        assertThat(q.countField()).isNull();
        assertThat(q.limit()).isEqualTo(-1);
        assertThat(q.offset()).isZero();
        assertThat(q.text()).isEqualTo("select id, NAME, owner.name, ACCOUNT__R.owner.EMAIL, text__C from "
                + "kitchen_sink__c");
    }

    @Test
    void relationshipPathsExposeReferencesAndTargetFields() {
        SoqlQuery q = parse("SELECT Account__r.Owner.Email, Owner.Name, Name FROM Kitchen_Sink__c");
        FieldPath deep = q.select().get(0);
        assertThat(deep.references()).extracting(f -> f.name()).containsExactly("Account__c", "OwnerId");
        assertThat(deep.relationshipNames()).containsExactly("Account__r", "Owner");
        assertThat(deep.field().name()).isEqualTo("Email");
        FieldPath polymorphicOwner = q.select().get(1);
        assertThat(polymorphicOwner.references()).extracting(f -> f.name()).containsExactly("OwnerId");
        assertThat(polymorphicOwner.references().get(0).referenceTo()).containsExactly("Group", "User");
        assertThat(polymorphicOwner.field().name()).isEqualTo("Name");
        FieldPath plain = q.select().get(2);
        assertThat(plain.references()).isEmpty();
        assertThat(plain.relationshipNames()).isEmpty();
        assertThat(plain.canonicalName()).isEqualTo(plain.field().name());
    }

    @Test
    void pathsMayBeQualifiedWithTheObjectNameOrAlias() {
        assertThat(names(parse("SELECT Account.Name, Account.Owner.Name FROM Account").select()))
                .containsExactly("Name", "Owner.Name");
        assertThat(names(parse("SELECT a.Name FROM Account a WHERE a.Name = 'x' ORDER BY a.Name").select()))
                .containsExactly("Name");
        assertThat(names(parse("SELECT Account.Name FROM Contact").select())).as("relationship wins")
                .containsExactly("Account.Name");
    }

    @Test
    void compoundFieldsMayBeSelected() {
        assertThat(names(parse("SELECT Address__c, Location__c FROM Kitchen_Sink__c WHERE Name != null")
                .select())).containsExactly("Address__c", "Location__c");
        assertThat(names(parse("SELECT BillingAddress, Owner.Name FROM Account").select()))
                .containsExactly("BillingAddress", "Owner.Name");
    }

    @Test
    void countQueries() {
        SoqlQuery q = parse("SELECT COUNT() FROM Account WHERE Name LIKE 'A%' LIMIT 5");
        assertThat(q.isCount()).isTrue();
        assertThat(q.select()).isEmpty();
        assertThat(q.limit()).isEqualTo(5);
        SoqlQuery countId = parse("select count(id) from Account");
        assertThat(countId.isCount()).isFalse();
        assertThat(countId.select()).isEmpty();
        assertThat(countId.countField().canonicalName()).isEqualTo("Id");
        assertThat(countId.countAlias()).isEqualTo("expr0");
        assertThat(parse("SELECT COUNT(Name) total FROM Account").countAlias()).isEqualTo("total");
    }

    @Test
    void countWithOtherFieldsIsRejected() {
        SoqlException e = error("SELECT Name, COUNT(Id) FROM Account");
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Name, COUNT(Id) FROM Account\n       ^\n"
                + "ERROR at Row:1:Column:8\nField must be grouped or aggregated: Name");
    }

    @Test
    void limitAndOffset() {
        SoqlQuery q = parse("SELECT Id FROM Account ORDER BY Name LIMIT 10 OFFSET 20");
        assertThat(q.limit()).isEqualTo(10);
        assertThat(q.offset()).isEqualTo(20);
        assertThat(parse("SELECT Id FROM Account OFFSET 3").offset()).isEqualTo(3);
        assertThat(parse("SELECT Id FROM Account LIMIT 0").limit()).isZero();
        assertThat(error("SELECT Id FROM Account OFFSET 3 LIMIT 1").getMessage()).endsWith(
                "unexpected token: 'LIMIT'");
        assertThat(error("SELECT Id FROM Account LIMIT -1").getMessage()).endsWith("unexpected token: '-1'");
    }

    @Test
    void orderedByIdOnlyWithoutOrderByOrWithIdAscending() {
        assertThat(parse("SELECT Id FROM Account").orderedById()).isTrue();
        assertThat(parse("SELECT Id FROM Account").ordering(new EvalContext(java.time.Instant.EPOCH, org)))
                .isNull();
        assertThat(parse("SELECT Id FROM Account ORDER BY Id").orderedById()).isTrue();
        assertThat(parse("SELECT Id FROM Account ORDER BY id ASC").orderedById()).isTrue();
        assertThat(parse("SELECT Id FROM Account ORDER BY Id DESC").orderedById()).isFalse();
        assertThat(parse("SELECT Id FROM Account ORDER BY Name").orderedById()).isFalse();
        assertThat(parse("SELECT Id FROM Account ORDER BY Id, Name").orderedById()).isFalse();
        assertThat(parse("SELECT Id FROM Account ORDER BY Owner.Id").orderedById()).isFalse();
    }

    @Test
    void incrementalSyncQueryParses() {
        SoqlQuery q = parse("SELECT Id, IsDeleted, SystemModstamp FROM Account WHERE SystemModstamp >= "
                + "2024-01-15T10:30:00.000Z ORDER BY SystemModstamp ASC, Id ASC LIMIT 2000");
        assertThat(names(q.select())).containsExactly("Id", "IsDeleted", "SystemModstamp");
        assertThat(q.whereFields()).extracting(f -> f.name()).containsExactly("SystemModstamp");
        assertThat(q.orderedById()).isFalse();
    }

    @Test
    void unknownFieldMessageMatchesSalesforce() {
        SoqlException e = error("SELECT Foo FROM Account");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Foo FROM Account\n       ^\nERROR at Row:1:Column:8\n"
                + "No such column 'Foo' on entity 'Account'." + CUSTOM_FIELD_HINT);
    }

    @Test
    void unknownFieldAfterRelationshipNamesTheTargetEntity() {
        SoqlException e = error("SELECT Id FROM Contact WHERE Account.Bogus__c = 'x'");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id FROM Contact WHERE Account.Bogus__c = 'x'\n"
                + "                             ^\nERROR at Row:1:Column:30\n"
                + "No such column 'Bogus__c' on entity 'Account'." + CUSTOM_FIELD_HINT);
    }

    @Test
    void unknownRelationshipMessage() {
        SoqlException e = error("SELECT Id, Foo.Name FROM Account");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id, Foo.Name FROM Account\n           ^\n"
                + "ERROR at Row:1:Column:12\nDidn't understand relationship 'Foo' in field path."
                + CUSTOM_RELATIONSHIP_HINT);
        assertThat(error("SELECT OwnerId.Name FROM Account").getMessage()).contains(
                "Didn't understand relationship 'OwnerId' in field path.");
    }

    @Test
    void relationshipNameAloneIsNotAColumn() {
        assertThat(error("SELECT Owner FROM Account").getMessage()).endsWith(
                "No such column 'Owner' on entity 'Account'." + CUSTOM_FIELD_HINT);
    }

    @Test
    void unknownObjectMessage() {
        SoqlException e = error("SELECT Id FROM Foo");
        assertThat(e.errorCode()).isEqualTo("INVALID_TYPE");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id FROM Foo\n               ^\nERROR at Row:1:Column:16\n"
                + "sObject type 'Foo' is not supported. If you are attempting to use a custom object, be sure to"
                + " append the '__c' after the entity name. Please reference your WSDL or the describe call for the"
                + " appropriate names.");
    }

    @Test
    void unknownObjectIsReportedBeforeUnknownFields() {
        assertThat(error("SELECT Nope FROM Nothing__c").errorCode()).isEqualTo("INVALID_TYPE");
    }

    @Test
    void unexpectedTokenMessage() {
        SoqlException e = error("SELECT Id FORM Account");
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id FORM Account\n          ^\nERROR at Row:1:Column:11\n"
                + "unexpected token: 'FORM'");
    }

    @Test
    void unexpectedEndOfInput() {
        SoqlException e = error("SELECT Id FROM Account WHERE");
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id FROM Account WHERE\n"
                + "                            ^\nERROR at Row:1:Column:29\nunexpected token: <EOF>");
    }

    @Test
    void missingRightParenthesis() {
        SoqlException e = error("SELECT Id FROM Account WHERE (Name = 'a' OR Name = 'b' LIMIT 5");
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).endsWith("ERROR at Row:1:Column:56\nexpecting a right parentheses, found 'LIMIT'");
        assertThat(error("SELECT Id FROM Account WHERE Name IN ('a', 'b'").getMessage()).endsWith(
                "expecting a right parentheses, found '<EOF>'");
    }

    @Test
    void mixingAndWithOrNeedsParentheses() {
        SoqlException e = error("SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'");
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'\n"
                + "                                                       ^\nERROR at Row:1:Column:56\n"
                + "unexpected token: 'OR'");
        assertThat(error("SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b' and Name = 'c'").getMessage())
                .endsWith("unexpected token: 'and'");
        assertThat(parse("SELECT Id FROM Account WHERE (Name = 'a' AND Name = 'b') OR Name = 'c'")).isNotNull();
    }

    @Test
    void multiLineQueriesReportRowAndThatRowsText() {
        SoqlException e = error("SELECT Id,\n  Foo\nFROM Account");
        assertThat(e.getMessage()).isEqualTo("\n  Foo\n  ^\nERROR at Row:2:Column:3\n"
                + "No such column 'Foo' on entity 'Account'." + CUSTOM_FIELD_HINT);
        SoqlException crlf = error("SELECT Id\r\nFROM Account\r\nWHERE CreatedDate > '2024-01-01'");
        assertThat(crlf.getMessage()).startsWith("\nWHERE CreatedDate > '2024-01-01'\n      ^\n"
                + "ERROR at Row:3:Column:7\n");
    }

    @Test
    void duplicateFieldsAreRejected() {
        SoqlException e = error("SELECT Id, Name, name FROM Account");
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id, Name, name FROM Account\n                 ^\n"
                + "ERROR at Row:1:Column:18\nduplicate field selected: Name");
        assertThat(error("SELECT Owner.Name, owner.NAME FROM Account").getMessage()).endsWith(
                "duplicate field selected: Owner.Name");
        assertThat(names(parse("SELECT Name, Owner.Name FROM Account").select())).hasSize(2);
    }

    @Test
    void quotedDateTimeIsRejected() {
        SoqlException e = error("SELECT Id FROM Account WHERE LastModifiedDate > '2024-01-15T10:30:00Z'");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id FROM Account WHERE LastModifiedDate > '2024-01-15T10:30:00Z'"
                + "\n                             ^\nERROR at Row:1:Column:30\n"
                + "value of filter criterion for field 'LastModifiedDate' must be of type dateTime and should not"
                + " be enclosed in quotes");
    }

    @Test
    void literalTypeMustSuitTheField() {
        assertThat(error("SELECT Id FROM Account WHERE SystemModstamp > 2024-01-15").getMessage()).endsWith(
                "value of filter criterion for field 'SystemModstamp' must be of type dateTime and should not be"
                        + " enclosed in quotes");
        assertThat(error("SELECT Id FROM Account WHERE LastActivityDate = 2024-01-15T00:00:00Z").getMessage())
                .endsWith("value of filter criterion for field 'LastActivityDate' must be of type date and should"
                        + " not be enclosed in quotes");
        assertThat(error("SELECT Id FROM Opportunity WHERE CloseDate = '2024-01-15'").getMessage()).endsWith(
                "must be of type date and should not be enclosed in quotes");
        assertThat(error("SELECT Id FROM Opportunity WHERE Amount > '5'").getMessage()).endsWith(
                "value of filter criterion for field 'Amount' must be of type double and should not be enclosed"
                        + " in quotes");
        assertThat(error("SELECT Id FROM Account WHERE NumberOfEmployees = '5'").getMessage()).endsWith(
                "field 'NumberOfEmployees' must be of type int and should not be enclosed in quotes");
        assertThat(error("SELECT Id FROM Kitchen_Sink__c WHERE Big_Number__c = '5'").getMessage()).endsWith(
                "field 'Big_Number__c' must be of type long and should not be enclosed in quotes");
        assertThat(error("SELECT Id FROM Account WHERE IsDeleted = 'true'").getMessage()).endsWith(
                "field 'IsDeleted' must be of type boolean and should not be enclosed in quotes");
        assertThat(error("SELECT Id FROM Account WHERE Name = 5").getMessage()).endsWith(
                "field 'Name' must be of type string and should be enclosed in quotes");
        assertThat(error("SELECT Id FROM Account WHERE OwnerId IN ('005000000000001AAA', TRUE)").getMessage())
                .endsWith("field 'OwnerId' must be of type id and should be enclosed in quotes");
        assertThat(error("SELECT Id FROM Account WHERE Name = TODAY").errorCode()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void unfilterableFieldsAreRejected() {
        SoqlException e = error("SELECT Id FROM Account WHERE Description = 'x'");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id FROM Account WHERE Description = 'x'\n"
                + "                             ^\nERROR at Row:1:Column:30\n"
                + "field 'Description' can not be filtered in a query call");
        assertThat(error("SELECT Id FROM Account WHERE BillingAddress != null").getMessage()).endsWith(
                "field 'BillingAddress' can not be filtered in a query call");
        assertThat(error("SELECT Id FROM Kitchen_Sink__c WHERE Payload__c = null").getMessage()).endsWith(
                "field 'Payload__c' can not be filtered in a query call");
        assertThat(error("SELECT Id FROM Kitchen_Sink__c WHERE Secret__c = 'x'").getMessage()).endsWith(
                "field 'Secret__c' can not be filtered in a query call");
        assertThat(error("SELECT Id FROM Kitchen_Sink__c WHERE Long_Text__c LIKE 'x%'").getMessage()).endsWith(
                "field 'Long_Text__c' can not be filtered in a query call");
        assertThat(parse("SELECT Id FROM Kitchen_Sink__c WHERE Text_Area__c = 'x'")).isNotNull();
    }

    @Test
    void unsortableFieldsAreRejected() {
        SoqlException e = error("SELECT Id FROM Kitchen_Sink__c ORDER BY Multi_Picklist__c");
        assertThat(e.errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(e.getMessage()).isEqualTo("\nSELECT Id FROM Kitchen_Sink__c ORDER BY Multi_Picklist__c\n"
                + "                                        ^\nERROR at Row:1:Column:41\n"
                + "field 'Multi_Picklist__c' can not be sorted in a query call");
        assertThat(error("SELECT Id FROM Account ORDER BY Description").getMessage()).endsWith(
                "field 'Description' can not be sorted in a query call");
    }

    @Test
    void operatorsMustSuitTheFieldType() {
        assertThat(error("SELECT Id FROM Account WHERE IsDeleted < true").errorCode()).isEqualTo("INVALID_FIELD");
        assertThat(error("SELECT Id FROM Account WHERE Name INCLUDES ('a')").getMessage()).endsWith(
                "includes or excludes operator only valid on multipicklist field");
        assertThat(error("SELECT Id FROM Account WHERE NumberOfEmployees LIKE '1%'").errorCode())
                .isEqualTo("INVALID_FIELD");
        assertThat(error("SELECT Id FROM Kitchen_Sink__c WHERE Multi_Picklist__c > 'a'").errorCode())
                .isEqualTo("INVALID_FIELD");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT Id, (SELECT Id FROM Contacts) FROM Account",
        "SELECT Industry FROM Account GROUP BY Industry",
        "SELECT FIELDS(ALL) FROM Account LIMIT 200",
        "SELECT TYPEOF Owner WHEN User THEN Name END FROM Account",
        "SELECT Id FROM Account FOR UPDATE",
        "SELECT Id FROM Account WITH SECURITY_ENFORCED",
        "SELECT Id FROM Account USING SCOPE Mine",
        "SELECT MAX(AnnualRevenue) FROM Account",
        "SELECT Id FROM Contact WHERE AccountId IN (SELECT Id FROM Account)",
        "SELECT Id FROM Account WHERE Name = :name",
        "SELECT Id FROM Account WHERE Name = \"x\"",
        "SELECT Id FROM Account WHERE CreatedDate > 2024-01-15T10:30:00",
        "SELECT Id FROM Account WHERE CreatedDate > LAST_N_DAYS",
        "SELECT Id FROM Account WHERE Name = 'abc",
        "SELECT Id FROM Account WHERE Name = 'a\\qb'",
        "SELECT Id FROM Account WHERE Name IN ()",
        "SELECT Id FROM Account WHERE Name",
        "SELECT Id FROM Account LIMIT 10 garbage",
        "SELECT FROM Account",
        "Id FROM Account",
        "",
    })
    void unsupportedOrMalformedSyntaxIsMalformedQuery(String soql) {
        SoqlException e = error(soql);
        assertThat(e.errorCode()).isEqualTo("MALFORMED_QUERY");
        assertThat(e.getMessage()).startsWith("\n").contains("ERROR at Row:1:Column:");
    }

    @Test
    void unsupportedFeaturesSayWhat() {
        assertThat(error("SELECT Industry FROM Account GROUP BY Industry").getMessage()).endsWith(
                "GROUP BY is not supported by the emulator");
        assertThat(error("SELECT Id, (SELECT Id FROM Contacts) FROM Account").getMessage()).endsWith(
                "A parent-to-child subquery is not supported by the emulator");
    }

    @Test
    void stringEscapesAreDecoded() {
        TestOrg.MapRow row = (TestOrg.MapRow) org.add("Account", "001000000000001", "Name", "O'Brien \"Q\" \\ \n\t");
        EvalContext ctx = new EvalContext(java.time.Instant.EPOCH, org);
        assertThat(parse("SELECT Id FROM Account WHERE Name = 'O\\'Brien \\\"Q\\\" \\\\ \\n\\t'").matches(row, ctx))
                .isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE Name = 'O\\u0027brien \"q\" \\\\ \\n\\t'").matches(row, ctx))
                .isTrue();
        assertThat(parse("SELECT Id FROM Account WHERE Name = 'O\\'Brien'").matches(row, ctx)).isFalse();
    }

    @Test
    void keywordsAreCaseInsensitive() {
        SoqlQuery q = parse("select Id from Account where Name like 'a%' and not Name in ('b') "
                + "order by Name desc nulls first limit 3 offset 1");
        assertThat(q.limit()).isEqualTo(3);
        assertThat(q.offset()).isEqualTo(1);
        assertThat(q.orderedById()).isFalse();
    }

    @Test
    void deepRelationshipPathsAreLimitedToFiveLevels() {
        assertThat(parse("SELECT Parent.Parent.Parent.Parent.Parent.Name FROM Account").select().get(0)
                .references()).hasSize(5);
        assertThat(error("SELECT Parent.Parent.Parent.Parent.Parent.Parent.Name FROM Account").errorCode())
                .isEqualTo("MALFORMED_QUERY");
    }
}
