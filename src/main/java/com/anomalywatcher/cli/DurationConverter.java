package com.anomalywatcher.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one parser of every duration option: {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d},
 * {@code 500ms}, {@code 1h30m}, fractions such as {@code 0.5h}. A bare number is in the option's own
 * unit, the one the original tool used (so {@code run --duration 1} stays one hour and
 * {@code continuous --duration 30} thirty minutes); each nested class is that unit's converter.
 */
abstract class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*([a-zµ]*)");
  private static final Map<String, ChronoUnit> UNITS = Map.ofEntries(
      Map.entry("ms", ChronoUnit.MILLIS),
      Map.entry("s", ChronoUnit.SECONDS), Map.entry("sec", ChronoUnit.SECONDS),
      Map.entry("second", ChronoUnit.SECONDS), Map.entry("seconds", ChronoUnit.SECONDS),
      Map.entry("m", ChronoUnit.MINUTES), Map.entry("min", ChronoUnit.MINUTES),
      Map.entry("minute", ChronoUnit.MINUTES), Map.entry("minutes", ChronoUnit.MINUTES),
      Map.entry("h", ChronoUnit.HOURS), Map.entry("hour", ChronoUnit.HOURS), Map.entry("hours", ChronoUnit.HOURS),
      Map.entry("d", ChronoUnit.DAYS), Map.entry("day", ChronoUnit.DAYS), Map.entry("days", ChronoUnit.DAYS));

  private final ChronoUnit bareUnit;

  DurationConverter(ChronoUnit bareUnit) {
    this.bareUnit = bareUnit;
  }

  @Override
  public Duration convert(String text) {
    return parse(text, bareUnit);
  }

  /**
   * Parses {@code text}; a number without a unit is in {@code bareUnit}. A leading minus is kept, so
   * the option's own check can say "must be > 0, got -5 min".
   *
   * @throws TypeConversionException naming the value and the accepted forms
   */
  static Duration parse(String text, ChronoUnit bareUnit) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    boolean negative = s.startsWith("-");
    if (negative) {
      s = s.substring(1).strip();
    }
    Matcher m = PART.matcher(s);
    BigDecimal nanos = BigDecimal.ZERO;
    int at = 0;
    int parts = 0;
    while (at < s.length() && m.find(at) && m.start() == at) {
      ChronoUnit unit = m.group(2).isEmpty() ? bareUnit : UNITS.get(m.group(2));
      boolean bareNotAlone = m.group(2).isEmpty() && (parts > 0 || m.end() < s.length());
      if (unit == null || bareNotAlone) {
        throw invalid(text, bareUnit);
      }
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit.getDuration().toNanos())));
      at = m.end();
      while (at < s.length() && s.charAt(at) == ' ') {
        at++;
      }
      parts++;
    }
    if (parts == 0 || at < s.length()) {
      throw invalid(text, bareUnit);
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new TypeConversionException("'" + text + "' is too long a duration");
    }
    Duration d = Duration.ofNanos(nanos.longValue());
    return negative ? d.negated() : d;
  }

  private static TypeConversionException invalid(String text, ChronoUnit bareUnit) {
    return new TypeConversionException("'" + text + "' is not a duration such as 30s, 15m, 2h or 1d (a bare number is "
        + unitName(bareUnit) + ")");
  }

  static String unitName(ChronoUnit unit) {
    return switch (unit) {
      case MILLIS -> "milliseconds";
      case SECONDS -> "seconds";
      case MINUTES -> "minutes";
      case HOURS -> "hours";
      case DAYS -> "days";
      default -> unit.toString().toLowerCase(Locale.ROOT);
    };
  }

  /** Bare numbers are milliseconds. */
  static final class Millis extends DurationConverter {
    Millis() {
      super(ChronoUnit.MILLIS);
    }
  }

  /** Bare numbers are seconds. */
  static final class Seconds extends DurationConverter {
    Seconds() {
      super(ChronoUnit.SECONDS);
    }
  }

  /** Bare numbers are minutes. */
  static final class Minutes extends DurationConverter {
    Minutes() {
      super(ChronoUnit.MINUTES);
    }
  }

  /** Bare numbers are hours. */
  static final class Hours extends DurationConverter {
    Hours() {
      super(ChronoUnit.HOURS);
    }
  }

  /** Bare numbers are days. */
  static final class Days extends DurationConverter {
    Days() {
      super(ChronoUnit.DAYS);
    }
  }
}
