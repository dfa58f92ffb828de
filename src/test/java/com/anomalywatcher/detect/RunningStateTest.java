package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import com.anomalywatcher.sim.SensorKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A detector saved as it runs and read back continues exactly as the one that kept running: the
 * same detections for every later reading, cold (warming up) or trained, for every kind of sensor.
 */
class RunningStateTest {
  private static final Instant T0 = Instant.parse("2026-03-28T20:00:00Z"); // a DST change ahead in Europe

  static Stream<Arguments> sensors() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    return Stream.of(
        Arguments.of(SensorKind.OVEN_TEMPERATURE.description(), "oven-restaurant-000001", 300),
        Arguments.of(SensorKind.HEATER_TEMPERATURE.description(), "heater-factory-000002", 8),
        Arguments.of(SensorKind.LAMP.description(), "lamp-warehouse-000003", 500),
        Arguments.of(SensorKind.FAN_SPEED.description(), "fan-restaurant-000004", 40),
        Arguments.of(SensorKind.PARTICULATE_MATTER.description(), "pm-factory-000005", 700),
        Arguments.of(SensorDescription.generic(null, SensorType.ANALOG, "bar", paris), "boiler-1", 400),
        Arguments.of(SensorDescription.generic(null, SensorType.DIGITAL, "io", paris), "valve-1", 300));
  }

  @ParameterizedTest
  @MethodSource("sensors")
  void savedDetectorContinuesExactlyLikeTheOneThatKeptRunning(SensorDescription sensor, String id, int cut) {
    SplittableRandom random = new SplittableRandom(id.hashCode());
    SensorDetector running = SensorDetector.fresh(sensor, id);
    for (int i = 0; i < cut; i++) {
      running.observe(T0.plus(Duration.ofMinutes(i)), value(sensor, i, random), null);
    }
    byte[] saved = RunningState.encode(running);
    SensorDetector resumed = RunningState.decode(saved, SensorDetector.class);

    List<Detection> expected = new ArrayList<>();
    List<Detection> actual = new ArrayList<>();
    for (int i = cut; i < cut + 1500; i++) {
      Instant at = T0.plus(Duration.ofMinutes(i)).plusSeconds(i % 7 == 0 ? 40 : 0);
      double v = value(sensor, i, random);
      expected.add(running.observe(at, v, null));
      actual.add(resumed.observe(at, v, null));
    }
    assertThat(actual).isEqualTo(expected);
    assertThat(resumed.isReady()).isEqualTo(running.isReady());
    assertThat(RunningState.encode(resumed)).isEqualTo(RunningState.encode(running));
  }

  @ParameterizedTest
  @MethodSource("sensors")
  void formatNamesTheLayoutOfEveryField(SensorDescription sensor, String id, int cut) {
    assertThat(RunningState.format(SensorDetector.class)).hasSize(16)
        .isEqualTo(RunningState.format(SensorDetector.class))
        .isNotEqualTo(RunningState.format(AnalogCheck.class));
  }

  @org.junit.jupiter.api.Test
  void refusesBytesThatAreNoRunningState() {
    assertThatThrownBy(() -> RunningState.decode(new byte[] {1, 2, 3}, SensorDetector.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SensorDetector");
  }

  /** A daily rhythm with noise, a spike now and then, and a stuck stretch; 0/1 for digital sensors. */
  private static double value(SensorDescription sensor, int minute, SplittableRandom random) {
    double day = Math.sin(2 * Math.PI * (minute % 1440) / 1440.0);
    if (sensor.isDigital()) {
      return day > 0.2 || random.nextDouble() < 0.02 ? 1 : 0;
    }
    double min = Double.isFinite(sensor.physicalMin()) ? sensor.physicalMin() : 0;
    double max = Double.isFinite(sensor.physicalMax()) ? sensor.physicalMax() : 100;
    double base = min + 0.3 * (max - min) * (1.2 + day) / 2;
    double noise = random.nextGaussian() * 0.01 * (max - min);
    if (minute % 977 == 500) {
      noise += 0.4 * (max - min);
    }
    if (minute % 1200 > 1150) {
      return base;
    }
    return Math.max(min, Math.min(max, base + noise));
  }
}
