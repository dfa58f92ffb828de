package com.anomalywatcher.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * How help is laid out for every command: the list of subcommands shows each one's first whole
 * sentence (picocli's default shows the first description line, which cut "run" and "monitor"
 * mid-sentence), wrapped at word boundaries.
 */
final class HelpLayout {
  private static final int MIN_WIDTH = 80;

  private HelpLayout() {}

  /** Installs the layout on {@code cli} and every command below it. */
  static void install(CommandLine cli) {
    cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commandList);
    cli.getSubcommands().values().forEach(HelpLayout::install);
  }

  private static String commandList(Help help) {
    Map<String, Help> subcommands = help.subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    int nameWidth = subcommands.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
    int width = Math.max(MIN_WIDTH, help.commandSpec().usageMessage().width());
    TextTable table = TextTable.forColumns(help.colorScheme(),
        new Column(nameWidth + 2, 2, Column.Overflow.SPAN),
        new Column(width - nameWidth - 2, 0, Column.Overflow.WRAP));
    for (Map.Entry<String, Help> e : subcommands.entrySet()) {
      table.addRowValues(e.getKey(), firstSentence(e.getValue().commandSpec().usageMessage().description()));
    }
    return table.toString();
  }

  /** The description's first sentence: up to the first '.', ':' or ';' that ends a word, joined over lines. */
  static String firstSentence(String[] description) {
    String text = String.join(" ", List.of(description)).replaceAll("\\s+", " ").strip();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean end = i + 1 == text.length() || text.charAt(i + 1) == ' ';
      if (end && c == '.') {
        return text.substring(0, i + 1);
      }
    }
    return text;
  }
}
