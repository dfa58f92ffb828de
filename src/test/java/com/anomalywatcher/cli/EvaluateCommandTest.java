package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.eval.EvaluationReport;
import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import com.anomalywatcher.store.ReadingStore.Coverage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code evaluate} table as people and programs read it (the database side is in CliTrustTest). */
class EvaluateCommandTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String OVEN = "oven-restaurant-3fa2c1";

  private static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  /** An element_ageing episode found 174 readings (2.9 h) in, a spike found on its first reading, a missed drift. */
  private static EvaluationReport report() {
    List<EpisodeRow> episodes = List.of(
        new EpisodeRow(OVEN, "oven", AnomalyKind.ELEMENT_AGEING, minute(60), minute(900), "random"),
        new EpisodeRow(OVEN, "oven", AnomalyKind.SPIKE, minute(1000), minute(1003), "random"),
        new EpisodeRow(OVEN, "oven", AnomalyKind.DRIFT, minute(1100), minute(1300), "random"));
    List<AlertRow> alerts = List.of(alert(AnomalyKind.DRIFT, 234), alert(AnomalyKind.SPIKE, 1000));
    return GroundTruthEvaluation.evaluate(episodes, alerts, List.of(new Coverage(OVEN, 1440, T0, minute(1439))), T0);
  }

  private static AlertRow alert(AnomalyKind kind, int opened) {
    return new AlertRow(OVEN, "oven", "restaurant", minute(opened), null, minute(opened), 0.9, minute(opened),
        kind, 1, Double.NaN, Double.NaN, "°C", OVEN + ": " + kind);
  }

  private static String print(OutputFormat.Kind format) {
    StringWriter s = new StringWriter();
    PrintWriter out = new PrintWriter(s);
    EvaluateCommand.table(report()).print(out, format);
    out.flush();
    return s.toString();
  }

  @Test
  void tableShowsEachKindsDelayInReadingsAndInHours() {
    List<String> lines = print(OutputFormat.Kind.TABLE).lines().toList();

    assertThat(lines.get(0)).contains("median delay (readings)", "p95 delay (readings)", "median delay (h)", "p95 delay (h)");
    assertThat(lines).filteredOn(l -> l.startsWith("element_ageing")).singleElement().asString()
        .containsPattern("174\\.0 +174\\.0 +2\\.90 +2\\.90 ");
    assertThat(lines).filteredOn(l -> l.startsWith("spike")).singleElement().asString()
        .containsPattern("0\\.0 +0\\.0 +0\\.00 +0\\.00 ");
    assertThat(lines).filteredOn(l -> l.startsWith("drift")).singleElement().asString().containsPattern("- +- +- +- ");
    assertThat(lines).filteredOn(l -> l.startsWith("all kinds")).singleElement().asString()
        .containsPattern("87\\.0 +174\\.0 +1\\.45 +2\\.90 ");
  }

  @Test
  void tableShowsNoRecallForAKindWithoutEpisodesAndNoPrecisionForOneWithoutAlerts() {
    List<EpisodeRow> episodes = List.of(new EpisodeRow(OVEN, "oven", AnomalyKind.DRIFT, minute(100), minute(300), "random"));
    List<AlertRow> alerts = List.of(alert(AnomalyKind.FROZEN, 600));
    EvaluationReport report = GroundTruthEvaluation.evaluate(episodes, alerts,
        List.of(new Coverage(OVEN, 1440, T0, minute(1439))), T0);
    StringWriter table = new StringWriter();
    StringWriter csv = new StringWriter();
    EvaluateCommand.table(report).print(new PrintWriter(table, true), OutputFormat.Kind.TABLE);
    EvaluateCommand.table(report).print(new PrintWriter(csv, true), OutputFormat.Kind.CSV);

    // frozen: 0 episodes, 1 false alert: precision 0.000, recall and F1 not '1.000' and '0.000' but '-'
    assertThat(table.toString().lines()).filteredOn(l -> l.startsWith("frozen")).singleElement().asString()
        .containsPattern("^frozen +0 +0 +1 +1 +0\\.000 +- +- ");
    // drift: 1 episode missed, no alert: recall 0.000, precision '-' (it read 1.000)
    assertThat(table.toString().lines()).filteredOn(l -> l.startsWith("drift")).singleElement().asString()
        .containsPattern("^drift +1 +0 +0 +0 +- +0\\.000 +0\\.000 ");
    assertThat(csv.toString().lines()).filteredOn(l -> l.startsWith("frozen,")).singleElement().asString()
        .startsWith("frozen,0,0,1,1,0.0,1.0,");
  }

  @Test
  void csvKeepsItsColumnsAndAddsTheHours() {
    List<String> lines = print(OutputFormat.Kind.CSV).lines().toList();

    assertThat(lines.get(0)).isEqualTo("kind,episodes,detected,alerts,false_alerts,precision,recall,f1,"
        + "median_delay_readings,p95_delay_readings,median_delay_hours,p95_delay_hours,false_alerts_per_sensor_day,named_right");
    assertThat(lines).filteredOn(l -> l.startsWith("element_ageing,")).singleElement().asString()
        .contains(",174.0,174.0,2.9,2.9,");
  }
}
