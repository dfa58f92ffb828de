package com.anomalywatcher.monitor;

import com.anomalywatcher.anomaly.BenignEvent;
import com.anomalywatcher.detect.Detection;
import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.ModelMetadata;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.detect.SensorModel;
import com.anomalywatcher.eval.EvaluationReport;
import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.model.AnomalyKind;
import com.anomalywatcher.model.SensorDescription;
import com.anomalywatcher.store.AlertStore.AlertRow;
import com.anomalywatcher.store.BenignEventStore;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.GroundTruthStore;
import com.anomalywatcher.store.GroundTruthStore.EpisodeRow;
import com.anomalywatcher.store.ReadingStore;
import com.anomalywatcher.store.ReadingStore.Coverage;
import com.anomalywatcher.store.ReadingStore.Sample;
import com.anomalywatcher.store.ReadingStore.SensorRow;
import com.anomalywatcher.store.SensorRegistry;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The D1 protocol ({@code train --until T0}, {@code monitor --once}, {@code evaluate}) on data a
 * {@code sample} run stored, without writing anything: the readings are read once (and cached in a
 * file), each site's detectors train and score in memory on a thread of their own, and the same
 * alert lifecycle and matching code as the commands judge the result. For tuning and for checking
 * other seeds and dates quickly; the acceptance figures come from the commands themselves.
 *
 * <p>{@code StoredAccuracy DB T0 T1 [trainDays]} prints the per-kind table, the missed episodes
 * and the false alerts ({@code -Ddetails=true}: each missed episode with the highest score its
 * readings reached, the kind named there and when). {@code -DhistoryDb=DB2} trains on the history
 * stored in DB2 instead (the same world sampled with another anomaly rate) and scores the same test
 * week of DB: the clean versus contaminated history comparison on identical test data.
 */
final class StoredAccuracy {
  private static final String TRACE = System.getProperty("trace", "");
  private static final Instant TRACE_FROM = Instant.parse(System.getProperty("traceFrom", "2000-01-01T00:00:00Z"));
  /** Minutes traced from {@link #TRACE_FROM}: {@code -DtraceMinutes=N}, 90 unless told. */
  private static final long TRACE_MINUTES = Long.getLong("traceMinutes", 90);

  /** Per sensor, the scored readings above {@value #NOTED_SCORE}, for the details' MISS lines; filled by the site threads. */
  private static final Map<String, List<Scored>> SCORED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final double NOTED_SCORE = 0.2;

  /** A reading's score and the kind its detection named. */
  private record Scored(Instant at, double score, AnomalyKind kind) {}

  private StoredAccuracy() {}

  private record Data(List<SensorRow> sensors, Map<String, SensorDescription> descriptions, List<Sample> readings,
      List<EpisodeRow> episodes, List<BenignEvent> benign, List<Coverage> coverage) {}

  public static void main(String[] args) throws Exception {
    String db = args[0];
    Instant t0 = Instant.parse(args[1]);
    Instant t1 = Instant.parse(args[2]);
    int trainDays = args.length > 3 ? Integer.parseInt(args[3]) : 14;
    double threshold = Double.parseDouble(System.getProperty("threshold", "0.7"));
    Instant from = t0.minus(Duration.ofDays(trainDays));
    long start = System.nanoTime();
    Data data = load(db, from, t0, t1);
    System.out.printf("loaded %d readings in %.1f s%n", data.readings.size(), (System.nanoTime() - start) / 1e9);
    start = System.nanoTime();
    List<AlertRow> alerts = run(data, t0, threshold);
    System.out.printf("trained and scored in %.1f s%n", (System.nanoTime() - start) / 1e9);
    EvaluationReport report = GroundTruthEvaluation.evaluate(data.episodes, alerts, data.coverage, t0, data.benign);
    PrintWriter out = new PrintWriter(System.out, true);
    if (Boolean.getBoolean("allAlerts")) {
      alerts.stream().sorted(Comparator.comparing(AlertRow::sensorId).thenComparing(AlertRow::openedAt))
          .forEach(a -> System.out.printf("ALERT %s %s %s %s%n", a.sensorId(), a.openedAt(), a.resolvedAt(), a.kind().dbName()));
    }
    if (Boolean.getBoolean("details")) {
      details(out, data, alerts, t0);
    }
    report.printTable(out);
    out.println(report.toJson());
  }

