package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A burst far beyond every burst a bursty series showed is an anomaly, though the series' heavy
 * tail widens its level margins. Recorded readings from NAB (github.com/numenta/NAB, data
 * MIT-licensed since ea702d7), as "minute since the excerpt's start,value":
 * {@code realAWSCloudwatch/ec2_network_in_5abac7.csv} from its start, 2014-03-01 17:36, to the end of
 * its first labelled window, 2014-03-11 04:46 (the window opens at 03-10 09:06, minute 12450).
 * Trained on the first week (acceptance E2's protocol), whose readings rest at 42 bytes and burst up
 * to 5.6e6; in the window it bursts to 6.5e6 (18:56). The level check's margin above the 99.8 %
 * quantile is half the tail, 2.5e6, so it scored nothing and the forest 0.44: no alert, and the file
 * failed E2 with none of its two windows.
 */
class GenericUnseenTest {
  private static final int WEEK = 7 * 24 * 60;
  private static final int WINDOW_START = 12450;
  private static final int WINDOW_END = 13630;

  @Test
  void aBurstFarBeyondEveryBurstOfTheHistoryIsAnAlertInsideTheLabelledWindowOnly() throws Exception {
    SensorDetector d = SensorDetector.fresh(SensorDescription.generic(null, SensorType.ANALOG, "", null), "real-series");
    List<StoredSeries.Alert> found = StoredSeries.alerts(d, "real-series", "nab/network-in-5abac7.csv",
        Instant.parse("2014-03-01T17:36:00Z"), WEEK, 0.7, (minute, value) -> value);

    assertThat(found).as("readings scored >= 0.7").isNotEmpty();
    assertThat(found).as("alerts outside NAB's window (minutes %d-%d)", WINDOW_START, WINDOW_END)
        .allMatch(a -> a.minute() >= WINDOW_START && a.minute() <= WINDOW_END);
    StoredSeries.Alert first = found.get(0);
    assertThat(first.detection().kind()).isEqualTo(AnomalyKind.SPIKE);
    assertThat(first.detection().expectedHigh()).as("the expected range stays inside what was shown")
        .isLessThan(6.0e6);
  }
}
