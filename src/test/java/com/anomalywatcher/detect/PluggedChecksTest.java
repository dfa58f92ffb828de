package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.sim.SensorKind;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every check the sealed {@link PluggedCheck} permits is registered once, under a name of its own. */
class PluggedChecksTest {
  @Test
  void everyPermittedCheckIsMadeForSomeAnalogSensor() {
    Set<Class<?>> made = new HashSet<>();
    for (SensorKind kind : List.of(SensorKind.OVEN_TEMPERATURE, SensorKind.HEATER_TEMPERATURE, SensorKind.FAN_SPEED,
        SensorKind.PARTICULATE_MATTER)) {
      PluggedChecks.make(kind.description(), new DayClock(ZoneOffset.UTC), Map.of())
          .forEach(p -> made.add(p.check().getClass()));
    }
    assertThat(made).containsExactlyInAnyOrderElementsOf(concrete(PluggedCheck.class));
  }

  @Test
  void namesAreDistinctAndApartFromTheAnalogChecksOwnParts() {
    List<String> names = PluggedChecks.ANALOG.stream().map(PluggedChecks.Plug::name).toList();
    assertThat(names).doesNotHaveDuplicates()
        .doesNotContainAnyElementsOf(Stream.of(AnalogCheck.State.class.getRecordComponents())
            .map(c -> c.getName()).toList());
  }

  private static List<Class<?>> concrete(Class<?> sealed) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> k : sealed.getPermittedSubclasses()) {
      if (k.isSealed()) {
        out.addAll(concrete(k));
      } else {
        out.add(k);
      }
    }
    return out;
  }
}
