package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} says how often the detecting alert names the episode's own kind (issue 7: an alert
 * that calls a drop "drift" sends the technician to the wrong fault), read from a real database.
 */
class EvaluateNamingTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("evaluate-naming");
  private static final String FAN = "fan-plant-0a0b0c";
  private static final Instant T0 = Instant.parse("2026-03-10T00:00:00Z");
  private static final String SINCE = T0.toString();
  private static final String UNTIL = T0.plus(Duration.ofDays(1)).toString();

  private static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  /** Three fan episodes: a stall and a vibration both named 'vibration', an overspeed named right. */
  @BeforeAll
  static void storeEpisodesAndAlerts() {
    new GroundTruthStore(db.database()).upsert(List.of(episode(AnomalyKind.STALL, 100, 130),
        episode(AnomalyKind.VIBRATION, 300, 360), episode(AnomalyKind.OVERSPEED, 500, 520)));
    AlertStore alerts = new AlertStore(db.database());
    alerts.commit(List.of(alert(AnomalyKind.VIBRATION, 101), alert(AnomalyKind.VIBRATION, 303),
        alert(AnomalyKind.OVERSPEED, 502)), List.of());
  }

  private static AnomalyEpisode episode(AnomalyKind kind, int start, int end) {
    return new AnomalyEpisode(FAN, Category.FAN, kind, minute(start), minute(end), Map.of(), AnomalySource.FORCED);
  }

  private static AlertRow alert(AnomalyKind kind, int opened) {
    return new AlertRow(FAN, "fan", "plant", minute(opened), minute(opened + 5), minute(opened), 0.9, minute(opened),
        kind, 100, 600, 700, "rpm", FAN + ": " + kind.dbName());
  }

  private static CommandRun run(String... args) {
    return CommandRun.against(db.jdbcUrl(), args);
  }

  @Test
  void jsonGivesTheFractionNamedRightOverallAndByKindAndWhichKindsWereNamed() throws Exception {
    CommandRun r = run("evaluate", "--since", SINCE, "--until", UNTIL, "--json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("detected").asInt()).isEqualTo(3);
    assertThat(json.get("named_right").asDouble()).isEqualTo(2 / 3.0);
    assertThat(json.get("named_right_episodes").asInt()).isEqualTo(2);
    assertThat(json.at("/by_kind/stall/named_right").asDouble()).isZero();
    assertThat(json.at("/by_kind/overspeed/named_right").asDouble()).isEqualTo(1.0);
    assertThat(json.at("/naming/stall/vibration").asInt()).isEqualTo(1);
    assertThat(json.at("/naming/vibration/vibration").asInt()).isEqualTo(1);
  }

  @Test
  void theHtmlReportsTableEndsWithNamedRight(@TempDir Path tmp) throws Exception {
    Path html = tmp.resolve("evaluation.html");

    CommandRun r = run("evaluate", "--since", SINCE, "--until", UNTIL, "--report", html.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(html)).contains("<th>false/sensor-day</th><th>named right</th></tr>")
        .containsPattern("<td>stall</td>(<td>[^<]*</td>){12}<td>0\\.000</td></tr>")
        .containsPattern("<td>all</td>(<td>[^<]*</td>){12}<td>0\\.667</td></tr>");
  }

  @Test
  void tableAndCsvEndWithANamedRightColumnAndVerboseListsTheNamesByLabelledKind() {
    CommandRun csv = run("evaluate", "--since", SINCE, "--until", UNTIL, "--format", "csv");
    CommandRun table = run("evaluate", "--since", SINCE, "--until", UNTIL);
    CommandRun verbose = run("--verbose", "evaluate", "--since", SINCE, "--until", UNTIL);
    CommandRun verboseAfter = run("evaluate", "--since", SINCE, "--until", UNTIL, "--verbose");

    assertThat(csv.out().lines().findFirst().orElseThrow()).startsWith("kind,episodes,detected,alerts,false_alerts,precision,"
        + "recall,f1,median_delay_readings,p95_delay_readings,median_delay_hours,p95_delay_hours,false_alerts_per_sensor_day,")
        .endsWith(",named_right");
    assertThat(csv.out()).containsPattern("(?m)^stall,.*,0\\.0$").containsPattern("(?m)^all kinds,.*,0\\.6666");
    assertThat(table.out().lines().findFirst().orElseThrow()).endsWith("named right");
    assertThat(table.out()).doesNotContain("kinds the detecting alerts named");
    for (CommandRun r : List.of(verbose, verboseAfter)) {
      assertThat(r.out()).contains("kinds the detecting alerts named, by labelled kind:")
          .containsPattern("stall +1 detected: vibration 1\\R").containsPattern("overspeed +1 detected: overspeed 1\\R");
    }
  }
}
