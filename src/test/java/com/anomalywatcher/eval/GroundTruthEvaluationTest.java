package com.anomalywatcher.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.anomaly.BenignKind;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import com.anomalywatcher.store.ReadingStore.Coverage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroundTruthEvaluationTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String OVEN = "oven-restaurant-3fa2c1";
  private static final String PM = "pm-restaurant-aa00bb";
  /** Two sensors, one day each at one-minute readings: two sensor-days. */
  private static final List<Coverage> TWO_SENSOR_DAYS = List.of(
      new Coverage(OVEN, 1440, T0, T0.plus(Duration.ofMinutes(1439))),
      new Coverage(PM, 1440, T0, T0.plus(Duration.ofMinutes(1439))));

  private static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  private static EpisodeRow episode(String sensor, AnomalyKind kind, int start, int end) {
    return new EpisodeRow(sensor, sensor.startsWith("pm") ? "pm" : "oven", kind, minute(start), minute(end), "random");
  }

  private static AlertRow alert(String sensor, AnomalyKind kind, int opened) {
    return new AlertRow(sensor, "oven", "restaurant", minute(opened), null, minute(opened), 0.9, minute(opened),
        kind, 1, Double.NaN, Double.NaN, "°C", sensor + ": " + kind);
  }

  private static BenignEvent benign(String sensor, BenignKind kind, int start, int end) {
    return new BenignEvent(sensor, sensor.startsWith("pm") ? Category.PM : Category.OVEN, kind, minute(start), minute(end),
        Map.of(), AnomalySource.RANDOM);
  }

  @Test
  void countsFalseAlertsOnBenignLookAlikesByTheirKindAndTrueAlertsNotAtAll() {
    List<EpisodeRow> episodes = List.of(episode(OVEN, AnomalyKind.SPIKE, 100, 110));
    List<BenignEvent> benign = List.of(benign(OVEN, BenignKind.DOOR_OPEN, 50, 58), benign(OVEN, BenignKind.DOOR_OPEN, 99, 104),
        benign(OVEN, BenignKind.CLEANING, 500, 600), benign(PM, BenignKind.COOKING_BURST, 700, 710));
    // 59: door_open's grace (end 58 + 2 readings); 101: detects the spike although a door is open;
    // 550: cleaning; 705: cooking on another sensor than the alert's; 900: nothing.
    List<AlertRow> alerts = List.of(alert(OVEN, AnomalyKind.DROP, 59), alert(OVEN, AnomalyKind.SPIKE, 101),
        alert(OVEN, AnomalyKind.SPIKE, 550), alert(OVEN, AnomalyKind.DROP, 705), alert(OVEN, AnomalyKind.DROP, 900));

    EvaluationReport r = GroundTruthEvaluation.evaluate(episodes, alerts, TWO_SENSOR_DAYS, T0, benign);

    assertThat(r.overall().falseAlerts()).isEqualTo(4);
    assertThat(r.benign()).containsOnlyKeys("door_open", "cleaning", "cooking_burst");
    assertThat(r.benign().get("door_open")).isEqualTo(new BenignMetrics(2, 1));
    assertThat(r.benign().get("cleaning")).isEqualTo(new BenignMetrics(1, 1));
    assertThat(r.benign().get("cooking_burst")).isEqualTo(new BenignMetrics(1, 0));
    assertThat(r.toJson()).contains("\"benign\":{\"cleaning\":{\"false_alerts\":1,\"events\":1}");
  }

  @Test
  void aCrashedGeneratorsSpanIsNoEpisodeToFindAndItsOfflineAlertIsNoFalseAlert() {
    EpisodeRow stopped = new EpisodeRow(OVEN, "oven", AnomalyKind.OFFLINE, minute(100), minute(160), "stopped");
    List<EpisodeRow> episodes = List.of(stopped, episode(OVEN, AnomalyKind.SPIKE, 300, 310));
    List<AlertRow> alerts = List.of(alert(OVEN, AnomalyKind.OFFLINE, 110), alert(OVEN, AnomalyKind.SPIKE, 301));

    EvaluationReport r = GroundTruthEvaluation.evaluate(episodes, alerts, TWO_SENSOR_DAYS, T0);

    assertThat(r.overall().episodes()).isEqualTo(1);
    assertThat(r.overall().falseAlerts()).isZero();
    assertThat(r.overall().trueAlerts()).isEqualTo(2);
  }

  @Test
  void countsAnAlertOpeningBeforeTheEndPlusTwoReadingsAsDetection() {
    List<EpisodeRow> episodes = List.of(episode(OVEN, AnomalyKind.SPIKE, 100, 110), episode(OVEN, AnomalyKind.DROP, 200, 210),
        episode(OVEN, AnomalyKind.DRIFT, 300, 310));
    List<AlertRow> alerts = List.of(alert(OVEN, AnomalyKind.SPIKE, 102), alert(OVEN, AnomalyKind.DROP, 211), alert(OVEN, AnomalyKind.DRIFT, 312));

    EvaluationReport r = GroundTruthEvaluation.evaluate(episodes, alerts, TWO_SENSOR_DAYS, T0);

    assertThat(r.byKind().get("spike").detected()).isEqualTo(1);
    assertThat(r.byKind().get("spike").medianDelayReadings()).isEqualTo(2);
    assertThat(r.byKind().get("drop").detected()).isEqualTo(1);
    assertThat(r.byKind().get("drift").detected()).isZero();
    assertThat(r.overall().falseAlerts()).isEqualTo(1);
    assertThat(r.overall().recall()).isEqualTo(2 / 3.0);
    assertThat(r.overall().precision()).isEqualTo(2 / 3.0);
    assertThat(r.overall().falseAlertsPerSensorDay()).isEqualTo(0.5);
  }

  @Test
  void anAlertOnAnotherSensorDetectsNothingAndCountsAgainstItsGuessedKind() {
    List<EpisodeRow> episodes = List.of(episode(OVEN, AnomalyKind.SPIKE, 100, 110));
    List<AlertRow> alerts = List.of(alert(PM, AnomalyKind.POLLUTION_SPIKE, 101));

    EvaluationReport r = GroundTruthEvaluation.evaluate(episodes, alerts, TWO_SENSOR_DAYS, T0);

    assertThat(r.byKind().get("spike").recall()).isZero();
    assertThat(r.byKind().get("pollution_spike").precision()).isZero();
    assertThat(r.byKind().get("pollution_spike").falseAlerts()).isEqualTo(1);
  }

  @Test
  void alertBeforeTheEpisodeStartIsFalse() {
    EvaluationReport r = GroundTruthEvaluation.evaluate(List.of(episode(OVEN, AnomalyKind.SPIKE, 100, 110)),
        List.of(alert(OVEN, AnomalyKind.SPIKE, 99)), TWO_SENSOR_DAYS, T0);

    assertThat(r.overall().detected()).isZero();
    assertThat(r.overall().falseAlerts()).isEqualTo(1);
  }

  @Test
  void jsonHasTheFieldsTheChecksRead() {
    EvaluationReport r = GroundTruthEvaluation.evaluate(List.of(episode(OVEN, AnomalyKind.SPIKE, 100, 110)),
        List.of(alert(OVEN, AnomalyKind.SPIKE, 100)), TWO_SENSOR_DAYS, T0);

    assertThat(r.toJson()).contains("\"recall\":1.0", "\"precision\":1.0", "\"f1\":1.0",
        "\"median_delay_readings\":0.0", "\"false_alerts_per_sensor_day\":0.0", "\"by_kind\":{\"spike\":{");
  }

  @Test
  void reportsTheDelayInHoursFromTheEpisodeStartToTheOpeningReadingOverallAndPerKind() {
    // The oven reads every minute, the particulate sensor every 10 minutes: 150 readings = 2.5 h,
    // 18 readings = 3 h, so hours are time, not readings times some assumed interval.
    List<Coverage> coverage = List.of(new Coverage(OVEN, 1440, T0, minute(1439)), new Coverage(PM, 144, T0, minute(1430)));
    List<EpisodeRow> episodes = List.of(episode(OVEN, AnomalyKind.ELEMENT_AGEING, 100, 1000),
        episode(PM, AnomalyKind.SENSOR_DRIFT, 0, 600), episode(OVEN, AnomalyKind.SPIKE, 1200, 1205));
    List<AlertRow> alerts = List.of(alert(OVEN, AnomalyKind.DRIFT, 250), alert(PM, AnomalyKind.DRIFT, 180),
        alert(OVEN, AnomalyKind.SPIKE, 1201));

    EvaluationReport r = GroundTruthEvaluation.evaluate(episodes, alerts, coverage, T0);

    KindMetrics ageing = r.byKind().get("element_ageing");
    assertThat(ageing.medianDelayReadings()).isEqualTo(150);
    assertThat(ageing.medianDelayHours()).isEqualTo(2.5);
    assertThat(ageing.p95DelayHours()).isEqualTo(2.5);
    assertThat(r.byKind().get("sensor_drift").medianDelayReadings()).isEqualTo(18);
    assertThat(r.byKind().get("sensor_drift").medianDelayHours()).isEqualTo(3.0);
    assertThat(r.byKind().get("spike").medianDelayHours()).isEqualTo(1 / 60.0);
    assertThat(r.overall().medianDelayHours()).isEqualTo(2.5);
    assertThat(r.overall().p95DelayHours()).isEqualTo(3.0);
  }

  @Test
  void jsonAddsTheDelayInHoursBesideTheReadingsAndNullWhenNothingWasFound() {
    EvaluationReport r = GroundTruthEvaluation.evaluate(
        List.of(episode(OVEN, AnomalyKind.BEARING_WEAR, 0, 600), episode(OVEN, AnomalyKind.DRIFT, 700, 800)),
        List.of(alert(OVEN, AnomalyKind.BEARING_WEAR, 90)), TWO_SENSOR_DAYS, T0);

    assertThat(r.toJson()).contains("\"median_delay_readings\":90.0,\"p95_delay_readings\":90.0,"
            + "\"median_delay_hours\":1.5,\"p95_delay_hours\":1.5,\"false_alerts_per_sensor_day\":0.0",
        "\"bearing_wear\":{\"recall\":1.0", "\"drift\":{\"recall\":0.0,\"precision\":1.0,\"f1\":0.0,"
            + "\"median_delay_readings\":null,\"p95_delay_readings\":null,\"median_delay_hours\":null,\"p95_delay_hours\":null,");
  }

  @Test
  void countsADetectedEpisodeNamedRightOnlyWhenItsFirstAlertNamesItsKind() {
    // drop: first found by a 'drift' alert, then by a 'drop' one (the first is what people act on);
    // spike: found by a 'spike' alert; oscillation: found by a 'spike' alert; drift: missed.
    List<EpisodeRow> episodes = List.of(episode(OVEN, AnomalyKind.DROP, 100, 120), episode(OVEN, AnomalyKind.SPIKE, 200, 205),
        episode(OVEN, AnomalyKind.OSCILLATION, 300, 330), episode(OVEN, AnomalyKind.DRIFT, 400, 500));
    List<AlertRow> alerts = List.of(alert(OVEN, AnomalyKind.DRIFT, 101), alert(OVEN, AnomalyKind.DROP, 110),
        alert(OVEN, AnomalyKind.SPIKE, 200), alert(OVEN, AnomalyKind.SPIKE, 305));

    EvaluationReport r = GroundTruthEvaluation.evaluate(episodes, alerts, TWO_SENSOR_DAYS, T0);

    assertThat(r.byKind().get("drop").namedRight()).isZero();
    assertThat(r.byKind().get("spike").namedRightFraction()).isEqualTo(1.0);
    assertThat(r.byKind().get("oscillation").namedRightFraction()).isZero();
    assertThat(r.byKind().get("drift").namedRightFraction()).isNaN();
    assertThat(r.overall().namedRight()).isEqualTo(1);
    assertThat(r.overall().namedRightFraction()).isEqualTo(1 / 3.0);
    assertThat(r.naming()).isEqualTo(Map.of("drop", Map.of("drift", 1), "spike", Map.of("spike", 1),
        "oscillation", Map.of("spike", 1)));
    // Recall, precision and the rest keep their meaning: the misnamed alerts still detect.
    assertThat(r.overall().detected()).isEqualTo(3);
    assertThat(r.overall().falseAlerts()).isZero();
  }

  @Test
  void jsonAddsNamedRightPerKindAndTheNamingConfusionKeepingTheOtherFields() {
    EvaluationReport r = GroundTruthEvaluation.evaluate(
        List.of(episode(OVEN, AnomalyKind.DROP, 100, 120), episode(OVEN, AnomalyKind.DROP, 200, 220),
            episode(OVEN, AnomalyKind.DRIFT, 300, 400)),
        List.of(alert(OVEN, AnomalyKind.DROP, 101), alert(OVEN, AnomalyKind.DRIFT, 201)), TWO_SENSOR_DAYS, T0);

    assertThat(r.toJson()).contains("\"false_alerts\":0,\"named_right\":0.5,\"named_right_episodes\":1,\"sensors\":2",
        "\"drift\":{\"recall\":0.0,", "\"named_right\":null,\"named_right_episodes\":0}",
        "\"naming\":{\"drop\":{\"drift\":1,\"drop\":1}}");
    assertThat(r.namingLines()).containsExactly("kinds the detecting alerts named, by labelled kind:",
        "  drop                  2 detected: drift 1, drop 1");
  }
}
