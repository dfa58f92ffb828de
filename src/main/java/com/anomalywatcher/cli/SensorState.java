package com.anomalywatcher.cli;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What {@code status} says about a sensor, honestly: whether it is watched, by which detector, and
 * if not, why ("no model: 3 h of history, needs at least 24 h", "not watched: no readings for 3
 * days"). Stateless.
 */
final class SensorState {
  /** History a model should be trained on before its verdicts mean much: a whole day's cycle. */
  static final Duration MIN_HISTORY = Duration.ofHours(24);
  /** A sensor silent for longer than this is reported as not watched. */
  static final Duration SILENT = Duration.ofHours(24);

  private SensorState() {}

  static String describe(SensorRow s, boolean hasModel, boolean ready, Instant firstReading, Instant now) {
    if (s.lastReadingAt() != null && Duration.between(s.lastReadingAt(), now).compareTo(SILENT) > 0) {
      String silent = "no readings for " + span(Duration.between(s.lastReadingAt(), now));
      return hasModel ? "model (" + detector(s) + "), but " + silent : "not watched: " + silent;
    }
    String detector = "watching (" + detector(s) + ")";
    if (hasModel) {
      return ready ? detector : "warming up (" + detector(s) + ")";
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

  /** Which detector the watcher gives the sensor. */
  static String detector(SensorRow s) {
    String type = "digital".equalsIgnoreCase(s.type()) ? "digital" : "analog";
    boolean generic = s.metadataJson() != null && s.metadataJson().replace(" ", "").contains("\"watch\":\"generic\"");
    if (!generic) {
      try {
        return Category.parse(s.category()).dbName() + " checks";
      } catch (IllegalArgumentException e) {
        // not one of the known categories: the generic detector
      }
    }
    return "generic " + type;
  }

  static String span(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 120) {
      return minutes + " min";
    }
    long hours = d.toHours();
    if (hours < 72) {
      return hours + " h";
    }
    return String.format(Locale.ROOT, "%d days", d.toDays());
  }
}
