package com.anomalywatcher.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NabScorerTest {

  @Test
  void scaledSigmoidMatchesNabKnownValues() {
    assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661, within(1e-5));
    assertThat(NabScorer.scaledSigmoid(-0.5)).isCloseTo(0.84828, within(1e-5));
    assertThat(NabScorer.scaledSigmoid(0.0)).isCloseTo(0.0, within(1e-12));
    assertThat(NabScorer.scaledSigmoid(1.0)).isCloseTo(-0.98661, within(1e-5));
    assertThat(NabScorer.scaledSigmoid(3.0)).isEqualTo(-1.0);
  }

  @Test
  void scoresNabScorerTestFixture() {
    // NAB's own scorer test: 100 rows, windows at rows 30-34 and 65-69, detections at 30, 31, 37.
    String[] ts = new String[100];
    double[] detections = new double[100];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = String.format("2020-01-01 %02d:%02d:00", i / 60, i % 60);
    }
    detections[30] = 1;
    detections[31] = 1;
    detections[37] = 1;
    NabSeries scores = new NabSeries("cat/f.csv", ts, detections);
    Map<String, List<NabWindow>> windows =
        Map.of("cat/f.csv", List.of(new NabWindow(ts[30], ts[34]), new NabWindow(ts[65], ts[69])));

    NabScorer scorer = NabScorer.of(List.of(scores), windows, 0.0);

    // All weights 1 in NAB's fixture: tp 1 + fn -1 + fp sigma(3/4) = -0.9540
    double raw = scorer.rawScore(NabProfile.STANDARD, 0.5) - NabScorer.scaledSigmoid(0.75) * (0.11 - 1.0);
    assertThat(raw).isCloseTo(-0.9540, within(5e-5));
    assertThat(scorer.optimise(NabProfile.STANDARD).threshold()).isEqualTo(1.0);
  }

  @Test
  void windowBeforeProbationEndIsIgnoredAndEarliestDetectionCounts() {
    String[] ts = new String[10];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = "2020-01-01 00:0" + i + ":00";
    }
    double[] s = new double[10];
    s[6] = 0.9;
    s[8] = 0.95;
    Map<String, List<NabWindow>> windows = Map.of("a/b.csv", List.of(new NabWindow(ts[5], ts[8])));

    NabScorer scorer = NabScorer.of(List.of(new NabSeries("a/b.csv", ts, s)), windows, 0.0);

    double expected = NabScorer.scaledSigmoid(-(8 - 6 + 1) / 4.0) / NabScorer.scaledSigmoid(-1.0);
    assertThat(scorer.rawScore(NabProfile.STANDARD, 0.9)).isCloseTo(expected, within(1e-12));
    assertThat(scorer.optimise(NabProfile.STANDARD).threshold()).isEqualTo(0.9);
  }

  @ParameterizedTest
  @ValueSource(strings = {"numenta", "randomCutForest"})
  void reproducesPublishedFinalResults(String detector) throws IOException {
    Path nab = NabDatasets.root();
    NabScorer scorer = NabScorer.of(publishedScores(nab, detector), NabLabels.readWindows(nab.resolve("labels/combined_windows.json")));
    JsonNode thresholds = new ObjectMapper().readTree(nab.resolve("results/thresholds.json").toFile()).get(detector);
    JsonNode finals = new ObjectMapper().readTree(nab.resolve("results/final_results.json").toFile()).get(detector);

    assertThat(scorer.windowCount()).isEqualTo(116);
    for (NabProfile profile : NabProfile.values()) {
      JsonNode published = thresholds.get(profile.nabName());
      NabResult result = scorer.at(profile, published.get("threshold").asDouble());
      assertThat(result.raw()).as(detector + " " + profile + " raw").isCloseTo(published.get("score").asDouble(), within(5e-4));
      assertThat(result.normalised()).as(detector + " " + profile).isCloseTo(finals.get(profile.nabName()).asDouble(), within(5e-4));
    }
    if (detector.equals("numenta")) {
      assertThat(scorer.at(NabProfile.STANDARD, 0.5421876907348634).raw()).isCloseTo(46.6345, within(5e-5));
    }
  }

  @Test
  void profileWeightsMatchNabProfilesFile() throws IOException {
    Path nab = NabDatasets.root();
    JsonNode profiles = new ObjectMapper().readTree(nab.resolve("results/profiles.json").toFile());
    for (NabProfile p : NabProfile.values()) {
      JsonNode costs = profiles.get(p.nabName()).get("CostMatrix");
      assertThat(p.tpWeight()).isEqualTo(costs.get("tpWeight").asDouble());
      assertThat(p.fpWeight()).isEqualTo(costs.get("fpWeight").asDouble());
      assertThat(p.fnWeight()).isEqualTo(costs.get("fnWeight").asDouble());
    }
  }

  @Test
  void sweepNeverScoresBelowPublishedThreshold() throws IOException {
    Path nab = NabDatasets.root();
    NabScorer scorer = NabScorer.of(publishedScores(nab, "numenta"), NabLabels.readWindows(nab.resolve("labels/combined_windows.json")));

    NabResult best = scorer.optimise(NabProfile.STANDARD);

    assertThat(best.raw()).isGreaterThanOrEqualTo(46.634450197 - 1e-6);
    assertThat(scorer.rawScore(NabProfile.STANDARD, best.threshold())).isCloseTo(best.raw(), within(1e-9));
  }

  static List<NabSeries> publishedScores(Path nab, String detector) {
    Path dir = nab.resolve("results").resolve(detector);
    List<NabSeries> result = new ArrayList<>();
    for (String rel : NabCorpus.list(dir)) {
      int slash = rel.indexOf('/');
      String dataPath = rel.substring(0, slash + 1) + rel.substring(slash + 1 + detector.length() + 1);
      result.add(NabCsv.read(dir.resolve(rel), dataPath, "anomaly_score"));
    }
    assertThat(result).hasSize(58);
    return result;
  }

  @Test
  void readsCrlfAndMissingFinalNewline() throws IOException {
    Path dir = java.nio.file.Files.createTempDirectory("nabcsv");
    Path f = dir.resolve("x.csv");
    java.nio.file.Files.writeString(f, "timestamp,value\r\n2020-01-01 00:00:00,1.5\r\n2020-01-01 00:05:00,2");
    NabSeries s = NabCsv.read(f, "c/x.csv", "value");
    assertThat(s.values()).containsExactly(1.5, 2.0);
    assertThat(Arrays.asList(s.timestamps())).containsExactly("2020-01-01 00:00:00", "2020-01-01 00:05:00");
  }

  @Test
  void rejectsNonFiniteValueNamingFileAndLine() throws IOException {
    Path f = java.nio.file.Files.createTempDirectory("nabcsv").resolve("y.csv");
    java.nio.file.Files.writeString(f, "timestamp,value\n2020-01-01 00:00:00,NaN\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NabCsv.read(f, "c/y.csv", "value"))
        .isInstanceOf(NabFormatException.class)
        .hasMessageContaining("y.csv line 2")
        .hasMessageContaining("NaN");
  }
}
