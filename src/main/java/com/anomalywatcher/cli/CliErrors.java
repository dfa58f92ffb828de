package com.anomalywatcher.cli;

import com.anomalywatcher.store.JdbcUrls;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into the program's error contract: a usage error is one line naming the option
 * and the value plus a hint (exit 2); a runtime failure is one short line (exit 1), with the stack
 * trace only under {@code --verbose}.
 *
 * <p>Only a picocli {@link ParameterException} is a usage error: a command that finds a user's value
 * wrong throws one naming the option and the value (value types that check their fields throw
 * {@link IllegalArgumentException}, and the command turns it into a {@code ParameterException} where
 * it passes the option's value in). An {@code IllegalArgumentException} that reaches this handler
 * came from deeper in the program, far from any option: it is reported as an internal error (exit
 * 1), not as bad input the user could fix by changing an option.
 */
final class CliErrors {
  static final int USAGE = 2;
  static final int FAILURE = 1;

  private CliErrors() {}

  static int onUsageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    // Picocli quotes what it could not match as given: a --db-url put before the command's name
    // ('anomaly-watcher --db-url postgresql://u:pw@h/db read') came back with its password.
    err.println("Error: " + oneLine(JdbcUrls.mask(e.getMessage())));
    err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
    err.flush();
    return USAGE;
  }

  static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    boolean verbose = isVerbose(parsed);
    if (isInternal(e)) {
      err.println("Error: internal error, not a problem with the command line: " + oneLine(describe(e)) + " ("
          + e.getClass().getSimpleName() + (verbose ? ")" : "; --verbose prints where)"));
    } else {
      err.println("Error: " + oneLine(describe(e)));
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }

  /**
   * A programming error rather than a condition of the world (an unreachable database, a full disk):
   * an argument or state a method refused, a null, an index out of range.
   */
  static boolean isInternal(Throwable e) {
    return e instanceof IllegalArgumentException || e instanceof NullPointerException
        || e instanceof IndexOutOfBoundsException || e instanceof ClassCastException
        || e instanceof ArithmeticException;
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

  /** Whether {@code --verbose} was given, before the command's name or after it. */
  static boolean isVerbose(ParseResult parsed) {
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
