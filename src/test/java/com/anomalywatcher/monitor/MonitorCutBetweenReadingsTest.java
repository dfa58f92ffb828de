package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained up to a moment between two readings ({@code train --until} now, or a real
 * series' cut at 02:28:45 before readings at 02:29:00, 02:34:00...; here 10 s before a reading of a sensor that reports every 5 minutes): the gap from the model's end to
 * the first reading is no interval of the sensor, so nobody goes offline between readings that come
 * on time. Found on NAB's 5-minute AWS series, where it opened 13-16 false offline alerts each. The
 * generated fleet beside it reports every minute, so the fleet as a whole is never silent.
 */
class MonitorCutBetweenReadingsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("monitor-cut-between");
  @TempDir Path models;

  static final Instant CUT = Instant.parse("2026-03-04T00:04:50Z");
  static final Instant END = CUT.plus(Duration.ofHours(3));

  @Test
  void noSensorGoesOfflineBetweenReadingsThatComeOnTime() {
    GeneratedHistory history = new GeneratedHistory(31, 6);
    history.write(db.database(), CUT.minus(Duration.ofDays(1)), END, 0);
    // a sensor of no known kind that reports every 5 minutes, as NAB's series do; the model ends 10 s before one
    db.execute("INSERT INTO sensors_data (timestamp, sensor_id, value) SELECT t, 'every-5-min', 50 + 10 * sin(extract(epoch FROM t) / 3600)"
        + " + random() FROM generate_series('" + CUT.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS) + "'::timestamptz, '" + END
        + "'::timestamptz, interval '5 minutes') t");
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC))
        .train(CUT.minus(Duration.ofDays(1)), CUT);
    List<AlertChange> events = new ArrayList<>();
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
    new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.collecting(events),
        Clock.fixed(END, ZoneOffset.UTC)).runOnce();

    assertThat(new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, END.plus(Duration.ofDays(1))))
        .filteredOn(a -> a.kind() == AnomalyKind.OFFLINE).isEmpty();
  }
}
