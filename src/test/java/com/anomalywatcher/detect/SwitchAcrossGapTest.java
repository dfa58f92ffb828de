package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lamp's first reading after a gap in its feed, in a state other than the reading before it
 * ({@link DigitalCheck}'s odd switch). On the stored readings of the README's commands (seed 99,
 * {@code lamp-restaurant-37c72f} in Europe/Berlin, 1-minute readings trained for 7 days from
 * 2026-11-27T07:01Z; the readings {@code run --demo-anomalies} wrote at 5 s from 2026-12-05T07:01:44Z):
 * the demo left the lamp dark at 07:07 UTC, and a later {@code run} found it lit at 21:50 UTC, where
 * six of the seven days of its history have it lit. The lamp switched on somewhen in the 14 hours
 * between (its history switches on at 09:39–09:51), but the switch was judged as made at 21:50, a
 * time it never switched on at, and alerted "stuck on" for an hour. A switch at an unheard-of time
 * after a dropout of a few readings is still one.
 */
class SwitchAcrossGapTest {
  private static final String ID = "lamp-restaurant-37c72f";
  private static final String SERIES = "demo/lamp-restaurant-week.csv";
  private static final Instant START = Instant.parse("2026-11-27T07:01:00Z");
  /** The lamp's states as run --demo-anomalies wrote them, 5 s apart from DEMO_START. */
  private static final String DEMO = "1".repeat(18) + "0".repeat(12) + "10011" + "0".repeat(19) + "11111" + "0".repeat(13);
  private static final Instant DEMO_START = Instant.parse("2026-12-05T07:01:44Z");

  private static SensorDetector trained() throws IOException {
    SensorDescription kind = SensorKind.LAMP.description();
    SensorDescription lamp = new SensorDescription(kind.category(), kind.type(), kind.unit(), kind.physicalMin(),
        kind.physicalMax(), ZoneId.of("Europe/Berlin"));
    SensorDetector d = SensorDetector.fresh(lamp, ID);
    Instant end = START;
    for (double[] r : StoredSeries.read(SERIES)) {
      end = START.plusSeconds(60L * (long) r[0] + 60);
      d.train(end.minusSeconds(60), r[1], null);
    }
    SensorDetector restored = StoredSeries.restoredAsSaved(d, ID, START, end);
    for (int i = 0; i < DEMO.length(); i++) {
      restored.observe(DEMO_START.plusSeconds(5L * i), DEMO.charAt(i) - '0', null);
    }
    return restored;
  }

  /** The detections of {@code n} readings 30 s apart from {@code from}, each {@code value}. */
  private static List<Detection> observe(SensorDetector d, Instant from, int n, double value) {
    List<Detection> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(d.observe(from.plusSeconds(30L * i), value, null));
    }
    return out;
  }

  @Test
  void aLampFoundLitAfterAGapSpanningItsSwitchOnIsNotStuckOn() throws IOException {
    List<Detection> next = observe(trained(), Instant.parse("2026-12-05T21:50:00Z"), 20, 1);

    assertThat(next).allSatisfy(x -> assertThat(x.score()).as("%s", x).isLessThan(0.5));
  }

  @Test
  void aSwitchOnAtAnUnheardOfTimeAfterAShortDropoutIsStillStuckOn() throws IOException {
    SensorDetector d = trained();
    observe(d, Instant.parse("2026-12-05T21:40:00Z"), 12, 0);
    // dark up to 21:45:30, five readings lost, then lit from 21:48:30
    List<Detection> next = observe(d, Instant.parse("2026-12-05T21:48:30Z"), 4, 1);

    // stuck once the flicker rule's window has passed the switch (its third reading)
    assertThat(next.get(2).score()).isEqualTo(1);
    assertThat(next.get(2).kind()).isEqualTo(AnomalyKind.STUCK_ON);
  }
}
