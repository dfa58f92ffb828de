package com.anomalywatcher.web;

/** A request parameter broke a rule: answered 400 with this message (naming parameter and value). */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequest(String message) {
    super(message);
  }
}
