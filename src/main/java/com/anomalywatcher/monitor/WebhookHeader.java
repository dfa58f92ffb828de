package com.anomalywatcher.monitor;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Objects;

/**
 * A header sent with each webhook POST (such as {@code Authorization: Bearer ...}). Its value may be
 * a secret: it is never printed, not by {@link #toString()}, not in an error.
 */
public record WebhookHeader(String name, String value) {
  private static final String SEPARATORS = "()<>@,;:\\\"/[]?={}";

  public WebhookHeader {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Reads {@code Name: value}, checked as the HTTP client will check it when it sends.
   *
   * @throws IllegalArgumentException saying what is wrong, with the header's name but never its value
   */
  public static WebhookHeader parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || text.substring(0, colon).isBlank()) {
      throw new IllegalArgumentException("must be 'Name: value', got text with no name before a ':' (not shown: it"
          + " may hold a secret)");
    }
    String name = text.substring(0, colon).strip();
    String value = text.substring(colon + 1).strip();
    int bad = firstBadNameCharacter(name);
    if (bad >= 0) { // a token pasted without a name ("Bearer abc:def") would be printed in part
      throw new IllegalArgumentException("must be 'Name: value': the " + name.length() + " characters before its"
          + " first ':' are not a header name (character " + (bad + 1) + " is " + kind(name.charAt(bad))
          + "; not shown: they may hold a secret)");
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new IllegalArgumentException("'" + name + "' has a line break in its value");
    }
    try {
      HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header(name, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + name + "' cannot be set: the HTTP client sets it itself or refuses it");
    }
    return new WebhookHeader(name, value);
  }

  /** The index of the first character a header name may not hold (RFC 9110 token), or -1. */
  private static int firstBadNameCharacter(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= 32 || c >= 127 || SEPARATORS.indexOf(c) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** What kind of character {@code c} is, without naming it: the name may be part of a secret. */
  private static String kind(char c) {
    if (c == ' ') {
      return "a space";
    }
    if (c < 32 || c == 127) {
      return "a control character";
    }
    return c > 127 ? "not ASCII" : "a separator such as ( / = or @";
  }

  @Override
  public String toString() {
    return name + ": ***";
  }
}
