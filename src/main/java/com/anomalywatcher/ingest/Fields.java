package com.anomalywatcher.ingest;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Objects;

/**
 * The checks every ingest path applies to a reading's fields, whatever the format (JSON message,
 * CSV line): sensor id, value, timestamp. Stateless.
 */
final class Fields {
  /** A reading dated further ahead of its receipt than this is refused. */
  static final Duration MAX_FUTURE = Duration.ofDays(1);
  static final int MAX_SENSOR_ID_CHARS = 200;
  /** The earliest reading taken: older ones are mistakes (and far older ones PostgreSQL cannot store). */
  static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
  /** The smallest number taken as epoch milliseconds: 1973-03-03T09:46:40Z (below it, see {@link #epochMillis}). */
  static final long EARLIEST_EPOCH_MILLIS = 100_000_000_000L;

  /** ISO-8601 local date-time with 'T' or a space, seconds and fractions optional. */
  private static final DateTimeFormatter LOCAL =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart().appendLiteral('T').optionalEnd()
          .optionalStart().appendLiteral(' ').optionalEnd()
          .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
          .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
          .toFormatter();
  /** The same with an offset or Z at the end. */
  private static final DateTimeFormatter OFFSET =
      new DateTimeFormatterBuilder().append(LOCAL).appendOffset("+HH:MM:ss", "Z").toFormatter();
  private static final DateTimeFormatter OFFSET_COMPACT =
      new DateTimeFormatterBuilder().append(LOCAL).appendOffset("+HHMM", "Z").toFormatter();

  private Fields() {}

  /**
   * A timestamp read from text.
   *
   * @param at the instant it names
   * @param local whether the text gave no offset (nor was epoch milliseconds), so it was read as a local
   *     time of the zone given to {@link #timestamp}
   */
  record Timestamp(Instant at, boolean local) {
    Timestamp {
      Objects.requireNonNull(at, "at");
    }

    /**
     * Whether this is a local time {@code zone} has twice (autumn, clocks back): read without an offset
     * it was taken at the earlier offset, the first of the two.
     */
    boolean ambiguousIn(ZoneId zone) {
      return local && !zone.getRules().isFixedOffset() && isAmbiguous(LocalDateTime.ofInstant(at, zone), zone);
    }
  }

  static String sensorId(String id) throws InvalidField {
    if (id == null || id.isBlank()) {
      throw new InvalidField("no sensor_id (and no topic to take it from)");
    }
    String trimmed = id.strip();
    if (trimmed.length() > MAX_SENSOR_ID_CHARS) {
      throw new InvalidField("sensor_id longer than " + MAX_SENSOR_ID_CHARS + " characters");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      if (Character.isISOControl(trimmed.charAt(i))) {
        throw new InvalidField("sensor_id contains a control character");
      }
    }
    return trimmed;
  }

  /** A value given as text (CSV, or a JSON string): a finite decimal number. */
  static double value(String text) throws InvalidField {
    if (text == null || text.isBlank()) {
      throw new InvalidField("no value");
    }
    double v;
    try {
      v = Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      throw new InvalidField("value is not a number: '" + shorten(text) + "'");
    }
    return finite(v, text);
  }

  static double finite(double v, Object shown) throws InvalidField {
    if (!Double.isFinite(v)) {
      throw new InvalidField("value is not a finite number: " + shorten(String.valueOf(shown)));
    }
    return v;
  }

  /**
   * A timestamp as text: ISO-8601 with an offset or Z, a local date-time (T or space) taken in
   * {@code zone}, or epoch milliseconds (digits only); whether it was read as a local time is part of
   * the answer, so no caller has to guess it from the text again.
   */
  static Timestamp timestamp(String text, ZoneId zone, Instant receivedAt) throws InvalidField {
    String t = text.strip();
    Timestamp read;
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      try {
        read = new Timestamp(epochMillis(Long.parseLong(t)), false);
      } catch (NumberFormatException e) {
        throw new InvalidField("unparsable timestamp '" + shorten(text) + "'");
      }
    } else {
      read = parseText(t, zone, text);
    }
    notInFuture(read.at(), receivedAt);
    return read;
  }

  /**
   * Epoch milliseconds; a number below {@link #EARLIEST_EPOCH_MILLIS} is refused: as milliseconds it
   * is a time before March 1973, which a sensor's reading given as a number is only when its clock
   * counts seconds (1796032800 is 2026-11-30 in seconds, 1970-01-21 in milliseconds) or was never set
   * (time since boot). Such readings were stored in January 1970 without a word.
   */
  static Instant epochMillis(long millis) throws InvalidField {
    if (millis < EARLIEST_EPOCH_MILLIS && millis >= EARLIEST.toEpochMilli()) { // before 1900: notInFuture says so
      throw new InvalidField("timestamp " + millis + " as epoch milliseconds is " + Instant.ofEpochMilli(millis)
          + ": a clock counting seconds, or one not set? send epoch milliseconds or ISO-8601 text");
    }
    try {
      return Instant.ofEpochMilli(millis);
    } catch (DateTimeException e) {
      throw new InvalidField("unparsable timestamp " + millis + " (epoch milliseconds out of range)");
    }
  }

  static Instant notInFuture(Instant at, Instant receivedAt) throws InvalidField {
    if (at.isBefore(EARLIEST)) {
      throw new InvalidField("timestamp " + at + " is before " + EARLIEST);
    }
    if (at.isAfter(receivedAt.plus(MAX_FUTURE))) {
      throw new InvalidField("timestamp " + at + " is more than a day in the future (received " + receivedAt + ")");
    }
    return at;
  }

  private static Timestamp parseText(String t, ZoneId zone, String shown) throws InvalidField {
    Timestamp common = CommonTimestamp.parse(t, zone);
    return common != null ? common : parseWithFormatters(t, zone, shown);
  }

  /** What the formatters read in {@code t}: the reference {@link CommonTimestamp} must agree with. */
  static Timestamp parseWithFormatters(String t, ZoneId zone, String shown) throws InvalidField {
    for (DateTimeFormatter f : new DateTimeFormatter[] {OFFSET, OFFSET_COMPACT}) {
      try {
        return new Timestamp(OffsetDateTime.parse(t, f).toInstant(), false);
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    LocalDateTime local;
    try {
      local = LocalDateTime.parse(t, LOCAL);
    } catch (DateTimeParseException e) {
      throw new InvalidField("unparsable timestamp '" + shorten(shown) + "'");
    }
    if (inGap(local, zone)) {
      // java.time would move it forward by the gap: a reading an hour away from where it was taken
      throw new InvalidField("local time '" + shorten(shown) + "' does not exist in " + zone.getId()
          + " (the clocks skip it); give the timestamp with its offset");
    }
    return new Timestamp(local.atZone(zone).toInstant(), true);
  }

  /** Whether the clocks of {@code zone} skip {@code local} (spring forward): no offset gives it. */
  static boolean inGap(LocalDateTime local, ZoneId zone) {
    return zone.getRules().getValidOffsets(local).isEmpty();
  }

  /**
   * Whether {@code local} happens twice in {@code zone} (autumn, clocks back).
   */
  private static boolean isAmbiguous(LocalDateTime local, ZoneId zone) {
    return zone.getRules().getValidOffsets(local).size() > 1;
  }

  /** A text PostgreSQL can store: no NUL character (raw, or escaped in JSON). */
  static String storable(String field, String text) throws InvalidField {
    if (text != null && (text.indexOf('\0') >= 0 || text.contains("\\u0000"))) {
      throw new InvalidField(field + " contains a NUL character, which PostgreSQL cannot store");
    }
    return text;
  }

  static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
