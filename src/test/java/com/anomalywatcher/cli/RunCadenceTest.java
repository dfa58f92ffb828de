package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The line that starts {@code run} says how often its monitor really cycles: each commit of the
 * generator starts a cycle, so by default (readings every 30 s, --monitor-interval 90 s) every 30 s.
 */
class RunCadenceTest {
  @Test
  void aGeneratorCommittingMoreOftenThanTheMonitorIntervalSetsThePace() {
    assertThat(RunCommand.cadence(Duration.ofSeconds(30), Duration.ofSeconds(90), true))
        .isEqualTo("30 s (as the generator commits its readings; at the latest every 1 min 30 s)");
  }

  @Test
  void aMonitorIntervalShorterThanTheDataIntervalIsKept() {
    assertThat(RunCommand.cadence(Duration.ofMinutes(2), Duration.ofSeconds(90), true))
        .isEqualTo("1 min 30 s (and as the generator commits its readings, every 2 min)");
  }

  @Test
  void withoutTheGeneratorOnlyOthersCommitsCutTheWait() {
    assertThat(RunCommand.cadence(Duration.ofSeconds(30), Duration.ofSeconds(90), false))
        .isEqualTo("1 min 30 s (sooner as readings are committed)");
  }
}
