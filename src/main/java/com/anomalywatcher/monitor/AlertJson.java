package com.anomalywatcher.monitor;

import com.anomalywatcher.store.AlertStore.AlertRow;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The JSON form of an alert event, shared by the JSON-lines file and the webhook. */
final class AlertJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AlertJson() {}

  static String of(AlertChange change) {
    AlertRow a = change.alert();
    ObjectNode o = MAPPER.createObjectNode();
    o.put("event", change.type() == AlertChange.Type.OPENED ? "open" : change.type().name().toLowerCase(Locale.ROOT));
    o.put("sensor_id", a.sensorId());
    o.put("category", a.category());
    o.put("location", a.location());
    o.put("opened_at", a.openedAt().toString());
    if (a.resolvedAt() == null) {
      o.putNull("resolved_at");
    } else {
      o.put("resolved_at", a.resolvedAt().toString());
    }
    o.put("peak_score", a.peakScore());
    o.put("severity", a.severity());
    o.put("kind", a.kind().dbName());
    putNumber(o, "value", a.value());
    o.put("unit", a.unit());
    putNumber(o, "expected_low", a.expectedLow());
    putNumber(o, "expected_high", a.expectedHigh());
    o.put("explanation", a.explanation());
    return o.toString();
  }

  private static void putNumber(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }
}
