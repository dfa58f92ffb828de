package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.cli.Main;
import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.SensorRegistry;
import com.anomalywatcher.store.SensorSets;
import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two sensor sets in one database, each with a fan switch and a fan speed sensor on its site 0.
 * Every set numbers its sites from 0, and the site key that pairs a fan speed sensor with its
 * site's switch (in the monitor and in training) paired one set's fan with the other's switch.
 */
class SitesOfSetsTest {
  private static final List<String> SETS = List.of("a", "b");

  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("sites-of-sets");

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

  private static boolean is(SensorCatalog catalog, SensorRow r,
      java.util.function.Predicate<SensorDescription> kind) {
    return catalog.describe(r).filter(kind).isPresent();
  }

  private static void sample(String set, long seed) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = {"sample", "--set", set, "--world", "clean", "--days", "1", "--interval", "30",
        "--sensors", "12", "--seed", "" + seed, "--db-url", db.jdbcUrl()};
    assertThat(Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true))).as("%s %s", out, err).isZero();
  }
}
