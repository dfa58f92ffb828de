package com.anomalywatcher.cli;

import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.store.SensorSetName;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --set NAME} (alias {@code --fleet}) of the generators: which named sensor set they drive,
 * so separate fleets never mix; and how a generator prints the sensors it drives.
 */
final class SensorSetOption {
  /** More ids than this are summarised (the rest are in {@code sensors list}). */
  private static final int MAX_PRINTED_IDS = 24;

  @Option(names = {"--set", "--fleet"}, paramLabel = "NAME", defaultValue = Defaults.SENSOR_SET,
      description = "Named sensor set to generate (default: ${DEFAULT-VALUE}); each set keeps its own sensors.")
  String name;

  /** The set name, checked; a bad one is a usage error naming it. */
  String checked(CommandSpec spec) {
    try {
      return SensorSetName.check(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Prints the ids a generator drives, so {@code anomaly force} needs no guessing. */
  static void printFleet(PrintWriter out, String set, List<SensorSpec> fleet) {
    out.printf(Locale.ROOT, "set '%s', %s:%n", set, Human.count(fleet.size(), "sensor"));
    int shown = Math.min(fleet.size(), MAX_PRINTED_IDS);
    for (int i = 0; i < shown; i += 3) {
      StringBuilder line = new StringBuilder(" ");
      for (int j = i; j < Math.min(shown, i + 3); j++) {
        line.append(String.format(Locale.ROOT, " %-28s", fleet.get(j).sensorId()));
      }
      out.println(line.toString().stripTrailing());
    }
    if (fleet.size() > shown) {
      out.printf(Locale.ROOT, "  ... and %d more: anomaly-watcher sensors list%n", fleet.size() - shown);
    }
    out.flush();
  }
}
