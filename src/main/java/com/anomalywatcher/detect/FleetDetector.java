package com.anomalywatcher.detect;

import com.anomalywatcher.model.Category;
import com.anomalywatcher.model.SensorDescription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The detectors of a whole fleet, routing each reading to its sensor's detector and giving a fan
 * speed sensor the state of the fan switch on the same site. Feed readings in time order, and at
 * equal timestamps a fan switch before the fan speed sensors ({@link #isFanSwitch}). Sensors are
 * added by one thread; after that, readings of different sites may be fed on different threads (a
 * site's readings on one thread at a time).
 */
public final class FleetDetector {
  private final Map<String, Member> members = new HashMap<>();
  /** Concurrent: the monitor scores sites on several threads (each site on one). */
  private final Map<String, SwitchState> switches = new java.util.concurrent.ConcurrentHashMap<>();
  /** The detector of each site's fan switch (its reading interval says when its last state is too old). */
  private final Map<String, SensorDetector> switchDetectors = new HashMap<>();
  /**
   * Stands in for a fan switch whose last reading is too old to trust (it missed more than half an
   * interval beyond its next reading): the fan is then judged as if either switch state were possible.
   */
  static final SwitchState UNKNOWN_SWITCH = new SwitchState(false, Instant.MIN, Instant.MIN);
  /** Intervals (of the switch's own) after its last reading from which a switch state is unknown. */
  static final double STALE_INTERVALS = 1.5;

  /** The fleet's typical longest usual run of lost readings, -2 until computed (again after an add). */
  private volatile int usualLostRun = -2;

  /**
   * A sensor's place in the fleet: feeding readings through it skips the lookup by id. It stays the
   * sensor's place when {@link #replace} puts another detector in it, so whoever holds it feeds the
   * sensor's detector of the moment; like that detector, it is used by one thread at a time.
   */
  public static final class Member {
    private SensorDetector detector;
    private final String site;

    private Member(SensorDetector detector, String site) {
      this.detector = Objects.requireNonNull(detector, "detector");
      this.site = Objects.requireNonNull(site, "site");
    }

    /** The sensor's detector. */
    public SensorDetector detector() {
      return detector;
    }

    /** The site that groups a fan switch with its speed sensors. */
    public String site() {
      return site;
    }
  }

  /** Adds (or replaces) a sensor's detector; {@code site} groups a fan switch with its speed sensor. */
  public void add(String sensorId, String site, SensorDetector detector) {
    members.put(Objects.requireNonNull(sensorId, "sensorId"), new Member(detector, site));
    if (isFanSwitch(detector.sensor())) {
      switchDetectors.put(site, detector);
    }
    usualLostRun = -2;
  }

  /**
   * The longest usual run of lost readings typical of the fleet: the median over its trained
   * sensors' learned gap profiles ({@link GapProfile#longestUsualRun()}), -1 when none has one.
   * Trained profiles no longer change, so it is computed once after the last sensor was added. A
   * sensor's own history may by chance lack a dropout length its fleet shows
   * ({@link GapProfile#toleratedMissing(int)}).
   */
  public int usualLostRun() {
    int usual = usualLostRun;
    if (usual == -2) {
      List<Integer> runs = new ArrayList<>();
      for (Member m : members.values()) {
        GapProfile gaps = m.detector().gaps();
        if (m.detector().isTrained() && gaps.gaps() >= GapProfile.MIN_GAPS) {
          runs.add(gaps.longestUsualRun());
        }
      }
      Collections.sort(runs);
      usual = runs.isEmpty() ? -1 : runs.get((runs.size() - 1) / 2);
      usualLostRun = usual;
    }
    return usual;
  }

  /** Whether the sensor has a detector. */
  public boolean knows(String sensorId) {
    return members.containsKey(sensorId);
  }

  /** The sensor's detector; throws when it has none. */
  public SensorDetector detector(String sensorId) {
    Member m = members.get(sensorId);
    if (m == null) {
      throw new IllegalArgumentException("no detector for sensor " + sensorId);
    }
    return m.detector();
  }

  /** The sensor's place in the fleet; throws when it has no detector. */
  public Member member(String sensorId) {
    Member m = members.get(sensorId);
    if (m == null) {
      throw new IllegalArgumentException("no detector for sensor " + sensorId);
    }
    return m;
  }

  /** Scores the reading, then learns it. */
  public Detection observe(String sensorId, Instant at, double value) {
    return observe(member(sensorId), at, value);
  }

  /** Scores the reading of a member of this fleet, then learns it. */
  public Detection observe(Member m, Instant at, double value) {
    Detection d = m.detector().observe(at, value, switchOf(m, at));
    noteSwitch(m, at, value);
    return d;
  }

  /** Learns the reading without scoring it (replaying context after a restart). */
  public void learn(String sensorId, Instant at, double value) {
    Member m = member(sensorId);
    m.detector().learn(at, value, switchOf(m, at));
    noteSwitch(m, at, value);
  }

  /**
   * Scores a member's reading against the given state of its site's fan switch (as
   * {@link #switchFor} gave it for the reading's time), then learns it: a reading scored in its
   * place after later ones, when the switch has moved on since.
   */
  public Detection observe(Member m, Instant at, double value, SwitchState fanSwitch) {
    Detection d = m.detector().observe(at, value, fanSwitch);
    noteSwitch(m, at, value);
    return d;
  }

  /** Learns a member's reading judged against the given state of its site's fan switch (re-learning the past). */
  public void learn(Member m, Instant at, double value, SwitchState fanSwitch) {
    m.detector().learn(at, value, fanSwitch);
    noteSwitch(m, at, value);
  }

  /** The state of its site's fan switch a member's reading at {@code at} is judged against now (null but for a fan speed). */
  public SwitchState switchFor(Member m, Instant at) {
    return switchOf(m, at, switches.get(m.site()));
  }

  /**
   * The state a member's reading at {@code at} is judged against when its site's fan switch was
   * last seen as {@code seen} (null but for a fan speed sensor).
   */
  public SwitchState switchFor(Member m, Instant at, SwitchState seen) {
    return switchOf(m, at, seen);
  }

  /**
   * Puts {@code detector} (a copy of the sensor's own from before) in the place of a member's
   * detector; the member stays the sensor's place, on the same site. The fleet's usual lost run
   * stays as it was.
   */
  public void replace(Member m, SensorDetector detector) {
    m.detector = Objects.requireNonNull(detector, "detector");
    if (isFanSwitch(detector.sensor())) {
      switchDetectors.put(m.site(), detector);
    }
  }

  /** Learns a training reading (the history is taken as normal). */
  public void train(String sensorId, Instant at, double value) {
    train(member(sensorId), at, value);
  }

  /** Learns a training reading of a member of this fleet. */
  public void train(Member m, Instant at, double value) {
    m.detector().train(at, value, switchOf(m, at));
    noteSwitch(m, at, value);
  }

  /** The state of the fan switch on {@code site} as last seen, or null (for a monitor's saved state). */
  public SwitchState fanSwitchAt(String site) {
    return switches.get(site);
  }

  /** Continues the fan switch of {@code site} from a saved state (a restarted monitor). */
  public void resumeFanSwitch(String site, SwitchState state) {
    switches.put(Objects.requireNonNull(site, "site"), Objects.requireNonNull(state, "state"));
  }

  /**
   * The state of the fan switch on a fan speed sensor's site; {@link #UNKNOWN_SWITCH} when the
   * switch has missed its latest reading (a dropout, an offline switch): a state that old may have
   * changed meanwhile, so the fan is not judged against it.
   */
  private SwitchState switchOf(Member m, Instant at) {
    return isFanSpeed(m.detector().sensor()) ? switchOf(m, at, switches.get(m.site())) : null;
  }

  private SwitchState switchOf(Member m, Instant at, SwitchState sw) {
    if (!isFanSpeed(m.detector().sensor())) {
      return null;
    }
    SensorDetector switchDetector = switchDetectors.get(m.site());
    java.time.Duration interval = switchDetector == null ? null : switchDetector.gaps().interval();
    if (sw == null || interval == null) {
      return sw;
    }
    long silentMillis = Millis.between(sw.seenAt(), at);
    return silentMillis > STALE_INTERVALS * interval.toMillis() ? UNKNOWN_SWITCH : sw;
  }

  private void noteSwitch(Member m, Instant at, double value) {
    if (!isFanSwitch(m.detector().sensor())) {
      return;
    }
    boolean on = value >= 0.5;
    SwitchState prev = switches.get(m.site());
    if (prev == null || prev.on() != on) {
      switches.put(m.site(), new SwitchState(on, at, at));
    } else {
      switches.put(m.site(), new SwitchState(on, prev.since(), at));
    }
  }

  /** Whether the sensor is a fan's on/off switch, whose state its site's fan speed sensors are judged against. */
  public static boolean isFanSwitch(SensorDescription sensor) {
    return sensor.category() == Category.FAN && sensor.isDigital();
  }

  /** Whether the sensor measures a fan's speed (judged against its site's fan switch). */
  static boolean isFanSpeed(SensorDescription sensor) {
    return sensor.category() == Category.FAN && !sensor.isDigital();
  }
}
