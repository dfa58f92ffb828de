package com.anomalywatcher.cli;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import java.time.Instant;
import java.util.List;

/** An alert event waiting for delivery, for the {@code alerts} command tests. */
final class PendingAlert {
  private PendingAlert() {}

  /**
   * Commits an open oven spike on {@code sensor} at {@code t} with its outbox event, as the monitor
   * does, so every sink registered by then has the event pending.
   */
  static void commit(TestDatabase db, String sensor, Instant t) {
    AlertRow a = new AlertRow(sensor, "oven", "restaurant", t, null, t, 0.97, t, AnomalyKind.SPIKE, 312, 180, 205,
        "°C", "312 °C, expected 180–205 °C — spike");
    new AlertStore(db.database()).commit(List.of(a), List.of(),
        List.of(new OutboxStore.Event(sensor, t, "open", "{\"sensor_id\":\"" + sensor + "\"}", t)));
  }
}
