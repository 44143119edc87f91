package io.sfsync.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sfsync.warehouse.duckdb.DuckDbDialect;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {
    private final DuckDbDialect dialect = new DuckDbDialect();

    @ParameterizedTest
    @ValueSource(strings = {"Id", "Amount__c", "ns__Field__c", "Loc__Latitude__s", "ORDER", "Select", "_x", "a1"})
    void shouldAcceptSalesforceNamesAndQuoteThemExactly(String name) {
        assertThat(Identifiers.isValid(name)).isTrue();
        assertThat(dialect.quote(name)).isEqualTo('"' + name + '"');
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACCOUNTS; DROP TABLE x", "x\"; DROP TABLE y; --", "a\"b", "it's", "Amount__c--",
        "1abc", "", " Id", "Id ", "a.b", "a-b", "café", "x\ny", "/*c*/x", "Robert'); DROP TABLE Students;--"})
    void shouldRejectAnythingElseBeforeBuildingSql(String name) {
        assertThat(Identifiers.isValid(name)).isFalse();
        assertThatThrownBy(() -> dialect.quote(name))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_IDENTIFIER))
                .hasMessageContaining("not a valid identifier");
    }

    @Test
    void shouldRejectNullAndOverlongNames() {
        assertThatThrownBy(() -> dialect.quote(null)).isInstanceOf(WarehouseException.class);
        assertThat(Identifiers.isValid("a".repeat(255))).isTrue();
        assertThat(Identifiers.isValid("a".repeat(256))).isFalse();
    }

    @Test
    void shouldValidateEveryIdentifierOfEveryStatement() {
        TableRef bad = new TableRef("RAW", "ACCOUNTS; DROP TABLE x");
        TableRef good = new TableRef("RAW", "ACCOUNTS");
        Column badColumn = new Column("x\" VARCHAR); DROP TABLE y; --", ColumnType.TEXT);
        Column id = new Column("Id", ColumnType.TEXT);

        assertThatThrownBy(() -> dialect.table(bad)).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> dialect.createSchema("RAW; DROP SCHEMA main")).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> dialect.createTable(good, List.of(id, badColumn)))
                .isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> dialect.maxValue(good, "x) FROM y; --")).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> dialect.loadStaging(good, List.of("Id", "a': 'VARCHAR'}, x := 1) --")))
                .isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> dialect.renameTable(good, "B; DROP TABLE C")).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> dialect.merge(good, good, List.of(id, badColumn), id, null, true))
                .isInstanceOf(WarehouseException.class);
    }

    @Test
    void shouldNameStageFilesDeterministically() {
        assertThat(StageFiles.path("Account", "r-42", 3)).isEqualTo("Account/r-42/Account_r-42_000003.csv");
        assertThat(StageFiles.fileName("My_Obj__c", "run1", 123456)).isEqualTo("My_Obj__c_run1_123456.csv");
        assertThat(StageFiles.stageName("@SFSYNC_STAGE")).isEqualTo("SFSYNC_STAGE");
        assertThat(StageFiles.stageName("@DB.RAW.STAGE")).isEqualTo("DB.RAW.STAGE");
        assertThatThrownBy(() -> StageFiles.stageName("@../../etc")).isInstanceOf(WarehouseException.class);
        assertThatThrownBy(() -> StageFiles.path("Account", "../x", 0))
                .isInstanceOfSatisfying(WarehouseException.class,
                        e -> assertThat(e.code()).isEqualTo(WarehouseError.INVALID_SPEC));
        assertThatThrownBy(() -> StageFiles.path("Account", "r1", -1)).isInstanceOf(WarehouseException.class);
    }

    @Test
    void shouldNameWorkTablesAfterTheRun() {
        TableRef target = new TableRef("RAW", "ACCOUNTS");

        assertThat(TableRefs.stagingName(target, "3f1c-9a")).isEqualTo("ACCOUNTS__stg_3f1c_9a");
        assertThat(TableRefs.fresh(target, "3f1c-9a")).isEqualTo(new TableRef("RAW", "ACCOUNTS__new_3f1c_9a"));
    }
}
