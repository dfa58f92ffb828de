package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.store.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running states are saved when a read ends; a monitor that stops inside a read (after some of
 * its slices committed) leaves checkpoints ahead of the saved states. Its successor replays into
 * those states exactly the rows the stopped read saw, and ends with the alerts and notifications of
 * a monitor that never stopped. Cold detectors (no models): the case a replay of recent readings
 * rebuilt worst.
 */
class MonitorMidReadRestartTest {
  @RegisterExtension static final TestDatabase straight = TestDatabase.fresh("midread-straight");
  @RegisterExtension static final TestDatabase stopped = TestDatabase.fresh("midread-stopped");
  @TempDir static Path models;

  static final Instant FROM = Instant.parse("2026-03-04T00:00:00Z");
  static final Instant END = FROM.plus(Duration.ofHours(10));
  /** Slices of about 600 readings: 12 sensors' 6-hour read is seven of them. */
  static final int SLICE = 600;

  @BeforeAll
  static void writeHistory() {
    for (TestDatabase db : List.of(straight, stopped)) {
      new GeneratedHistory(4343, 12).write(db.database(), FROM, END, 0.08);
    }
  }

  @Test
  void aMonitorStoppedInsideAReadContinuesExactly() {
    new Monitor(straight.database(), ModelRepository.at(models.resolve("a")), settings(), sink(Integer.MAX_VALUE),
        clock(), SLICE).runOnce();

    Monitor first = new Monitor(stopped.database(), ModelRepository.at(models.resolve("b")), settings(), sink(4),
        clock(), SLICE);
    assertThatThrownBy(first::runOnce).hasMessageContaining("stopped");
    assertThat(stopped.queryLong("""
        SELECT count(*) FROM monitor_state s JOIN monitor_checkpoints c USING (sensor_id)
         WHERE s.scored_at < c.last_scored_at""")).as("checkpoints ahead of their saved states").isPositive();
    new Monitor(stopped.database(), ModelRepository.at(models.resolve("b")), settings(), sink(Integer.MAX_VALUE),
        clock(), SLICE).runOnce();

    String alerts = "SELECT count(*) || ' alerts ' || md5(string_agg(concat_ws('|', sensor_id, kind, opened_at,"
        + " resolved_at, last_anomalous_at, peak_score, peak_at, value, expected_low, expected_high, explanation,"
        + " severity), ',' ORDER BY sensor_id, opened_at)) FROM alerts";
    String events = "SELECT count(*) || ' events ' || md5(string_agg(concat_ws('|', a.sensor_id, a.opened_at,"
        + " o.change_no, o.event, o.payload::text), ',' ORDER BY a.sensor_id, a.opened_at, o.change_no))"
        + " FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id";
    assertThat(straight.queryString(alerts)).doesNotStartWith("0 ");
    assertThat(stopped.queryString(alerts)).isEqualTo(straight.queryString(alerts));
    assertThat(stopped.queryString(events)).isEqualTo(straight.queryString(events));
    assertThat(stopped.queryLong("SELECT sum(scored_count) FROM monitor_checkpoints"))
        .isEqualTo(stopped.queryLong("SELECT count(*) FROM sensors_data"));
  }

  private static MonitorSettings settings() {
    return MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
  }

  private static Clock clock() {
    return Clock.fixed(END.plus(Duration.ofMinutes(1)), ZoneOffset.UTC);
  }

  /** A sink that stops the monitor (like a kill right after a commit) at its {@code stopAt}-th opened alert. */
  private static AlertSink sink(int stopAt) {
    return new AlertSink() {
      int opened;

      @Override
      public void deliver(AlertChange change) {
        if (change.type() == AlertChange.Type.OPENED && ++opened >= stopAt) {
          throw new IllegalStateException("stopped after a commit");
        }
      }

      @Override
      public void close() {}
    };
  }
}
