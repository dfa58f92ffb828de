package com.anomalywatcher.monitor;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Objects;

/**
 * A header sent with each webhook POST (such as {@code Authorization: Bearer ...}). Its value may be
 * a secret: it is never printed, not by {@link #toString()}, not in an error.
 */
public record WebhookHeader(String name, String value) {
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
    if (colon <= 0) {
      throw new IllegalArgumentException("must be 'Name: value', got text with no name before a ':' (not shown: it"
          + " may hold a secret)");
    }
    String name = text.substring(0, colon).strip();
    String value = text.substring(colon + 1).strip();
    if (!name.chars().allMatch(c -> c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
      throw new IllegalArgumentException("'" + name.replaceAll("\\p{Cntrl}", "?") + "' is not a header name");
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

  @Override
  public String toString() {
    return name + ": ***";
  }
}
