package com.anomalywatcher.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.anomaly.BenignKind;
import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.model.SensorType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The realistic world: local time, weekly rhythm, benign events, missing readings, new faults. */
class RealisticWorldTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final int DAY = 1440;
  /** 14 days across the EU spring-forward (2026-03-29) and Easter. */
  private static final Instant FROM = Instant.parse("2026-03-22T00:00:00Z");
  private static final String[] ZONES = {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo"};
  /** Rerun with other seeds: -Daw.seed=N. */
  private static final long SEED = Long.getLong("aw.seed", 1234);
  private static SimRun fortnight;

  @BeforeAll
  static void generate() {
    fortnight = SimRun.realistic(24, SEED, 0.02, Difficulty.NORMAL, ZONES).steps(FROM, MINUTE, 14 * DAY);
  }

  /**
   * The schedule is judged on the days whose switch-on no labelled episode moved: at rate 0.02 a lamp
   * has about one fault a day, and a flicker or stuck_off in opening hours, or an offline episode over
   * the switch-on, makes the day's longest on-run start where the episode ends (seeds 10946 and 1800:
   * the median over all days moved by 21 and 135 min; docs/WORLD.md). Any fault the lamp has on other
   * days, or elsewhere in the day, leaves the day in. Each edge moves by up to ±6 min from day to day,
   * so a median of 2-6 days lands within 60 ± 15, as acceptance C1 allows (seed 247: 49 min on
   * undisturbed days; seeds 1-300 and 30 others: 49-71).
   */
  @Test
  void lampsOfAEuropeanSiteSwitchOnAnHourEarlierInUtcAfterTheSpringForward() {
    List<Reading> lamp = readingsOf("lamp-restaurant", "Europe/Berlin");
    Map<LocalDate, Integer> onMinute = dailySwitchOnMinuteUtc(lamp);
    String lampId = lamp.get(0).sensorId();
    onMinute.entrySet().removeIf(e ->
        episodeAt(lampId, e.getKey().atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofMinutes(e.getValue()))));

    double before = median(onMinute, d -> d.isBefore(LocalDate.of(2026, 3, 29)));
    double after = median(onMinute, d -> d.isAfter(LocalDate.of(2026, 3, 29)));

    assertThat(before - after).as("switch-on moved by (min) with seed %d: %s", SEED, onMinute).isBetween(45.0, 75.0);
  }

  @Test
  void restaurantsCloseOnMondaysAndWarehousesAndFactoriesOnSundays() {
    // Fan switches follow the opening hours only (no benign events of their own).
    Map<LocalDate, Integer> restaurant = onMinutesPerLocalDay(readingsOf("fanswitch-restaurant", "Europe/Berlin"), "Europe/Berlin");
    Map<LocalDate, Integer> warehouse = onMinutesPerLocalDay(readingsOf("fanswitch-warehouse", "Asia/Tokyo"), "Asia/Tokyo");
    Map<LocalDate, Integer> factory = onMinutesPerLocalDay(readingsOf("fanswitch-factory", "Australia/Sydney"), "Australia/Sydney");
    Map<LocalDate, Integer> supermarket = onMinutesPerLocalDay(readingsOf("fanswitch-supermarket", "America/New_York"), "America/New_York");

    restaurant.forEach((d, m) -> assertThat(m).as("restaurant %s %s", d, d.getDayOfWeek())
        .isEqualTo(d.getDayOfWeek() == DayOfWeek.MONDAY ? 0 : m).isGreaterThan(d.getDayOfWeek() == DayOfWeek.MONDAY ? -1 : 600));
    warehouse.forEach((d, m) -> assertThat(m == 0).as("warehouse %s %s", d, d.getDayOfWeek()).isEqualTo(d.getDayOfWeek() == DayOfWeek.SUNDAY));
    // Sydney: Good Friday (3 Apr) and Easter Monday are holidays too.
    factory.forEach((d, m) -> assertThat(m == 0).as("factory %s %s", d, d.getDayOfWeek())
        .isEqualTo(d.getDayOfWeek() == DayOfWeek.SUNDAY || d.equals(LocalDate.of(2026, 4, 3))));
    factory.entrySet().stream().filter(e -> e.getKey().getDayOfWeek() == DayOfWeek.SATURDAY)
        .forEach(e -> assertThat(e.getValue()).as("factory Saturday shift %s", e.getKey()).isBetween(400, 600));
    supermarket.entrySet().stream().filter(e -> e.getKey().getDayOfWeek() == DayOfWeek.SUNDAY)
        .forEach(e -> assertThat(e.getValue()).as("supermarket Sunday %s", e.getKey()).isBetween(300, 450));
  }

  @Test
  void everyBenignKindIsLabelledAndMissingReadingsAreExactlyTheDropoutsAndOfflineEpisodes() {
    Set<BenignKind> kinds = fortnight.benign.stream().map(BenignEvent::kind).collect(Collectors.toCollection(() -> EnumSet.noneOf(BenignKind.class)));
    assertThat(kinds).containsExactlyInAnyOrder(BenignKind.values());

    Set<String> present = new HashSet<>();
    fortnight.readings.forEach(r -> present.add(r.sensorId() + "@" + r.timestamp().toEpochMilli()));
    Set<String> explained = new HashSet<>();
    for (BenignEvent e : fortnight.benign) {
      if (e.kind() == BenignKind.DROPOUT) {
        slots(e.sensorId(), e.start(), e.end(), explained);
      }
    }
    for (AnomalyEpisode e : fortnight.episodes) {
      if (e.kind() == AnomalyKind.OFFLINE) {
        slots(e.sensorId(), e.start(), e.end(), explained);
      }
    }
    long expected = 24L * 14 * DAY;
    long missing = expected - fortnight.readings.size();
    List<String> unexplained = new ArrayList<>();
    for (String sensor : fortnight.bySensor.keySet()) {
      for (int i = 0; i < 14 * DAY; i++) {
        String key = sensor + "@" + FROM.plus(MINUTE.multipliedBy(i)).toEpochMilli();
        if (!present.contains(key) && !explained.contains(key)) {
          unexplained.add(key);
        }
      }
    }
    assertThat(unexplained).as("missing readings without a dropout or offline label").isEmpty();
    long dropouts = fortnight.benign.stream().filter(e -> e.kind() == BenignKind.DROPOUT)
        .mapToLong(e -> Duration.between(e.start(), e.end()).toMinutes()).sum();
    assertThat(dropouts / (double) expected).as("dropout fraction").isBetween(0.003, 0.02);
    assertThat(missing / (double) expected).as("missing fraction").isBetween(0.003, 0.05);
  }

  @Test
  void everyNewFaultKindOccursWithGroundTruth() {
    Set<AnomalyKind> kinds = fortnight.episodes.stream().map(AnomalyEpisode::kind).collect(Collectors.toSet());
    assertThat(kinds).contains(AnomalyKind.FROZEN, AnomalyKind.OFFLINE, AnomalyKind.ELEMENT_AGEING, AnomalyKind.BEARING_WEAR);
    for (AnomalyEpisode e : fortnight.episodes) {
      if (e.kind() == AnomalyKind.FROZEN) {
        List<Double> values = fortnight.bySensor.get(e.sensorId()).stream()
            .filter(r -> e.covers(r.timestamp()) && r.timestamp().isBefore(e.end().minus(Duration.ofMinutes(10))))
            .map(Reading::value).distinct().toList();
        assertThat(values).as("frozen %s", e).hasSizeLessThanOrEqualTo(2);
      }
      if (e.kind() == AnomalyKind.OFFLINE) {
        assertThat(Duration.between(e.start(), e.end())).isGreaterThanOrEqualTo(Duration.ofMinutes(15));
      }
    }
  }

  /**
   * A fault is read by the sensor that reads everything else, so its readings have the sensor's
   * resolution: a fan in whole rpm, the others to 0.1. Before, faults were written to 0.1 on fans
   * too, and nothing but a fault was ever off a fan's whole-rpm grid (seed 2718's test week: 0 of
   * 97,017 readings outside faults, 47 of 51 inside overspeeds): any model could tell faults by it.
   */
  @Test
  void readingsInsideFaultsHaveTheSensorsResolution() {
    long faultReadings = 0;
    for (Reading r : fortnight.readings) {
      if (r.type() == SensorType.DIGITAL) {
        continue;
      }
      double step = Category.FAN.dbName().equals(r.category()) ? 1 : 0.1;
      double units = r.value() / step;
      assertThat(Math.abs(units - Math.rint(units))).as("%s at %s: %s", r.sensorId(), r.timestamp(), r.value())
          .isLessThan(1e-6);
      if (Category.FAN.dbName().equals(r.category()) && fortnight.isAnomalous(r)) {
        faultReadings++;
      }
    }
    assertThat(faultReadings).as("fan readings inside faults").isGreaterThan(100);
  }

  @Test
  void anomalyRateHoldsWithinAQuarterOfItsValue() {
    long inside = 0;
    for (AnomalyEpisode e : fortnight.episodes) {
      Instant end = e.end().isAfter(FROM.plus(Duration.ofDays(14))) ? FROM.plus(Duration.ofDays(14)) : e.end();
      inside += Duration.between(e.start(), end).toMinutes();
    }
    double fraction = inside / (24.0 * 14 * DAY);
    assertThat(fraction).as("fraction of expected readings inside an episode, seed %d", SEED).isBetween(0.015, 0.025);
  }

  @Test
  void sameSeedGivesTheSameWorldGapsAndBenignEventsIncluded() {
    SimRun again = SimRun.realistic(24, SEED, 0.02, Difficulty.NORMAL, ZONES).steps(FROM, MINUTE, 2 * DAY);
    SimRun first = SimRun.realistic(24, SEED, 0.02, Difficulty.NORMAL, ZONES).steps(FROM, MINUTE, 2 * DAY);

    assertThat(again.readings).isEqualTo(first.readings);
    assertThat(again.benign).isEqualTo(first.benign);
    assertThat(again.episodes).isEqualTo(first.episodes);
  }

  @Test
  void metadataNamesTheSiteTimeZone() {
    Set<String> zones = fortnight.readings.stream().map(r -> zoneOf(r)).collect(Collectors.toSet());
    assertThat(zones).containsExactlyInAnyOrder(ZONES);
  }

  private static String zoneOf(Reading r) {
    String m = r.metadataJson();
    int i = m.indexOf("\"timezone\":\"") + 12;
    return m.substring(i, m.indexOf('"', i));
  }

  private static List<Reading> readingsOf(String prefix, String zone) {
    return fortnight.bySensor.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix) && zoneOf(e.getValue().get(0)).equals(zone))
        .findFirst().orElseThrow().getValue();
  }

  /** Whether a labelled episode of the sensor covers {@code t}, give or take two readings. */
  private static boolean episodeAt(String sensorId, Instant t) {
    Duration slack = Duration.ofMinutes(2);
    return fortnight.episodes.stream().anyMatch(e -> e.sensorId().equals(sensorId)
        && !e.start().minus(slack).isAfter(t) && !e.end().plus(slack).isBefore(t));
  }

  /** Start (UTC minute of day) of each UTC day's longest run of 1s, for runs of 3 h or more. */
  private static Map<LocalDate, Integer> dailySwitchOnMinuteUtc(List<Reading> readings) {
    Map<LocalDate, long[]> best = new TreeMap<>();
    Instant runStart = null;
    Instant last = null;
    for (Reading r : readings) {
      if (r.value() == 1 && runStart == null) {
        runStart = r.timestamp();
      } else if (r.value() == 0 && runStart != null) {
        keep(best, runStart, last);
        runStart = null;
      }
      last = r.timestamp();
    }
    Map<LocalDate, Integer> out = new TreeMap<>();
    best.forEach((d, v) -> out.put(d, (int) v[0]));
    return out;
  }

  private static void keep(Map<LocalDate, long[]> best, Instant start, Instant end) {
    long len = Duration.between(start, end).toMinutes();
    if (len < 180) {
      return;
    }
    LocalDate day = start.atZone(ZoneOffset.UTC).toLocalDate();
    long minute = start.atZone(ZoneOffset.UTC).getHour() * 60L + start.atZone(ZoneOffset.UTC).getMinute();
    long[] current = best.get(day);
    if (current == null || current[1] < len) {
      best.put(day, new long[] {minute, len});
    }
  }

  private static Map<LocalDate, Integer> onMinutesPerLocalDay(List<Reading> readings, String zone) {
    Map<LocalDate, Integer> out = new TreeMap<>();
    for (Reading r : readings) {
      LocalDate d = r.timestamp().atZone(ZoneId.of(zone)).toLocalDate();
      out.merge(d, r.value() == 1 ? 1 : 0, Integer::sum);
    }
    // The first and last local days are cut by the UTC range.
    out.remove(out.keySet().iterator().next());
    out.remove(((TreeMap<LocalDate, Integer>) out).lastKey());
    return out;
  }

  private static double median(Map<LocalDate, Integer> values, java.util.function.Predicate<LocalDate> which) {
    List<Integer> v = values.entrySet().stream().filter(e -> which.test(e.getKey())).map(Map.Entry::getValue).sorted().toList();
    return v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2.0;
  }

  private static void slots(String sensor, Instant start, Instant end, Set<String> out) {
    for (Instant t = start; t.isBefore(end); t = t.plus(MINUTE)) {
      out.add(sensor + "@" + t.toEpochMilli());
    }
  }
}