  private static List<AlertRow> run(Data data, Instant t0, double threshold) throws Exception {
    Map<String, List<Sample>> bySite = new TreeMap<>();
    Map<String, String> siteOf = new HashMap<>();
    String only = System.getProperty("only", "");
    for (SensorRow r : data.sensors) {
      boolean wanted = only.isEmpty() || java.util.Arrays.stream(only.split(",")).anyMatch(p -> r.sensorId().startsWith(p));
      if (wanted && data.descriptions.containsKey(r.sensorId())) {
        siteOf.put(r.sensorId(), Sites.siteOf(r));
      }
    }
    for (Sample s : data.readings) {
      String site = siteOf.get(s.sensorId());
      if (site != null) {
        bySite.computeIfAbsent(site, k -> new ArrayList<>()).add(s);
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("threads", 2));
    List<Future<List<AlertRow>>> futures = new ArrayList<>();
    for (Map.Entry<String, List<Sample>> e : bySite.entrySet()) {
      futures.add(pool.submit(() -> runSite(data, e.getValue(), t0, threshold)));
    }
    List<AlertRow> all = new ArrayList<>();
    for (Future<List<AlertRow>> f : futures) {
      all.addAll(f.get());
    }
    pool.shutdown();
    all.sort(Comparator.comparing(AlertRow::openedAt));
    return all;
  }

  private static List<AlertRow> runSite(Data data, List<Sample> samples, Instant t0, double threshold) {
    FleetDetector fleet = new FleetDetector();
    ReadingOrder order = new ReadingOrder();
    Map<String, AlertTracker> trackers = new HashMap<>();
    Map<String, Silence> silences = new HashMap<>();
    AlertPolicy policy = new AlertPolicy(threshold, AlertPolicy.DEFAULT_QUIET_READINGS);
    for (SensorRow r : data.sensors) {
      SensorDescription d = data.descriptions.get(r.sensorId());
      if (d != null) {
        fleet.add(r.sensorId(), Sites.siteOf(r), SensorDetector.fresh(d, r.sensorId()));
        order.add(r.sensorId(), d);
        trackers.put(r.sensorId(), new AlertTracker(
            new SensorInfo(r.sensorId(), r.category(), r.location(), r.unit(), d.zone()), policy, null, 0));
        String id = r.sensorId();
        silences.put(id, new Silence(t0.minusNanos(1_000), false, () -> fleet.detector(id).gaps().toleratedMissing(fleet.usualLostRun()),
            () -> fleet.detector(id).gaps().interval()));
      }
    }
    List<Sample> sorted = new ArrayList<>(samples);
    order.sort(sorted);
    Map<String, AlertRow> alerts = new LinkedHashMap<>();
    Instant newest = null;
    boolean restored = false;
    for (Sample s : sorted) {
      if (s.timestamp().isBefore(t0)) {
        fleet.train(s.sensorId(), s.timestamp(), s.value());
        continue;
      }
      if (!restored) {
        // as monitor does: each detector restored from its saved state (a trained profile stays as trained)
        for (SensorRow r : data.sensors) {
          if (fleet.knows(r.sensorId())) {
            SensorDetector trained = fleet.detector(r.sensorId());
            ModelMetadata meta = new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, r.sensorId(), trained.sensor(),
                t0, t0.minus(Duration.ofDays(14)), t0, trained.seen(), trained.parameters(), "harness");
            fleet.add(r.sensorId(), Sites.siteOf(r), SensorDetector.restore(new SensorModel(meta, trained.state())));
          }
        }
        restored = true;
      }
      AlertTracker tracker = trackers.get(s.sensorId());
      Silence silence = silences.get(s.sensorId());
      List<AlertChange> changes = new ArrayList<>();
      Silence.Offline wentOffline = silence.note(s.timestamp());
      if (wentOffline != null) {
        add(changes, tracker.openWithoutReading(wentOffline.at(), AnomalyKind.OFFLINE, "offline"));
      }
      add(changes, tracker.resolveIf(AnomalyKind.OFFLINE, s.timestamp()));
      Detection d = fleet.observe(s.sensorId(), s.timestamp(), s.value());
      if (!TRACE.isEmpty() && s.sensorId().equals(TRACE) && !s.timestamp().isBefore(TRACE_FROM)
          && s.timestamp().isBefore(TRACE_FROM.plus(Duration.ofMinutes(TRACE_MINUTES)))) {
        System.out.printf("  %s %.2f score %.2f %s [%.2f, %.2f]%n", s.timestamp(), s.value(), d.score(), d.kind(),
            d.expectedLow(), d.expectedHigh());
      }
      if (d.score() > NOTED_SCORE) {
        SCORED.computeIfAbsent(s.sensorId(), k -> new ArrayList<>()).add(new Scored(s.timestamp(), d.score(), d.kind()));
      }
      changes.addAll(tracker.observe(s.timestamp(), s.value(), d));
      for (AlertChange c : changes) {
        alerts.put(c.alert().sensorId() + "@" + c.alert().openedAt(), c.alert());
      }
      newest = newest == null || s.timestamp().isAfter(newest) ? s.timestamp() : newest;
    }
    for (Map.Entry<String, Silence> e : silences.entrySet()) {
      Instant off = newest == null ? null : e.getValue().offlineAt(newest);
      if (off != null) {
        AlertChange c = trackers.get(e.getKey()).openWithoutReading(off, AnomalyKind.OFFLINE, "offline");
        if (c != null) {
          alerts.put(c.alert().sensorId() + "@" + c.alert().openedAt(), c.alert());
        }
      }
    }
    // as monitor --once ends its pass: a last reading far beyond its sensor's history alerts without confirmation
    for (Map.Entry<String, AlertTracker> e : trackers.entrySet()) {
      SensorDetector.PassEnd end = fleet.knows(e.getKey()) ? fleet.detector(e.getKey()).atPassEnd() : null;
      if (end != null && e.getValue().openAlert() == null) {
        for (AlertChange c : e.getValue().observe(end.at(), end.value(), end.detection())) {
          alerts.put(c.alert().sensorId() + "@" + c.alert().openedAt(), c.alert());
        }
      }
    }
    return new ArrayList<>(alerts.values());
  }

