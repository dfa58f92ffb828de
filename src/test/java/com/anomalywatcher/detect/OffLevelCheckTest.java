package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A switched-off oven's drift ({@link OffLevelCheck}) on stored readings of D1, trained on 14 days and
 * then scored as the monitor does for a week.
 *
 * <p>Seed 4711's {@code oven-supermarket-c4ae67} (Asia/Tokyo, readings from 2026-10-14T00:00Z): its
 * labelled drift 2026-10-30 16:41–20:04 UTC (01:41–05:04 Saturday, local) takes the oven, off at
 * 24.2 °C, 1.8 °C down over three and a half hours while on the history's nights it settles at
 * 23.5–24.6 °C at that time; no other check of main alerts in it. Its test week also holds 87 door
 * openings, a staff setpoint change, a cleaning cycle, a labelled spike and drop, an offline hour, two
 * glitches and its own weekly rhythm (supermarket hours, a short Sunday).
 */
class OffLevelCheckTest {
  private static final String OVEN = "oven-supermarket-c4ae67";
  private static final String RESOURCE = "d1/oven-supermarket-off-drift.csv";
  private static final Instant START = Instant.parse("2026-10-14T00:00:00Z");
  private static final int TRAINED = 14 * 1440;
  private static final int DRIFT_FROM = 16 * 1440 + 16 * 60 + 41;
  /** The episode's end: an alert counts up to two readings later. */
  private static final int DRIFT_TO = 16 * 1440 + 20 * 60 + 4;
  private static final double RATE = -0.0088;

  private static List<StoredSeries.Alert> alerts(DoubleBinaryOperator change) throws IOException {
    SensorDescription kind = SensorKind.OVEN_TEMPERATURE.description();
    SensorDescription oven = new SensorDescription(kind.category(), kind.type(), kind.unit(), kind.physicalMin(),
        kind.physicalMax(), ZoneId.of("Asia/Tokyo"));
    return StoredSeries.alerts(SensorDetector.fresh(oven, OVEN), OVEN, RESOURCE, START, TRAINED, 0.7, change);
  }

  /** An alert of this check: a drift stated by the off level it left. */
  private static boolean isOffLevel(StoredSeries.Alert a) {
    Detection d = a.detection();
    return d.kind() == AnomalyKind.DRIFT && d.detail() != null && d.detail().contains("switched off");
  }

  @Test
  void anOffOvensDriftAlertsWithinItsEpisodeAndNothingElseOfTheWeekDoes() throws IOException {
    List<StoredSeries.Alert> found = alerts((minute, value) -> value);
    assertThat(found).filteredOn(OffLevelCheckTest::isOffLevel).singleElement().satisfies(a -> {
      assertThat(a.minute()).isGreaterThan(DRIFT_FROM).isLessThan(DRIFT_TO + 2);
      assertThat(a.detection().detail()).isEqualTo("switched off, its level 22.4 over the last 30 readings, where off at this time of day it settles at 24.0 (spread 0.15 between days)");
    });
  }

  @Test
  void theSameWeekWithoutTheDriftOpensNothing() throws IOException {
    // the drift taken out of the readings: the oven stayed at its off level
    List<StoredSeries.Alert> found = alerts((minute, value) -> minute >= DRIFT_FROM && minute <= DRIFT_TO
        ? value - RATE * (minute - DRIFT_FROM + 1) : value);
    assertThat(found).noneSatisfy(a -> assertThat(isOffLevel(a)).isTrue());
  }

  @Test
  void aWarmerKitchenAllWeekOpensNothing() throws IOException {
    // the kitchen's air half a degree warmer every day of the week than in the history (weather), no drift
    List<StoredSeries.Alert> found = alerts((minute, value) -> minute < TRAINED ? value
        : value + 0.5 - (minute >= DRIFT_FROM && minute <= DRIFT_TO ? RATE * (minute - DRIFT_FROM + 1) : 0));
    assertThat(found).noneSatisfy(a -> assertThat(isOffLevel(a)).isTrue());
  }

  @Test
  void aSavedStateWithSlotsNeverSettledOffReadsBackAlike() throws Exception {
    // slots where the oven always worked hold NaN: the model file must carry them
    float[] median = new float[DayClock.SLOTS];
    float[] spread = new float[DayClock.SLOTS];
    java.util.Arrays.fill(median, Float.NaN);
    java.util.Arrays.fill(spread, Float.NaN);
    median[3] = 24.05f;
    spread[3] = 0.26f;
    OffLevelCheck.State saved = new OffLevelCheck.State(median, spread, 42.5, 0.1, 20_160);
    com.fasterxml.jackson.databind.ObjectMapper mapper = ModelRepository.mapper();
    OffLevelCheck.State read = mapper.readValue(mapper.writeValueAsString(saved), OffLevelCheck.State.class);
    assertThat(read.median()).containsExactly(median);
    assertThat(read.spread()).containsExactly(spread);
    assertThat(read.offBelow()).isEqualTo(42.5);
    assertThat(read.readings()).isEqualTo(20_160);
  }

  @Test
  void holdsTrainingSamplesOnlyWhileItTrains() {
    SensorDescription oven = SensorKind.OVEN_TEMPERATURE.description();
    OffLevelCheck trained = new OffLevelCheck(new DayClock(ZoneId.of("Asia/Tokyo")), null);
    OffLevelCheck restored = new OffLevelCheck(new DayClock(ZoneId.of("Asia/Tokyo")), null);
    assertThat(trained.sampleRoom()).isZero();
    assertThat(restored.sampleRoom()).as("a restored oven's check (about 14 KB of buffers before)").isZero();

    train(trained, oven, 0);
    assertThat(trained.sampleRoom()).isPositive();
    trained.state();
    assertThat(trained.sampleRoom()).isZero();
    train(trained, oven, OffLevelCheck.SETTLED_READINGS + OffLevelCheck.SAMPLE_EVERY);  // learns again from empty
    assertThat(trained.sampleRoom()).isPositive();
  }

  private static void train(OffLevelCheck check, SensorDescription oven, int from) {
    for (int i = from; i < from + OffLevelCheck.SETTLED_READINGS + OffLevelCheck.SAMPLE_EVERY; i++) {
      check.judge(new PluggedCheck.Reading(START.plusSeconds(60L * i), 24 + (i % 7) * 0.1, oven, true, true, null,
          false, 60, 0, 0.1, 0.5), 0, false);
    }
  }
}
