package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A restored detector, whose profiles hold their compact forms (histograms as {@link CountWindow}s,
 * shared arrays, byte counts), saved as it runs ({@link RunningState}) and read back continues
 * exactly as the one that kept running, and saves the same bytes again.
 */
class RestoredRunningStateTest {
  @ParameterizedTest
  @MethodSource("com.anomalywatcher.detect.OlderModelTest#sensors")
  void aRestoredDetectorSavedAsItRunsContinuesExactly(SensorDescription sensor, String id) throws Exception {
    SensorDetector running = SensorDetector.restore(
        ModelRepository.at(Path.of(getClass().getResource("/models-5a150f9").toURI())).load(id).orElseThrow());
    boolean fan = FleetDetector.isFanSpeed(sensor);
    double[] v = OlderModelReadings.series(sensor, id.hashCode());
    int cut = OlderModelReadings.TRAINING_MINUTES + (OlderModelReadings.MINUTES - OlderModelReadings.TRAINING_MINUTES) / 3;
    for (int i = OlderModelReadings.TRAINING_MINUTES; i < cut; i++) {
      running.observe(OlderModelReadings.at(i), v[i], fan ? OlderModelReadings.fanSwitch(i) : null);
    }
    SensorDetector resumed = RunningState.decode(RunningState.encode(running), SensorDetector.class);

    List<Detection> expected = new ArrayList<>();
    List<Detection> actual = new ArrayList<>();
    for (int i = cut; i < OlderModelReadings.MINUTES; i++) {
      SwitchState sw = fan ? OlderModelReadings.fanSwitch(i) : null;
      expected.add(running.observe(OlderModelReadings.at(i), v[i], sw));
      actual.add(resumed.observe(OlderModelReadings.at(i), v[i], sw));
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(expected).anyMatch(d -> d.score() >= 0.7);
    assertThat(RunningState.encode(resumed)).isEqualTo(RunningState.encode(running));
  }
}
