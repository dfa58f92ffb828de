package com.anomalywatcher.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A sensor restored from its saved state keeps what was drawn for it (pm background, setpoints,
 * schedules) whatever seed the new run has: a generator restarted without {@code --seed} gets a
 * new random seed, which used to redraw them (pm 27.6 → 39.8) and make an unlabelled jump.
 */
class RestoredSeedTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final int DAY = 24 * 60;

  @Test
  void aRestartWithAnotherSeedContinuesTheSameSensors() {
    SimRun whole = SimRun.of(12, 9, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, 2 * DAY);
    SimRun first = SimRun.of(12, 9, MINUTE, 0.0, false).steps(SimRun.START, MINUTE, DAY);
    Map<String, SensorState> saved =
        first.simulation.states().stream().collect(Collectors.toMap(SensorState::sensorId, s -> s));

    Simulation restarted =
        new Simulation(Fleet.create(12, 9), new SimulationSettings(-4_242_424_242L, MINUTE, 0.0, false), saved);
    SimRun second = new SimRun(restarted).steps(SimRun.START.plus(MINUTE.multipliedBy(DAY)), MINUTE, DAY);

    assertThat(second.readings).isEqualTo(whole.readings.subList(12 * DAY, 24 * DAY));
  }
}
