package com.anomalywatcher.world;

import com.anomalywatcher.anomaly.AnomalyEpisode;
import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.anomaly.BenignKind;
import com.anomalywatcher.anomaly.Difficulty;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.Fleet;
import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import com.anomalywatcher.sim.Tick;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws one PNG per sensor kind: a week of the realistic world at one site, the readings as a grey
 * line, readings inside benign events and inside anomaly episodes as coloured points by kind, and
 * missing readings as marks along the bottom. Pure simulation (no database); charts by XChart.
 */
public final class WorldPictures {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Map<BenignKind, Color> BENIGN_COLORS = Map.of(
      BenignKind.DOOR_OPEN, new Color(0x1f77b4), BenignKind.CLEANING, new Color(0x17becf),
      BenignKind.SETPOINT_CHANGE, new Color(0x2ca02c), BenignKind.NIGHT_CLEANING, new Color(0x9467bd),
      BenignKind.SECOND_SPEED, new Color(0x8c564b), BenignKind.COOKING_BURST, new Color(0xe377c2),
      BenignKind.GLITCH, new Color(0xff7f0e), BenignKind.DROPOUT, new Color(0x7f7f7f));
  private static final Color[] ANOMALY_COLORS = {
    new Color(0xd62728), new Color(0xa50f15), new Color(0xfb6a4a), new Color(0x67000d), new Color(0xef3b2c)};

  /**
   * What to draw.
   *
   * @param end end of the week (exclusive)
   * @param seed master seed of the simulation
   * @param anomalyRate fraction of readings inside an anomaly episode
   * @param zone the site's time zone (the charts' time axis is in it)
   */
  public record Request(Path dir, Instant end, long seed, double anomalyRate, Difficulty difficulty, ZoneId zone) {
    public Request {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(end, "end");
      Objects.requireNonNull(difficulty, "difficulty");
      Objects.requireNonNull(zone, "zone");
    }
  }

  /** One picture written: its file and what it shows. */
  public record Picture(SensorKind kind, String sensorId, Path file, int readings, int anomalies, int benignEvents) {}

  private WorldPictures() {}

  /** Simulates the week and writes {@code <prefix>.png} per sensor kind into the directory. */
  public static List<Picture> write(Request request) {
    List<SensorSpec> fleet = Fleet.create(SensorKind.values().length, request.seed());
    SimulationSettings settings = SimulationSettings.realistic(request.seed(), MINUTE, request.anomalyRate(), false,
        request.difficulty(), List.of(request.zone()));
    Simulation sim = new Simulation(fleet, settings, Map.of());
    Map<String, List<Reading>> readings = new LinkedHashMap<>();
    List<AnomalyEpisode> episodes = new ArrayList<>();
    List<BenignEvent> benign = new ArrayList<>();
    Instant start = request.end().minus(Duration.ofDays(7));
    for (Instant t = start; t.isBefore(request.end()); t = t.plus(MINUTE)) {
      Tick tick = sim.step(t);
      tick.readings().forEach(r -> readings.computeIfAbsent(r.sensorId(), k -> new ArrayList<>()).add(r));
      episodes.addAll(tick.startedEpisodes());
      benign.addAll(tick.benignEvents());
    }
    try {
      Files.createDirectories(request.dir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + request.dir(), e);
    }
    List<Picture> pictures = new ArrayList<>();
    for (SensorSpec spec : fleet) {
      pictures.add(draw(request, spec, start, readings.getOrDefault(spec.sensorId(), List.of()),
          episodes.stream().filter(e -> e.sensorId().equals(spec.sensorId())).toList(),
          benign.stream().filter(e -> e.sensorId().equals(spec.sensorId())).toList()));
    }
    return pictures;
  }

