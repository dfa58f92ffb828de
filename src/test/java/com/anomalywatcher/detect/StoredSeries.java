package com.anomalywatcher.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A sensor's stored readings as a test resource (lines "minute since the series' start,value"), and
 * a detector trained on them saved and restored as the monitor would load it.
 */
final class StoredSeries {
  private StoredSeries() {}

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

  /** {@code d}'s model as {@code train} saves it (history from {@code start}, saved at {@code at}), restored. */
  static SensorDetector restoredAsSaved(SensorDetector d, String sensorId, Instant start, Instant at) {
    ModelMetadata meta = new ModelMetadata(
        ModelRepository.FORMAT_VERSION, 1, sensorId, d.sensor(), start, start, at, d.seen(), d.parameters(), "test");
    return SensorDetector.restore(new SensorModel(meta, d.state()));
  }
}
