package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.model.SensorDescription;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models saved by main at 5a150f9 (before the analog checks were plugged in, {@link PluggedChecks})
 * still load, and score the readings after their training exactly as that detector did: the same
 * digest of every detection (score, kind, expected range, readiness), and the same readings at
 * score 0.5 or more, listed in each {@code .expected} file for a readable difference.
 */
class OlderModelTest {
  static Stream<Arguments> sensors() {
    return Stream.of(
        Arguments.of(SensorKind.OVEN_TEMPERATURE.description(), "oven-old-000001"),
        Arguments.of(SensorKind.HEATER_TEMPERATURE.description(), "heater-old-000002"),
        Arguments.of(SensorKind.FAN_SPEED.description(), "fan-old-000003"),
        Arguments.of(SensorKind.PARTICULATE_MATTER.description(), "pm-old-000004"));
  }

  @ParameterizedTest
  @MethodSource("sensors")
  void modelSavedBeforeThePluggedChecksScoresAsItDid(SensorDescription sensor, String id) throws Exception {
    Path dir = Path.of(OlderModelTest.class.getResource("/models-5a150f9").toURI());
    SensorDetector loaded = SensorDetector.restore(ModelRepository.at(dir).load(id).orElseThrow());
    boolean fan = FleetDetector.isFanSpeed(sensor);
    double[] v = OlderModelReadings.series(sensor, id.hashCode());

    StringBuilder all = new StringBuilder();
    List<String> alerting = new ArrayList<>();
    for (int i = OlderModelReadings.TRAINING_MINUTES; i < OlderModelReadings.MINUTES; i++) {
      Detection d = loaded.observe(OlderModelReadings.at(i), v[i], fan ? OlderModelReadings.fanSwitch(i) : null);
      String line = d.score() + " " + d.kind() + " " + d.expectedLow() + " " + d.expectedHigh() + " " + d.ready();
      all.append(line).append('\n');
      if (d.score() >= 0.5) {
        alerting.add((i - OlderModelReadings.TRAINING_MINUTES) + " " + line);
      }
    }

    List<String> expected = expected(dir, id);
    assertThat(alerting).containsExactlyElementsOf(expected.subList(1, expected.size()));
    assertThat("sha256 " + sha256(all.toString())).isEqualTo(expected.get(0));
  }

  private static List<String> expected(Path dir, String id) throws IOException, URISyntaxException {
    return Files.readAllLines(dir.resolve(id + ".expected"), StandardCharsets.UTF_8);
  }

  private static String sha256(String text) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
