package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A machine that runs colder all day than on any day of its history ({@link ColdDayCheck}), on a real
 * series: NAB's {@code realKnownCause/machine_temperature_system_failure.csv} (github.com/numenta/NAB,
 * data MIT-licensed since ea702d7; 5-minute readings, as "minute since 2013-12-02T21:15Z,value" rounded
 * to 0.001, up to 2014-02-07T00:00Z) as a heater, trained on its first 7 days as {@code
 * docs/real-machine.sh} does. Main alerted neither of NAB's failure windows of 2013-12-10..12 and
 * 2014-01-27..29: the machine held 48–65 °C for most of a day, inside the range a single reading
 * of its history had shown (down to 53 °C) and with no step out of the ordinary, where its
 * history's day-long means lay within 71–87 °C. The rest of the span (two more dips below 50 °C of a
 * few hours, on 2014-01-30 and 02-03, and the days it ran warmer than its first week) stays quiet.
 */
class ColdDayCheckTest {
  private static final String ID = "machine-temp";
  private static final String RESOURCE = "nab/machine-temperature.csv";
  private static final Instant START = Instant.parse("2013-12-02T21:15:00Z");
  private static final int WEEK = 7 * 24 * 60;
  /** NAB's labelled failure windows that end before the excerpt does, as minutes since {@link #START}. */
  private static final int[][] WINDOWS = {
      window("2013-12-10T06:25:00Z", "2013-12-12T05:35:00Z"),
      window("2013-12-15T17:50:00Z", "2013-12-17T17:00:00Z"),
      window("2014-01-27T14:20:00Z", "2014-01-29T13:30:00Z")};

  private static int[] window(String from, String to) {
    return new int[] {minute(from), minute(to)};
  }

  private static int minute(String at) {
    return (int) ((Instant.parse(at).getEpochSecond() - START.getEpochSecond()) / 60);
  }

  private static List<StoredSeries.Alert> alerts() throws Exception {
    SensorDetector d = SensorDetector.fresh(SensorKind.HEATER_TEMPERATURE.description(), ID);
    return StoredSeries.alerts(d, ID, RESOURCE, START, WEEK, 0.7, (minute, value) -> value);
  }

  private static boolean inside(int minute, int[] window) {
    return minute >= window[0] && minute <= window[1];
  }

  @Test
  void aDayRunColderThanAnyDayOfTheHistoryAlertsInBothSlowFailures() throws Exception {
    List<StoredSeries.Alert> found = alerts();
    assertThat(found).as("alerts in 2013-12-10..12").anySatisfy(a -> assertThat(inside(a.minute(), WINDOWS[0])).isTrue());
    assertThat(found).as("alerts in 2014-01-27..29").anySatisfy(a -> assertThat(inside(a.minute(), WINDOWS[2])).isTrue());
  }

  @Test
  void itsExplanationGivesTheDaysMeanAgainstTheHistorys() throws Exception {
    assertThat(alerts()).filteredOn(a -> inside(a.minute(), WINDOWS[2])).isNotEmpty().allSatisfy(a ->
        assertThat(a.detection().detail()).matches("mean of the last 24 h \\d+\\.\\d, where the history's day-long "
            + "means lay within 71\\.\\d–87\\.\\d"));
  }

  @Test
  void nothingAlertsOutsideTheFailureWindows() throws Exception {
    assertThat(alerts()).allSatisfy(a ->
        assertThat(inside(a.minute(), WINDOWS[0]) || inside(a.minute(), WINDOWS[1]) || inside(a.minute(), WINDOWS[2]))
            .as("alert at minute %d (%s)", a.minute(), START.plusSeconds(60L * a.minute())).isTrue());
  }
}
