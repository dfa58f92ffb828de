package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingDetectorTest {
  private static final long SEED = 42;

  private static double[] noisySine(int n, long seed) {
    Random random = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 100 + 10 * Math.sin(i * 2 * Math.PI / 60) + random.nextGaussian();
    }
    return v;
  }

  @Test
  void scoresStayZeroWhileWarmingUpThenStayInUnitInterval() {
    StreamingDetector detector = new StreamingDetector(StreamingDetectorSettings.defaults(), SEED);
    double[] values = noisySine(1000, SEED);
    for (int i = 0; i < values.length; i++) {
      StreamingDetectorScore s = detector.process(values[i]);
      if (i < StreamingDetectorSettings.defaults().warmupPoints()) {
        assertThat(s.warmingUp()).isTrue();
        assertThat(s.score()).isZero();
      }
      assertThat(s.score()).isBetween(0.0, 1.0);
    }
    assertThat(detector.isWarmingUp()).isFalse();
    assertThat(detector.pointsSeen()).isEqualTo(1000);
  }

  @Test
  void flagsInjectedSpikeFarAboveOrdinaryReadings() {
    StreamingDetector detector = new StreamingDetector(StreamingDetectorSettings.defaults(), SEED);
    double maxOrdinary = 0;
    for (double v : noisySine(2000, SEED)) {
      StreamingDetectorScore s = detector.process(v);
      if (detector.pointsSeen() > 1000) {
        maxOrdinary = Math.max(maxOrdinary, s.score());
      }
    }
    StreamingDetectorScore spike = detector.process(200);
    // The spike is scored before it is learned and sits ten ranges above everything seen.
    assertThat(spike.score()).isGreaterThan(0.7).isGreaterThan(maxOrdinary);
    assertThat(spike.typicalHigh()).isLessThan(200);
  }

  @Test
  void restoredDetectorContinuesExactlyAfterJsonRoundTrip() throws Exception {
    double[] values = noisySine(1500, SEED);
    StreamingDetector original = new StreamingDetector(StreamingDetectorSettings.defaults(), SEED);
    for (int i = 0; i < 1000; i++) {
      original.process(values[i]);
    }
    ObjectMapper json = new ObjectMapper();
    String saved = json.writeValueAsString(original.state());
    StreamingDetector restored = StreamingDetector.restore(json.readValue(saved, StreamingDetectorState.class));

    for (int i = 1000; i < values.length; i++) {
      assertThat(restored.process(values[i])).isEqualTo(original.process(values[i]));
    }
  }

  @Test
  void sameSeedGivesSameScores() {
    StreamingDetector a = new StreamingDetector(StreamingDetectorSettings.defaults(), SEED);
    StreamingDetector b = new StreamingDetector(StreamingDetectorSettings.defaults(), SEED);
    for (double v : noisySine(800, 7)) {
      assertThat(a.process(v)).isEqualTo(b.process(v));
    }
  }

  @Test
  void rejectsNonFiniteReading() {
    StreamingDetector detector = new StreamingDetector(StreamingDetectorSettings.defaults(), SEED);
    assertThatThrownBy(() -> detector.process(Double.NaN)).hasMessageContaining("finite");
  }

  @Test
  void rejectsInvalidSettings() {
    assertThatThrownBy(() -> new StreamingDetectorSettings(0, 256, 1, 150, 2.0, 100, 0.5)).hasMessageContaining("trees must be >= 1, got 0");
  }
}
