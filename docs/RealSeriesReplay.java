import com.anomalywatcher.detect.*;
import com.anomalywatcher.model.*;
import java.io.*;
import java.nio.file.*;
import java.time.*;
import java.util.*;

/**
 * Acceptance E2's protocol in-process, for tuning the generic detector without a database: per NAB
 * file a fresh generic detector (sensor id press-7-temp, as E2 imports it), trained on the first 7
 * days (with --cut15: real-series.sh's cut, 7 days when the file spans 21 or more, else 15 % but at
 * least 24 h), saved and restored through ModelRepository as monitor loads it, then every later
 * reading observed; an alert opens at a score >= 0.7 and resolves after 5 quieter readings, like
 * monitor's defaults. No offline alerts (the monitor's Silence). On main 308e4879 it reproduced E2
 * through the product on all 24 realKnownCause + realAWSCloudwatch files (22/37 windows, 10 outside).
 *
 *   java -cp target/anomaly-watcher.jar docs/RealSeriesReplay.java NAB_DIR LABELS OUT.tsv [--cut15] FILE...
 *
 * Prints per file "hit/windows out N alerts N"; writes OUT.tsv and OUT.tsv.alerts (each alert's first
 * reading, score, kind, expected range); DUMP=path writes every observed reading's detection.
 */
public class RealSeriesReplay {
  public static void main(String[] a) throws Exception {
    String nab = a[0]; String labels = a[1]; String out = a[2];
    boolean cut15 = false; int start = 3;
    if (a[3].equals("--cut15")) { cut15 = true; start = 4; }
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var lab = mapper.readTree(new File(labels));
    PrintWriter tsv = new PrintWriter(new FileWriter(out));
    PrintWriter al = new PrintWriter(new FileWriter(out + ".alerts"));
    PrintWriter dump = System.getenv("DUMP") == null ? null : new PrintWriter(new FileWriter(System.getenv("DUMP")));
    int sh = 0, sw = 0, so = 0, sa = 0;
    for (int i = start; i < a.length; i++) {
      String file = a[i];
      TreeMap<Instant, Double> rows = new TreeMap<>();
      try (BufferedReader r = Files.newBufferedReader(Path.of(nab, "data", file))) {
        r.readLine();
        for (String l; (l = r.readLine()) != null; ) {
          if (l.isBlank()) continue;
          String[] p = l.split(",");
          Instant t = LocalDateTime.parse(p[0].trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
          rows.putIfAbsent(t, Double.parseDouble(p[1].trim()));
        }
      }
      Instant first = rows.firstKey(), last = rows.lastKey();
      Instant cut;
      if (!cut15 || Duration.between(first, last).compareTo(Duration.ofDays(21)) >= 0) cut = first.plus(Duration.ofDays(7));
      else {
        long span = Duration.between(first, last).toSeconds();
        cut = first.plusSeconds(Math.max((long) (0.15 * span), 24 * 3600));
        cut = Instant.ofEpochSecond(cut.getEpochSecond());
      }
      SensorDescription desc = SensorDescription.generic(null, SensorType.ANALOG, "", null);
      SensorDetector d = SensorDetector.fresh(desc, "press-7-temp");
      long points = 0;
      for (var e : rows.headMap(cut, false).entrySet()) { d.train(e.getKey(), e.getValue(), null); points++; }
      Path dir = Files.createTempDirectory("replay");
      ModelRepository repo = ModelRepository.at(dir);
      repo.save(new SensorModel(new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, "press-7-temp", desc, Instant.now(), first, cut, points, d.parameters(), "x"), d.state()));
      d = SensorDetector.restore(repo.load("press-7-temp").get());
      List<Instant[]> wins = new ArrayList<>();
      for (var w : lab.get(file)) {
        Instant ws = LocalDateTime.parse(w.get(0).asText().split("\\.")[0].replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        Instant we = LocalDateTime.parse(w.get(1).asText().split("\\.")[0].replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        if (we.isAfter(cut)) wins.add(new Instant[] {ws, we});
      }
      boolean open = false; int quiet = 0; List<Instant> opened = new ArrayList<>();
      for (var e : rows.tailMap(cut, true).entrySet()) {
        Detection det = d.observe(e.getKey(), e.getValue(), null);
        if (dump != null) dump.printf("%s\t%s\t%s\t%.4f\t%s\t%.5g\t%.5g%n", file, e.getKey(), e.getValue(), det.score(), det.kind(), det.expectedLow(), det.expectedHigh());
        boolean anom = det.ready() && det.score() >= 0.7;
        if (anom) {
          quiet = 0;
          if (!open) { open = true; opened.add(e.getKey());
            al.printf("%s\t%s\t%s\t%.3f\t%s\t%.4g-%.4g%n", file, e.getKey(), e.getValue(), det.score(), det.kind(), det.expectedLow(), det.expectedHigh()); }
        } else if (open && ++quiet >= 5) { open = false; quiet = 0; }
      }
      int hit = 0, outside = 0;
      for (Instant[] w : wins) for (Instant t : opened) if (!t.isBefore(w[0]) && !t.isAfter(w[1])) { hit++; break; }
      for (Instant t : opened) { boolean in = false; for (Instant[] w : wins) if (!t.isBefore(w[0]) && !t.isAfter(w[1])) in = true; if (!in) outside++; }
      System.out.printf("%-58s %d/%d out %d alerts %d%n", file, hit, wins.size(), outside, opened.size());
      tsv.printf("%s\t%d\t%d\t%d\t%d%n", file, hit, wins.size(), outside, opened.size());
      sh += hit; sw += wins.size(); so += outside; sa += opened.size();
    }
    System.out.printf("ALL %d/%d out %d alerts %d%n", sh, sw, so, sa);
    tsv.close(); al.close(); if (dump != null) dump.close();
  }
}
