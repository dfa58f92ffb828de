package com.anomalywatcher.eval.nab;

/** A NAB data, label or result file that cannot be read or does not have NAB's layout. */
public final class NabFormatException extends RuntimeException {
  NabFormatException(String message) {
    super(message);
  }

  NabFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
