package com.anomalywatcher.cli;

import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.World;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --world}, {@code --difficulty} and {@code --timezones} of the generating commands. */
final class WorldOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  @Option(names = "--world", paramLabel = "WORLD", defaultValue = "realistic",
      description = "realistic (local time zones, weekly hours, benign look-alikes, missing readings, subtle faults;"
          + " docs/WORLD.md) or clean (the original world: every day the same in UTC). Default: ${DEFAULT-VALUE}.")
  String world;

  @Option(names = "--difficulty", paramLabel = "LEVEL",
      description = "Anomaly size in the realistic world, relative to the sensor's noise: easy (original magnitudes),"
          + " normal (3-8 sigma, the default) or hard (1.5-3 sigma, slow faults over days).")
  String difficulty;

  @Option(names = "--timezones", paramLabel = "ZONES", split = ",",
      description = "IANA time zones of the sites, site i in zone i mod n (realistic world; default:"
          + " Europe/Berlin,America/New_York,Australia/Sydney,Asia/Kolkata,Asia/Tokyo).")
  List<String> timezones;

  /** Checks the options (usage error naming the option and value), before any work begins. */
  void check() {
    settings(0, Duration.ofMinutes(1), 0, false);
  }

  /** The settings of a run, checking the options first (usage error naming the option and value). */
  SimulationSettings settings(long seed, Duration interval, double anomalyRate, boolean demo) {
    World w = parse("--world", world, World::parse, "realistic or clean");
    if (w == World.CLEAN) {
      if (difficulty != null) {
        throw usage("--difficulty applies to --world realistic only (the clean world keeps its original magnitudes), got "
            + difficulty + " with --world clean");
      }
      if (timezones != null) {
        throw usage("--timezones applies to --world realistic only (the clean world is in UTC), got " + String.join(",", timezones));
      }
      return new SimulationSettings(seed, interval, anomalyRate, demo);
    }
    Difficulty d = difficulty == null ? Difficulty.NORMAL : parse("--difficulty", difficulty, Difficulty::parse, "easy, normal or hard");
    return SimulationSettings.realistic(seed, interval, anomalyRate, demo, d, zones());
  }

  private List<ZoneId> zones() {
    List<ZoneId> zones = new ArrayList<>();
    if (timezones == null) {
      return zones;
    }
    for (String z : timezones) {
      try {
        zones.add(ZoneId.of(z.trim()));
      } catch (DateTimeException e) {
        throw usage("--timezones must be IANA time zone names such as Europe/Berlin, got '" + z + "'");
      }
    }
    if (zones.isEmpty()) {
      throw usage("--timezones must name at least one time zone, got ''");
    }
    return zones;
  }

  private <T> T parse(String option, String text, java.util.function.Function<String, T> parser, String allowed) {
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw usage(option + " must be " + allowed + ", got '" + text + "'");
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
