package com.anomalywatcher.ingest;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The shapes nearly every timestamp has, read without {@code DateTimeFormatter}:
 * {@code yyyy-MM-dd[T or space]HH:mm[:ss[.fraction]]} then nothing, {@code Z} or {@code ±HH:MM}.
 * Any other text, or a field out of range, gives null, and {@link Fields} reads it with its
 * formatters (which accept or refuse it), so the result is always the formatters' own. Measured on
 * {@code import csv}: the formatters took three quarters of the time to parse a line, and a
 * timestamp without an offset (NAB's) first failed two of them with an exception each
 * (docs/performance-log.md). Stateless.
 */
final class CommonTimestamp {
  private static final int[] NANOS_PER_DIGIT = {
    0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1
  };

  private CommonTimestamp() {}

  /** What {@code t} names ({@code zone} when it has no offset), or null for the formatters to decide. */
  static Fields.Timestamp parse(String t, ZoneId zone) {
    int n = t.length();
    if (n < 16 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':'
        || (t.charAt(10) != 'T' && t.charAt(10) != ' ')) {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = 0;
    int nano = 0;
    int i = 16;
    if (i < n && t.charAt(i) == ':') {
      second = digits(t, i + 1, 2);
      i += 3;
      if (i < n && t.charAt(i) == '.') {
        int start = ++i;
        while (i < n && isDigit(t.charAt(i))) {
          i++;
        }
        int length = i - start;
        if (length < 1 || length > 9) {
          return null;
        }
        nano = digits(t, start, length) * NANOS_PER_DIGIT[length];
      }
    }
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    try {
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nano);
      if (i == n) {
        // a local time the clocks skip is refused by the formatters, with its reason
        return Fields.inGap(local, zone) ? null : new Fields.Timestamp(local.atZone(zone).toInstant(), true);
      }
      ZoneOffset offset = offset(t, i);
      return offset == null ? null : new Fields.Timestamp(local.toInstant(offset), false);
    } catch (DateTimeException e) {
      return null; // a day the month does not have, an offset beyond ±18:00: the formatters decide
    }
  }

  /** {@code Z} or {@code ±HH:MM} from {@code i} to the end, else null. */
  private static ZoneOffset offset(String t, int i) {
    int n = t.length();
    if (n == i + 1 && t.charAt(i) == 'Z') {
      return ZoneOffset.UTC;
    }
    if (n != i + 6 || t.charAt(i + 3) != ':' || (t.charAt(i) != '+' && t.charAt(i) != '-')) {
      return null;
    }
    int hours = digits(t, i + 1, 2);
    int minutes = digits(t, i + 4, 2);
    if (hours < 0 || minutes < 0) {
      return null;
    }
    int sign = t.charAt(i) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
  }

  /** The ASCII digits {@code t[from, from + count)} as a number, or -1 when one is not a digit or missing. */
  private static int digits(String t, int from, int count) {
    if (from + count > t.length()) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
