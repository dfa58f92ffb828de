package com.anomalywatcher.sim;

import com.anomalywatcher.model.AnomalyKind;
import java.util.Arrays;
import java.util.List;

/**
 * The scripted {@code --demo} sequence, counted in steps since the simulation started. Every
 * sensor that has anomalies runs the same 64-step cycle, shifted by 0, 1 or 2 steps (its position
 * in the fleet modulo 3) so that the console does not show everything at once:
 *
 * <ul>
 *   <li>steps 0-15: lead-in, normal readings (lets detectors warm up);
 *   <li>then four 12-step slots; a slot injects one kind for 5 readings and leaves the other 7
 *       normal (so alerts can resolve in between). Unlike random and forced episodes, demo
 *       episodes end abruptly, without a settling tail (see {@link #maxTail}). Oven/heater: spike,
 *       drop, drift, oscillation; fan speed: spike, stall, vibration, overspeed; pm:
 *       pollution_spike, sensor_drift, calibration_error, dust_storm;
 *   <li>lamps: in even cycles the lamp starts on and shows stuck_off (slot 1); from the end of
 *       that episode it is off (the staff switched it off meanwhile), shows flicker (slot 2) and
 *       stuck_on (slot 4). Odd cycles mirror that (off: stuck_on, then on: flicker, stuck_off). So
 *       a stuck episode always contradicts the state the lamp held for most of the last 32
 *       readings, and the lamp never switches except inside or at the end of an episode: even a
 *       detector without a learned schedule can tell;
 *   <li>then the cycle repeats (the next lead-in gives 16 quiet steps).
 * </ul>
 *
 * <p>In demo mode every site is open around the clock (ovens hot, fans running) so each kind is
 * visible at any hour, except a site whose sensors continue a history made on its opening hours
 * ({@code sample}, then {@code run --demo-anomalies}): it keeps them, its lamps follow the schedule
 * and a stuck slot shows the state the lamp is not in. At a 5 s interval a cycle takes 5 min 20 s.
 * Described for users in {@code docs/DEMO.md}.
 */
final class DemoScript {
  static final int LEAD_IN = 16;
  static final int SLOT = 12;
  static final int EPISODE_READINGS = 5;
  static final int SLOTS = 4;
  static final int CYCLE = LEAD_IN + SLOTS * SLOT;
  /** First script step after the lamp's first episode, where its normal state changes. */
  private static final int LAMP_SWITCH = LEAD_IN + EPISODE_READINGS;
  private static final List<AnomalyKind> LAMP_EVEN =
      Arrays.asList(AnomalyKind.STUCK_OFF, AnomalyKind.FLICKER, null, AnomalyKind.STUCK_ON);
  private static final List<AnomalyKind> LAMP_ODD =
      Arrays.asList(AnomalyKind.STUCK_ON, AnomalyKind.FLICKER, null, AnomalyKind.STUCK_OFF);

  /** The sensor's position in the script at simulation step {@code step}, or -1 before it starts. */
  long scriptStep(long step, int position) {
    long shifted = step - position % 3;
    return shifted < 0 ? -1 : shifted;
  }

  /** The slot whose episode starts at this script step, or -1. */
  int slotStartingAt(long scriptStep) {
    if (scriptStep < 0) {
      return -1;
    }
    int s = (int) (scriptStep % CYCLE);
    if (s < LEAD_IN || (s - LEAD_IN) % SLOT != 0) {
      return -1;
    }
    return (s - LEAD_IN) / SLOT;
  }

  /**
   * The longest settling tail an episode of this slot may have, in readings: none. Demo episodes
   * end abruptly: a detector that has learned nothing yet (cold start) would take the settling
   * readings for the new normal level, and the slots stay short.
   */
  int maxTail(int slot) {
    return 0;
  }

  /** The kind a sensor with {@code kinds} shows in {@code slot} at this script step, or null. */
  AnomalyKind kindFor(List<AnomalyKind> kinds, int slot, long scriptStep) {
    if (isLamp(kinds)) {
      return ((scriptStep / CYCLE) % 2 == 0 ? LAMP_EVEN : LAMP_ODD).get(slot);
    }
    return slot < kinds.size() ? kinds.get(slot) : null;
  }

  private static boolean isLamp(List<AnomalyKind> kinds) {
    return kinds.contains(AnomalyKind.STUCK_ON) && kinds.contains(AnomalyKind.STUCK_OFF);
  }

  /** Whether a demo lamp is (normally) off at this script step. */
  boolean isLampDark(long scriptStep) {
    if (scriptStep < 0) {
      return false;
    }
    boolean switched = scriptStep % CYCLE >= LAMP_SWITCH;
    return (scriptStep / CYCLE) % 2 == 0 ? switched : !switched;
  }
}
