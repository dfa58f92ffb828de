package com.anomalywatcher.cli;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code status} says about a sensor, honestly: whether it is watched, by which detector (as
 * the monitor and train decide it: {@link com.anomalywatcher.monitor.SensorCatalog} is the one definition), and
 * if not, why ("no model: 3 h of history, needs at least 24 h", "not watched: no readings for 3
 * days"). Stateless.
 */
final class SensorStatus {
  /** History a model should be trained on before its verdicts mean much: a whole day's cycle. */
  static final Duration MIN_HISTORY = Duration.ofHours(24);
  /** A sensor silent for longer than this is reported as not watched. */
  static final Duration SILENT = Duration.ofHours(24);

  private SensorStatus() {}

  /**
   * @param watched what the watcher makes of the sensor ({@link com.anomalywatcher.monitor.SensorCatalog#describe}), empty when
   *     it has no detector for it
   */
  static String describe(SensorRow s, Optional<SensorDescription> watched, boolean hasModel, boolean ready,
      Instant firstReading, Instant now) {
    if (watched.isEmpty()) {
      return "not watched: no detector for type '" + s.type() + "'";
    }
    String name = detector(watched.get());
    if (s.lastReadingAt() != null && Duration.between(s.lastReadingAt(), now).compareTo(SILENT) > 0) {
      String silent = "no readings for " + span(Duration.between(s.lastReadingAt(), now));
      return hasModel ? "model (" + name + "), but " + silent : "not watched: " + silent;
    }
    String detector = "watching (" + name + ")";
    if (hasModel) {
      return ready ? detector : "warming up (" + name + ")";
    }
    Duration history = firstReading == null || s.lastReadingAt() == null ? Duration.ZERO
        : Duration.between(firstReading, s.lastReadingAt());
    if (history.compareTo(MIN_HISTORY) < 0) {
      return "no model: " + span(history) + " of history, needs at least " + span(MIN_HISTORY);
    }
    // It has a day of readings: train never ran, or ran over a range without them (train skips such a
    // sensor silently, and "run train" right after it ran read as a fault).
    String noModel = "no model: run train over a range that holds its readings (--until, --hours)";
    return ready ? detector + ", learned online, " + noModel : noModel;
  }

  /** Which detector the watcher gives a sensor it describes so. */
  static String detector(SensorDescription d) {
    if (d.generic()) {
      return d.isDigital() ? "generic digital" : "generic analog";
    }
    return d.category().dbName() + " checks";
  }

  /**
   * A span as people say it, never rounded to a whole unit that hides most of the next one: under
   * two minutes in seconds and minutes, under three days in hours and minutes ({@code 5 h 59 min}, not
   * {@code 5 h}: a demo's six hours of history less a minute read as five), longer in days and hours
   * ({@code 4 days 6 h}). Each part is truncated, so a span never reads longer than it is.
   */
  static String span(Duration d) {
    if (d.compareTo(Duration.ofMinutes(2)) < 0) {
      long s = d.getSeconds();
      return s < 60 ? s + " s" : (s % 60 == 0 ? "1 min" : "1 min " + (s % 60) + " s");
    }
    if (d.compareTo(Duration.ofHours(72)) < 0) {
      long hours = d.toHours();
      long minutes = d.toMinutesPart();
      return hours == 0 ? minutes + " min" : minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
    }
    long days = d.toDays();
    int hours = d.toHoursPart();
    return String.format(Locale.ROOT, "%d days", days) + (hours == 0 ? "" : " " + hours + " h");
  }
}
