package com.anomalywatcher.cli;

import picocli.CommandLine.Option;

/**
 * {@code --format table|csv|json}, mixed into every command that lists things: an aligned table
 * for people, CSV (a header, then one line per row) or JSON (an array of objects) for programs.
 */
final class OutputFormat {
  /** The three ways a listing can be printed. */
  enum Kind {
    TABLE,
    CSV,
    JSON
  }

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
      description = "Output: table (for people), csv or json (for programs); default: ${DEFAULT-VALUE}.")
  Kind kind;

  boolean isTable() {
    return kind == Kind.TABLE;
  }
}
