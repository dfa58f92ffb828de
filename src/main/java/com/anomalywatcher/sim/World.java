package com.anomalywatcher.sim;

import java.util.Locale;

/**
 * Which world a {@link Simulation} generates: {@link #REALISTIC} (the default of the commands:
 * local time zones, weekly schedules and holidays, seasons, benign look-alike events, imperfect
 * data, anomalies sized by difficulty and starting anywhere) or {@link #CLEAN} (the original world:
 * every day the same day in UTC, no benign events, no missing readings, anomalies only in steady
 * states). Described in docs/WORLD.md.
 */
public enum World {
  REALISTIC,
  CLEAN;

  /** The name on the command line, e.g. {@code realistic}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a name as typed by a user; throws {@link IllegalArgumentException} naming it. */
  public static World parse(String text) {
    for (World w : values()) {
      if (w.cliName().equalsIgnoreCase(text == null ? "" : text.trim())) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown world '" + text + "' (realistic, clean)");
  }
}
