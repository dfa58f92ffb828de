package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * A heater's oscillation of single-reading excursions ({@link ShortSwingCheck}) on the stored
 * readings of acceptance B2's commands (clean world, seed 2024, clock 2026-11-29T22:30Z:
 * {@code heater-restaurant-740f15}, 1-minute readings from 2026-11-21T22:30Z, trained for 7 days,
 * then scored as the monitor does). From 22:35 on the test day it reads 58.9, 80.2, 58.7, 37.0,
 * 58.3, 80.0, 58.1, 36.5, 57.9 °C: each excursion's return is confirmed by the next reading, so
 * the one-step check took each for a glitch and the oscillation was missed. A glitch and a glitch
 * pair written into a quiet hour of the same day stay quiet; a swing of every reading written there
 * alerts. ({@link ShortSwingCheckTest} has the other look-alikes: a door opening, glitches of one
 * sign, glitches too far apart.)
 */
class ShortSwingTest {
  private static final Instant START = Instant.parse("2026-11-21T22:30:00Z");
  private static final int TRAINED = 7 * 1440;
  /** Minutes from START to 22:35 on 2026-11-28, where the labelled oscillation starts (11 minutes). */
  private static final int SWING = TRAINED + 5;
  /** Minutes from START to 02:30 on 2026-11-29: a quiet hour of the test day, where look-alikes are written. */
  private static final int QUIET = TRAINED + 4 * 60;

  /** The test day's detections, minute by minute, of the stored readings with {@code edits} written over them. */
  private static Detection[] testDay(Map<Integer, IntToDoubleFunction> edits) throws IOException {
    Detection[] out = new Detection[1440];
    StoredSeries.replay(SensorDetector.fresh(SensorKind.HEATER_TEMPERATURE.description(), "heater-restaurant-740f15"),
        "heater-restaurant-740f15", "b2/heater-restaurant-oscillation.csv", START, TRAINED, new StoredSeries.Replay() {
          @Override
          public double value(int minute, double value) {
            IntToDoubleFunction edit = edits.get(minute);
            return edit == null ? value : edit.applyAsDouble(minute);
          }

          @Override
          public void detected(int minute, Detection detection) {
            out[minute - TRAINED] = detection;
          }
        });
    return out;
  }

  private static double highest(Detection[] day, int from, int to) {
    double h = 0;
    for (int m = from - TRAINED; m < to - TRAINED; m++) {
      h = Math.max(h, day[m].score());
    }
    return h;
  }

  private static boolean alertsOscillation(Detection[] day, int from, int to) {
    for (int m = from - TRAINED; m < to - TRAINED; m++) {
      if (day[m].score() >= 0.7 && day[m].kind() == AnomalyKind.OSCILLATION) {
        return true;
      }
    }
    return false;
  }

  /** The stored value at {@code minute} moved by {@code by} °C. */
  private static Map.Entry<Integer, IntToDoubleFunction> moved(List<double[]> readings, int minute, double by) {
    double v = readings.get(minute)[1];
    return Map.entry(minute, m -> v + by);
  }

  @Test
  void alternatingSingleReadingExcursionsAlertAsOscillation() throws IOException {
    Detection[] day = testDay(Map.of());

    assertThat(alertsOscillation(day, SWING, SWING + 11)).isTrue();
  }

  @Test
  void nothingElseOfTheDayAlertsAsOscillation() throws IOException {
    Detection[] day = testDay(Map.of());

    assertThat(alertsOscillation(day, TRAINED, SWING)).isFalse();
    assertThat(alertsOscillation(day, SWING + 11, TRAINED + 1440)).isFalse();
  }

  @Test
  void aGlitchAndAGlitchPairStayQuiet() throws IOException {
    List<double[]> r = StoredSeries.read("b2/heater-restaurant-oscillation.csv");
    Detection[] day = testDay(Map.ofEntries(
        moved(r, QUIET, 21),
        moved(r, QUIET + 15, 21), moved(r, QUIET + 17, -21)));

    assertThat(highest(day, QUIET, QUIET + 30)).isLessThan(0.7);
  }

  @Test
  void aSwingOfEveryReadingAlertsToo() throws IOException {
    List<double[]> r = StoredSeries.read("b2/heater-restaurant-oscillation.csv");
    Detection[] day = testDay(Map.ofEntries(
        moved(r, QUIET, 15), moved(r, QUIET + 1, -15), moved(r, QUIET + 2, 15), moved(r, QUIET + 3, -15)));

    assertThat(alertsOscillation(day, QUIET, QUIET + 6)).isTrue();
  }
}
