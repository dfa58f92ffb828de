package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The risen-plateau check on a particulate-like sensor: a background of 10 µg/m³ that wanders slowly,
 * and in the evening (20:00–01:00) bursts of 30–80 µg/m³ at random minutes that rise over two
 * readings, hold for five and decay. A dust storm, ramping up by 15 µg/m³ over ten readings and
 * staying there with noise of its own, is found once it has held {@value RisenPlateauCheck#HELD}
 * readings, also when the history holds one like it; bursts, and a fall back to a settled level (a
 * storm ending), are no rise.
 */
class RisenPlateauCheckTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final int DAYS = 14;
  private static final Instant EVENING = T0.plus(Duration.ofDays(DAYS)).plus(Duration.ofHours(23));

  private final DayClock clock = new DayClock(ZoneOffset.UTC);
  private RisenPlateauCheck check = new RisenPlateauCheck(clock);
  private final SmokyKitchen kitchen = new SmokyKitchen(11);
  private final KitchenFeed feed = new KitchenFeed(kitchen, T0);
  private final Random r = kitchen.random();

  /** A dust storm's excess this many readings after it began: a ramp over ten readings, then held. */
  private double storm(int age) {
    return (age < 10 ? 1.5 * (age + 1) : 15) + (age < 10 ? 0 : 1.0 * r.nextGaussian());
  }

  private double[] storm(int readings, int fallAfter) {
    double[] v = new double[readings];
    for (int i = 0; i < readings; i++) {
      v[i] = i < fallAfter ? storm(i) : 0;
    }
    return v;
  }

  /** Fourteen days of history; on {@code spikeDay} (or none, -1) an hour's storm like the one judged, at noon. */
  private void train(int spikeDay) {
    feed.learn(check, DAYS * 1440,
        i -> i / 1440 == spikeDay && i % 1440 >= 720 && i % 1440 < 780 ? storm(i % 1440 - 720) : 0);
  }

  /** Judges {@code values} one a minute; the index of the first plateau found, or -1. */
  private int firstPlateau(double[] values) {
    check.restart(); // the judged readings do not follow on from the history
    return KitchenFeed.firstPlateau(check, values);
  }

  /** {@code quiet} background readings from {@code from}, then the background plus {@code excess}. */
  private double[] afterQuiet(Instant from, int quiet, double... excess) {
    return feed.afterQuiet(from, quiet, excess);
  }


  /**
   * Readings after its first one by which a storm is found: its held readings may begin in the top
   * of the ramp, so no earlier than the held readings after the storm began, and no later than
   * after the ramp's ten and the held ones.
   */
  private static final int FOUND_FROM = RisenPlateauCheck.HELD - 1;
  private static final int FOUND_BY = 10 + RisenPlateauCheck.HELD - 1;

  @Test
  void aDustStormIsFoundOnceItHeldFifteenReadingsAtTheTopOfItsRamp() {
    train(-1);
    assertThat(firstPlateau(afterQuiet(EVENING, 40, storm(60, 60)))).isBetween(40 + FOUND_FROM, 40 + FOUND_BY);
  }

  @Test
  void theSameStormIsFoundWhenTheHistoryHadOneOfItsOwn() {
    train(3);
    assertThat(firstPlateau(afterQuiet(EVENING, 40, storm(60, 60)))).isBetween(40 + FOUND_FROM, 40 + FOUND_BY);
  }

  @Test
  void aRestoredCheckJudgesAsTheTrainedOne() {
    train(-1);
    check = RisenPlateauCheck.restore(clock, check.state(), new SharedArrays());
    assertThat(firstPlateau(afterQuiet(EVENING, 40, storm(60, 60)))).isBetween(40 + FOUND_FROM, 40 + FOUND_BY);
  }

  @Test
  void burstsAreNoRise() {
    train(-1);
    double[] evening = kitchen.readings(DAYS * 1440 + 20 * 60, 5 * 60);
    assertThat(firstPlateau(evening)).isEqualTo(-1);
  }

  @Test
  void aFallBackToASettledLevelIsNoRise() {
    train(-1);
    // an hour high and settled, then back to the background for an hour: the end of an excursion
    double[] excess = new double[120];
    Arrays.fill(excess, 0, 60, 15);
    assertThat(firstPlateau(afterQuiet(EVENING, 0, excess))).isEqualTo(-1);
  }

  @Test
  void judgesNothingBeforeThreeDaysOfHistory() {
    feed.learn(check, 2 * 1440, i -> 0);
    assertThat(firstPlateau(afterQuiet(T0.plus(Duration.ofDays(2)), 40, storm(60, 60)))).isEqualTo(-1);
  }
}
