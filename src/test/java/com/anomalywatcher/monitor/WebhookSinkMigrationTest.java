package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Upgrading a database whose webhook sinks were named by their URL (see {@link WebhookSinkNameTest}). */
class WebhookSinkMigrationTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("webhook-sink-migration");
  private final OutboxStore outbox = new OutboxStore(db.database());

  private static String open(String sensor, int minute) {
    return OvenSpikes.open(db, sensor, minute);
  }

  /**
   * A database with two monitors that posted to two receivers (their sinks named by URL) keeps two
   * sinks, each with what it had still to deliver and its delivery records: the one registered last
   * becomes {@code webhook}, the other {@code webhook 2} ({@code --webhook-name 2}). Before, both were
   * merged into {@code webhook}, and one receiver was sent the other's events.
   */
  @Test
  void eachUrlNamedSinkBecomesASinkOfItsOwn() throws Exception {
    String typo = "webhook http://alertmanger:9093/api/v2/alerts json #11111111";
    String fixed = "webhook http://alertmanager:9093/api/v2/alerts json #22222222";
    db.execute("INSERT INTO alert_sinks (sink, since_outbox_id, registered_at) VALUES ('" + typo + "', 0, now() - interval"
        + " '1 hour'), ('" + fixed + "', 0, now())");
    String both = open("oven-legacy-000001", 30); // waiting for both
    String delivered = open("oven-legacy-000002", 31); // the fixed one took it
    String typoOnly = open("oven-legacy-000003", 32); // the typo waits for it, the fixed one took it too
    db.execute("DELETE FROM alert_pending WHERE sink = '" + fixed + "' AND outbox_id <> (SELECT min(o.id) FROM alert_outbox"
        + " o JOIN alerts a ON a.id = o.alert_id WHERE a.sensor_id = 'oven-legacy-000001')");
    db.execute("INSERT INTO alert_deliveries (outbox_id, sink, attempts, delivered_at) SELECT o.id, '" + fixed
        + "', 1, now() FROM alert_outbox o JOIN alerts a ON a.id = o.alert_id WHERE a.sensor_id = 'oven-legacy-000002'");

    try (InputStream sql = getClass().getResourceAsStream("/db/migration/V58__webhook_sink_name.sql")) {
      db.execute(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
    }

    assertThat(keys("webhook")).containsExactly(both);
    assertThat(keys("webhook 2")).containsExactly(both, delivered, typoOnly);
    assertThat(outbox.targets()).containsEntry("webhook", fixed.substring("webhook ".length()))
        .containsEntry("webhook 2", typo.substring("webhook ".length())).hasSize(2);
    assertThat(TestDatabase.queryString(db.database(), "SELECT count(*) FROM alert_deliveries WHERE sink = 'webhook'"
        + " AND delivered_at IS NOT NULL")).isEqualTo("1");
    assertThat(TestDatabase.queryString(db.database(), "SELECT count(*) FROM alert_sinks WHERE sink LIKE 'webhook http%'"))
        .isEqualTo("0");
  }

  private List<String> keys(String sink) {
    return outbox.pending(sink, 100).stream().map(OutboxStore.Pending::idempotencyKey).toList();
  }
}
