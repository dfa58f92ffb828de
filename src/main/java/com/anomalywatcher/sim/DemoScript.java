package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.AnomalyKind;
import java.util.List;

/**
 * The scripted {@code --demo} sequence, counted in steps since the simulation started. Every
 * sensor that has anomalies runs the same 64-step cycle, shifted by 0, 1 or 2 steps (its position
 * in the fleet modulo 3) so that the console does not show everything at once:
 *
 * <ul>
 *   <li>steps 0-15: lead-in, normal readings (lets detectors warm up);
 *   <li>then four 12-step slots; slot j injects the sensor's j-th kind for 5 readings followed by
 *       7 normal readings. Kinds in order: oven/heater spike, drop, drift, oscillation; lamp
 *       flicker, stuck_off, stuck_on (slot 4 idle); fan speed spike, stall, vibration, overspeed;
 *       pm pollution_spike, sensor_drift, calibration_error, dust_storm;
 *   <li>then the cycle repeats (the next lead-in gives 16 quiet steps).
 * </ul>
 *
 * <p>In demo mode every site is open around the clock (ovens hot, fans running, lamps on) so
 * each kind is visible at any hour; for stuck_on the lamp is switched off normally from 3 steps
 * before its slot to 4 steps after the episode. At a 5 s interval a cycle takes 5 min 20 s. Described
 * for users in {@code docs/DEMO.md}.
 */
final class DemoScript {
  static final int LEAD_IN = 16;
  static final int SLOT = 12;
  static final int EPISODE_READINGS = 5;
  static final int SLOTS = 4;
  static final int CYCLE = LEAD_IN + SLOTS * SLOT;
  private static final int LAMP_STUCK_ON_SLOT = 2;

  /** The sensor's position in the script at simulation step {@code step}, or -1 before it starts. */
  int scriptStep(long step, int position) {
    long shifted = step - position % 3;
    return shifted < 0 ? -1 : (int) (shifted % CYCLE);
  }

  /** The slot whose episode starts at this script step, or -1. */
  int slotStartingAt(int scriptStep) {
    if (scriptStep < LEAD_IN || (scriptStep - LEAD_IN) % SLOT != 0) {
      return -1;
    }
    return (scriptStep - LEAD_IN) / SLOT;
  }

  /** Whether a demo lamp is (normally) switched off at this script step, to show stuck_on. */
  boolean isLampDark(int scriptStep) {
    int slotStart = LEAD_IN + LAMP_STUCK_ON_SLOT * SLOT;
    return scriptStep >= slotStart - 3 && scriptStep < slotStart + EPISODE_READINGS + 4;
  }

  /** The kinds shown for a sensor, in slot order. */
  static List<AnomalyKind> kindsFor(SensorKind kind) {
    return kind.anomalyKinds();
  }
}
