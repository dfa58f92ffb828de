package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.AnomalyWatcherCommand.Subcommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {

  @Test
  void everySubcommandIsListedUnderItsOwnName() {
    for (Subcommand s : AnomalyWatcherCommand.SUBCOMMANDS) {
      assertThat(s.type().getAnnotation(Command.class).name()).isEqualTo(s.name());
    }
    assertThat(AnomalyWatcherCommand.SUBCOMMANDS).extracting(Subcommand::name).doesNotHaveDuplicates().hasSize(19);
  }

  @Test
  void buildsOnlyTheSubcommandTheCommandLineNames() {
    assertThat(names(Main.needed(new String[] {"sample", "--sensors", "3"}))).containsExactly("sample");
    assertThat(names(Main.needed(new String[] {"--verbose", "db", "init"}))).containsExactly("db");
    assertThat(names(Main.needed(new String[] {"--version", "status"}))).containsExactly("status");
    assertThat(Main.needed(new String[] {"--version"})).isEmpty();
    assertThat(Main.needed(new String[] {"-V", "--verbose"})).isEmpty();
  }

  @Test
  void buildsEverySubcommandForHelpUsageAndWhatItCannotTell() {
    for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"-h", "sample"},
        new String[] {"--verbose"}, new String[] {"smaple"}, new String[] {"--", "sample"}, new String[] {"@args"},
        new String[] {"--verbose", "-V", "nope"})) {
      assertThat(Main.needed(args)).as(String.join(" ", args)).isEqualTo(AnomalyWatcherCommand.SUBCOMMANDS);
    }
  }

  /**
   * The narrow tree must not change what any command prints or returns: help of every command and
   * subcommand, usage errors, the version, the top-level usage, compared with the full tree.
   */
  @Test
  void printsAndReturnsWhatTheFullCommandTreeDoes() {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[0]);
    lines.add(new String[] {"--help"});
    lines.add(new String[] {"--version"});
    lines.add(new String[] {"--version", "sample"});
    lines.add(new String[] {"smaple"});
    lines.add(new String[] {"--verbose", "sample", "--sensors", "x"});
    lines.add(new String[] {"sample", "--days", "0", "--verbose"});
    lines.add(new String[] {"sample", "--interval", "-5"});
    lines.add(new String[] {"sample", "--no-such-option"});
    lines.add(new String[] {"db", "nope"});
    CommandLine full = fullTree(new StringWriter(), new StringWriter());
    for (Map.Entry<String, CommandLine> sub : full.getSubcommands().entrySet()) {
      lines.add(new String[] {sub.getKey(), "--help"});
      lines.add(new String[] {"--verbose", sub.getKey(), "-h"});
      for (String nested : sub.getValue().getSubcommands().keySet()) {
        lines.add(new String[] {sub.getKey(), nested, "--help"});
      }
    }
    for (String[] args : lines) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
      StringWriter fullOut = new StringWriter();
      StringWriter fullErr = new StringWriter();
      int fullCode = fullTree(fullOut, fullErr).execute(args);
      String line = String.join(" ", args);
      assertThat(code).as(line).isEqualTo(fullCode);
      assertThat(out.toString()).as(line).isEqualTo(fullOut.toString());
      assertThat(err.toString()).as(line).isEqualTo(fullErr.toString());
    }
  }

  @Test
  void noCommandIsAUsageError() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Main.run(new String[0], new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("Usage: anomaly-watcher").contains("sample").contains("Error: no command given");
  }

  /** Help shows what an option takes ({@code --threshold=SCORE}), never picocli's fallback, the Java field's name. */
  @Test
  void noOptionValueIsLabelledWithItsFieldName() {
    List<String> fieldNamed = new ArrayList<>();
    collectFieldNamed(fullTree(new StringWriter(), new StringWriter()), fieldNamed);
    assertThat(fieldNamed).isEmpty();
  }

  private static void collectFieldNamed(CommandLine command, List<String> found) {
    for (CommandLine.Model.OptionSpec o : command.getCommandSpec().options()) {
      if (o.arity().max() > 0 && o.userObject() instanceof java.lang.reflect.Field f
          && o.paramLabel().equals("<" + f.getName() + ">")) {
        found.add(command.getCommandSpec().qualifiedName() + " " + o.longestName() + "=" + o.paramLabel());
      }
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      collectFieldNamed(sub, found);
    }
  }

  private static CommandLine fullTree(StringWriter out, StringWriter err) {
    return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static List<String> names(List<Subcommand> subcommands) {
    return subcommands.stream().map(Subcommand::name).toList();
  }
}
