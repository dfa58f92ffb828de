package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Reading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadingDeliveriesTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("reading deliveries");

  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
  private static final Duration TICK = Duration.ofSeconds(10);

  private static void commit(Reading... rows) {
    try (ReadingWriter w = ReadingWriter.open(db.database(), new ReadingWriter.Options(1, 1_000,
        ReadingWriter.Method.COPY), Clock.systemUTC())) {
      w.writeAll(List.of(rows));
      w.flush();
    }
  }

  private static Instant tick(int i) {
    return T0.plus(TICK.multipliedBy(i));
  }

  @Test
  void tellsOnTimeLateAndHeldReadingsApartByTheirCommitOrder() {
    // sensor 0: ticks 0, 1, 2, 3 on time. sensor 1: tick 1 arrives with tick 3 (late), so tick 2,
    // committed before it, was overtaken by it; tick 3 committed together with it.
    commit(TestReadings.reading(0, tick(0), 1), TestReadings.reading(1, tick(0), 1));
    commit(TestReadings.reading(0, tick(1), 1));
    commit(TestReadings.reading(0, tick(2), 1), TestReadings.reading(1, tick(2), 1));
    commit(TestReadings.reading(0, tick(3), 1), TestReadings.reading(1, tick(3), 1), TestReadings.reading(1, tick(1), 1));
    // sensor 2: tick 1 never comes (lost)
    commit(TestReadings.reading(2, tick(0), 1));
    commit(TestReadings.reading(2, tick(2), 1));

    List<ReadingDeliveries.Delivery> got = new ReadingDeliveries(db.database()).of(List.of(
        new ReadingDeliveries.Key(TestReadings.sensorId(0), tick(2)),
        new ReadingDeliveries.Key(TestReadings.sensorId(1), tick(1)),
        new ReadingDeliveries.Key(TestReadings.sensorId(1), tick(2)),
        new ReadingDeliveries.Key(TestReadings.sensorId(1), tick(3)),
        new ReadingDeliveries.Key(TestReadings.sensorId(1), tick(9)),
        new ReadingDeliveries.Key(TestReadings.sensorId(2), tick(2))), Duration.ofSeconds(30));

    assertThat(got).containsExactlyInAnyOrder(
        new ReadingDeliveries.Delivery(TestReadings.sensorId(0), tick(2), tick(2), false, TICK),
        new ReadingDeliveries.Delivery(TestReadings.sensorId(1), tick(1), tick(3), false, TICK),
        new ReadingDeliveries.Delivery(TestReadings.sensorId(1), tick(2), tick(2), true, TICK),
        new ReadingDeliveries.Delivery(TestReadings.sensorId(1), tick(3), tick(3), false, TICK), // came with tick 1
        new ReadingDeliveries.Delivery(TestReadings.sensorId(2), tick(2), tick(2), false, TICK.multipliedBy(2)));
    assertThat(got.stream().filter(ReadingDeliveries.Delivery::late).map(ReadingDeliveries.Delivery::timestamp))
        .containsExactly(tick(1));
  }
}
