package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The fleet's typical longest usual run of lost readings ({@link FleetDetector#usualLostRun()}): the
 * median over its trained sensors, up to which a sensor whose thin history split its dropout lengths
 * counts its own runs as usual ({@link GapProfile#toleratedMissing(int)}). Sensors that warm up live
 * do not count.
 */
class FleetUsualLostRunTest {
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final SensorDescription LAMP =
      new SensorDescription(Category.LAMP, SensorType.DIGITAL, "io", 0, 1, ZoneOffset.UTC);

  /** A lamp trained on two days of readings that lose a run of {@code longest} readings every 40 minutes, restored. */
  private static SensorDetector trained(String id, int longest) {
    SensorDetector d = SensorDetector.fresh(LAMP, id);
    int m = 0;
    int run = 0;
    while (m < 2 * 1440) {
      d.train(T0.plus(Duration.ofMinutes(m)), 0, null);
      m += m % 40 == 39 ? 1 + 1 + run++ % longest : 1;
    }
    ModelMetadata meta = new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, id, LAMP, T0, T0,
        T0.plus(Duration.ofDays(2)), d.seen(), d.parameters(), "test");
    return SensorDetector.restore(new SensorModel(meta, d.state()));
  }

  @Test
  void isTheMedianOfTheTrainedSensorsLongestUsualRuns() {
    FleetDetector fleet = new FleetDetector();
    assertThat(fleet.usualLostRun()).as("no sensor").isEqualTo(-1);
    fleet.add("lamp-a", "site", trained("lamp-a", 3));
    fleet.add("lamp-b", "site", trained("lamp-b", 6));
    fleet.add("lamp-c", "site", trained("lamp-c", 6));
    assertThat(fleet.detector("lamp-a").gaps().longestUsualRun()).isEqualTo(3);
    assertThat(fleet.usualLostRun()).isEqualTo(6);
    fleet.add("lamp-d", "site", trained("lamp-d", 2));
    fleet.add("lamp-e", "site", trained("lamp-e", 2));
    assertThat(fleet.usualLostRun()).as("recomputed after an add").isEqualTo(3);
  }

  @Test
  void aSensorWarmingUpLiveDoesNotCount() {
    FleetDetector fleet = new FleetDetector();
    fleet.add("lamp-cold", "site", SensorDetector.fresh(LAMP, "lamp-cold"));
    assertThat(fleet.usualLostRun()).isEqualTo(-1);
    fleet.add("lamp-a", "site", trained("lamp-a", 4));
    assertThat(fleet.usualLostRun()).isEqualTo(4);
  }
}
