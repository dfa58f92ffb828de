package com.anomalywatcher.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A forced request that is still in effect, for {@code anomaly status}.
 *
 * @param pickedUpAt when a running generator took it; empty while it waits for one
 * @param endsAt the end of its labelled episode (the duration and the value's settling back, as
 *     stored in {@code anomaly_events}; pickedUpAt + duration until the episode is stored), empty
 *     while waiting
 */
public record ForcedStatus(ForcedRequest request, Optional<Instant> pickedUpAt, Optional<Instant> endsAt) {
  public ForcedStatus {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(pickedUpAt, "pickedUpAt");
    Objects.requireNonNull(endsAt, "endsAt");
  }
}
