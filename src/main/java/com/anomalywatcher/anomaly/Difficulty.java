package com.anomalywatcher.anomaly;

import java.util.Locale;

/**
 * How hard the injected anomalies are to see, relative to the sensor's normal reading-to-reading
 * variation (its noise σ in its current state): {@link #EASY} keeps the original magnitudes,
 * {@link #NORMAL} has onsets of 3-8σ and drifts that take an hour or more to leave the normal band,
 * {@link #HARD} has onsets of 1.5-3σ and slow faults over days. The exact ranges per kind are in
 * {@link AnomalyEffect} and docs/WORLD.md.
 */
public enum Difficulty {
  EASY(0, 0),
  NORMAL(3, 8),
  HARD(1.5, 3);

  private final double lowSigmas;
  private final double highSigmas;

  Difficulty(double lowSigmas, double highSigmas) {
    this.lowSigmas = lowSigmas;
    this.highSigmas = highSigmas;
  }

  /** Smallest onset, in noise σ (0 for {@link #EASY}, which uses absolute magnitudes). */
  public double lowSigmas() {
    return lowSigmas;
  }

  /** Largest onset, in noise σ. */
  public double highSigmas() {
    return highSigmas;
  }

  /** The name on the command line, e.g. {@code normal}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a name as typed by a user; throws {@link IllegalArgumentException} naming it. */
  public static Difficulty parse(String text) {
    for (Difficulty d : values()) {
      if (d.cliName().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown difficulty '" + text + "' (easy, normal, hard)");
  }
}
