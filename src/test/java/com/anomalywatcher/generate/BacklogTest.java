package com.anomalywatcher.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.AnomalySource;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Location;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.model.SensorType;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generator's buffer during an outage: beyond its bound the oldest ticks go, are counted, and
 * the gap is labelled {@code offline} (source {@code outage}) for each sensor, so the ground truth
 * says why those seconds have no readings.
 */
class BacklogTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("backlog");
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final Duration SECOND = Duration.ofSeconds(1);

  private static List<Reading> tick(int i) {
    Instant t = T0.plusSeconds(i);
    return List.of(reading("oven-factory-00000a", Category.OVEN, t), reading("fan-factory-00000b", Category.FAN, t));
  }

  private static Reading reading(String id, Category category, Instant t) {
    return new Reading(UUID.nameUUIDFromBytes((id + t).getBytes(java.nio.charset.StandardCharsets.UTF_8)), t, id,
        SensorType.ANALOG, category, 100, "°C", Location.FACTORY, "{}");
  }

  @Test
  void beyondItsBoundTheOldestTicksAreDroppedCountedAndLabelledOffline() {
    try (Backlog backlog = new Backlog(db.database(), Clock.fixed(T0, ZoneOffset.UTC), 6, SECOND)) {
      for (int i = 0; i < 10; i++) {
        backlog.add(tick(i), List.of(), List.of());
      }
      assertThat(backlog.pending()).isEqualTo(6);
      assertThat(backlog.dropped()).isEqualTo(14);

      backlog.store();

      assertThat(backlog.pending()).isZero();
      assertThat(backlog.stored()).isEqualTo(6);
    }
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data")).isEqualTo(6);
    assertThat(db.queryString("SELECT min(timestamp) FROM sensors_data")).startsWith("2026-03-02 12:00:07");
    List<AnomalyEpisode> labels = new GroundTruthStore(db.database()).overlapping(T0, T0.plusSeconds(60));
    assertThat(labels).hasSize(2).allSatisfy(e -> {
      assertThat(e.kind()).isEqualTo(AnomalyKind.OFFLINE);
      assertThat(e.source()).isEqualTo(AnomalySource.OUTAGE);
      assertThat(e.start()).isEqualTo(T0);
      assertThat(e.end()).isEqualTo(T0.plusSeconds(7)); // ticks 0-6 dropped: [T0, T0+7 s)
    });
  }
}