  private static void add(List<AlertChange> changes, AlertChange c) {
    if (c != null) {
      changes.add(c);
    }
  }

  private static void details(PrintWriter out, Data data, List<AlertRow> alerts, Instant t0) {
    Map<String, List<AlertRow>> bySensor = new HashMap<>();
    for (AlertRow a : alerts) {
      bySensor.computeIfAbsent(a.sensorId(), k -> new ArrayList<>()).add(a);
    }
    List<EpisodeRow> eps = new ArrayList<>(data.episodes);
    eps.sort(Comparator.comparing((EpisodeRow e) -> e.kind().dbName()).thenComparing(EpisodeRow::start));
    for (EpisodeRow e : eps) {
      if (e.start().isBefore(t0)) {
        continue;
      }
      AlertRow hit = null;
      for (AlertRow a : bySensor.getOrDefault(e.sensorId(), List.of())) {
        if (!a.openedAt().isBefore(e.start()) && a.openedAt().isBefore(e.end().plus(Duration.ofMinutes(2)))) {
          hit = a;
          break;
        }
      }
      long mins = Duration.between(e.start(), e.end()).toMinutes();
      out.printf("%s %-18s %-28s %s %4d min %s%n", hit == null ? "MISS" : "hit ", e.kind().dbName(), e.sensorId(),
          e.start(), mins, hit == null ? highestScore(e) : "delay " + Duration.between(e.start(), hit.openedAt()).toMinutes()
              + " as " + hit.kind().dbName());
    }
    for (AlertRow a : alerts) {
      boolean matched = data.episodes.stream().anyMatch(e -> a.sensorId().equals(e.sensorId())
          && !a.openedAt().isBefore(e.start()) && a.openedAt().isBefore(e.end().plus(Duration.ofMinutes(2))));
      if (!matched) {
        String benign = "";
        for (BenignEvent b : data.benign) {
          if (b.sensorId().equals(a.sensorId()) && !a.openedAt().isBefore(b.start())
              && a.openedAt().isBefore(b.end().plus(Duration.ofMinutes(2)))) {
            benign += " " + b.kind();
          }
        }
        out.printf("FALSE %-28s %s %-16s peak %.2f val %.1f exp [%.1f, %.1f]%s%n", a.sensorId(), a.openedAt(),
            a.kind().dbName(), a.peakScore(), a.value(), a.expectedLow(), a.expectedHigh(), benign);
      }
    }
  }

