package com.anomalywatcher.detect;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The checks plugged into every {@link AnalogCheck}, in the order they judge: the held-step checks
 * first (the first step found that no look-alike check explains opens the incident), then the checks
 * of a kind of their own, each over the score so far. A model saved before a check existed has no state for it: the check starts
 * fresh, and a fresh check judges nothing until retrained.
 */
final class PluggedChecks {
  private PluggedChecks() {}

  /**
   * Makes a check, fresh ({@code saved} null) or from its saved state (a {@link PluggedCheck.LearnedState}
   * only when usable).
   */
  @FunctionalInterface
  interface Maker<S> {
    PluggedCheck make(SensorDescription sensor, DayClock clock, S saved);
  }

  /**
   * Makes a check whose restored profiles share equal arrays with the other checks of the same
   * detector ({@code shared}, see {@link SharedArrays}).
   */
  @FunctionalInterface
  interface SharingMaker<S> {
    PluggedCheck make(SensorDescription sensor, DayClock clock, SharedArrays shared, S saved);
  }

  /**
   * A registered check.
   *
   * @param name the property its state is saved under in a model (never change it: saved models
   *     are read by it)
   * @param stateType the type of its saved state
   * @param fits the sensors it judges
   */
  record Plug<S>(String name, Class<S> stateType, Predicate<SensorDescription> fits, SharingMaker<S> maker) {
    /** A check that shares nothing with the others. */
    Plug(String name, Class<S> stateType, Predicate<SensorDescription> fits, Maker<S> maker) {
      this(name, stateType, fits, (sensor, clock, shared, saved) -> maker.make(sensor, clock, saved));
    }

    /**
     * Makes the check from its saved state, or fresh when it has none or a {@link
     * PluggedCheck.LearnedState} it cannot judge by.
     */
    PluggedCheck make(SensorDescription sensor, DayClock clock, SharedArrays shared, Object saved) {
      S s = stateType.cast(saved);
      return maker.make(sensor, clock, shared, s instanceof PluggedCheck.LearnedState l && !l.usable() ? null : s);
    }
  }

