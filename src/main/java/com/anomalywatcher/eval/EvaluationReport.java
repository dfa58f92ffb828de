package com.anomalywatcher.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of a ground-truth evaluation: overall and per-kind figures.
 *
 * @param sensors sensors with readings in the range
 * @param sensorDays readings × interval summed over sensors, in days
 * @param benign per benign kind ({@code door_open}...): its events and the false alerts on them
 * @param naming per labelled kind, the kinds the detecting alerts named and how many detected
 *     episodes each ({@code drop -> {drop: 5, drift: 2}}): where the named kind goes wrong
 */
public record EvaluationReport(
    KindMetrics overall, Map<String, KindMetrics> byKind, int sensors, double sensorDays, Map<String, BenignMetrics> benign,
    Map<String, Map<String, Integer>> naming) {
  public EvaluationReport {
    byKind = Map.copyOf(byKind);
    benign = Map.copyOf(benign);
    Map<String, Map<String, Integer>> copy = new TreeMap<>();
    naming.forEach((k, named) -> copy.put(k, Map.copyOf(named)));
    naming = Map.copyOf(copy);
  }

  /** A report without the naming figures. */
  public EvaluationReport(
      KindMetrics overall, Map<String, KindMetrics> byKind, int sensors, double sensorDays, Map<String, BenignMetrics> benign) {
    this(overall, byKind, sensors, sensorDays, benign, Map.of());
  }

  /** A report without benign events (the clean world has none). */
  public EvaluationReport(KindMetrics overall, Map<String, KindMetrics> byKind, int sensors, double sensorDays) {
    this(overall, byKind, sensors, sensorDays, Map.of());
  }

  /**
   * One JSON object: recall, precision, f1, delays (readings and hours), false alerts per sensor-day,
   * named right, by_kind, benign and naming (labelled kind to the kinds its detecting alerts named).
   */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = fields(mapper.createObjectNode(), overall);
    root.put("sensors", sensors);
    root.put("sensor_days", sensorDays);
    ObjectNode kinds = root.putObject("by_kind");
    new java.util.TreeMap<>(byKind).forEach((k, m) -> fields(kinds.putObject(k), m));
    ObjectNode look = root.putObject("benign");
    new java.util.TreeMap<>(benign).forEach((k, m) -> {
      ObjectNode o = look.putObject(k);
      o.put("false_alerts", m.falseAlerts());
      o.put("events", m.events());
    });
    ObjectNode named = root.putObject("naming");
    new TreeMap<>(naming).forEach((k, counts) -> {
      ObjectNode o = named.putObject(k);
      new TreeMap<>(counts).forEach(o::put);
    });
    return root.toString();
  }

  private static ObjectNode fields(ObjectNode o, KindMetrics m) {
    o.put("recall", m.recall());
    o.put("precision", m.precision());
    o.put("f1", m.f1());
    putNumber(o, "median_delay_readings", m.medianDelayReadings());
    putNumber(o, "p95_delay_readings", m.p95DelayReadings());
    putNumber(o, "median_delay_hours", m.medianDelayHours());
    putNumber(o, "p95_delay_hours", m.p95DelayHours());
    o.put("false_alerts_per_sensor_day", m.falseAlertsPerSensorDay());
    o.put("episodes", m.episodes());
    o.put("detected", m.detected());
    o.put("true_alerts", m.trueAlerts());
    o.put("false_alerts", m.falseAlerts());
    putNumber(o, "named_right", m.namedRightFraction());
    o.put("named_right_episodes", m.namedRight());
    return o;
  }

  private static void putNumber(ObjectNode o, String name, double v) {
    if (Double.isNaN(v)) {
      o.putNull(name);
    } else {
      o.put(name, v);
    }
  }

  /** A readable table, one row per kind plus the total (the command line's own table has the same columns). */
  public void printTable(PrintWriter out) {
    String format = "%-18s %8s %8s %6s %12s %9s %6s %5s %12s %9s %16s %13s %20s %11s%n";
    out.printf(Locale.ROOT, format, "anomaly kind", "episodes", "detected", "alerts", "false alerts", "precision",
        "recall", "F1", "median delay", "p95 delay", "median delay (h)", "p95 delay (h)", "false alerts/sensor/day",
        "named right");
    new java.util.TreeMap<>(byKind).forEach((k, m) -> row(out, format, k, m));
    row(out, format, "all kinds", overall);
    out.printf(Locale.ROOT, "%d sensors, %.2f sensor-days; delays in readings and in hours%n", sensors, sensorDays);
    if (!benign.isEmpty()) {
      out.println("false alerts on benign look-alikes (alert opened during the event or 2 readings after):");
      new java.util.TreeMap<>(benign).forEach((k, m) ->
          out.printf(Locale.ROOT, "  %-18s %6d false alerts  %8d events%n", k, m.falseAlerts(), m.events()));
    }
    namingLines().forEach(out::println);
    out.flush();
  }

  private static void row(PrintWriter out, String format, String name, KindMetrics m) {
    out.printf(Locale.ROOT, format, name, m.episodes(), m.detected(), m.trueAlerts() + m.falseAlerts(),
        m.falseAlerts(), pct(m.precision()), pct(m.recall()), pct(m.f1()), num(m.medianDelayReadings()),
        num(m.p95DelayReadings()), hours(m.medianDelayHours()), hours(m.p95DelayHours()), String.format(Locale.ROOT, "%.2f", m.falseAlertsPerSensorDay()),
        Double.isNaN(m.namedRightFraction()) ? "-" : pct(m.namedRightFraction()));
  }

  /**
   * The naming confusion for people: a heading, then one line per labelled kind with the kinds its
   * detecting alerts named, most often first ({@code   drop  7 detected: drop 5, drift 2}); no lines
   * when nothing was detected.
   */
  public List<String> namingLines() {
    List<String> lines = new ArrayList<>();
    if (naming.isEmpty()) {
      return lines;
    }
    lines.add("kinds the detecting alerts named, by labelled kind:");
    new TreeMap<>(naming).forEach((k, counts) -> {
      List<Map.Entry<String, Integer>> named = new ArrayList<>(counts.entrySet());
      named.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
      int detected = named.stream().mapToInt(Map.Entry::getValue).sum();
      List<String> parts = named.stream().map(e -> e.getKey() + " " + e.getValue()).toList();
      lines.add(String.format(Locale.ROOT, "  %-18s %4d detected: %s", k, detected, String.join(", ", parts)));
    });
    return lines;
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String hours(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }
}
