package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final SensorInfo OVEN = new SensorInfo("oven-restaurant-3fa2c1", "oven", "restaurant", "°C");
  private static final SensorInfo HEATER =
      new SensorInfo("heater-supermarket-23d863", "heater", "supermarket", "°C", ZoneId.of("Europe/Berlin"));
  private static final Instant SATURDAY = Instant.parse("2026-03-28T13:05:00Z");

  private final AlertTracker tracker = new AlertTracker(OVEN, new AlertPolicy(0.7, 3), null, 0);

  private List<AlertChange> feed(double... scores) {
    List<AlertChange> changes = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      Detection d = new Detection(scores[i], scores[i] > 0.5 ? AnomalyKind.SPIKE : null, 180, 205, true);
      changes.addAll(tracker.observe(T0.plusSeconds(60L * i), 200 + 100 * scores[i], d));
    }
    return changes;
  }

  @Test
  void oneIncidentWhileScoresDipBrieflyBelowTheThreshold() {
    List<AlertChange> changes = feed(0.1, 0.9, 0.2, 0.95, 0.1, 0.1, 0.1, 0.1);

    assertThat(changes).extracting(AlertChange::type).containsExactly(
        AlertChange.Type.OPENED, AlertChange.Type.UPDATED, AlertChange.Type.RESOLVED);
    AlertChange resolved = changes.get(2);
    assertThat(resolved.alert().openedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(resolved.alert().resolvedAt()).isEqualTo(T0.plusSeconds(60 * 6));
    assertThat(resolved.alert().peakScore()).isEqualTo(0.95);
  }

  @Test
  void aLateAnomalousReadingOutsideAnIncidentIsAnAlertOfItsOwnAlreadyResolved() {
    feed(0.1, 0.1);
    Instant late = T0.minusSeconds(600);

    AlertChange change = tracker.late(late, 320, new Detection(0.9, AnomalyKind.SPIKE, 180, 205, true));

    assertThat(change.type()).isEqualTo(AlertChange.Type.OPENED);
    assertThat(change.alert().openedAt()).isEqualTo(late);
    assertThat(change.alert().resolvedAt()).isEqualTo(late);
    assertThat(change.alert().explanation()).endsWith("(arrived late)");
    assertThat(tracker.openAlert()).as("the tracker's own incident is untouched").isNull();
    assertThat(tracker.late(late, 200, new Detection(0.2, null, 180, 205, true))).isNull();
  }

  @Test
  void aLateAnomalousReadingInsideTheOpenIncidentAddsNoAlert() {
    feed(0.1, 0.9);

    assertThat(tracker.late(T0.plusSeconds(90), 320, new Detection(0.9, AnomalyKind.SPIKE, 180, 205, true))).isNull();
    assertThat(tracker.late(T0.plusSeconds(30), 320, new Detection(0.9, AnomalyKind.SPIKE, 180, 205, true)))
        .as("before the incident opened").isNotNull();
  }

  @Test
  void opensAgainAfterTheQuietPeriod() {
    List<AlertChange> changes = feed(0.8, 0.1, 0.1, 0.1, 0.8);

    assertThat(changes).extracting(AlertChange::type).containsExactly(
        AlertChange.Type.OPENED, AlertChange.Type.RESOLVED, AlertChange.Type.OPENED);
  }

  @Test
  void explainsInTheDomainsWords() {
    AlertChange opened = feed(0.1, 1.0).get(0);

    assertThat(opened.alert().explanation())
        .isEqualTo("oven-restaurant-3fa2c1: 300 °C at 12:01 Sun UTC, expected 180–205 °C — spike");
  }

  @Test
  void equalScoresLateInAnIncidentDoNotRewriteItsKind() {
    List<AlertChange> changes = new ArrayList<>();
    AnomalyKind[] kinds = {AnomalyKind.SPIKE, AnomalyKind.SPIKE, AnomalyKind.SPIKE, AnomalyKind.SPIKE, AnomalyKind.DROP, AnomalyKind.DROP};
    for (int i = 0; i < kinds.length; i++) {
      Detection d = new Detection(1.0, kinds[i], 180, 205, true);
      changes.addAll(tracker.observe(T0.plusSeconds(60L * i), i < 4 ? 290 : 150, d));
    }

    AlertChange last = changes.get(changes.size() - 1);
    assertThat(last.alert().kind()).isEqualTo(AnomalyKind.SPIKE);
    assertThat(last.alert().explanation()).contains("290 °C").endsWith("— spike");
    assertThat(last.alert().lastAnomalousAt()).isEqualTo(T0.plusSeconds(300));
  }

  @Test
  void kindAndExplanationStayAsOpenedUntilResolved() {
    List<AlertChange> changes = new ArrayList<>();
    changes.addAll(tracker.observe(T0, 214, new Detection(0.75, AnomalyKind.OSCILLATION, 180, 205, true)));
    changes.addAll(tracker.observe(T0.plusSeconds(60), 216, new Detection(0.9, AnomalyKind.DRIFT, 180, 205, true)));
    for (int i = 2; i < 5; i++) {
      changes.addAll(tracker.observe(T0.plusSeconds(60L * i), 200, new Detection(0, null, 180, 205, true)));
    }

    assertThat(changes).extracting(AlertChange::type).containsExactly(
        AlertChange.Type.OPENED, AlertChange.Type.UPDATED, AlertChange.Type.RESOLVED);
    assertThat(changes).extracting(c -> c.alert().kind()).containsOnly(AnomalyKind.OSCILLATION);
    assertThat(changes).extracting(c -> c.alert().explanation()).containsOnly(changes.get(0).alert().explanation());
    assertThat(changes.get(2).alert().peakScore()).isEqualTo(0.9);
  }

  @Test
  void neverExplainsAValueByARangeThatContainsIt() {
    AlertChange opened = tracker.observe(T0, 99.7, new Detection(0.9, AnomalyKind.DROP, 97.8, 102, true)).get(0);

    assertThat(opened.alert().explanation()).doesNotContain("expected").endsWith("99.7 °C at 12:00 Sun UTC — drop");
    assertThat(opened.alert().expectedLow()).isNaN();
    assertThat(opened.alert().expectedHigh()).isNaN();
  }

  @Test
  void aMuchStrongerAnomalyInsideAnOpenAlertEscalatesIt() {
    tracker.observe(T0, 212, new Detection(0.8, AnomalyKind.DRIFT, 180, 205, true));
    List<AlertChange> mild = tracker.observe(T0.plusSeconds(60), 214, new Detection(0.9, AnomalyKind.DRIFT, 180, 205, true));
    List<AlertChange> spike = tracker.observe(T0.plusSeconds(120), 400, new Detection(1, AnomalyKind.SPIKE, 180, 205, true));

    assertThat(mild).extracting(AlertChange::type).containsExactly(AlertChange.Type.UPDATED);
    assertThat(spike).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(AlertChange.Type.ESCALATED);
      assertThat(c.alert().severity()).isEqualTo(2);
      assertThat(c.alert().openedAt()).isEqualTo(T0);
      assertThat(c.alert().kind()).isEqualTo(AnomalyKind.SPIKE);
      assertThat(c.alert().explanation()).contains("400 °C");
    });
  }

  @Test
  void aSlowFaultWithoutARangeSaysWhatWasSeenInstead() {
    Detection ageing = new Detection(0.9, AnomalyKind.ELEMENT_AGEING, Double.NaN, Double.NaN, true, Double.NaN,
        "its readings 3.1 times smoother than on its usual days at their quietest");
    AlertChange opened = tracker.observe(T0, 191, ageing).get(0);

    assertThat(opened.alert().explanation()).isEqualTo("oven-restaurant-3fa2c1: 191 °C at 12:00 Sun UTC, its readings"
        + " 3.1 times smoother than on its usual days at their quietest — element ageing");
    assertThat(opened.alert().expectedLow()).isNaN();
  }

  @Test
  void aRangeThatExplainsTheValueIsStatedEvenWithADetail() {
    Detection d = new Detection(0.9, AnomalyKind.DROP, 180, 205, true, Double.NaN, "a detail");

    assertThat(tracker.observe(T0, 150, d).get(0).alert().explanation())
        .isEqualTo("oven-restaurant-3fa2c1: 150 °C at 12:00 Sun UTC, expected 180–205 °C — drop");
  }

  @Test
  void showsTheSitesLocalTimeAndDay() {
    SensorInfo oven = new SensorInfo("oven-restaurant-3fa2c1", "oven", "restaurant", "°C", ZoneId.of("Europe/Berlin"));
    AlertTracker t = new AlertTracker(oven, new AlertPolicy(0.7, 3), null, 0);
    Instant saturday = Instant.parse("2026-03-28T13:05:00Z");

    AlertChange opened = t.observe(saturday, 152, new Detection(1, AnomalyKind.DROP, 195, 210, true)).get(0);

    assertThat(opened.alert().explanation())
        .isEqualTo("oven-restaurant-3fa2c1: 152 °C at 14:05 Sat (local), expected 195–210 °C — drop");
  }

  @Test
  void warmingUpDetectorNeverOpensAnAlert() {
    assertThat(tracker.observe(T0, 999, new Detection(1, AnomalyKind.SPIKE, 0, 1, false))).isEmpty();
  }

  @Test
  void continuesAnAlertLeftOpenByAPreviousRun() {
    AlertTracker first = new AlertTracker(OVEN, new AlertPolicy(0.7, 3), null, 0);
    AlertChange opened = first.observe(T0, 300, new Detection(0.9, AnomalyKind.SPIKE, 180, 205, true)).get(0);
    AlertTracker restarted = new AlertTracker(OVEN, new AlertPolicy(0.7, 3), opened.alert(), 2);

    AlertChange next = restarted.observe(T0.plusSeconds(60), 200, new Detection(0.1, null, 180, 205, true)).get(0);

    assertThat(next.type()).isEqualTo(AlertChange.Type.RESOLVED);
    assertThat(next.alert().openedAt()).isEqualTo(T0);
  }

  @Test
  void lampStuckOffThenStuckOnAreTwoIncidents() {
    SensorInfo lamp = new SensorInfo("lamp-restaurant-00aa11", "lamp", "restaurant", "io");
    AlertTracker t = new AlertTracker(lamp, new AlertPolicy(0.7, 5), null, 0);
    t.observe(T0, 0, new Detection(1, AnomalyKind.STUCK_OFF, 1, 1, true));

    List<AlertChange> changes = t.observe(T0.plusSeconds(60), 1, new Detection(1, AnomalyKind.STUCK_ON, 0, 0, true));

    assertThat(changes).extracting(AlertChange::type).containsExactly(AlertChange.Type.RESOLVED, AlertChange.Type.OPENED);
    assertThat(changes.get(1).alert().explanation()).isEqualTo("lamp-restaurant-00aa11: on at 12:01 Sun UTC, expected off — stuck on");
  }

  /** A heater back at 31.9 °C from 39.5 °C; its detector's band is centred on the value. */
  private static Detection backFrom(double from, double score) {
    return new Detection(score, AnomalyKind.DRIFT, 30.4, 33.4, true, from);
  }

  @Test
  void aDriftReturnSaysWhereItCameBackFromNeverARange() {
    AlertTracker t = new AlertTracker(HEATER, new AlertPolicy(0.7, 3), null, 0);

    AlertChange opened = t.observe(SATURDAY, 31.9, backFrom(39.5, 0.9)).get(0);

    assertThat(opened.alert().explanation())
        .isEqualTo("heater-supermarket-23d863: 31.9 °C at 14:05 Sat (local), back from 39.5 °C — drift");
    assertThat(opened.alert().expectedLow()).isNaN();
    assertThat(opened.alert().expectedHigh()).isNaN();
  }

  @Test
  void aReturnWhoseBandWasClampedAwayFromTheValueStillSaysBackFrom() {
    AlertTracker t = new AlertTracker(HEATER, new AlertPolicy(0.7, 3), null, 0);
    // the band's ends moved inside what the sensor had shown, above the value it came back to
    Detection clamped = new Detection(0.9, AnomalyKind.DRIFT, 32.5, 33.4, true, 39.5);

    AlertChange opened = t.observe(SATURDAY, 31.9, clamped).get(0);

    assertThat(opened.alert().explanation()).doesNotContain("expected").contains("back from 39.5 °C");
    assertThat(opened.alert().expectedLow()).isNaN();
  }

  @Test
  void aDropThatIsNoReturnIsExplainedByItsRangeNotBackFrom() {
    AlertTracker t = new AlertTracker(HEATER, new AlertPolicy(0.7, 3), null, 0);

    AlertChange opened = t.observe(SATURDAY, 31.9, new Detection(0.9, AnomalyKind.DROP, 37.8, 41.2, true)).get(0);

    assertThat(opened.alert().explanation())
        .isEqualTo("heater-supermarket-23d863: 31.9 °C at 14:05 Sat (local), expected 37.8–41.2 °C — drop");
  }

  @Test
  void aDriftReturnSaysTheSameFromOpenToResolveAcrossARestart() {
    AlertTracker first = new AlertTracker(HEATER, new AlertPolicy(0.7, 3), null, 0);
    AlertRow opened = first.observe(SATURDAY, 31.9, backFrom(39.5, 0.9)).get(0).alert();
    AlertChange updated = first.observe(SATURDAY.plusSeconds(60), 31.8, backFrom(31.9, 0.95)).get(0);
    AlertTracker restarted = new AlertTracker(HEATER, new AlertPolicy(0.7, 3), updated.alert(), 2);

    AlertChange resolved = restarted.observe(SATURDAY.plusSeconds(120), 32,
        new Detection(0.1, null, 30.5, 33.5, true)).get(0);

    assertThat(updated.type()).isEqualTo(AlertChange.Type.UPDATED);
    assertThat(resolved.type()).isEqualTo(AlertChange.Type.RESOLVED);
    assertThat(List.of(updated.alert(), resolved.alert())).allSatisfy(a -> {
      assertThat(a.explanation()).isEqualTo(opened.explanation());
      assertThat(a.kind()).isEqualTo(AnomalyKind.DRIFT);
    });
    assertThat(AlertJson.of(resolved)).contains("back from 39.5 °C").contains("\"expected_low\":null");
  }
  /** A heater whose value stopped varying at 46.9 °C: a frozen alert is open (it states no range). */
  private static AlertTracker frozenHeater() {
    AlertTracker t = new AlertTracker(HEATER, new AlertPolicy(0.7, 3), null, 0);
    t.observe(SATURDAY, 46.9, new Detection(1, AnomalyKind.FROZEN, Double.NaN, Double.NaN, true));
    return t;
  }

  @Test
  void aFrozenValueLeavingASingleExpectedValueEscalates() {
    AlertTracker t = frozenHeater();

    // the detector's range collapsed to one value (clamped to what the heater has shown)
    List<AlertChange> left = t.observe(SATURDAY.plusSeconds(40), 50.7, new Detection(1, AnomalyKind.SPIKE, 47.9, 47.9, true));

    assertThat(left).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(AlertChange.Type.ESCALATED);
      assertThat(c.alert().severity()).isEqualTo(2);
      assertThat(c.alert().kind()).isEqualTo(AnomalyKind.SPIKE);
      assertThat(c.alert().explanation()).contains("50.7 °C").contains("expected 47.9 °C").endsWith("— spike");
    });
  }

  @Test
  void aFrozenValueStillFrozenOrInsideItsLevelDoesNotEscalate() {
    AlertTracker t = frozenHeater();

    List<AlertChange> still = t.observe(SATURDAY.plusSeconds(5), 46.9, new Detection(1, AnomalyKind.FROZEN, 46.9, 46.9, true));
    List<AlertChange> level = t.observe(SATURDAY.plusSeconds(10), 47.9, new Detection(0.9, AnomalyKind.SPIKE, 47.9, 47.9, true));

    assertThat(still).extracting(AlertChange::type).containsExactly(AlertChange.Type.UPDATED);
    assertThat(level).extracting(AlertChange::type).containsExactly(AlertChange.Type.UPDATED);
    assertThat(t.openAlert().kind()).isEqualTo(AnomalyKind.FROZEN);
  }

  @Test
  void aSingleExpectedValueIsMeasuredByTheAlertsOwnRangeAcrossARestart() {
    AlertTracker first = new AlertTracker(OVEN, new AlertPolicy(0.7, 3), null, 0);
    AlertRow opened = first.observe(T0, 210, new Detection(0.9, AnomalyKind.DRIFT, 180, 205, true)).get(0).alert();
    AlertTracker restarted = new AlertTracker(OVEN, new AlertPolicy(0.7, 3), opened, 0);

    // said 5 °C outside 180–205 (half width 12.5): 3 × 12.5 beyond a single expected 205 °C
    List<AlertChange> mild = restarted.observe(T0.plusSeconds(60), 230, new Detection(1, AnomalyKind.SPIKE, 205, 205, true));
    List<AlertChange> strong = restarted.observe(T0.plusSeconds(120), 245, new Detection(1, AnomalyKind.SPIKE, 205, 205, true));

    assertThat(mild).extracting(AlertChange::type).containsExactly(AlertChange.Type.UPDATED);
    assertThat(strong).singleElement().satisfies(c -> {
      assertThat(c.type()).isEqualTo(AlertChange.Type.ESCALATED);
      assertThat(c.alert().openedAt()).isEqualTo(T0);
      assertThat(c.alert().explanation()).contains("245 °C");
    });
  }
}