  /**
   * The highest score of a missed episode's readings (from its start to 2 minutes after its end), the
   * kind named there and its minute: whether a check came close or none saw it at all.
   */
  private static String highestScore(EpisodeRow e) {
    Scored top = null;
    for (Scored r : SCORED.getOrDefault(e.sensorId(), List.of())) {
      if (!r.at().isBefore(e.start()) && r.at().isBefore(e.end().plus(Duration.ofMinutes(2)))
          && (top == null || r.score() > top.score())) {
        top = r;
      }
    }
    return top == null ? "max <= " + NOTED_SCORE : String.format(java.util.Locale.ROOT, "max %.2f %s at +%d min",
        top.score(), top.kind(), Duration.between(e.start(), top.at()).toMinutes());
  }

  private static Data load(String dbName, Instant from, Instant t0, Instant t1) throws IOException {
    String historyDb = System.getProperty("historyDb", "");
    Data data = load1(dbName, from, t0, t1);
    if (historyDb.isEmpty()) {
      return data;
    }
    Data history = load1(historyDb, from, t0, t1);
    List<Sample> readings = new ArrayList<>();
    history.readings.stream().filter(s -> s.timestamp().isBefore(t0)).forEach(readings::add);
    data.readings.stream().filter(s -> !s.timestamp().isBefore(t0)).forEach(readings::add);
    return new Data(data.sensors, data.descriptions, readings, data.episodes, data.benign, data.coverage);
  }

  private static Data load1(String dbName, Instant from, Instant t0, Instant t1) throws IOException {
    String url = "jdbc:postgresql://127.0.0.1:5432/" + dbName + "?user=postgres";
    try (Database db = Database.connect(url)) {
      ReadingStore store = new ReadingStore(db);
      List<SensorRow> sensors = store.sensors();
      SensorCatalog catalog = new SensorCatalog(new SensorRegistry(db).descriptions());
      Map<String, SensorDescription> descriptions = new HashMap<>();
      for (SensorRow r : sensors) {
        catalog.describe(r).ifPresent(d -> descriptions.put(r.sensorId(), d));
      }
      Path cache = Path.of("/tmp/i7/cache-" + dbName + "-" + from.getEpochSecond() + "-" + t1.getEpochSecond() + ".bin");
      List<Sample> readings = Files.exists(cache) ? readCache(cache) : null;
      if (readings == null) {
        readings = new ArrayList<>();
        Instant micro = from.minusNanos(1_000);
        for (Instant lower = micro; lower.isBefore(t1); lower = lower.plus(Duration.ofHours(12))) {
          Instant upper = lower.plus(Duration.ofHours(12)).isBefore(t1) ? lower.plus(Duration.ofHours(12))
              : t1.minusNanos(1_000);
          readings.addAll(store.readings(lower, upper));
        }
        writeCache(cache, readings);
      }
      List<EpisodeRow> episodes = new GroundTruthStore(db).episodesStartingIn(t0.minus(Duration.ofDays(1)), t1);
      List<BenignEvent> benign = new BenignEventStore(db).overlapping(t0, t1);
      List<Coverage> coverage = store.coverage(t0, t1);
      return new Data(sensors, descriptions, readings, episodes, benign, coverage);
    }
  }

  private static List<Sample> readCache(Path cache) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(cache), 1 << 20))) {
      int ids = in.readInt();
      String[] names = new String[ids];
      for (int i = 0; i < ids; i++) {
        names[i] = in.readUTF();
      }
      int n = in.readInt();
      List<Sample> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int id = in.readInt();
        long ms = in.readLong();
        out.add(new Sample(names[id], Instant.ofEpochMilli(ms), in.readDouble()));
      }
      return out;
    }
  }

  private static void writeCache(Path cache, List<Sample> readings) throws IOException {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Sample s : readings) {
      ids.putIfAbsent(s.sensorId(), ids.size());
    }
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(cache), 1 << 20))) {
      out.writeInt(ids.size());
      for (String id : ids.keySet()) {
        out.writeUTF(id);
      }
      out.writeInt(readings.size());
      for (Sample s : readings) {
        out.writeInt(ids.get(s.sensorId()));
        out.writeLong(s.timestamp().toEpochMilli());
        out.writeDouble(s.value());
      }
    }
  }
}
