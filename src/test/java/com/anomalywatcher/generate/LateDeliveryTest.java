package com.anomalywatcher.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.Fleet;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LateDeliveryTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  private static List<List<Reading>> ticks(int count) {
    Simulation sim = new Simulation(Fleet.create(12, 3), new SimulationSettings(3, Duration.ofMinutes(1), 0.02, false), Map.of());
    List<List<Reading>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(sim.step(START.plus(Duration.ofMinutes(i))).readings());
    }
    return out;
  }

  @Test
  void someReadingsArriveLateOutOfOrderOrTwiceButEveryOneArrives() {
    List<List<Reading>> produced = ticks(2000);
    LateDelivery delivery = new LateDelivery(true);
    List<Reading> sent = new ArrayList<>();
    produced.forEach(t -> sent.addAll(delivery.deliver(t)));
    sent.addAll(delivery.drain());

    Set<Reading> unique = new HashSet<>(sent);
    int total = produced.stream().mapToInt(List::size).sum();
    assertThat(unique).hasSize(total);
    assertThat(sent.size() - total).as("sent twice").isEqualTo((int) delivery.duplicates()).isBetween(total / 400, total / 100);
    assertThat(delivery.late() / (double) total).as("late").isBetween(0.02, 0.04);
    int outOfOrder = 0;
    for (int i = 1; i < sent.size(); i++) {
      outOfOrder += sent.get(i).timestamp().isBefore(sent.get(i - 1).timestamp()) ? 1 : 0;
    }
    assertThat(outOfOrder).isPositive();
  }

  @Test
  void deliversTheSameWayForTheSameReadings() {
    List<List<Reading>> produced = ticks(300);
    LateDelivery a = new LateDelivery(true);
    LateDelivery b = new LateDelivery(true);
    for (List<Reading> t : produced) {
      assertThat(a.deliver(t)).isEqualTo(b.deliver(t));
    }
  }

  @Test
  void disabledDeliversEverythingAtOnceExactlyOnce() {
    List<List<Reading>> produced = ticks(100);
    LateDelivery off = new LateDelivery(false);
    for (List<Reading> t : produced) {
      assertThat(off.deliver(t)).isEqualTo(t);
    }
    assertThat(off.drain()).isEmpty();
  }
}
