package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.model.SensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of simulated sensor kinds (the original's {@code SENSOR_CLASSES}): id prefix,
 * category, signal type, unit, physical range, the device model it reports in its metadata and the
 * factory of its behaviour model. Adding a kind is adding one constant here (with a
 * {@link SensorBehaviour} subclass for its behaviour, or reusing one); the fleet, the anomaly
 * injection (every {@link AnomalyKind} of its category), the demo and the metadata follow from it.
 */
public enum SensorKind {
  OVEN_TEMPERATURE("oven", Category.OVEN, SensorType.ANALOG, "°C", 0, 350, "ThermoProbe TP-350", ThermalBehaviour::oven),
  HEATER_TEMPERATURE("heater", Category.HEATER, SensorType.ANALOG, "°C", 0, 180, "HeatSense HS-180", ThermalBehaviour::heater),
  LAMP("lamp", Category.LAMP, SensorType.DIGITAL, "io", 0, 1, "LumaRelay LR-2", LampBehaviour::new),
  FAN_SWITCH("fanswitch", Category.FAN, SensorType.DIGITAL, "io", 0, 1, "FanCtl FC-10", FanSwitchBehaviour::new),
  FAN_SPEED("fan", Category.FAN, SensorType.ANALOG, "rpm", 0, 1000, "RotaTach RT-1000", FanSpeedBehaviour::new),
  PARTICULATE_MATTER("pm", Category.PM, SensorType.SERIAL, "PM", 0, 36000, "AirScope PMS-7003", ParticulateBehaviour::new);

  private final String prefix;
  private final Category category;
  private final SensorType type;
  private final String unit;
  private final double min;
  private final double max;
  private final String deviceModel;
  private final SensorBehaviour.Factory factory;
  private final List<AnomalyKind> anomalyKinds;
  private final List<AnomalyKind> cleanAnomalyKinds;

  SensorKind(String prefix, Category category, SensorType type, String unit, double min, double max,
      String deviceModel, SensorBehaviour.Factory factory) {
    this.prefix = prefix;
    this.category = category;
    this.type = type;
    this.unit = unit;
    this.min = min;
    this.max = max;
    this.deviceModel = deviceModel;
    this.factory = factory;
    List<AnomalyKind> kinds = new ArrayList<>();
    for (AnomalyKind k : AnomalyKind.values()) {
      if (k.appliesTo(category, type)) {
        kinds.add(k);
      }
    }
    this.anomalyKinds = List.copyOf(kinds);
    this.cleanAnomalyKinds = kinds.stream().filter(k -> !k.isRealisticOnly()).toList();
  }

  /** Sensor id prefix, e.g. {@code oven}. */
  public String prefix() {
    return prefix;
  }

  public Category category() {
    return category;
  }

  public SensorType type() {
    return type;
  }

  public String unit() {
    return unit;
  }

  /** Lowest physically possible value, in {@link #unit()}. */
  public double min() {
    return min;
  }

  /** Highest physically possible value, in {@link #unit()}. */
  public double max() {
    return max;
  }

  /** What a watcher knows of a sensor of this kind: category, type, unit and physical range (no time zone). */
  public SensorDescription description() {
    return new SensorDescription(category, type, unit, min, max, null);
  }

  /** The device model name reported in the reading metadata. */
  String deviceModel() {
    return deviceModel;
  }

  SensorBehaviour newModel(SensorBehaviour.Context context) {
    return factory.create(context);
  }

  /**
   * The anomaly kinds that can be injected into a sensor of this kind, in declaration order (for
   * the fan switch only offline: fan anomalies act on the fan speed sensor).
   */
  public List<AnomalyKind> anomalyKinds() {
    return anomalyKinds;
  }

  /**
   * The kinds the given world injects at random: all of {@link #anomalyKinds()} in the realistic
   * world, the original ones (no frozen, offline, element_ageing, bearing_wear) in the clean one.
   */
  public List<AnomalyKind> anomalyKinds(World world) {
    return world == World.REALISTIC ? anomalyKinds : cleanAnomalyKinds;
  }

  /** Whether {@code kind} can be injected into (forced on) a sensor of this kind. */
  public boolean accepts(AnomalyKind kind) {
    return anomalyKinds.contains(kind);
  }

  /** The kind whose prefix starts the given sensor id, e.g. {@code oven-restaurant-3fa2c1}. */
  public static SensorKind ofSensorId(String sensorId) {
    int dash = sensorId == null ? -1 : sensorId.indexOf('-');
    if (dash > 0) {
      String p = sensorId.substring(0, dash);
      for (SensorKind k : values()) {
        if (k.prefix.equals(p)) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException("sensor id '" + sensorId + "' does not start with a known kind prefix");
  }
}
