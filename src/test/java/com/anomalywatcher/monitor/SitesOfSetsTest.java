package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.cli.Main;
import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.RunningState;
import com.anomalywatcher.detect.SwitchState;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.MonitorStateStore;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorSets;
import com.anomalywatcher.store.TestDatabase;
import com.anomalywatcher.testing.Sinks;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two sensor sets in one database, each with a fan switch and a fan speed sensor on its site 0.
 * Every set numbers its sites from 0, and the site key that pairs a fan speed sensor with its
 * site's switch (in the monitor and in training) paired one set's fan with the other's switch, so
 * a fan was judged by the other set's switch state.
 */
class SitesOfSetsTest {
  private static final List<String> SETS = List.of("a", "b");

  private static final Instant END = Instant.parse("2026-11-30T00:00:00Z");
  private static final Instant CUT = END.minus(Duration.ofDays(2));

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("sites-of-sets");
  @RegisterExtension static final TestDatabase week = TestDatabase.fresh("sites-of-sets-week");
  @RegisterExtension static final TestDatabase restart = TestDatabase.fresh("sites-of-sets-restart");
  /** When the first monitor stopped: set b's supermarket fan is switched off, set a's still runs (see below). */
  private static final Instant STOPPED = Instant.parse("2026-11-29T02:25:00Z");

  @Test
  void aFanSpeedSensorIsPairedOnlyWithTheSwitchOfItsOwnSet() {
    long seed = 5; // one seed per set: the sensor ids come from the seed, and a set takes over ids it shares
    for (String set : SETS) {
      sample(set, seed++);
    }
    SensorSets sets = new SensorSets(db.database());
    SensorCatalog catalog = new SensorCatalog(new SensorRegistry(db.database()).descriptions());
    List<SensorRow> rows = new ReadingStore(db.database()).sensors();

    for (String set : SETS) {
      Set<String> members = Set.copyOf(sets.members(set));
      List<SensorRow> fans = rows.stream().filter(r -> members.contains(r.sensorId()))
          .filter(r -> is(catalog, r, d -> d.category() == Category.FAN && !d.isDigital())).toList();
      assertThat(fans).as("fan speed sensors of set %s", set).isNotEmpty();
      for (SensorRow fan : fans) {
        List<String> switches = rows.stream().filter(r -> is(catalog, r, FleetDetector::isFanSwitch))
            .filter(r -> Sites.siteOf(r).equals(Sites.siteOf(fan))).map(SensorRow::sensorId).toList();
        assertThat(switches).as("fan switches on the site of %s (set %s)", fan.sensorId(), set)
            .hasSize(1).allMatch(members::contains);
      }
    }
  }

  /**
   * A generator's readings published over MQTT and taken in by an ingest into another database: no
   * registry there knows their set, so the metadata names it ({@code continuous --publish}). Two sets'
   * site 0 are two sites, the same as when registered; a sensor whose metadata names no set keeps
   * its site number alone.
   */
  @Test
  void aSensorWithoutARegisteredSetIsOnTheSiteOfTheSetItsMetadataNames() {
    SensorRow a = foreign("fan-restaurant-00000a", "{\"set\":\"a\",\"site\":0,\"serial\":\"x\"}");
    SensorRow b = foreign("fanswitch-restaurant-00000b", "{\"set\":\"b\",\"site\":0}");
    SensorRow registeredInA = new SensorRow("fanswitch-restaurant-00000c", "digital", "fan", "io", "restaurant",
        "{\"site\":0}", "a", END);

    assertThat(Sites.siteOf(a)).isNotEqualTo(Sites.siteOf(b)).isEqualTo(Sites.siteOf(registeredInA));
    assertThat(Sites.siteOf(foreign("fan-restaurant-00000d", "{\"site\":0}"))).isEqualTo("site:0");
  }

  private static SensorRow foreign(String id, String metadata) {
    return new SensorRow(id, "analog", "fan", "rpm", "restaurant", metadata, null, END);
  }

  /**
   * Seed 6's supermarket fan (set b) is switched off at 02:20 on Nov 29 while seed 5's (set a) runs
   * ten minutes longer; judged against set a's switch, set b's fan slowing down read as a stall.
   * No stall is injected into either set, so a monitor that pairs each fan with its own switch
   * raises none.
   */
  @Test
  void aFanSwitchedOffIsNotJudgedByAnotherSetsSwitch(@TempDir Path models) {
    sampleBothSets(week, 8, END);
    assertThat(run(week, "train", "--hours", "144", "--until", CUT.toString(), "--models-dir", models.toString())).isZero();
    assertThat(run(week, "monitor", "--once", "--threshold", "0.7", "--models-dir", models.toString())).isZero();

    assertThat(new GroundTruthStore(week.database()).overlapping(Instant.EPOCH, END).stream().map(AnomalyEpisode::kind))
        .doesNotContain(AnomalyKind.STALL);
    assertThat(new AlertStore(week.database()).alertsOpenedIn(CUT, END))
        .filteredOn(a -> a.kind() == AnomalyKind.STALL).extracting(AlertRow::sensorId).isEmpty();
  }

