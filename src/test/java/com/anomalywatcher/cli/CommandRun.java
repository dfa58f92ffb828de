package com.anomalywatcher.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

/** One run of the command line in this JVM, as a user types it: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

  /** Runs the arguments as given. */
  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CommandRun(code, out.toString(), err.toString());
  }

  /** Runs the arguments against the database at {@code dbUrl} ({@code --db-url} appended). */
  static CommandRun against(String dbUrl, String... args) {
    String[] full = Arrays.copyOf(args, args.length + 2);
    full[args.length] = "--db-url";
    full[args.length + 1] = dbUrl;
    return of(full);
  }
}
