package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The end of {@code run}: each injected episode's alert, or why it was missed when that is known. */
class RunSummaryTest {
  private static final Instant T0 = Instant.parse("2026-03-28T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Instant ENDED = T0.plus(Duration.ofHours(1));

  private static Instant minute(int m) {
    return T0.plus(Duration.ofMinutes(m));
  }

  private static EpisodeRow episode(String sensor, AnomalyKind kind, int from, int to) {
    return new EpisodeRow(sensor, "lamp", kind, minute(from), minute(to), "injected");
  }

  private static AlertRow alert(String sensor, AnomalyKind kind, Instant opened, Instant resolved) {
    return new AlertRow(sensor, "lamp", "kitchen", opened, resolved, opened, 1, opened, kind, 0, Double.NaN,
        Double.NaN, "", sensor + ": " + kind.dbName());
  }

  private static String summary(List<EpisodeRow> episodes, List<AlertRow> alerts) {
    StringWriter text = new StringWriter();
    RunSummary.print(new PrintWriter(text), episodes, alerts, MINUTE, ENDED);
    return text.toString();
  }

  private static String lineOf(String summary, String sensor) {
    return summary.lines().filter(l -> l.contains(sensor) && l.contains("MISSED")).findFirst().orElseThrow();
  }

  @Test
  void aFaultInsideAnAlertAlreadyOpenOnItsSensorSaysSo() {
    String s = summary(List.of(episode("lamp-a", AnomalyKind.FLICKER, 20, 30)),
        List.of(alert("lamp-a", AnomalyKind.STUCK_OFF, minute(3), minute(40))));

    assertThat(lineOf(s, "lamp-a")).endsWith("| MISSED: inside the stuck_off alert open since 10:03:00 UTC");
  }

  @Test
  void aSlowFaultStillGoingWhenTheRunEndedSaysSo() {
    String s = summary(List.of(episode("oven-a", AnomalyKind.DRIFT, 20, 60)), List.of());

    assertThat(lineOf(s, "oven-a")).endsWith("| MISSED: a slow fault, not found before the run ended");
  }

  @Test
  void aFaultMissedForNoKnownReasonIsJustMissed() {
    // a quick fault, a slow one that ended well before the run did, and an alert resolved before either began
    String s = summary(
        List.of(episode("lamp-a", AnomalyKind.FLICKER, 20, 30), episode("oven-a", AnomalyKind.DRIFT, 5, 15)),
        List.of(alert("lamp-a", AnomalyKind.STUCK_OFF, minute(3), minute(10))));

    assertThat(lineOf(s, "lamp-a")).endsWith("| MISSED");
    assertThat(lineOf(s, "oven-a")).endsWith("| MISSED");
  }

  @Test
  void countsEveryAlertOpened() {
    String s = summary(List.of(episode("lamp-a", AnomalyKind.FLICKER, 20, 30)),
        List.of(alert("lamp-a", AnomalyKind.FLICKER, minute(21), null),
            alert("lamp-b", AnomalyKind.STUCK_ON, T0.minus(Duration.ofHours(2)), null)));

    assertThat(s).contains("injected 1, detected 1, alerts opened 2, alerts matching no injected anomaly 1");
  }

  @Test
  void givesEachSensorsTimesInItsLocalZoneAndSaysWhich() {
    // 10:00 UTC on 2026-03-28 is 11:00 in Berlin (CET, before the change to summer time) and 21:00 in Sydney (AEDT)
    List<EpisodeRow> episodes = List.of(episode("lamp-berlin", AnomalyKind.FLICKER, 20, 30),
        episode("lamp-sydney", AnomalyKind.FLICKER, 20, 30), episode("lamp-nowhere", AnomalyKind.FLICKER, 20, 30));
    List<AlertRow> alerts = List.of(alert("lamp-berlin", AnomalyKind.FLICKER, minute(21), null),
        alert("lamp-sydney", AnomalyKind.STUCK_OFF, minute(3), minute(40)));
    Map<String, ZoneId> zones = Map.of("lamp-berlin", ZoneId.of("Europe/Berlin"), "lamp-sydney", ZoneId.of("Australia/Sydney"));
    StringWriter text = new StringWriter();

    RunSummary.print(new PrintWriter(text), episodes, alerts, MINUTE, ENDED, zones::get, id -> true);

    String s = text.toString();
    assertThat(s).contains("times are each sensor's local time (its site's zone, UTC where unknown)");
    assertThat(s.lines().filter(l -> l.contains("lamp-berlin")).findFirst().orElseThrow())
        .startsWith("11:20:00 CET  flicker").contains("| 11:21:00 CET +1 reading");
    assertThat(lineOf(s, "lamp-sydney")).startsWith("21:20:00 AEDT flicker")
        .endsWith("| MISSED: inside the stuck_off alert open since 21:03:00 AEDT");
    assertThat(lineOf(s, "lamp-nowhere")).startsWith("10:20:00 UTC  flicker");
  }

  @Test
  void anOfflineAlertOfASensorTheRunDoesNotDriveIsSaidSoAndCountedApart() {
    // a sensor of the database the run leaves out stops reporting and goes offline: no false alarm;
    // a sensor the run drives that goes offline with no injected anomaly is one
    List<AlertRow> alerts = List.of(alert("lamp-driven", AnomalyKind.OFFLINE, minute(30), null),
        alert("lamp-left-out", AnomalyKind.OFFLINE, minute(5), null),
        alert("lamp-left-out-2", AnomalyKind.STUCK_ON, minute(7), minute(9)));
    StringWriter text = new StringWriter();

    RunSummary.print(new PrintWriter(text), List.of(), alerts, MINUTE, ENDED, id -> null, "lamp-driven"::equals);

    String s = text.toString();
    assertThat(s).contains("lamp-left-out: offline (a sensor this run does not drive)")
        .contains("lamp-driven: offline (no injected anomaly)")
        .contains("lamp-left-out-2: stuck_on (no injected anomaly)")
        .doesNotContain("lamp-left-out: offline (no injected anomaly)")
        .contains("injected 0, detected 0, alerts opened 3, alerts matching no injected anomaly 2,"
            + " offline sensors this run does not drive 1");
  }

  @Test
  void theLiveInjectedLineGivesTheSensorsLocalTimeAsTheSummaryDoes() {
    AnomalyEpisode spike = new AnomalyEpisode("oven-restaurant-3fa2c1", Category.OVEN, AnomalyKind.SPIKE, minute(20),
        minute(22), Map.of(), AnomalySource.DEMO);

    assertThat(RunCommand.injectedLine(spike, ZoneId.of("Europe/Berlin")))
        .isEqualTo("injected spike              on oven-restaurant-3fa2c1 at 11:20:00 CET");
    assertThat(RunCommand.injectedLine(spike, null)).endsWith(" at 10:20:00 UTC");
  }
}
