package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A generic sensor's first reading after its feed stopped for a day is no anomaly of its value:
 * the silence is the monitor's to judge (an {@code offline} alert, which knows whether the whole feed
 * was down). Recorded readings from NAB (github.com/numenta/NAB, data MIT-licensed since ea702d7),
 * as "minute since the excerpt's start,value": {@code realAdExchange/exchange-2_cpc_results.csv}
 * 2011-08-20 to 09-06 (hourly, no reading from 2011-09-01 18:00 to 09-02 15:00) and
 * {@code realKnownCause/ambient_temperature_system_failure.csv} 2013-07-15 to 08-05 (hourly, none from
 * 2013-07-28 04:00 to 07-29 12:00). Through the product (train on the first week, {@code monitor
 * --once --threshold 0.7}) each returning reading opened a {@code drift} alert at a value inside its
 * own expected range, outside NAB's windows.
 */
class GenericOutageTest {
  private static final int WEEK = 7 * 24 * 60;

  private static List<StoredSeries.Alert> alerts(String resource, Instant start) throws Exception {
    SensorDetector d = SensorDetector.fresh(SensorDescription.generic(null, SensorType.ANALOG, "", null), "real-series");
    return StoredSeries.alerts(d, "real-series", resource, start, WEEK, 0.7, (minute, value) -> value);
  }

  @Test
  void theAdFeedsReturnAfterADayWithoutReadingsIsNoAlert() throws Exception {
    List<StoredSeries.Alert> found = alerts("nab/exchange-2-cpc-outage.csv", Instant.parse("2011-08-20T00:00:01Z"));
    assertThat(found).as("readings scored >= 0.7, the returning one at minute 19620").isEmpty();
  }

  @Test
  void theAmbientTemperaturesReturnAfterItsOutageIsNoAlert() throws Exception {
    List<StoredSeries.Alert> found = alerts("nab/ambient-temperature-outage.csv", Instant.parse("2013-07-15T00:00:00Z"));
    assertThat(found).as("readings scored >= 0.7, the returning one at minute 20880").isEmpty();
  }
}
