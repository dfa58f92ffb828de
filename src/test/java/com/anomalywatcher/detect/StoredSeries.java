package com.anomalywatcher.detect;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * A sensor's stored readings as a test resource (lines "minute since the series' start,value"), and
 * a detector trained on them saved and restored as the monitor would load it.
 */
final class StoredSeries {
  private StoredSeries() {}

  /** A particulate sensor's description at a site in {@code zone}, as the monitor describes one whose metadata names it. */
  static SensorDescription particulateIn(String zone) {
    SensorDescription kind = SensorKind.PARTICULATE_MATTER.description();
    return new SensorDescription(kind.category(), kind.type(), kind.unit(), kind.physicalMin(), kind.physicalMax(),
        ZoneId.of(zone));
  }

  /** The resource's readings in file order, each {minute, value}. */
  static List<double[]> read(String resource) throws IOException {
    InputStream stream = StoredSeries.class.getClassLoader().getResourceAsStream(resource);
    if (stream == null) {
      throw new IOException("no test resource " + resource);
    }
    List<double[]> out = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",");
        out.add(new double[] {Long.parseLong(f[0]), Double.parseDouble(f[1])});
      }
    }
    return out;
  }

  /** What a replay scores: the value a stored reading is replaced by, and each score. */
  interface Replay {
    /** The value to score at {@code minute} in place of the stored {@code value}. */
    default double value(int minute, double value) {
      return value;
    }

    /** Each score; {@link #detected} calls it. */
    default void scored(int minute, double score) {}

    /** Each detection at {@code minute} (by default, only its score goes to {@link #scored}). */
    default void detected(int minute, Detection detection) {
      scored(minute, detection.score());
    }
  }

  /**
   * Trains {@code d} on the resource's readings before minute {@code trained} (history from
   * {@code start}), restores it as the monitor loads a saved model, and scores the rest through
   * {@code replay}.
   */
  static void replay(SensorDetector d, String sensorId, String resource, Instant start, int trained, Replay replay)
      throws IOException {
    boolean restored = false;
    for (double[] r : read(resource)) {
      int minute = (int) r[0];
      Instant at = start.plusSeconds(60L * minute);
      if (minute < trained) {
        d.train(at, r[1], null);
        continue;
      }
      if (!restored) {
        d = restoredAsSaved(d, sensorId, start, at);
        restored = true;
      }
      replay.detected(minute, d.observe(at, replay.value(minute, r[1]), null));
    }
  }

  /** A reading a {@link #replay} scored at the alert level: its minute and its detection. */
  record Alert(int minute, Detection detection) {}

  /**
   * Every reading of a {@link #replay} scored at or above {@code level}, each stored value replaced
   * by {@code change.applyAsDouble(minute, stored value)}.
   */
  static List<Alert> alerts(SensorDetector d, String sensorId, String resource, Instant start, int trained,
      double level, DoubleBinaryOperator change) throws IOException {
    List<Alert> out = new ArrayList<>();
    replay(d, sensorId, resource, start, trained, new Replay() {
      @Override
      public double value(int minute, double value) {
        return change.applyAsDouble(minute, value);
      }

      @Override
      public void detected(int minute, Detection detection) {
        if (detection.score() >= level) {
          out.add(new Alert(minute, detection));
        }
      }
    });
    return out;
  }

  /**
   * The highest score from {@code before} readings before minute {@code origin} to {@code after}
   * readings after it in a {@link #replay}, each reading there replaced by
   * {@code change.applyAsDouble(minutes from origin, stored value)}.
   */
  static double highestScore(SensorDetector d, String sensorId, String resource, Instant start, int trained, int origin,
      int before, int after, DoubleBinaryOperator change) throws IOException {
    double[] highest = {0};
    replay(d, sensorId, resource, start, trained, new Replay() {
      @Override
      public double value(int minute, double value) {
        return isNear(minute) ? change.applyAsDouble(minute - origin, value) : value;
      }

      @Override
      public void scored(int minute, double score) {
        if (isNear(minute)) {
          highest[0] = Math.max(highest[0], score);
        }
      }

      private boolean isNear(int minute) {
        return minute >= origin - before && minute < origin + after;
      }
    });
    return highest[0];
  }

  /**
   * A sensor's stored readings: its description and id, the resource ({@link #read}), the instant of
   * minute 0 and the minutes the detector trains on; each replay starts from a fresh detector.
   */
  record Recording(SensorDescription sensor, String sensorId, String resource, Instant start, int trained) {
    /** {@link StoredSeries#highestScore} of a fresh detector of this sensor. */
    double highestScore(int origin, int before, int after, DoubleBinaryOperator change) throws IOException {
      return StoredSeries.highestScore(SensorDetector.fresh(sensor, sensorId), sensorId, resource, start, trained,
          origin, before, after, change);
    }

    /** {@link StoredSeries#alerts} of a fresh detector of this sensor. */
    List<Alert> alerts(double level, DoubleBinaryOperator change) throws IOException {
      return StoredSeries.alerts(SensorDetector.fresh(sensor, sensorId), sensorId, resource, start, trained, level,
          change);
    }
  }

  /** {@code d}'s model as {@code train} saves it (history from {@code start}, saved at {@code at}), restored. */
  static SensorDetector restoredAsSaved(SensorDetector d, String sensorId, Instant start, Instant at) {
    ModelMetadata meta = new ModelMetadata(
        ModelRepository.FORMAT_VERSION, 1, sensorId, d.sensor(), start, start, at, d.seen(), d.parameters(), "test");
    return SensorDetector.restore(new SensorModel(meta, d.state()));
  }
}