  /**
   * A monitor built before a site was a set's site saved, with each fan switch's running state, the
   * state of the switch on its site number, which was whichever set's switch had read last. A
   * restarted monitor resumed it, and judged the set's fans by the other set's switch until their
   * own switch read again. Here set a's switches carry set b's switch states, as such a monitor saved
   * them (the layout of the state is unchanged); the restarted monitor holds set a's own.
   */
  @Test
  void aRestartedMonitorDoesNotResumeASwitchStateSavedBeforeSitesWereKeyedBySet(@TempDir Path models) {
    sampleBothSets(restart, 1, STOPPED);
    assertThat(run(restart, "train", "--hours", "12", "--until", STOPPED.minus(Duration.ofHours(6)).toString(),
        "--models-dir", models.toString())).isZero();
    Monitor before = monitor(models);
    before.runOnce();
    before.saveRunningStates();
    Map<String, String> otherSetsSwitch = switchesOfSetAWithSetBsOnTheirSite();
    MonitorStateStore states = new MonitorStateStore(restart.database());
    List<String> switches = new ArrayList<>(otherSetsSwitch.keySet());
    switches.addAll(otherSetsSwitch.values());
    Map<String, MonitorStateStore.Saved> saved = states.read(switches);
    Map<String, SwitchState> own = new HashMap<>();
    Map<String, SwitchState> others = new HashMap<>();
    List<MonitorStateStore.Saved> asSavedBeforeTheFix = new ArrayList<>();
    otherSetsSwitch.forEach((a, b) -> {
      Monitor.SavedSensor mine = decode(saved.get(a));
      own.put(a, mine.fanSwitch());
      others.put(a, decode(saved.get(b)).fanSwitch());
      asSavedBeforeTheFix.add(new MonitorStateStore.Saved(a, saved.get(a).scoredAt(), Monitor.STATE_FORMAT,
          saved.get(a).modelTo(), RunningState.encode(new Monitor.SavedSensor(mine.detector(), others.get(a), mine.silence()))));
    });
    assertThat(otherSetsSwitch.keySet()).as("a switch of set a that is on while set b's on its site number is off")
        .anyMatch(a -> own.get(a).on() != others.get(a).on());
    states.save(asSavedBeforeTheFix);

    Monitor restarted = monitor(models);
    restarted.runOnce();

    for (String a : otherSetsSwitch.keySet()) {
      SwitchState resumed = decode(restarted.runningState(a)).fanSwitch();
      assertThat(resumed.on()).as("switch %s of set a on after a restart", a).isEqualTo(own.get(a).on());
      assertThat(resumed.seenAt()).as("switch %s of set a last seen", a).isEqualTo(own.get(a).seenAt());
      if (!own.get(a).since().equals(others.get(a).since())) {
        assertThat(resumed.since()).as("switch %s of set a in its state since", a).isNotEqualTo(others.get(a).since());
      }
    }
  }

  /** Sets a and b, seeds 5 and 6, of 12 sensors each in the realistic world, readings every 5 minutes to {@code end}. */
  private static void sampleBothSets(TestDatabase database, int days, Instant end) {
    long seed = 5;
    for (String set : SETS) {
      assertThat(run(database, "sample", "--set", set, "--days", "" + days, "--interval", "5", "--sensors", "12",
          "--seed", "" + seed++, "--end", end.toString())).isZero();
    }
  }

  /** Each fan switch of set a, with the switch of set b on the same site number. */
  private static Map<String, String> switchesOfSetAWithSetBsOnTheirSite() {
    SensorCatalog catalog = new SensorCatalog(new SensorRegistry(restart.database()).descriptions());
    SensorSets sets = new SensorSets(restart.database());
    Map<String, String> setOf = new HashMap<>();
    SETS.forEach(set -> sets.members(set).forEach(id -> setOf.put(id, set)));
    Map<String, Map<String, String>> switchBySiteNumber = new HashMap<>();
    for (SensorRow r : new ReadingStore(restart.database()).sensors()) {
      if (is(catalog, r, FleetDetector::isFanSwitch)) {
        String number = Sites.siteOf(r).substring(Sites.siteOf(r).indexOf('/') + 1);
        switchBySiteNumber.computeIfAbsent(setOf.get(r.sensorId()), k -> new HashMap<>()).put(number, r.sensorId());
      }
    }
    Map<String, String> pairs = new HashMap<>();
    switchBySiteNumber.get("a").forEach((number, a) -> pairs.put(a, switchBySiteNumber.get("b").get(number)));
    assertThat(pairs).as("fan switches of set a and set b by site number").isNotEmpty().doesNotContainValue(null);
    return pairs;
  }

  private static Monitor monitor(Path models) {
    return new Monitor(restart.database(), ModelRepository.at(models),
        MonitorSettings.of(0.7, AlertPolicy.DEFAULT_QUIET_READINGS, Duration.ofMinutes(15)), Sinks.none(),
        Clock.fixed(STOPPED.plusSeconds(30), ZoneOffset.UTC));
  }

  private static Monitor.SavedSensor decode(MonitorStateStore.Saved saved) {
    return decode(saved.state());
  }

  private static Monitor.SavedSensor decode(byte[] state) {
    return RunningState.decode(state, Monitor.SavedSensor.class);
  }

  private static boolean is(SensorCatalog catalog, SensorRow r,
      java.util.function.Predicate<SensorDescription> kind) {
    return catalog.describe(r).filter(kind).isPresent();
  }

  private static void sample(String set, long seed) {
    assertThat(run(db, "sample", "--set", set, "--world", "clean", "--days", "1", "--interval", "30",
        "--sensors", "12", "--seed", "" + seed)).isZero();
  }

  /** Runs a command against {@code database}; returns its exit code (its output goes to the test's log). */
  private static int run(TestDatabase database, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--db-url", database.jdbcUrl())).toArray(String[]::new);
    int code = Main.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    if (code != 0) {
      System.err.println(String.join(" ", args) + ": " + out + err);
    }
    return code;
  }
}