  static final List<Plug<?>> ANALOG = List.of(
      // not for a fan speed sensor: its second speed is a held step too (its switch and stall checks judge it)
      new Plug<>("steps", ToleranceProfile.State.class, sensor -> !FleetDetector.isFanSpeed(sensor),
          (sensor, clock, shared, saved) -> new StepCheck(profile(clock, shared, saved), true, isThermal(sensor),
              isParticulate(sensor))),
      new Plug<>("plateaus", ToleranceProfile.State.class, PluggedChecks::isParticulate,
          (sensor, clock, shared, saved) -> new PlateauCheck(profile(clock, shared, saved))),
      new Plug<>("sharp", TypicalDay.State.class, PluggedChecks::isParticulate, (sensor, clock, shared, saved) ->
          saved == null ? new SharpPlateauCheck(clock) : SharpPlateauCheck.restore(clock, saved, shared)),
      new Plug<>("risen", TypicalDay.State.class, PluggedChecks::isParticulate, (sensor, clock, shared, saved) ->
          saved == null ? new RisenPlateauCheck(clock) : RisenPlateauCheck.restore(clock, saved, shared)),
      new Plug<>("settled", SettledStepCheck.State.class, PluggedChecks::isThermal, (sensor, clock, shared, saved) ->
          saved == null ? new SettledStepCheck(clock) : SettledStepCheck.restore(clock, saved, shared)),
      new Plug<>("heldShifts", HeldShiftCheck.State.class, PluggedChecks::isThermal, (sensor, clock, saved) ->
          saved == null ? new HeldShiftCheck() : HeldShiftCheck.restore(saved)),
      new Plug<>("wear", WearCheck.State.class, FleetDetector::isFanSpeed, (sensor, clock, shared, saved) ->
          saved == null ? new WearCheck(clock) : WearCheck.restore(clock, saved, shared)),
      new Plug<>("roughness", ToleranceProfile.State.class, FleetDetector::isFanSpeed,
          (sensor, clock, shared, saved) -> new RoughnessCheck(profile(clock, shared, saved))),
      new Plug<>("swing", SwingCheck.State.class, PluggedChecks::isThermal, (sensor, clock, shared, saved) ->
          saved == null ? new SwingCheck(clock) : SwingCheck.restore(clock, saved, shared)),
      new Plug<>("shortSwing", Void.class, PluggedChecks::isThermal, (sensor, clock, saved) -> new ShortSwingCheck()),
      new Plug<>("ageing", AgeingCheck.State.class, PluggedChecks::isThermal, (sensor, clock, saved) ->
          saved == null ? new AgeingCheck(clock) : AgeingCheck.restore(clock, saved)),
      new Plug<>("rest", FanRest.State.class, FleetDetector::isFanSpeed, (sensor, clock, saved) ->
          saved == null ? new FanRest() : FanRest.restore(saved)),
      new Plug<>("fanSteps", FanStepCheck.State.class, FleetDetector::isFanSpeed, (sensor, clock, saved) ->
          saved == null ? new FanStepCheck() : FanStepCheck.restore(saved)),
      new Plug<>("fanBand", FanBandCheck.State.class, FleetDetector::isFanSpeed, (sensor, clock, saved) ->
          saved == null ? new FanBandCheck() : FanBandCheck.restore(saved)),
      new Plug<>("unseenLevel", UnseenLevelCheck.State.class, PluggedChecks::isThermal,
          (sensor, clock, saved) -> new UnseenLevelCheck(saved)),
      new Plug<>("coldDay", ColdDayCheck.State.class, PluggedChecks::isThermal,
          (sensor, clock, saved) -> new ColdDayCheck(saved)),
      new Plug<>("driftEnd", DriftEndCheck.State.class, PluggedChecks::isThermal,
          (sensor, clock, saved) -> new DriftEndCheck(saved)),
      new Plug<>("offLevel", OffLevelCheck.State.class, PluggedChecks::isOven,
          (sensor, clock, saved) -> new OffLevelCheck(clock, saved)),
      new Plug<>("envelopeCreep", EnvelopeCreepCheck.State.class, PluggedChecks::isOven,
          (sensor, clock, saved) -> new EnvelopeCreepCheck(saved)),
      new Plug<>("sensorDriftEnd", SensorDriftEndCheck.State.class, PluggedChecks::isParticulate,
          (sensor, clock, saved) -> new SensorDriftEndCheck(saved)),
      new Plug<>("returnPulses", Void.class, PluggedChecks::isParticulate, (sensor, clock, saved) -> new ReturnPulseCheck()),
      new Plug<>("returnDips", Void.class, PluggedChecks::isThermal, (sensor, clock, saved) -> ReturnPulseCheck.dips()),
      new Plug<>("bursts", BurstHistory.State.class, PluggedChecks::isParticulate, (sensor, clock, saved) ->
          saved == null ? new BurstLookAlike(clock) : BurstLookAlike.restore(clock, saved)),
      // last: its state is the newest part of a particulate model (older models have none)
      new Plug<>("burstEnds", BurstEndLookAlike.State.class, PluggedChecks::isParticulate, (sensor, clock, saved) ->
          saved == null ? new BurstEndLookAlike() : BurstEndLookAlike.restore(saved)));

  /** The registered check saved under {@code name}, or null. */
  static Plug<?> named(String name) {
    for (Plug<?> p : ANALOG) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** The checks that fit the sensor, in order, each from its state in {@code saved} (fresh where it has none). */
  static List<Plugged> make(SensorDescription sensor, DayClock clock, Map<String, Object> saved) {
    return make(sensor, clock, new SharedArrays(), saved);
  }

  /** As {@link #make(SensorDescription, DayClock, Map)}, the restored checks sharing arrays alike ({@code shared}). */
  static List<Plugged> make(SensorDescription sensor, DayClock clock, SharedArrays shared, Map<String, Object> saved) {
    List<Plugged> out = new ArrayList<>();
    for (Plug<?> p : ANALOG) {
      if (p.fits().test(sensor)) {
        out.add(new Plugged(p.name(), p.make(sensor, clock, shared, saved.get(p.name()))));
      }
    }
    return out;
  }

  /** A check made for one sensor, with the name its state is saved under. */
  record Plugged(String name, PluggedCheck check) {}

  static boolean isThermal(SensorDescription sensor) {
    return sensor.category() == Category.OVEN || sensor.category() == Category.HEATER;
  }

  /** An oven: switched off, it sits at room temperature. */
  private static boolean isOven(SensorDescription sensor) {
    return sensor.category() == Category.OVEN;
  }

  private static boolean isParticulate(SensorDescription sensor) {
    return sensor.category() == Category.PM;
  }

  private static ToleranceProfile profile(DayClock clock, SharedArrays shared, ToleranceProfile.State saved) {
    return saved == null ? new ToleranceProfile(clock) : ToleranceProfile.restore(clock, saved, shared);
  }
}
