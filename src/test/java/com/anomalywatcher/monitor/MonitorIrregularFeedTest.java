package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real feed whose interval wanders: NAB's {@code realTraffic/TravelTime_451.csv}
 * (github.com/numenta/NAB, data MIT-licensed since ea702d7), its readings from 2015-07-28 11:56 to
 * 08-05 23:27 as "minute since the first,value", every 8 to 20 minutes with silences of hours. The
 * reading that ends a silence moves the sensor's interval (from 8 to 9 minutes on 08-04, none from
 * 12:33 to 15:23); what is said of the silence must be what it was judged by. Trained on its first
 * week as {@code docs/real-series.sh} does, then {@code monitor --once}.
 */
class MonitorIrregularFeedTest {
  @RegisterExtension static final TestDatabase alone = TestDatabase.fresh("monitor-irregular-alone");
  @RegisterExtension static final TestDatabase beside = TestDatabase.fresh("monitor-irregular-beside");
  @TempDir Path models;

  static final Instant START = Instant.parse("2015-07-28T11:56:00Z");
  static final Instant CUT = START.plus(Duration.ofDays(7));
  static final Instant END = Instant.parse("2015-08-06T00:00:00Z");

  /** Alone it is the whole feed: a silence of the feed is no sensor's offline. */
  @Test
  void theFeedsOnlySensorDoesNotGoOfflineWhenTheFeedWasSilent() throws Exception {
    List<AlertRow> alerts = monitored(alone, "travel-time", false);
    assertThat(alerts).filteredOn(a -> a.kind() == AnomalyKind.OFFLINE).isEmpty();
  }

  /** Beside a sensor that reports every minute, its silences are its own: each alert names its last reading. */
  @Test
  void anOfflineAlertNamesTheLastReadingBeforeTheSilence() throws Exception {
    List<AlertRow> offline = monitored(beside, "travel-time", true).stream()
        .filter(a -> a.sensorId().equals("travel-time") && a.kind() == AnomalyKind.OFFLINE).toList();
    assertThat(offline).extracting(AlertRow::explanation)
        .contains("travel-time: no reading since 12:33 Tue UTC, expected one every 8 min — offline");
    List<Instant> readings = readings().stream().map(r -> START.plusSeconds(60L * (long) r[0])).toList();
    for (AlertRow a : offline) {
      Instant last = readings.stream().filter(t -> t.isBefore(a.openedAt())).reduce((x, y) -> y).orElseThrow();
      assertThat(a.explanation()).as("opened %s", a.openedAt())
          .contains("no reading since " + Explanations.when(new SensorInfo("travel-time", "", "", "", null), last));
    }
  }

  private List<AlertRow> monitored(TestDatabase db, String sensorId, boolean besideAFleet) throws Exception {
    StringBuilder sql = new StringBuilder("INSERT INTO sensors_data (timestamp, sensor_id, value) VALUES ");
    List<double[]> rows = readings();
    for (int i = 0; i < rows.size(); i++) {
      sql.append(i == 0 ? "" : ",").append("('").append(START.plusSeconds(60L * (long) rows.get(i)[0])).append("', '")
          .append(sensorId).append("', ").append(rows.get(i)[1]).append(")");
    }
    db.execute(sql.toString());
    if (besideAFleet) {
      db.execute("INSERT INTO sensors_data (timestamp, sensor_id, value) SELECT t, 'every-minute', 50 + sin(extract(epoch FROM t) / 3600)"
          + " FROM generate_series('" + START + "'::timestamptz, '" + END + "'::timestamptz, interval '1 minute') t");
    }
    new ModelTrainer(db.database(), ModelRepository.at(models), Clock.fixed(CUT, ZoneOffset.UTC)).train(START, CUT);
    MonitorSettings settings = MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15));
    new Monitor(db.database(), ModelRepository.at(models), settings, Sinks.collecting(new ArrayList<>()),
        Clock.fixed(END, ZoneOffset.UTC)).runOnce();
    return new AlertStore(db.database()).alertsOpenedIn(Instant.EPOCH, END.plus(Duration.ofDays(1))).stream()
        .filter(a -> a.sensorId().equals(sensorId)).toList();
  }

  private static List<double[]> readings() throws Exception {
    List<double[]> out = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        MonitorIrregularFeedTest.class.getClassLoader().getResourceAsStream("nab/travel-time-451.csv")),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] f = line.split(",");
        out.add(new double[] {Long.parseLong(f[0]), Double.parseDouble(f[1])});
      }
    }
    return out;
  }
}
