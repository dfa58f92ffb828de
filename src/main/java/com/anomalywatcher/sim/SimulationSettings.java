package com.anomalywatcher.sim;

import com.anomalywatcher.anomaly.Difficulty;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Simulation} runs.
 *
 * @param seed master seed; every random number of every sensor derives from it and the sensor id
 * @param interval expected time between two steps (1 minute for {@code sample --interval 1}); the
 *     anomaly durations and rates are counted in these readings
 * @param anomalyRate expected fraction of ALL readings of the fleet that lie inside a random
 *     anomaly episode, in [0, 1]; ignored when {@code demo} is set
 * @param demo run the scripted demo sequence (source {@code demo}) instead of random anomalies
 * @param world realistic or clean (see {@link World})
 * @param difficulty anomaly sizes in the realistic world; the clean world always uses
 *     {@link Difficulty#EASY}, its original magnitudes
 * @param timezones the sites' IANA time zones, site {@code i} in {@code timezones[i % size]}; the
 *     clean world is in UTC whatever this says
 */
public record SimulationSettings(
    long seed, Duration interval, double anomalyRate, boolean demo, World world, Difficulty difficulty,
    List<ZoneId> timezones) {

  /**
   * The default zones of the realistic world: two northern-hemisphere zones with daylight saving
   * on different dates (EU, US), one southern-hemisphere zone (Sydney: DST from October to April)
   * and two without daylight saving (India, Japan).
   */
  public static final List<ZoneId> DEFAULT_TIMEZONES = List.of(
      ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"), ZoneId.of("Australia/Sydney"),
      ZoneId.of("Asia/Kolkata"), ZoneId.of("Asia/Tokyo"));

  /** The clean world's zone. */
  public static final ZoneId UTC = ZoneId.of("UTC");

  public SimulationSettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(world, "world");
    Objects.requireNonNull(difficulty, "difficulty");
    timezones = List.copyOf(timezones);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be > 0, got " + interval);
    }
    if (!(anomalyRate >= 0.0 && anomalyRate <= 1.0)) {
      throw new IllegalArgumentException("anomaly rate must be in [0, 1], got " + anomalyRate);
    }
    if (timezones.isEmpty()) {
      throw new IllegalArgumentException("timezones must not be empty");
    }
  }

  /** The clean (original) world: UTC, original magnitudes. */
  public SimulationSettings(long seed, Duration interval, double anomalyRate, boolean demo) {
    this(seed, interval, anomalyRate, demo, World.CLEAN, Difficulty.EASY, List.of(UTC));
  }

  /** The realistic world at {@code difficulty} in {@code timezones} (default zones when empty). */
  public static SimulationSettings realistic(long seed, Duration interval, double anomalyRate, boolean demo,
      Difficulty difficulty, List<ZoneId> timezones) {
    return new SimulationSettings(seed, interval, anomalyRate, demo, World.REALISTIC, difficulty,
        timezones.isEmpty() ? DEFAULT_TIMEZONES : timezones);
  }

  /** Whether this is the realistic world. */
  public boolean isRealistic() {
    return world == World.REALISTIC;
  }

  /** The difficulty anomalies are drawn at: the setting in the realistic world, easy in the clean one. */
  public Difficulty effectiveDifficulty() {
    return isRealistic() ? difficulty : Difficulty.EASY;
  }

  /** The time zone of site number {@code site}: UTC in the clean world. */
  public ZoneId zoneOfSite(int site) {
    return isRealistic() ? timezones.get(Math.floorMod(site, timezones.size())) : UTC;
  }
}
