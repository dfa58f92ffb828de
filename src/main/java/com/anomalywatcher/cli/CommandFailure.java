package com.anomalywatcher.cli;

/**
 * A runtime failure a command reports to the user as one line with exit code 1 (for example an
 * unreachable database). Usage errors are picocli {@code ParameterException}s instead (exit 2).
 */
final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandFailure(String message) {
    super(message);
  }

  public CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
