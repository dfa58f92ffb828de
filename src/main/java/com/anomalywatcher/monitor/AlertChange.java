package com.anomalywatcher.monitor;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.store.AlertStore.AlertRow;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What one reading did to its sensor's incident: opened it, updated it (peak, last anomalous time;
 * never delivered), escalated it to a higher severity, or resolved it; with the sensor's time zone,
 * in which the console shows its times ({@code zone} null when unknown: UTC); and the kind the
 * alert had before it ({@code kindBefore}: another than the alert's own only when an escalation
 * changed it, which the metrics count as the alert moving from one kind to the other).
 */
public record AlertChange(Type type, AlertRow alert, ZoneId zone, AnomalyKind kindBefore) {
  /** The lifecycle step. */
  public enum Type {
    OPENED,
    UPDATED,
    ESCALATED,
    RESOLVED
  }

  public AlertChange {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(kindBefore, "kindBefore");
    if (type != Type.ESCALATED && kindBefore != alert.kind()) {
      throw new IllegalArgumentException("only an escalation changes an alert's kind, got " + type + " from "
          + kindBefore + " to " + alert.kind());
    }
  }

  /** A change that leaves the alert's kind as it was. */
  public AlertChange(Type type, AlertRow alert, ZoneId zone) {
    this(type, alert, zone, alert.kind());
  }

  /** A change of an alert whose sensor's time zone is unknown. */
  public AlertChange(Type type, AlertRow alert) {
    this(type, alert, null);
  }
}
