package io.sfsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The options of the one-shot commands. */
class CommandLineTest {

    private static CommandLine parse(String... args) {
        return CommandLine.parse(args);
    }

    @Test
    void shouldReadObjectsAndFlagsOfSync() {
        CommandLine line = parse("sync", "Account", "--full", "sync-contact", "--json");
        assertThat(line.objects()).containsExactly("Account", "sync-contact");
        assertThat(line.full()).isTrue();
        assertThat(line.json()).isTrue();
        assertThat(line.help()).isFalse();
        assertThat(parse("sync").objects()).isEmpty();
        assertThat(parse("sync").full()).isFalse();
    }

    @Test
    void shouldReadFormulasOfSyncOnlyAndNotWithFull() {
        assertThat(parse("sync", "Contact", "--formulas").formulas()).isTrue();
        assertThat(parse("sync", "Contact").formulas()).isFalse();
        assertThatThrownBy(() -> parse("plan", "--formulas")).hasMessageContaining("--formulas is not an option of plan");
        assertThatThrownBy(() -> parse("sync", "--formulas", "--full"))
                .hasMessageContaining("--full and --formulas exclude each other");
    }

    @Test
    void shouldReadHistoryObjectAndLast() {
        CommandLine line = parse("history", "Contact", "--last", "5");
        assertThat(line.objects()).containsExactly("Contact");
        assertThat(line.last()).isEqualTo(5);
        assertThat(parse("history", "--last=7").last()).isEqualTo(7);
        assertThat(parse("history").last()).isEqualTo(20);
    }

    @Test
    void shouldTakeHelpEvenWithOtherwiseWrongArguments() {
        assertThat(parse("status", "--help").help()).isTrue();
        assertThat(parse("history", "a", "b", "-h").help()).isTrue();
    }

    @Test
    void shouldRefuseWhatACommandDoesNotTake() {
        assertThatThrownBy(() -> parse("plan", "--full")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--full is not an option of plan").hasMessageContaining("Usage:");
        assertThatThrownBy(() -> parse("sync", "--last", "3")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("sync", "--fast")).hasMessageContaining("unknown option --fast");
        assertThatThrownBy(() -> parse("status", "Account")).hasMessageContaining("status takes no OBJECT");
        assertThatThrownBy(() -> parse("history", "Account", "Contact")).hasMessageContaining("at most one OBJECT");
        assertThatThrownBy(() -> parse("history", "--last")).hasMessageContaining("--last needs a value");
        assertThatThrownBy(() -> parse("history", "--last", "0")).hasMessageContaining("between 1 and 10000");
        assertThatThrownBy(() -> parse("history", "--last", "x")).hasMessageContaining("takes a number");
        assertThatThrownBy(() -> parse("sync", " ")).hasMessageContaining("empty OBJECT");
    }

    @Test
    void shouldRefuseAWideOptionWithoutACountOrOverEightHundredFields() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[] {"emulator", "--wide", "Account"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--wide takes TYPE=FIELDS");
        assertThat(Main.run(new String[] {"emulator", "--wide", "Account=801"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--wide must be between 0 and 800");
    }

    @Test
    void shouldExitTwoOnAUsageErrorAndZeroOnHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Main.run(new String[] {"plan", "--bogus"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --bogus");
        for (String command : List.of("sync", "plan", "history", "status")) {
            out.reset();
            assertThat(Main.run(new String[] {command, "--help"}, o, e)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: java -jar target/sfsync.jar "
                    + command);
        }
        out.reset();
        assertThat(Main.run(new String[] {"help"}, o, e)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  sync [OBJECT...]").contains("  plan [OBJECT...]")
                .contains("  history [OBJECT]").contains("  status [--json]");
    }

    @Test
    void shouldSelectStanzasBySObjectOrIdAndListTheConfiguredOnesOtherwise() {
        List<ObjectStanzas.Stanza> all = ObjectStanzas.parse(Map.of(
                "camel.route-template[sync-account].template-id", "sync-object",
                "camel.route-template[sync-account].sobject", "Account",
                "camel.route-template[sync-contact].template-id", "sync-object",
                "camel.route-template[sync-contact].sobject", "Contact",
                "camel.route-template[contact-2].template-id", "sync-object",
                "camel.route-template[contact-2].sobject", "Contact",
                "camel.route-template[contact-2].table", "CONTACTS_2",
                "camel.route-template[other].template-id", "something-else"));
        assertThat(all).extracting(ObjectStanzas.Stanza::id).containsExactly("contact-2", "sync-account",
                "sync-contact");
        assertThat(ObjectStanzas.select(all, List.of("contact"), "sync")).extracting(ObjectStanzas.Stanza::id)
                .containsExactly("contact-2", "sync-contact");
        assertThat(ObjectStanzas.select(all, List.of("sync-account", "Account"), "sync"))
                .extracting(ObjectStanzas.Stanza::id).containsExactly("sync-account");
        assertThat(ObjectStanzas.select(all, List.of(), "sync")).hasSize(3);
        assertThatThrownBy(() -> ObjectStanzas.select(all, List.of("Lead"), "plan"))
                .isInstanceOf(UsageException.class).hasMessageContaining("'Lead' is not a configured object")
                .hasMessageContaining("Account (sync-account)");
        assertThat(all.get(0).parameters()).containsEntry("TABLE", "CONTACTS_2");
    }

    @Test
    void shouldSubstituteTemplateParametersUntilNoneIsLeft() {
        Map<String, String> values = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        values.put("sobject", "Account");
        values.put("table", "{{sobject}}");
        assertThat(ObjectStanzas.substitute("{{table}}", values)).isEqualTo("Account");
        assertThat(ObjectStanzas.substitute("{{sfsync.default-schema:RAW}}", values))
                .isEqualTo("{{sfsync.default-schema:RAW}}");
    }
}
