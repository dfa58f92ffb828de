package com.anomalywatcher.monitor;

import com.anomalywatcher.store.AlertStore.AlertRow;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What one reading did to its sensor's incident: opened it, updated it (peak, last anomalous time;
 * never delivered), escalated it to a higher severity, or resolved it; with the sensor's time zone,
 * in which the console shows its times ({@code zone} null when unknown: UTC).
 */
public record AlertChange(Type type, AlertRow alert, ZoneId zone) {
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
  }

  /** A change of an alert whose sensor's time zone is unknown. */
  public AlertChange(Type type, AlertRow alert) {
    this(type, alert, null);
  }
}
