package com.anomalywatcher.ingest;

/** A field that cannot become part of a reading; the message is the reject reason. */
final class InvalidField extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidField(String reason) {
    super(reason, null, false, false);
  }
}
