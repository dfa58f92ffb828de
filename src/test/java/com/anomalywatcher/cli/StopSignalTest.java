package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The wake-ups a stop runs (a signal's own path is covered by the process tests that send one). */
class StopSignalTest {
  @Test
  void aStopRunsEachWakeOnceAndOneAddedAfterItRunsAtOnce() {
    try (StopSignal stop = StopSignal.onInterrupt()) {
      AtomicInteger early = new AtomicInteger();
      stop.onStop(early::incrementAndGet);
      assertThat(early).hasValue(0);
      stop.request();
      stop.request();
      assertThat(stop.requested()).isTrue();
      assertThat(early).hasValue(1);
      AtomicInteger late = new AtomicInteger();
      stop.onStop(late::incrementAndGet);
      assertThat(late).hasValue(1);
    }
  }
}
