package com.anomalywatcher.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.ForcedAnomalyStore;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.SensorLease;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After a generator dies mid-anomaly ({@code kill -9}: no end written, its forced request claimed),
 * the labels must not outlive its last stored reading, {@code anomaly status} must not show its
 * anomaly in progress, and neither its forced anomaly nor a request made while no generator ran
 * comes back with the next generator. Before, 120 normal readings were labelled anomalous and
 * status showed the anomaly "in progress" forever.
 */
class CrashRestartTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("crash-restart");
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  private static ContinuousGenerator.Summary run(List<SensorSpec> fleet, Instant from, int ticks)
      throws InterruptedException {
    SettableClock clock = new SettableClock(from);
    AtomicInteger done = new AtomicInteger();
    ContinuousGenerator generator = new ContinuousGenerator(db.database(), new ContinuousGenerator.Settings(fleet,
        new SimulationSettings(5, Duration.ofSeconds(10), 0.0, false), Optional.empty()), clock,
        (deadline, stop) -> clock.set(deadline));
    return generator.run(() -> done.get() >= ticks, (tick, forced, cleared) -> done.incrementAndGet());
  }

  @Test
  void aRestartClosesWhatTheDeadGeneratorLeftOpen() throws InterruptedException {
    List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db.database())).resolve(6, OptionalLong.of(5), 5);
    String oven = fleet.get(0).sensorId();
    List<String> ids = fleet.stream().map(SensorSpec::sensorId).toList();
    run(fleet, T0, 10); // readings T0 .. T0+90 s
    ForcedAnomalyStore forced = new ForcedAnomalyStore(db.database());
    GroundTruthStore truth = new GroundTruthStore(db.database());
    // What the dead generator left: a forced spike it picked up at T0+50 s, labelled until its planned end.
    try (SensorLease deadGenerator = SensorLease.acquire(db.database(), ids)) {
      forced.request(oven, AnomalyKind.SPIKE, Duration.ofMinutes(20), T0.plusSeconds(45));
      assertThat(forced.claimNew(ids, T0.plusSeconds(50))).hasSize(1);
      truth.upsert(List.of(new AnomalyEpisode(oven, Category.OVEN, AnomalyKind.SPIKE, T0.plusSeconds(50),
          T0.plusSeconds(50 + 1200), Map.of("magnitude", 80.0), AnomalySource.FORCED)));
      assertThat(forced.active(T0.plusSeconds(60))).hasSize(1);
    }
    // killed: no generator runs the sensor any more, and a request comes in meanwhile
    assertThat(forced.active(T0.plusSeconds(120))).as("status shows only what runs").isEmpty();
    forced.request(oven, AnomalyKind.DROP, Duration.ofMinutes(5), T0.plusSeconds(300));

    ContinuousGenerator.Summary restarted = run(fleet, T0.plusSeconds(600), 3);

    List<AnomalyEpisode> labels = truth.overlapping(T0, T0.plusSeconds(3600));
    assertThat(labels).singleElement().satisfies(e -> {
      assertThat(e.start()).isEqualTo(T0.plusSeconds(50));
      assertThat(e.end()).as("cut after the last stored reading").isEqualTo(T0.plusSeconds(100));
    });
    assertThat(restarted.episodes()).isEmpty();
    assertThat(db.queryLong("SELECT count(*) FROM forced_anomalies WHERE expired_at IS NOT NULL")).isEqualTo(2);
    assertThat(forced.active(T0.plusSeconds(700))).isEmpty();
  }
}
