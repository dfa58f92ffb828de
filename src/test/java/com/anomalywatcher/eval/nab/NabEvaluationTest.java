package com.anomalywatcher.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.detect.StreamingDetectorSettings;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NabEvaluationTest {
  private static NabSeries series(String path, int n, long seed) {
    Random random = new Random(seed);
    String[] ts = new String[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      ts[i] = String.format("2024-01-%02d %02d:%02d:00", 1 + i / 1440, (i / 60) % 24, i % 60);
      v[i] = 50 + 5 * Math.sin(i / 30.0) + random.nextGaussian() + (i == n - 50 ? 40 : 0);
    }
    return new NabSeries(path, ts, v);
  }

  @Test
  void sameSeedGivesIdenticalScoresWhateverTheThreadCount() throws InterruptedException {
    List<NabSeries> data = List.of(series("a/x.csv", 800, 1), series("b/y.csv", 700, 2));
    Map<String, List<NabWindow>> windows = Map.of("a/x.csv", List.of(), "b/y.csv", List.of());

    var one = NabEvaluation.evaluate(data, windows, StreamingDetectorSettings.defaults(), List.of(7L), 1);
    var two = NabEvaluation.evaluate(data, windows, StreamingDetectorSettings.defaults(), List.of(7L), 2);

    assertThat(one.get(0).scores()).isEqualTo(two.get(0).scores());
  }

  @Test
  void scoresTheInjectedSpikeAboveEverythingBeforeIt() {
    NabSeries data = series("a/x.csv", 800, 1);
    double[] scores = NabEvaluation.run(data, StreamingDetectorSettings.defaults(), 3).values();
    double before = 0;
    for (int i = 0; i < 750; i++) {
      before = Math.max(before, scores[i]);
    }
    assertThat(scores[750]).isGreaterThan(before);
  }

  @Test
  void rejectsLabelsWithoutAnEntryForAFile() {
    List<NabSeries> data = List.of(series("a/x.csv", 300, 1));
    assertThatThrownBy(() -> NabEvaluation.evaluate(data, Map.of(), StreamingDetectorSettings.defaults(), List.of(1L), 1))
        .isInstanceOf(NabFormatException.class)
        .hasMessageContaining("a/x.csv");
  }
}
