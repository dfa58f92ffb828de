package com.anomalywatcher.monitor;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.OutboxStore;
import com.anomalywatcher.store.TestDatabase;
import java.time.Instant;
import java.util.List;

/** Oven spike alerts for the alert delivery tests, opened the way the monitor opens them. */
final class OvenSpikes {
  /** Minute 0 of {@link #open}. */
  private static final Instant T0 = Instant.parse("2026-03-01T14:00:00Z");

  private OvenSpikes() {}

  /**
   * Opens a spike alert on {@code sensor} {@code minute} minutes after 2026-03-01 14:00 UTC, the alert
   * and its outbox event in one transaction as the monitor commits them; returns the event's key.
   */
  static String open(TestDatabase db, String sensor, int minute) {
    Instant opened = T0.plusSeconds(60L * minute);
    AlertRow a = new AlertRow(sensor, "oven", "restaurant", opened, null, opened, 0.97, opened, AnomalyKind.SPIKE,
        312, 180, 205, "°C", sensor + ": 312 °C, expected 180–205 °C — spike");
    new AlertStore(db.database()).commit(List.of(a), List.of(), List.of(new OutboxStore.Event(sensor, opened, "open",
        AlertJson.of(new AlertChange(AlertChange.Type.OPENED, a)), Instant.now())));
    return TestDatabase.queryString(db.database(), "SELECT o.alert_id || '-' || o.change_no FROM alert_outbox o"
        + " JOIN alerts a ON a.id = o.alert_id WHERE a.sensor_id = '" + sensor + "' ORDER BY o.id DESC LIMIT 1");
  }
}
