package com.anomalywatcher.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into the program's error contract: a usage error is one line naming the option
 * and the value plus a hint (exit 2); a runtime failure is one short line (exit 1), with the stack
 * trace only under {@code --verbose}.
 */
final class CliErrors {
  static final int USAGE = 2;
  static final int FAILURE = 1;

  private CliErrors() {}

  static int onUsageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("Error: " + oneLine(e.getMessage()));
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return USAGE;
  }

  static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof IllegalArgumentException && !(e instanceof NumberFormatException)) {
      // Raised by value types validating user input the options could not check alone.
      err.println("Error: " + oneLine(e.getMessage()));
      err.flush();
      return USAGE;
    }
    err.println("Error: " + oneLine(describe(e)));
    if (isVerbose(parsed)) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  private static String describe(Throwable e) {
    if (e instanceof CommandFailure) {
      return e.getMessage();
    }
    String message = e.getMessage();
    Throwable cause = e.getCause();
    if ((message == null || message.isBlank()) && cause != null) {
      return describe(cause);
    }
    return message == null ? e.getClass().getSimpleName().replace("Exception", " failure") : message;
  }

  private static boolean isVerbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** First line only: errors must fit on one line. */
  static String oneLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
