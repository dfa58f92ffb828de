package com.anomalywatcher.plot;

import com.anomalywatcher.store.DashboardStore.Alert;
import com.anomalywatcher.store.DashboardStore.Bucket;
import com.anomalywatcher.store.DashboardStore.Event;
import java.awt.BasicStroke;
import java.awt.Color;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendLayout;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A sensor's curve for reports ({@code plot}): the mean per bucket with its min–max envelope, labelled
 * anomaly episodes shaded red and benign look-alikes blue, alerts as dashed lines with a marker at their
 * value. Pure drawing: the caller reads the data.
 */
public final class SensorPlot {
  static final Color MEAN = new Color(59, 111, 216);
  static final Color ENVELOPE = new Color(59, 111, 216, 90);
  static final Color ANOMALY = new Color(229, 57, 53, 70);
  static final Color BENIGN = new Color(30, 136, 229, 60);
  static final Color ALERT = new Color(183, 28, 28);

  /** What to draw: one sensor over {@code [from, to)}. */
  public record Data(String sensorId, String unit, Instant from, Instant to, List<Bucket> buckets,
      List<Event> events, List<Alert> alerts) {
    public Data {
      Objects.requireNonNull(sensorId, "sensorId");
      buckets = List.copyOf(buckets);
      events = List.copyOf(events);
      alerts = List.copyOf(alerts);
    }
  }

  private SensorPlot() {}

  /** The chart, {@code width} × {@code height} pixels. */
  public static XYChart chart(Data d, int width, int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height)
        .title(d.sensorId() + "  " + d.from() + " – " + d.to()).xAxisTitle("time (UTC)")
        .yAxisTitle(d.unit() == null ? "" : d.unit()).build();
    XYStyler style = chart.getStyler();
    style.setDatePattern(datePattern(d));
    style.setLegendPosition(LegendPosition.OutsideS);
    style.setLegendLayout(LegendLayout.Horizontal);
    style.setMarkerSize(8);
    style.setTimezone(TimeZone.getTimeZone("UTC"));
    style.setChartBackgroundColor(Color.WHITE);
    style.setPlotGridLinesColor(new Color(225, 228, 235));
    style.setAnnotationLineColor(ALERT);
    style.setAnnotationLineStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
    if (d.buckets().isEmpty()) {
      chart.addSeries("no readings", new double[] {d.from().toEpochMilli(), d.to().toEpochMilli()}, new double[] {0, 0});
      return chart;
    }
    double low = d.buckets().stream().mapToDouble(Bucket::min).min().orElse(0);
    double high = d.buckets().stream().mapToDouble(Bucket::max).max().orElse(1);
    double pad = Math.max(1e-9, (high - low) * 0.05);
    style.setYAxisMin(Math.min(0, low - pad));
    style.setYAxisMax(high + pad);
    shade(chart, d.events(), Math.min(0, low - pad), high + pad, d);
    curve(chart, d.buckets());
    alerts(chart, d.alerts());
    return chart;
  }

  private static void curve(XYChart chart, List<Bucket> buckets) {
    List<Date> t = new ArrayList<>();
    List<Double> min = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    List<Double> mean = new ArrayList<>();
    for (Bucket b : buckets) {
      t.add(Date.from(b.first()));
      min.add(b.min());
      max.add(b.max());
      mean.add(b.mean());
    }
    line(chart.addSeries("max", t, max), ENVELOPE, 0.8f).setShowInLegend(false);
    line(chart.addSeries("min", t, min), ENVELOPE, 0.8f).setShowInLegend(false);
    line(chart.addSeries("mean (min–max as thin lines)", t, mean), MEAN, 1.4f);
  }

  private static XYSeries line(XYSeries s, Color color, float width) {
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
    s.setLineStyle(new BasicStroke(width));
    return s;
  }

  /**
   * Each episode as a filled block from the bottom of the plot to its top; one legend entry per group.
   * PolygonArea, not Area: XChart draws an Area series' legend entry as its line (here transparent, so
   * the entry had no swatch), a PolygonArea's as a box in its fill colour.
   */
  private static void shade(XYChart chart, List<Event> events, double bottom, double top, Data d) {
    int anomalies = 0;
    int benign = 0;
    for (Event e : events) {
      boolean isBenign = "benign".equals(e.group());
      int n = isBenign ? ++benign : ++anomalies;
      String group = isBenign ? "benign event" : "labelled anomaly";
      Instant s = e.start().isBefore(d.from()) ? d.from() : e.start();
      Instant end = e.end().isAfter(d.to()) ? d.to() : e.end();
      XYSeries area = chart.addSeries(n == 1 ? group : group + " #" + n,
          List.of(Date.from(s), Date.from(s), Date.from(end), Date.from(end)), List.of(bottom, top, top, bottom));
      area.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
      area.setMarker(SeriesMarkers.NONE);
      area.setFillColor(isBenign ? BENIGN : ANOMALY);
      area.setLineColor(new Color(0, 0, 0, 0));
      area.setShowInLegend(n == 1);
    }
  }

  private static void alerts(XYChart chart, List<Alert> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    List<Date> t = new ArrayList<>();
    List<Double> v = new ArrayList<>();
    for (Alert a : alerts) {
      chart.addAnnotation(new AnnotationLine(a.openedAt().toEpochMilli(), true, false));
      t.add(Date.from(a.peakAt() == null ? a.openedAt() : a.peakAt()));
      v.add(a.value());
    }
    XYSeries marks = chart.addSeries("alert (dashed: opened)", t, v);
    marks.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    marks.setMarker(SeriesMarkers.TRIANGLE_DOWN);
    marks.setMarkerColor(ALERT);
  }

  private static String datePattern(Data d) {
    long hours = java.time.Duration.between(d.from(), d.to()).toHours();
    return hours <= 24 ? "HH:mm" : hours <= 24 * 10 ? "MM-dd HH:mm" : "yyyy-MM-dd";
  }
}
