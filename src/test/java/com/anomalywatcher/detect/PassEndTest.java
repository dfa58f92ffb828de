package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The end-of-pass judgement of {@code monitor --once} ({@link SensorDetector#atPassEnd()}) on the
 * stored readings of acceptance B2's commands (clean world, 1-minute readings, 7 days trained, then
 * one day scored as the monitor does), whose last reading starts an anomaly:
 *
 * <ul>
 *   <li>seed 3689, clock 2026-11-02T16:55Z, {@code oven-restaurant-8bd012}: a drop of 24 °C (177.9
 *       to 153.7) at 16:54, the last reading; the pass ended with it unconfirmed (score 0.6), and the
 *       episode was missed;
 *   <li>seed 3474, clock 2026-11-17T17:41Z, {@code oven-restaurant-253f2f}: an oscillation from
 *       17:39, 178.8 to 202.9 then 190.2, the last reading: half-way back, which ends the incident
 *       as a decaying glitch although it still lies 11 °C above the level left.
 * </ul>
 *
 * Look-alikes stay quiet: every other reading of both test days (warm-ups and cool-downs of the
 * schedule at their usual and unusual times included), a single glitch of four times the largest
 * step the history shows around that time of day (an onset the next reading would judge), and the
 * same drop on a sensor whose history holds one as large at that time of day. The verdict changes
 * nothing: a detector that was asked continues exactly as one restored from its running state.
 */
class PassEndTest {
  private static final int TRAINED = 7 * 1440;
  private static final int LAST = 8 * 1440 - 1;

  private static final String DROP = "b2/oven-restaurant-last-reading-drop.csv";
  private static final String DROP_ID = "oven-restaurant-8bd012";
  private static final Instant DROP_START = Instant.parse("2026-10-25T16:55:00Z");
  /** The drop's episodes on the test day: an oscillation at 20:59 (28 min), a spike at 10:10 (17 min), the drop. */
  private static final int[][] DROP_EPISODES = {{TRAINED + 244, 28}, {TRAINED + 1035, 17}, {LAST, 1}};

  private static final String SWING = "b2/oven-restaurant-last-reading-oscillation.csv";
  private static final String SWING_ID = "oven-restaurant-253f2f";
  private static final Instant SWING_START = Instant.parse("2026-11-09T17:41:00Z");
  /** The oscillation's episodes on the test day: a drop at 20:22 (23 min), a drift at 10:31 (27 min), the oscillation. */
  private static final int[][] SWING_EPISODES = {{TRAINED + 161, 23}, {TRAINED + 1010, 27}, {LAST - 1, 2}};

  /** What a replay left: the detector after its last reading, that reading's detection, and the minutes with a verdict. */
  private record Replayed(SensorDetector detector, Detection last, List<Integer> verdicts) {}

  /**
   * Trains an oven on the resource's readings before {@link #TRAINED}, restores it as the monitor
   * loads a saved model, and scores the rest up to minute {@code upTo}, each value replaced by
   * {@code change.applyAsDouble(minute, stored value)}.
   */
  private static Replayed replay(String resource, String sensorId, Instant start, int upTo, DoubleBinaryOperator change)
      throws IOException {
    SensorDetector d = SensorDetector.fresh(SensorKind.OVEN_TEMPERATURE.description(), sensorId);
    Detection last = null;
    List<Integer> verdicts = new ArrayList<>();
    for (double[] r : StoredSeries.read(resource)) {
      int minute = (int) r[0];
      if (minute > upTo) {
        break;
      }
      Instant at = start.plusSeconds(60L * minute);
      double value = change.applyAsDouble(minute, r[1]);
      if (minute < TRAINED) {
        d.train(at, value, null);
        continue;
      }
      if (minute == TRAINED) {
        d = StoredSeries.restoredAsSaved(d, sensorId, start, at);
      }
      last = d.observe(at, value, null);
      if (d.atPassEnd() != null) {
        verdicts.add(minute);
      }
    }
    return new Replayed(d, last, verdicts);
  }

  private static Replayed replay(String resource, String sensorId, Instant start, int upTo) throws IOException {
    return replay(resource, sensorId, start, upTo, (minute, v) -> v);
  }

  @Test
  void aDropAtTheLastReadingAlertsAtTheEndOfThePass() throws IOException {
    Replayed r = replay(DROP, DROP_ID, DROP_START, LAST);

    assertThat(r.last().score()).as("unconfirmed when scored").isLessThan(0.7);
    SensorDetector.PassEnd end = r.detector().atPassEnd();
    assertThat(end).isNotNull();
    assertThat(end.at()).isEqualTo(DROP_START.plusSeconds(60L * LAST));
    assertThat(end.value()).isEqualTo(153.7);
    assertThat(end.detection().score()).isEqualTo(1.0);
    assertThat(end.detection().kind()).isEqualTo(AnomalyKind.DROP);
    assertThat(end.detection().expectedLow()).isGreaterThan(153.7);
  }

  @Test
  void aHalfWayReturnAfterAFarOnsetAlertsAtTheEndOfThePass() throws IOException {
    Replayed r = replay(SWING, SWING_ID, SWING_START, LAST);

    assertThat(r.last().score()).as("the hold ends as a decaying glitch").isLessThan(0.7);
    SensorDetector.PassEnd end = r.detector().atPassEnd();
    assertThat(end).isNotNull();
    assertThat(end.value()).isEqualTo(190.2);
    assertThat(end.detection().score()).isEqualTo(1.0);
    assertThat(end.detection().expectedHigh()).isLessThan(190.2);
  }

  @Test
  void theOnsetOfTheOscillationAloneAlsoAlertsAtTheEndOfAPass() throws IOException {
    Replayed r = replay(SWING, SWING_ID, SWING_START, LAST - 1);

    assertThat(r.detector().atPassEnd()).isNotNull();
    assertThat(r.detector().atPassEnd().detection().kind()).isEqualTo(AnomalyKind.SPIKE);
  }

  @Test
  void noOtherReadingOfEitherTestDayWouldAlertAtTheEndOfAPass() throws IOException {
    // the schedule's warm-ups and cool-downs, the returns after each episode: a pass may end anywhere
    assertThat(outsideEpisodes(replay(DROP, DROP_ID, DROP_START, LAST).verdicts(), DROP_EPISODES)).isEmpty();
    assertThat(outsideEpisodes(replay(SWING, SWING_ID, SWING_START, LAST).verdicts(), SWING_EPISODES)).isEmpty();
  }

  @Test
  void aGlitchOfNormalSizeAtTheLastReadingStaysQuiet() throws IOException {
    double largest = largestDownStep(DROP, LAST % 1440, 40);
    double before = valueAt(DROP, LAST - 1);
    assertThat(4 * largest).as("smaller than the drop").isLessThan(before - 153.7);

    Replayed r = replay(DROP, DROP_ID, DROP_START, LAST, (minute, v) -> minute == LAST ? before - 4 * largest : v);

    assertThat(r.last().score()).as("an onset waiting for its confirmation").isEqualTo(AnalogCheck.UNCONFIRMED_SCORE);
    assertThat(r.detector().atPassEnd()).isNull();
  }

  @Test
  void theSameDropOnASensorWhoseHistoryHoldsOneAsLargeStaysQuiet() throws IOException {
    // on the third day of the history the oven dropped as far, for one reading, at the same time of day
    int sameTime = LAST - 5 * 1440;
    double drop = valueAt(DROP, LAST - 1) - 153.7;
    Replayed r = replay(DROP, DROP_ID, DROP_START, LAST, (minute, v) -> minute == sameTime ? v - drop : v);

    assertThat(r.detector().atPassEnd()).isNull();
  }

  @Test
  void askingChangesNothingTheNextPassContinuesExactly() throws IOException {
    Replayed asked = replay(DROP, DROP_ID, DROP_START, LAST);
    assertThat(asked.detector().atPassEnd()).isNotNull();
    byte[] saved = RunningState.encode(asked.detector());
    SensorDetector resumed = RunningState.decode(saved, SensorDetector.class);
    assertThat(resumed.atPassEnd()).as("the verdict is not part of the running state").isNull();
    assertThat(RunningState.encode(resumed)).isEqualTo(saved);

    Instant next = DROP_START.plusSeconds(60L * (LAST + 1));
    Detection kept = asked.detector().observe(next, 152.9, null);
    Detection fromSaved = resumed.observe(next, 152.9, null);

    assertThat(fromSaved).isEqualTo(kept);
    assertThat(kept.score()).as("the next reading confirms the drop").isGreaterThanOrEqualTo(0.7);
    assertThat(asked.detector().atPassEnd()).as("a confirmed onset needs no end-of-pass verdict").isNull();
  }

  private static List<Integer> outsideEpisodes(List<Integer> minutes, int[][] episodes) {
    List<Integer> out = new ArrayList<>();
    for (int m : minutes) {
      boolean inside = false;
      for (int[] e : episodes) {
        inside |= m >= e[0] && m < e[0] + e[1] + 2;
      }
      if (!inside) {
        out.add(m);
      }
    }
    return out;
  }

  private static double valueAt(String resource, int minute) throws IOException {
    for (double[] r : StoredSeries.read(resource)) {
      if ((int) r[0] == minute) {
        return r[1];
      }
    }
    throw new IllegalArgumentException("no reading at minute " + minute);
  }

  /**
   * The largest fall from one reading to the next in the history (before {@link #TRAINED}) within
   * {@code reach} minutes of the minute of day {@code offset} minutes after the series' start.
   */
  private static double largestDownStep(String resource, int offset, int reach) throws IOException {
    List<double[]> rows = StoredSeries.read(resource);
    double largest = 0;
    for (int i = 1; i < rows.size() && rows.get(i)[0] < TRAINED; i++) {
      int ofDay = Math.floorMod((int) rows.get(i)[0] - offset, 1440);
      if (Math.min(ofDay, 1440 - ofDay) <= reach) {
        largest = Math.max(largest, rows.get(i - 1)[1] - rows.get(i)[1]);
      }
    }
    return largest;
  }
}
