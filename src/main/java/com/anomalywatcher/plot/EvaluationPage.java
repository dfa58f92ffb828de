package com.anomalywatcher.plot;

import com.anomalywatcher.eval.EvaluationReport;
import com.anomalywatcher.eval.KindMetrics;
import java.awt.Color;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * {@code evaluate --report FILE.html}: one self-contained page (charts embedded as PNG, no script,
 * nothing fetched) with the evaluation's table and its charts by anomaly kind: recall and precision,
 * detection delay, false alerts per sensor-day.
 */
public final class EvaluationPage {
  private EvaluationPage() {}

  /** The page for the evaluation of {@code [from, to)}. */
  public static String html(EvaluationReport r, Instant from, Instant to) {
    List<String> kinds = new ArrayList<>(new TreeMap<>(r.byKind()).keySet());
    StringBuilder h = new StringBuilder(64_000);
    h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Anomaly Watcher evaluation</title><style>")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d2330}")
        .append("table{border-collapse:collapse}td,th{padding:.25rem .6rem;border-bottom:1px solid #d8dde6;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}img{max-width:100%;border:1px solid #d8dde6;margin:.5rem 0}")
        .append("</style></head><body>\n<h1>Evaluation</h1>\n<p>Alerts opened in ").append(esc(from.toString()))
        .append(" – ").append(esc(to.toString())).append(" against the labelled anomaly episodes: ")
        .append(r.sensors()).append(" sensors, ").append(String.format(Locale.ROOT, "%.2f", r.sensorDays()))
        .append(" sensor-days. Delays are from an episode's start to its alert, in readings and in hours.</p>\n");
    table(h, r, kinds);
    if (!kinds.isEmpty()) {
      image(h, "Recall and precision by kind", bars("Recall and precision by kind", kinds, r,
          List.of(new Bar("recall", new Color(46, 125, 50), KindMetrics::recall),
              new Bar("precision", new Color(59, 111, 216), KindMetrics::precision))));
      image(h, "Detection delay by kind", bars("Detection delay by kind (readings)", kinds, r,
          List.of(new Bar("median", new Color(255, 152, 0), KindMetrics::medianDelayReadings),
              new Bar("p95", new Color(183, 28, 28), KindMetrics::p95DelayReadings))));
      image(h, "False alerts by kind", bars("False alerts per sensor-day by kind", kinds, r,
          List.of(new Bar("false alerts / sensor-day", new Color(183, 28, 28), KindMetrics::falseAlertsPerSensorDay))));
    }
    if (!r.benign().isEmpty()) {
      image(h, "False alerts by benign event kind", benign(r));
    }
    return h.append("</body></html>\n").toString();
  }

  private record Bar(String name, Color color, ToDoubleFunction<KindMetrics> value) {}

  private static CategoryChart bars(String title, List<String> kinds, EvaluationReport r, List<Bar> bars) {
    CategoryChart chart = new CategoryChartBuilder().width(900).height(380).title(title).build();
    CategoryStyler style = chart.getStyler();
    style.setXAxisLabelRotation(30);
    style.setAvailableSpaceFill(0.7);
    style.setLegendPosition(LegendPosition.InsideNE);
    style.setChartBackgroundColor(Color.WHITE);
    for (Bar b : bars) {
      List<Double> values = new ArrayList<>();
      for (String k : kinds) {
        double v = b.value().applyAsDouble(r.byKind().get(k));
        values.add(Double.isNaN(v) ? 0 : v);
      }
      chart.addSeries(b.name(), kinds, values).setFillColor(b.color());
    }
    return chart;
  }

  private static CategoryChart benign(EvaluationReport r) {
    List<String> kinds = new ArrayList<>(new TreeMap<>(r.benign()).keySet());
    CategoryChart chart = new CategoryChartBuilder().width(900).height(380)
        .title("False alerts on benign look-alikes, by kind").build();
    CategoryStyler style = chart.getStyler();
    style.setXAxisLabelRotation(30);
    style.setLegendPosition(LegendPosition.InsideNE);
    style.setChartBackgroundColor(Color.WHITE);
    chart.addSeries("events", kinds, kinds.stream().map(k -> (Number) r.benign().get(k).events()).toList())
        .setFillColor(new Color(30, 136, 229, 120));
    chart.addSeries("false alerts", kinds, kinds.stream().map(k -> (Number) r.benign().get(k).falseAlerts()).toList())
        .setFillColor(new Color(183, 28, 28));
    return chart;
  }

  private static void table(StringBuilder h, EvaluationReport r, List<String> kinds) {
    h.append("<table><tr><th>kind</th><th>episodes</th><th>detected</th><th>alerts</th><th>false alerts</th>")
        .append("<th>precision</th><th>recall</th><th>F1</th><th>median delay (readings)</th><th>p95 delay (readings)</th>")
        .append("<th>median delay (h)</th><th>p95 delay (h)</th><th>false/sensor-day</th><th>named right</th></tr>\n");
    for (String k : kinds) {
      row(h, k, r.byKind().get(k));
    }
    row(h, "all", r.overall());
    h.append("</table>\n");
  }

  private static void row(StringBuilder h, String name, KindMetrics m) {
    h.append("<tr><td>").append(esc(name)).append("</td><td>").append(m.episodes()).append("</td><td>")
        .append(m.detected()).append("</td><td>").append(m.trueAlerts() + m.falseAlerts()).append("</td><td>")
        .append(m.falseAlerts()).append("</td><td>").append(num(m.precision(), 3)).append("</td><td>")
        .append(num(m.recall(), 3)).append("</td><td>").append(num(m.f1(), 3)).append("</td><td>")
        .append(num(m.medianDelayReadings(), 1)).append("</td><td>").append(num(m.p95DelayReadings(), 1))
        .append("</td><td>").append(num(m.medianDelayHours(), 2)).append("</td><td>").append(num(m.p95DelayHours(), 2))
        .append("</td><td>").append(num(m.falseAlertsPerSensorDay(), 2))
        .append("</td><td>").append(num(m.namedRightFraction(), 3)).append("</td></tr>\n");
  }

  private static void image(StringBuilder h, String alt, CategoryChart chart) {
    h.append("<h2>").append(esc(alt)).append("</h2>\n<img class=\"chart\" alt=\"").append(esc(alt))
        .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(ChartFiles.png(chart)))
        .append("\">\n");
  }

  private static String num(double v, int decimals) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** HTML-escapes text (kind names come from the database). */
  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
