package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An alert of a generic sensor names the direction its own numbers show. Recorded readings: NAB's
 * {@code realTraffic/speed_t4013.csv} (github.com/numenta/NAB, data MIT-licensed since ea702d7),
 * 2015-09-01 11:25 to 09-17 08:55 as "minute since the first,value", trained up to
 * 2015-09-03 21:45:06 as {@code docs/real-series.sh} cuts it. At 09-17 08:15 (minute 22850, in NAB's
 * window) the speed fell to 11 against an expected 23–75; only the forest scored it, and the kind
 * it got was a spike.
 */
class GenericKindTest {
  @Test
  void aValueBelowItsExpectedRangeIsADrop() throws Exception {
    SensorDetector d = SensorDetector.fresh(SensorDescription.generic(null, SensorType.ANALOG, "", null), "real-series");
    List<StoredSeries.Alert> alerts = StoredSeries.alerts(d, "real-series", "nab/speed-t4013.csv",
        Instant.parse("2015-09-01T11:25:00Z"), 3501, 0.7, (minute, value) -> value);
    List<double[]> readings = StoredSeries.read("nab/speed-t4013.csv");
    assertThat(alerts).extracting(StoredSeries.Alert::minute).contains(22850);
    for (StoredSeries.Alert a : alerts) {
      double value = readings.stream().filter(r -> r[0] == a.minute()).findFirst().orElseThrow()[1];
      Detection det = a.detection();
      if (value < det.expectedLow()) {
        assertThat(det.kind()).as("minute %d: %s below %s", a.minute(), value, det.expectedLow()).isEqualTo(AnomalyKind.DROP);
      } else if (value > det.expectedHigh()) {
        assertThat(det.kind()).as("minute %d: %s above %s", a.minute(), value, det.expectedHigh()).isEqualTo(AnomalyKind.SPIKE);
      }
    }
  }
}
