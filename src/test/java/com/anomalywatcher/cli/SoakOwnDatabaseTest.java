package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bench soak} on a database in use is refused before any work: its monitor scores every
 * sensor stored, without their models, so it alerted on the user's sensors and moved their
 * checkpoints past readings the user had not scored yet.
 */
class SoakOwnDatabaseTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("soak-own-db");

  @Test
  void refusesADatabaseWithSensorsOfOtherSetsAndWritesNothing() {
    db.execute("INSERT INTO sensors_data (id, timestamp, sensor_id, type, category, value, unit, location, sensors_metadata)"
        + " VALUES (gen_random_uuid(), now() - interval '1 hour', 'users-boiler-1', 'analog', 'boiler', 1, '', 'unknown', '{}')");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Main.run(new String[] {"bench", "soak", "--minutes", "1", "--sensors", "6", "--db-url", db.jdbcUrl()},
        new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).startsWith("Error: bench soak needs a database of its own").contains("users-boiler-1");
    assertThat(out.toString()).isEmpty();
    assertThat(db.queryLong("SELECT count(*) FROM sensors_data WHERE sensor_id <> 'users-boiler-1'")).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM monitor_checkpoints")).isZero();
    assertThat(db.queryLong("SELECT count(*) FROM alert_sinks")).isZero();
  }
}
