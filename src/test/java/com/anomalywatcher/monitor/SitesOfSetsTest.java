package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.cli.Main;
import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorSets;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
   * Seed 6's supermarket fan (set b) is switched off at 02:20 on Nov 29 while seed 5's (set a) runs
   * ten minutes longer; judged against set a's switch, set b's fan slowing down read as a stall.
   * No stall is injected into either set, so a monitor that pairs each fan with its own switch
   * raises none.
   */
  @Test
  void aFanSwitchedOffIsNotJudgedByAnotherSetsSwitch(@TempDir Path models) {
    long seed = 5;
    for (String set : SETS) {
      assertThat(run(week, "sample", "--set", set, "--days", "8", "--interval", "5", "--sensors", "12",
          "--seed", "" + seed++, "--end", END.toString())).isZero();
    }
    assertThat(run(week, "train", "--hours", "144", "--until", CUT.toString(), "--models-dir", models.toString())).isZero();
    assertThat(run(week, "monitor", "--once", "--threshold", "0.7", "--models-dir", models.toString())).isZero();

    assertThat(new GroundTruthStore(week.database()).overlapping(Instant.EPOCH, END).stream().map(AnomalyEpisode::kind))
        .doesNotContain(AnomalyKind.STALL);
    assertThat(new AlertStore(week.database()).alertsOpenedIn(CUT, END))
        .filteredOn(a -> a.kind() == AnomalyKind.STALL).extracting(AlertRow::sensorId).isEmpty();
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
