package com.anomalywatcher.monitor;

import com.anomalywatcher.store.AlertStore.AlertRow;
import java.util.Objects;

/**
 * What one reading did to its sensor's incident: opened it, updated it (peak, last anomalous time;
 * never delivered), escalated it to a higher severity, or resolved it.
 */
public record AlertChange(Type type, AlertRow alert) {
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
}
