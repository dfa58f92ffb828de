package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Location;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.SensorState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StoresTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("stores");

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String OVEN = "oven-restaurant-3fa2c1";
  private static final String LAMP = "lamp-restaurant-00aa11";

  @Test
  void upsertingAnEpisodeAgainMovesItsEnd() {
    GroundTruthStore store = new GroundTruthStore(db.database());
    AnomalyEpisode spike = new AnomalyEpisode(OVEN, Category.OVEN, AnomalyKind.SPIKE, T0, T0.plusSeconds(600),
        Map.of("magnitude", 75.0), AnomalySource.RANDOM);
    store.upsert(List.of(spike));
    AnomalyEpisode cut = new AnomalyEpisode(OVEN, Category.OVEN, AnomalyKind.SPIKE, T0, T0.plusSeconds(120),
        Map.of("magnitude", 75.0), AnomalySource.RANDOM);
    store.upsert(List.of(cut));

    assertThat(store.overlapping(T0.minusSeconds(3600), T0.plusSeconds(3600))).containsExactly(cut);
    assertThat(store.overlapping(T0.plusSeconds(120), T0.plusSeconds(3600))).isEmpty();
  }

  @Test
  void anEpisodeWrittenAheadOfItsReadingsIsStoredAndMovedLikeAnyOther() {
    GroundTruthStore store = new GroundTruthStore(db.database());
    Instant start = T0.plusSeconds(7200);
    AnomalyEpisode stuck = new AnomalyEpisode(LAMP, Category.LAMP, AnomalyKind.STUCK_ON, start,
        start.plusSeconds(900), Map.of(), AnomalySource.RANDOM);
    store.upsertAhead(List.of(stuck));
    assertThat(store.overlapping(start, start.plusSeconds(60))).containsExactly(stuck);

    AnomalyEpisode cut = new AnomalyEpisode(LAMP, Category.LAMP, AnomalyKind.STUCK_ON, start,
        start.plusSeconds(300), Map.of(), AnomalySource.RANDOM);
    store.upsertAhead(List.of(cut));
    assertThat(store.overlapping(start, start.plusSeconds(60))).containsExactly(cut);
    // the commit setting was the transaction's own: the pooled connections commit as the server says
    assertThat(TestDatabase.queryLong(db.database(), "SELECT count(*) FROM pg_settings WHERE name = 'synchronous_commit'"
        + " AND setting = reset_val")).isEqualTo(1);
  }

  @Test
  void registryKeepsFleetOrderAndStateRoundTrips() {
    SensorRegistry registry = new SensorRegistry(db.database());
    List<SensorSpec> fleet = List.of(
        new SensorSpec(OVEN, SensorKind.OVEN_TEMPERATURE, Location.RESTAURANT, 0),
        new SensorSpec(LAMP, SensorKind.LAMP, Location.RESTAURANT, 0));
    registry.register(fleet);
    registry.register(fleet);
    assertThat(registry.load()).containsExactlyElementsOf(fleet);
    assertThat(registry.find(LAMP)).contains(fleet.get(1));
    assertThat(registry.find("lamp-restaurant-ffffff")).isEmpty();

    SensorStateStore states = new SensorStateStore(db.database());
    SensorState s = new SensorState(OVEN, T0, 212.5, "{\"phase\": \"cooking\", \"lag\": 0.25}");
    states.save(List.of(s));
    SensorState loaded = states.load(List.of(OVEN, LAMP)).get(OVEN);
    assertThat(loaded.timestamp()).isEqualTo(T0);
    assertThat(loaded.value()).isEqualTo(212.5);
    assertThat(loaded.stateJson()).contains("\"phase\": \"cooking\"");
    assertThat(states.load(List.of(LAMP))).isEmpty();

    states.save(List.of(new SensorState(OVEN, T0.minusSeconds(3600), 20.0, "{}")));
    assertThat(states.load(List.of(OVEN)).get(OVEN).timestamp()).as("older state ignored").isEqualTo(T0);
    states.save(List.of(new SensorState(OVEN, T0.plusSeconds(60), 213.0, "{}")));
    assertThat(states.load(List.of(OVEN)).get(OVEN).value()).isEqualTo(213.0);
  }

  @Test
  void aForcedRequestIsClaimedOnceAndEndsWithClear() {
    try (SensorLease generator = SensorLease.acquire(db.database(), List.of(OVEN, LAMP))) {
      claimedOnceAndEndedByClear();
    }
  }

  private void claimedOnceAndEndedByClear() {
    ForcedAnomalyStore forced = new ForcedAnomalyStore(db.database());
    long id = forced.request(OVEN, AnomalyKind.SPIKE, Duration.ofMinutes(5), T0);
    assertThat(forced.active(T0)).singleElement().satisfies(s -> assertThat(s.pickedUpAt()).isEmpty());

    List<ForcedRequest> claimed = forced.claimNew(List.of(OVEN, LAMP), T0.plusSeconds(10));
    assertThat(claimed).containsExactly(new ForcedRequest(id, OVEN, AnomalyKind.SPIKE, Duration.ofMinutes(5), T0));
    assertThat(forced.claimNew(List.of(OVEN), T0.plusSeconds(20))).isEmpty();
    assertThat(forced.active(T0.plusSeconds(60))).singleElement()
        .satisfies(s -> assertThat(s.endsAt()).contains(T0.plusSeconds(310)));
    assertThat(forced.active(T0.plusSeconds(400))).isEmpty();

    Optional<Instant> before = forced.lastClear();
    assertThat(forced.clearAll(T0.plusSeconds(90))).isEqualTo(1);
    assertThat(forced.lastClear()).isNotEqualTo(before).contains(T0.plusSeconds(90));
    assertThat(forced.clearedSince(T0.plusSeconds(80))).isTrue();
    assertThat(forced.active(T0.plusSeconds(91))).isEmpty();
  }

  @Test
  void latestIsNewestFirstAndRangesAreOldestFirst() {
    try (TestDatabase t = TestDatabase.fresh("stores readings")) {
      try (ReadingWriter w = ReadingWriter.open(t.database(), Clock.fixed(T0, ZoneOffset.UTC))) {
        w.writeAll(TestReadings.series(3, T0, Duration.ofMinutes(1), 60));
      }
      ReadingStore store = new ReadingStore(t.database());
      List<Reading> latest = store.latest(ReadFilter.all(), 4);
      assertThat(latest).extracting(Reading::timestamp)
          .containsExactly(T0.plusSeconds(3540), T0.plusSeconds(3540), T0.plusSeconds(3540), T0.plusSeconds(3480));
      assertThat(store.sensorRange(TestReadings.sensorId(2), T0.plusSeconds(60), T0.plusSeconds(240)))
          .extracting(Reading::timestamp)
          .containsExactly(T0.plusSeconds(60), T0.plusSeconds(120), T0.plusSeconds(180));
      List<Reading> all = new java.util.ArrayList<>();
      store.forEachInRange(T0, T0.plusSeconds(3600), all::add);
      assertThat(all).hasSize(180);
      assertThat(store.sensorIds()).containsExactly(
          TestReadings.sensorId(0), TestReadings.sensorId(1), TestReadings.sensorId(2));
    }
  }
}
