package com.anomalywatcher.store;

import com.anomalywatcher.model.AnomalyKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** A request from {@code anomaly force}: inject {@code kind} into a sensor for {@code duration}. */
public record ForcedRequest(long id, String sensorId, AnomalyKind kind, Duration duration, Instant requestedAt) {
  public ForcedRequest {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(requestedAt, "requestedAt");
  }
}
