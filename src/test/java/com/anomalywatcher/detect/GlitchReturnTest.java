package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A heater holding 40 °C (noise 0.1) whose history dips 3 °C now and then and creeps back over ten
 * readings (a door left ajar): it learns falling steps of 3 °C, and rising ones only as large as
 * the creep back plus the dip's momentum. A single glitch 5 °C down that springs straight back is
 * no incident: the way back continues no trend, so it is judged from the last value (5 °C, near
 * what the history shows), not from the dip carried on (9.5 °C; held against a baseline that kept
 * falling, it alerted as a drift). A spike of 6 °C, unforeseen by either, still alerts.
 */
class GlitchReturnTest {
  private static final SensorDescription HEATER =
      new SensorDescription(Category.HEATER, SensorType.ANALOG, "°C", -20, 80, null);
  private static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
  private static final int DAYS = 14;
  private static final Instant LIVE = T0.plus(Duration.ofDays(DAYS));

  private final Random r = new Random(31);

  private double steady() {
    return Math.round((40 + 0.1 * r.nextGaussian()) * 10) / 10.0;
  }

  private SensorDetector trained() {
    SensorDetector d = SensorDetector.fresh(HEATER, "heater-test-000001");
    int dipLeft = 0;
    for (int i = 0; i < DAYS * 1440; i++) {
      if (dipLeft == 0 && r.nextDouble() < 1.0 / 120) {
        dipLeft = 11;
      }
      double dip = dipLeft == 0 ? 0 : 3 * (dipLeft - 1) / 10.0;
      dipLeft = Math.max(0, dipLeft - 1);
      d.train(T0.plus(Duration.ofMinutes(i)), steady() - dip, null);
    }
    return d;
  }

  private static SensorDetector restored(SensorDetector d) {
    ModelMetadata meta = new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, "heater-test-000001", HEATER, LIVE,
        T0, LIVE, d.seen(), d.parameters(), "test");
    return SensorDetector.restore(new SensorModel(meta, d.state()));
  }

  /** Feeds 60 steady readings, then {@code then}, then 30 steady ones; the highest score and its kind. */
  private Detection worst(SensorDetector d, double... then) {
    Detection worst = null;
    int n = 60 + then.length + 30;
    for (int i = 0; i < n; i++) {
      double v = i >= 60 && i < 60 + then.length ? then[i - 60] : steady();
      Detection det = d.observe(LIVE.plus(Duration.ofMinutes(i)), v, null);
      if (worst == null || det.score() > worst.score()) {
        worst = det;
      }
    }
    return worst;
  }

  @Test
  void aGlitchThatSpringsBackIsNoIncident() {
    assertThat(worst(restored(trained()), 35.0, 40.0, 40.1, 39.9).score()).isLessThan(0.7);
  }

  @Test
  void aHeldSpikeStillAlerts() {
    Detection d = worst(restored(trained()), 46, 46.1, 46, 45.9, 46, 46.1);

    assertThat(d.score()).isGreaterThanOrEqualTo(0.7);
    assertThat(d.kind()).isEqualTo(AnomalyKind.SPIKE);
  }

  @Test
  void aRestoredDetectorJudgesTheGlitchAsTheTrainedOne() {
    SensorDetector d = trained();
    SensorDetector again = restored(restored(d));

    assertThat(worst(again, 35.0, 40.0, 40.1, 39.9).score()).isLessThan(0.7);
  }
}