  private static Picture draw(Request request, SensorSpec spec, Instant start, List<Reading> readings,
      List<AnomalyEpisode> episodes, List<BenignEvent> benign) {
    SensorKind kind = spec.kind();
    XYChart chart = new XYChartBuilder().width(1600).height(520)
        .title(String.format(Locale.ROOT, "%s (%s, %s) at a %s in %s, one week, difficulty %s",
            kind.prefix(), kind.category().dbName(), kind.unit(), spec.location().dbName(), request.zone().getId(),
            request.difficulty().cliName()))
        .xAxisTitle("local time (" + request.zone().getId() + ")").yAxisTitle(kind.unit()).build();
    chart.getStyler().setTimezone(TimeZone.getTimeZone(request.zone()));
    chart.getStyler().setLocale(Locale.ROOT);
    chart.getStyler().setDatePattern("EEE dd MMM HH:mm");
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    chart.getStyler().setMarkerSize(4);
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridLinesColor(new Color(0xeeeeee));

    List<Date> x = new ArrayList<>(readings.size());
    List<Double> y = new ArrayList<>(readings.size());
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Reading r : readings) {
      x.add(Date.from(r.timestamp()));
      y.add(r.value());
      min = Math.min(min, r.value());
      max = Math.max(max, r.value());
    }
    XYSeries line = chart.addSeries("readings", x, y);
    line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    line.setMarker(SeriesMarkers.NONE);
    line.setLineColor(new Color(0x555555));
    line.setLineStyle(new BasicStroke(0.7f));

    int colour = 0;
    for (Map.Entry<AnomalyKind, List<Reading>> e : inside(readings, episodes).entrySet()) {
      points(chart, "anomaly: " + e.getKey().dbName(), e.getValue(), ANOMALY_COLORS[colour++ % ANOMALY_COLORS.length], 6);
    }
    Map<BenignKind, List<Reading>> benignReadings = insideBenign(readings, benign);
    benignReadings.forEach((k, list) -> points(chart, "benign: " + k.dbName(), list, BENIGN_COLORS.get(k), 4));
    double bottom = min - 0.04 * Math.max(1, max - min);
    missing(chart, readings, start, request.end(), bottom);
    Path file = request.dir().resolve(kind.prefix() + ".png");
    try {
      BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return new Picture(kind, spec.sensorId(), file, readings.size(), episodes.size(), benign.size());
  }

  private static Map<AnomalyKind, List<Reading>> inside(List<Reading> readings, List<AnomalyEpisode> episodes) {
    Map<AnomalyKind, List<Reading>> out = new TreeMap<>();
    for (AnomalyEpisode e : episodes) {
      List<Reading> in = readings.stream().filter(r -> e.covers(r.timestamp())).toList();
      if (!in.isEmpty()) {
        out.computeIfAbsent(e.kind(), k -> new ArrayList<>()).addAll(in);
      }
    }
    return out;
  }

  private static Map<BenignKind, List<Reading>> insideBenign(List<Reading> readings, List<BenignEvent> events) {
    Map<BenignKind, List<Reading>> out = new TreeMap<>();
    for (BenignEvent e : events) {
      if (e.kind() == BenignKind.DROPOUT) {
        continue; // drawn as missing readings
      }
      List<Reading> in = readings.stream().filter(r -> e.covers(r.timestamp())).toList();
      if (!in.isEmpty()) {
        out.computeIfAbsent(e.kind(), k -> new ArrayList<>()).addAll(in);
      }
    }
    return out;
  }

  private static void points(XYChart chart, String name, List<Reading> readings, Color color, int size) {
    List<Date> x = new ArrayList<>(readings.size());
    List<Double> y = new ArrayList<>(readings.size());
    for (Reading r : readings) {
      x.add(Date.from(r.timestamp()));
      y.add(r.value());
    }
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(color);
  }

  private static void missing(XYChart chart, List<Reading> readings, Instant start, Instant end, double bottom) {
    java.util.Set<Instant> present = new java.util.HashSet<>();
    readings.forEach(r -> present.add(r.timestamp()));
    List<Date> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (Instant t = start; t.isBefore(end); t = t.plus(MINUTE)) {
      if (!present.contains(t)) {
        x.add(Date.from(t));
        y.add(bottom);
      }
    }
    if (!x.isEmpty()) {
      XYSeries s = chart.addSeries("missing (dropout, offline)", x, y);
      s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.DIAMOND);
      s.setMarkerColor(Color.BLACK);
    }
  }
}
