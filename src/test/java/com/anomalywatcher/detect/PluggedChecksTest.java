package com.anomalywatcher.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.sim.SensorKind;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every check the sealed {@link PluggedCheck} permits is registered once, under a name of its own; a
 * state learned once ({@link PluggedCheck.LearnedState}) is saved as its record's components alone and,
 * too little to judge by, makes its check fresh.
 */
class PluggedChecksTest {
  private static final List<SensorKind> ANALOG = List.of(SensorKind.OVEN_TEMPERATURE, SensorKind.HEATER_TEMPERATURE,
      SensorKind.FAN_SPEED, SensorKind.PARTICULATE_MATTER);

  @Test
  void everyPermittedCheckIsMadeForSomeAnalogSensor() {
    Set<Class<?>> made = new HashSet<>();
    for (SensorKind kind : ANALOG) {
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

  @Test
  void aLearnedStateIsSavedAsItsComponentsAlone() throws Exception {
    ObjectMapper mapper = ModelRepository.mapper();
    List<PluggedChecks.Plug<?>> learnedOnce = learnedOnce();
    assertThat(learnedOnce).as("checks whose state is learned once").isNotEmpty();
    for (PluggedChecks.Plug<?> plug : learnedOnce) {
      List<String> saved = new ArrayList<>();
      mapper.readTree(mapper.writeValueAsString(zero(plug.stateType()))).fieldNames().forEachRemaining(saved::add);
      assertThat(saved).as(plug.name()).containsExactlyElementsOf(
          Stream.of(plug.stateType().getRecordComponents()).map(RecordComponent::getName).toList());
    }
  }

  @Test
  void aSavedStateLearnedFromNothingMakesItsCheckFresh() throws Exception {
    for (PluggedChecks.Plug<?> plug : learnedOnce()) {
      Object nothing = zero(plug.stateType());
      assertThat(((PluggedCheck.LearnedState) nothing).usable()).as(plug.name()).isFalse();
      SensorDescription sensor = ANALOG.stream().map(SensorKind::description).filter(plug.fits()).findFirst()
          .orElseThrow();
      PluggedCheck made = plug.make(sensor, new DayClock(ZoneOffset.UTC), new SharedArrays(), nothing);
      assertThat(made.state()).as("%s made from a state learned from nothing saves", plug.name()).isNull();
    }
  }

  private static List<PluggedChecks.Plug<?>> learnedOnce() {
    return PluggedChecks.ANALOG.stream()
        .filter(p -> PluggedCheck.LearnedState.class.isAssignableFrom(p.stateType())).toList();
  }

  /** The record {@code type} with every component zero, false or null. */
  private static Object zero(Class<?> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
    Object[] values = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      values[i] = types[i].isPrimitive() ? Array.get(Array.newInstance(types[i], 1), 0) : null;
    }
    return type.getDeclaredConstructor(types).newInstance(values);
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
