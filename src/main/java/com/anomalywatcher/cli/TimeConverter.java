package com.anomalywatcher.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a time option: an ISO-8601 instant ({@code 2026-01-02T00:00:00Z}), a date-time with an
 * offset ({@code 2026-01-02T01:00:00+01:00}), or a date-time or date without a zone, taken as UTC.
 */
final class TimeConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String text) {
    String s = text.strip();
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException ignored) {
      // not an instant; try the other accepted forms
    }
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException ignored) {
      // no offset given
    }
    try {
      return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + text + "' is not an ISO-8601 time such as 2026-01-02T00:00:00Z");
    }
  }
}
