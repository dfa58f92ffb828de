package com.anomalywatcher.detect;

import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a saved model says about itself.
 *
 * @param formatVersion version of the model file layout ({@link ModelRepository#FORMAT_VERSION})
 * @param modelVersion 1 for a sensor's first model, +1 on every retrain
 * @param sensorId the sensor the model belongs to
 * @param sensor what the model was trained for: category, type, unit, physical range, time zone
 * @param trainedAt wall-clock time of training
 * @param from start of the training range (exclusive)
 * @param to end of the training range (inclusive)
 * @param points readings the model learned
 * @param parameters detector parameters, by name
 * @param libraryVersion Anomaly Watcher and Random Cut Forest versions
 */
public record ModelMetadata(
    int formatVersion, int modelVersion, String sensorId, SensorDescription sensor, Instant trainedAt,
    Instant from, Instant to, long points, Map<String, Object> parameters, String libraryVersion) {
  public ModelMetadata {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(sensor, "sensor");
    Objects.requireNonNull(trainedAt, "trainedAt");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    parameters = java.util.Collections.unmodifiableMap(new TreeMap<>(parameters));
  }

  /** Versions of this program and of the Random Cut Forest library, as {@code train} records them. */
  public static String currentLibraryVersion() {
    String app = ModelMetadata.class.getPackage().getImplementationVersion();
    String rcf = "unknown";
    try (InputStream in = ModelMetadata.class.getResourceAsStream(
        "/META-INF/maven/software.amazon.randomcutforest/randomcutforest-core/pom.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        rcf = p.getProperty("version", rcf);
      }
    } catch (IOException e) {
      // the version is informational; keep "unknown"
    }
    return "anomaly-watcher " + (app == null ? "dev" : app) + ", randomcutforest " + rcf;
  }
}
