package com.anomalywatcher.cli;

import com.anomalywatcher.detect.StreamingDetector;
import com.anomalywatcher.detect.StreamingDetectorSettings;
import com.anomalywatcher.sim.GenerationBenchmark;
import com.anomalywatcher.sim.World;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: detection speed (readings scored and learned per second on one thread) and bytes
 * per saved model, for the streaming forest core on a seeded synthetic 1-minute series, and for the
 * production {@code SensorDetector} of every sensor kind on simulated readings ({@link SensorBench}),
 * and the simulator's generation speed in each world ({@link GenerationBenchmark}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure detection speed (readings per second on one core) and bytes per saved model:",
      "the streaming forest core on a seeded synthetic 1-minute temperature series, then the",
      "production detector of each sensor kind, trained like 'train' on simulated readings,",
      "and the generator's readings per second in the realistic and the clean world.",
      "'bench soak' runs a live generator and the monitor together and reports lag and memory;",
      "'bench ingest' measures MQTT messages per second into the database;",
      "'bench fleet' runs sample, train and monitor at fleet size on an empty database."
    },
    subcommands = {SoakCommand.class, BenchIngestCommand.class, FleetBenchCommand.class})
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--points", defaultValue = "200000", paramLabel = "<n>", description = "Readings to time (default: ${DEFAULT-VALUE}).")
  int points;

  @Option(names = "--warmup", defaultValue = "20000", paramLabel = "<n>", description = "Untimed readings first, for the JIT (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--train", defaultValue = "10080", paramLabel = "<n>", description = "Readings a model learns before its size is measured; also the training of each sensor kind's detector (default: one week at 1 min, ${DEFAULT-VALUE}).")
  int train;

  @Option(names = "--sensor-points", defaultValue = "50000", paramLabel = "<n>", description = "Readings to time per sensor kind with the production detector (default: ${DEFAULT-VALUE}).")
  int sensorPoints;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "<s>", description = "Seed of the series and the detector (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print one JSON line with the results as the last line.")
  boolean json;

  @Mixin ForestSizeOptions forest;

  @Override
  public Integer call() {
    if (points < 1) {
      throw new ParameterException(spec.commandLine(), "--points must be >= 1, got " + points);
    }
    if (warmup < 0) {
      throw new ParameterException(spec.commandLine(), "--warmup must be >= 0, got " + warmup);
    }
    if (train < 1) {
      throw new ParameterException(spec.commandLine(), "--train must be >= 1, got " + train);
    }
    if (sensorPoints < 1) {
      throw new ParameterException(spec.commandLine(), "--sensor-points must be >= 1, got " + sensorPoints);
    }
    StreamingDetectorSettings settings = forest.settings();
    ProgressBar bar = ProgressBar.onTerminal(spec.commandLine().getErr(), 3);
    bar.update(0, "timing the forest core on " + String.format(Locale.ROOT, "%,d", points) + " readings");
    double[] series = syntheticSensor(warmup + points, seed);
    double[] perSecond = pointsPerSecond(settings, series);
    bar.update(1, "measuring a saved model");
    byte[] model = savedModel(settings, syntheticSensor(train, seed + 1));
    int gzipped = gzip(model).length;
    bar.update(2, "timing the detector of each sensor kind");
    List<SensorBench.KindResult> kinds = new SensorBench(train, sensorPoints, seed).run();
    bar.update(3, "done");
    bar.finish();
    PrintWriter out = spec.commandLine().getOut();
    report(out, settings, perSecond, model.length, gzipped);
    reportKinds(out, kinds);
    Map<String, Double> generation = generation(out);
    if (json) {
      printJson(out, perSecond, model.length, gzipped, kinds, generation);
    }
    out.flush();
    return 0;
  }

  /** Readings per second of wall time and per second of this thread's CPU time. */
  private double[] pointsPerSecond(StreamingDetectorSettings settings, double[] series) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    StreamingDetector detector = new StreamingDetector(settings, seed);
    double checksum = 0;
    for (int i = 0; i < warmup; i++) {
      checksum += detector.process(series[i]).score();
    }
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    for (int i = warmup; i < series.length; i++) {
      checksum += detector.process(series[i]).score();
    }
    long nanos = System.nanoTime() - start;
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
    if (Double.isNaN(checksum)) { // also keeps the JIT from dropping the timed work
      throw new IllegalStateException("benchmark produced NaN scores");
    }
    return new double[] {points / (nanos / 1e9), cpuNanos > 0 ? points / (cpuNanos / 1e9) : Double.NaN};
  }

  private byte[] savedModel(StreamingDetectorSettings settings, double[] series) {
    StreamingDetector detector = new StreamingDetector(settings, seed);
    for (double v : series) {
      detector.process(v);
    }
    try {
      return new ObjectMapper().writeValueAsBytes(detector.state());
    } catch (JsonProcessingException e) {
      throw new CommandFailure("cannot serialise the detector state: " + e.getOriginalMessage());
    }
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** An oven-like 1-minute temperature: daily cycle, noise, and a rare spike. */
  static double[] syntheticSensor(int n, long seed) {
    Random random = new Random(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double daily = 20 * Math.sin(2 * Math.PI * i / 1440.0);
      double spike = random.nextDouble() < 0.001 ? 60 * random.nextDouble() : 0;
      v[i] = 190 + daily + 2 * random.nextGaussian() + spike;
    }
    return v;
  }

  private void report(PrintWriter out, StreamingDetectorSettings settings, double[] perSecond, int bytes, int gzipped) {
    out.println("core (detect/StreamingDetector alone, the forest every generic sensor runs):");
    out.printf(Locale.ROOT, "settings: %d trees of %d readings each, shingle of %d, first scores after %d readings%n",
        settings.trees(), settings.sampleSize(), settings.shingleSize(), settings.warmupPoints());
    out.printf(Locale.ROOT, "data: synthetic 1-minute sensor series, seed %d; timed %,d readings after %,d untimed, one thread%n", seed, points, warmup);
    out.printf(Locale.ROOT, "speed: %,.0f readings/s of thread CPU time (%.1f µs per reading: score, then learn); %,.0f/s of wall time%n",
        perSecond[1], 1e6 / perSecond[1], perSecond[0]);
    out.printf(Locale.ROOT, "model: %s as JSON (%s gzipped) after learning %,d readings%n", Human.size(bytes), Human.size(gzipped), train);
    out.printf(Locale.ROOT, "java: %s, %d processor(s) available%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
  }

  private void reportKinds(PrintWriter out, List<SensorBench.KindResult> kinds) {
    out.printf(Locale.ROOT, "production detector (SensorDetector: domain checks + forest core) per sensor kind: one simulated site,"
        + " anomaly rate 0, seed %d; trained on %d 1-minute readings, model saved and restored as train/monitor do,"
        + " then %d readings timed per kind, one thread%n", seed, train, sensorPoints);
    for (SensorBench.KindResult k : kinds) {
      out.printf(Locale.ROOT, "  %-9s %,11.0f readings/s CPU (%6.2f µs each) %,11.0f/s wall %,8.0f B allocated each"
          + "   model %9s (%9s gzipped)%n",
          k.kind().prefix(), k.perCpuSecond(), 1e6 / k.perCpuSecond(), k.perWallSecond(), k.allocatedPerReading(),
          Human.size(k.modelBytes()),
          Human.size(k.modelBytesGzip()));
    }
  }

  /**
   * Generation speed of each world on one thread (24 sensors, 3 days at 1 minute, rate 0.02): the
   * generator must stay at least 10 times faster than ingest, which {@code sample} reports as rows/s.
   */
  private Map<String, Double> generation(PrintWriter out) {
    Map<String, Double> perSecond = new LinkedHashMap<>();
    out.println("generation (the simulator alone, no database; 24 sensors, 3 days at 1 minute, anomaly rate 0.02, one thread):");
    for (World world : World.values()) {
      GenerationBenchmark.Result r = GenerationBenchmark.run(24, 3, seed, world);
      perSecond.put(world.cliName(), r.readingsPerCpuSecond());
      out.printf(Locale.ROOT, "  %-9s %,11.0f readings/s CPU %,11.0f/s wall (%,d readings)%n", world.cliName(),
          r.readingsPerCpuSecond(), r.readingsPerSecond(), r.readings());
    }
    out.println("  compare with ingest: the rows/s line of 'sample' (generation, COPY and commit); generation must be >= 10x it");
    out.flush();
    return perSecond;
  }

  private void printJson(PrintWriter out, double[] perSecond, int bytes, int gzipped, List<SensorBench.KindResult> kinds,
      Map<String, Double> generation) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("points_per_cpu_second", Math.round(perSecond[1]));
    m.put("points_per_second", Math.round(perSecond[0]));
    m.put("model_bytes", bytes);
    m.put("model_bytes_gzip", gzipped);
    m.put("points", points);
    m.put("train_points", train);
    m.put("seed", seed);
    m.put("sensor_points", sensorPoints);
    Map<String, Object> byKind = new LinkedHashMap<>();
    for (SensorBench.KindResult k : kinds) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("sensor_id", k.sensorId());
      one.put("points_per_cpu_second", Math.round(k.perCpuSecond()));
      one.put("points_per_second", Math.round(k.perWallSecond()));
      if (!Double.isNaN(k.allocatedPerReading())) {
        one.put("allocated_bytes_per_point", Math.round(k.allocatedPerReading()));
      }
      one.put("model_bytes", k.modelBytes());
      one.put("model_bytes_gzip", k.modelBytesGzip());
      byKind.put(k.kind().prefix(), one);
    }
    m.put("sensor_kinds", byKind);
    Map<String, Object> gen = new LinkedHashMap<>();
    generation.forEach((w, v) -> gen.put(w, Math.round(v)));
    m.put("generation_readings_per_second", gen);
    try {
      out.println(new ObjectMapper().writeValueAsString(m));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
