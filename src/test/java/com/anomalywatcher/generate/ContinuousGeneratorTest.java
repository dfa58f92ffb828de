package com.anomalywatcher.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.store.ForcedAnomalyStore;
import com.anomalywatcher.store.ForcedStatus;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.SensorLease;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorStateStore;
import com.anomalywatcher.store.StoreException;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContinuousGeneratorTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  @Test
  void realisticWorldSendsSomeReadingsLateOrTwiceAndTheStoreKeepsOneRowForEach() throws InterruptedException {
    try (TestDatabase db = TestDatabase.fresh("continuous-late")) {
      SettableClock clock = new SettableClock(T0);
      List<SensorSpec> fleet = new FleetResolver(new SensorRegistry(db.database())).resolve(24, OptionalLong.of(3), 3);
      SimulationSettings settings =
          SimulationSettings.realistic(3, Duration.ofSeconds(10), 0.02, false, Difficulty.NORMAL, List.of());
      List<Reading> produced = new ArrayList<>();
      AtomicInteger done = new AtomicInteger();
      ContinuousGenerator generator = new ContinuousGenerator(db.database(),
          new ContinuousGenerator.Settings(fleet, settings, Optional.empty()), clock, (deadline, stop) -> clock.set(deadline));

      ContinuousGenerator.Summary summary = generator.run(() -> done.get() >= 300, (tick, forced, cleared) -> {
        produced.addAll(tick.readings());
        done.incrementAndGet();
      });

      assertThat(summary.readings()).as("sent, duplicates included").isGreaterThan(produced.size());
      assertThat(summary.readings() - summary.sentTwice()).as("sent once each").isEqualTo(produced.size());
      assertThat(db.queryLong("SELECT count(*) FROM sensors_data")).isEqualTo(produced.size());
      assertThat(db.queryLong("SELECT count(DISTINCT (sensor_id, timestamp)) FROM sensors_data")).isEqualTo(produced.size());
      assertThat(db.queryLong("SELECT count(*) FROM benign_events WHERE kind = 'dropout'")).isPositive();
    }
  }

  @Test
  void forcedAnomalyIsPickedUpAtTheNextTickAndLabelled() throws InterruptedException {
    try (TestDatabase db = TestDatabase.fresh("continuous-forced")) {
      SettableClock clock = new SettableClock(T0);
      List<SensorSpec> fleet = fleet(db);
      String oven = fleet.get(0).sensorId();
      new ForcedAnomalyStore(db.database()).request(oven, AnomalyKind.SPIKE, Duration.ofMinutes(2), T0);

      ContinuousGenerator.Summary summary = run(db, clock, fleet, 5, (tick, forced, cleared) -> {});

      assertThat(summary.ticks()).isEqualTo(5);
      assertThat(summary.readings()).isEqualTo(5L * fleet.size());
      List<AnomalyEpisode> stored = new GroundTruthStore(db.database()).overlapping(T0, T0.plusSeconds(3600));
      assertThat(stored).anySatisfy(e -> {
        assertThat(e.sensorId()).isEqualTo(oven);
        assertThat(e.kind()).isEqualTo(AnomalyKind.SPIKE);
        assertThat(e.source()).isEqualTo(AnomalySource.FORCED);
        assertThat(e.start()).isEqualTo(T0);
      });
    }
  }

  @Test
  void statusOfAForcedSpikeEndsWhereItsStoredLabelEnds() throws InterruptedException {
    try (TestDatabase db = TestDatabase.fresh("continuous-forced-status")) {
      SettableClock clock = new SettableClock(T0);
      List<SensorSpec> fleet = fleet(db);
      String oven = fleet.get(0).sensorId();
      ForcedAnomalyStore forced = new ForcedAnomalyStore(db.database());
      forced.request(oven, AnomalyKind.SPIKE, Duration.ofMinutes(2), T0);
      List<ForcedStatus> shown = new ArrayList<>();
      List<AnomalyEpisode> labels = new ArrayList<>();
      AtomicInteger ticks = new AtomicInteger();

      // While the generator runs (it holds the sensors' lease; stopping ends the label early), as
      // 'anomaly status' asks.
      run(db, clock, fleet, 3, (tick, picked, ended) -> {
        if (ticks.incrementAndGet() == 2) {
          shown.addAll(forced.active(clock.instant()));
          labels.addAll(new GroundTruthStore(db.database()).overlapping(T0, T0.plusSeconds(3600)));
        }
      });

      AnomalyEpisode label = labels.stream().filter(e -> e.source() == AnomalySource.FORCED).findFirst().orElseThrow();
      // A spike settles back over a few readings after its 2 minutes: the label ends after T0 + 2 min.
      assertThat(label.end()).isAfter(T0.plus(Duration.ofMinutes(2)));
      assertThat(shown).singleElement().satisfies(s -> {
        assertThat(s.pickedUpAt()).contains(label.start());
        assertThat(s.endsAt()).contains(label.end());
      });
    }
  }

  @Test
  void clearEndsAForcedAnomalyAtTheNextTickLettingTheValueSettleInsideTheLabel() throws InterruptedException {
    try (TestDatabase db = TestDatabase.fresh("continuous-clear")) {
      SettableClock clock = new SettableClock(T0);
      List<SensorSpec> fleet = fleet(db);
      String oven = fleet.get(0).sensorId();
      ForcedAnomalyStore forced = new ForcedAnomalyStore(db.database());
      forced.request(oven, AnomalyKind.SPIKE, Duration.ofMinutes(30), T0);
      List<AnomalyEpisode> cleared = new ArrayList<>();
      AtomicInteger ticks = new AtomicInteger();

      run(db, clock, fleet, 20, (tick, picked, ended) -> {
        cleared.addAll(ended);
        if (ticks.incrementAndGet() == 2) {
          forced.clearAll(clock.instant());
        }
      });

      // Cleared at the third tick (T0+20s): the label ends there, or a few readings later when the
      // value needs them to settle back; never at the planned 30 minutes.
      assertThat(cleared).singleElement().satisfies(e -> assertThat(e.end()).isBetween(T0.plusSeconds(20), T0.plusSeconds(120)));
      assertThat(new GroundTruthStore(db.database()).overlapping(T0, T0.plusSeconds(3600)))
          .filteredOn(e -> e.source() == AnomalySource.FORCED)
          .singleElement()
          .satisfies(e -> assertThat(e.end()).isEqualTo(cleared.get(0).end()));
    }
  }

  @Test
  void forceRequestedRightAfterAClearIsNotLost() throws InterruptedException {
    try (TestDatabase db = TestDatabase.fresh("continuous-clear-then-force")) {
      SettableClock clock = new SettableClock(T0);
      List<SensorSpec> fleet = fleet(db);
      String oven = fleet.get(0).sensorId();
      ForcedAnomalyStore forced = new ForcedAnomalyStore(db.database());
      AtomicInteger ticks = new AtomicInteger();

      run(db, clock, fleet, 4, (tick, picked, ended) -> {
        if (ticks.incrementAndGet() == 1) {
          forced.clearAll(clock.instant());
          forced.request(oven, AnomalyKind.DROP, Duration.ofMinutes(5), clock.instant());
        }
      });

      assertThat(new GroundTruthStore(db.database()).overlapping(T0, T0.plusSeconds(3600)))
          .filteredOn(e -> e.source() == AnomalySource.FORCED)
          .singleElement()
          .satisfies(e -> {
            assertThat(e.kind()).isEqualTo(AnomalyKind.DROP);
            assertThat(e.start()).isEqualTo(T0.plusSeconds(10));
          });
    }
  }

  @Test
  void stopSavesStateSoARestartContinuesTheSensors() throws InterruptedException {
    try (TestDatabase db = TestDatabase.fresh("continuous-restart")) {
      SettableClock clock = new SettableClock(T0);
      List<SensorSpec> fleet = fleet(db);
      run(db, clock, fleet, 3, (tick, forced, cleared) -> {});

      Map<String, SensorState> saved = new SensorStateStore(db.database())
          .load(fleet.stream().map(SensorSpec::sensorId).toList());
      assertThat(saved).hasSize(fleet.size());
      assertThat(saved.values()).allSatisfy(s -> assertThat(s.timestamp()).isEqualTo(T0.plusSeconds(20)));
    }
  }

  @Test
  void refusesSensorsAnotherGeneratorIsRunning() {
    try (TestDatabase db = TestDatabase.fresh("continuous-lease")) {
      SettableClock clock = new SettableClock(T0);
      List<SensorSpec> fleet = fleet(db);
      try (SensorLease other = SensorLease.acquire(db.database(), List.of(fleet.get(2).sensorId()))) {
        assertThatThrownBy(() -> run(db, clock, fleet, 2, (tick, forced, cleared) -> {}))
            .isInstanceOf(StoreException.class)
            .hasMessageContaining(fleet.get(2).sensorId())
            .hasMessageContaining("already being generated");
      }
      assertThat(new SensorStateStore(db.database()).load(fleet.stream().map(SensorSpec::sensorId).toList())).isEmpty();
    }
  }

  private static List<SensorSpec> fleet(TestDatabase db) {
    return new FleetResolver(new SensorRegistry(db.database())).resolve(6, OptionalLong.of(3), 3);
  }

  /** Runs {@code ticks} ticks 10 s apart in simulated time. */
  private static ContinuousGenerator.Summary run(
      TestDatabase db, SettableClock clock, List<SensorSpec> fleet, int ticks, ContinuousGenerator.Listener listener)
      throws InterruptedException {
    SimulationSettings settings = new SimulationSettings(3, Duration.ofSeconds(10), 0.0, false);
    AtomicInteger done = new AtomicInteger();
    ContinuousGenerator generator = new ContinuousGenerator(
        db.database(), new ContinuousGenerator.Settings(fleet, settings, Optional.empty()), clock,
        (deadline, stop) -> clock.set(deadline));
    return generator.run(() -> done.get() >= ticks, (tick, forced, cleared) -> {
      listener.onTick(tick, forced, cleared);
      done.incrementAndGet();
    });
  }
}
