package com.anomalywatcher.cli;

import com.anomalywatcher.store.TestDatabase;

/**
 * Command lines typed one after another against one test database ({@code --db-url} appended), as
 * {@link CommandRun#against} runs them: {@link #run} gives the exit code, and what the last one
 * printed stays in {@link #out} and {@link #err} for the assertions that follow. Owned by one test.
 */
final class Terminal {
  private final TestDatabase db;
  private CommandRun last = new CommandRun(0, "", "");

  private Terminal(TestDatabase db) {
    this.db = db;
  }

  /** A terminal on {@code db}; its URL is read at each run, so a static database may be named before it starts. */
  static Terminal against(TestDatabase db) {
    return new Terminal(db);
  }

  /** Runs the arguments against the database; returns the exit code. */
  int run(String... args) {
    last = CommandRun.against(db.jdbcUrl(), args);
    return last.exitCode();
  }

  /** What the last run printed on standard output; empty before the first. */
  String out() {
    return last.out();
  }

  /** What the last run printed on standard error; empty before the first. */
  String err() {
    return last.err();
  }
}
