package com.anomalywatcher.monitor;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The receiver did not take the event for now (a 5xx, 408, 425, 429, a redirect, or a 4xx that
 * concerns the endpoint rather than the event): retried in order, after the receiver's
 * {@code Retry-After} when it gave one.
 */
public final class ReceiverBusy extends IOException {
  private final String retryAfter;

  /**
   * @param reason a short, one-line reason
   * @param retryAfter the {@code Retry-After} header as sent (seconds or an HTTP date), or null
   */
  public ReceiverBusy(String reason, String retryAfter) {
    super(reason);
    this.retryAfter = retryAfter;
  }

  /** How long the receiver asked to be left alone from {@code now}; empty when it did not ask (or unreadably). */
  public Optional<Duration> retryAfter(Instant now) {
    if (retryAfter == null || retryAfter.isBlank()) {
      return Optional.empty();
    }
    String v = retryAfter.trim();
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.empty(); // more seconds than a long holds: no usable request
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
