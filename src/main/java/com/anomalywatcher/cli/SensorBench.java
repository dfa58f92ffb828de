package com.anomalywatcher.cli;

import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.ModelMetadata;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.detect.SensorModel;
import com.anomalywatcher.detect.SwitchState;
import com.anomalywatcher.model.Reading;
import com.anomalywatcher.sim.Fleet;
import com.anomalywatcher.sim.SensorKind;
import com.anomalywatcher.sim.SensorSpec;
import com.anomalywatcher.sim.Simulation;
import com.anomalywatcher.sim.SimulationSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The production detector ({@link SensorDetector}: domain checks + forest core) of every sensor
 * kind, on one simulated site (six sensors, fan switch paired with fan speed), anomaly rate 0: train
 * on {@code trainReadings} 1-minute readings as {@code train} does (fleet order, switch before
 * speed), save each model through {@link ModelRepository} (its file size is the model size), restore
 * it as {@code monitor} does, replay the context a restarted monitor replays, then time
 * {@code observe} on the calling thread. For the {@code bench} command; owned by one thread.
 */
final class SensorBench {
  /** Start of the simulated history (fixed, so a seed gives the same readings). */
  static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  /**
   * One kind's result: rates per second of thread CPU time and of wall time, heap bytes the timed
   * thread allocated per reading (NaN where the JVM does not count them), saved model size.
   */
  record KindResult(SensorKind kind, String sensorId, double perCpuSecond, double perWallSecond,
      double allocatedPerReading, long modelBytes, long modelBytesGzip) {}

  /** Readings after training, per sensor in fleet order, and the fan switch state each fan speed reading sees. */
  private record Stream6(Instant[] times, double[][] values, SwitchState[] switchStates) {}

  private final int trainReadings;
  private final int points;
  private final long seed;

  SensorBench(int trainReadings, int points, long seed) {
    this.trainReadings = trainReadings;
    this.points = points;
    this.seed = seed;
  }

  /** Runs the measurement for every kind, in {@link SensorKind} order; models go to a temporary directory, removed after. */
  List<KindResult> run() {
    List<SensorSpec> fleet = Fleet.create(SensorKind.values().length, seed);
    Simulation sim = new Simulation(fleet, new SimulationSettings(seed, Duration.ofMinutes(1), 0, false), Map.of());
    FleetDetector trained = train(fleet, sim);
    int context = SensorDetector.fresh(SensorKind.LAMP.description(), "lamp-bench-000000").warmupReadings();
    Stream6 scoring = simulate(fleet, sim, context + points);
    Path dir = null;
    try {
      dir = Files.createTempDirectory("aw-bench-models-");
      ModelRepository repository = ModelRepository.at(dir);
      for (SensorSpec spec : fleet) {
        repository.save(model(spec, trained.detector(spec.sensorId())));
      }
      Map<String, Path> files = new HashMap<>();
      for (ModelRepository.StoredModel stored : repository.list()) {
        files.put(stored.metadata().sensorId(), stored.file());
      }
      List<KindResult> results = new ArrayList<>();
      for (int i = 0; i < fleet.size(); i++) {
        SensorSpec spec = fleet.get(i);
        byte[] file = Files.readAllBytes(files.get(spec.sensorId()));
        SensorDetector detector = SensorDetector.restore(repository.load(spec.sensorId()).orElseThrow());
        double[] rates = time(detector, scoring, i, context);
        results.add(new KindResult(spec.kind(), spec.sensorId(), rates[1], rates[0], rates[2], file.length,
            BenchCommand.gzip(file).length));
      }
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException("bench: temporary model directory: " + e.getMessage(), e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private FleetDetector train(List<SensorSpec> fleet, Simulation sim) {
    FleetDetector detectors = new FleetDetector();
    for (SensorSpec s : fleet) {
      detectors.add(s.sensorId(), "site:" + s.site(), SensorDetector.fresh(s.kind().description(), s.sensorId()));
    }
    for (int m = 0; m < trainReadings; m++) {
      for (Reading r : sim.step(START.plus(Duration.ofMinutes(m))).readings()) {
        detectors.train(r.sensorId(), r.timestamp(), r.value());
      }
    }
    return detectors;
  }

  /** The next {@code n} minutes of the simulation, kept as plain arrays so timing sees no generation cost. */
  private Stream6 simulate(List<SensorSpec> fleet, Simulation sim, int n) {
    int fanSwitch = indexOf(fleet, SensorKind.FAN_SWITCH);
    Instant[] times = new Instant[n];
    double[][] values = new double[fleet.size()][n];
    SwitchState[] switchStates = new SwitchState[n];
    SwitchState state = null;
    for (int m = 0; m < n; m++) {
      times[m] = START.plus(Duration.ofMinutes(trainReadings + m));
      List<Reading> readings = sim.step(times[m]).readings();
      for (int i = 0; i < readings.size(); i++) {
        values[i][m] = readings.get(i).value();
      }
      // as FleetDetector notes it: the switch reading of this minute comes before the speed reading
      boolean on = values[fanSwitch][m] >= 0.5;
      state = state == null || state.on() != on ? new SwitchState(on, times[m], times[m])
          : new SwitchState(on, state.since(), times[m]);
      switchStates[m] = state;
    }
    return new Stream6(times, values, switchStates);
  }

  /**
   * Learns {@code context} readings untimed, then times {@code observe}: {wall rate, CPU rate} in
   * readings/s and the bytes it allocated per reading (garbage the GC threads collect, whose CPU time
   * the CPU rate does not count).
   */
  private double[] time(SensorDetector detector, Stream6 s, int sensor, int context) {
    double[] values = s.values()[sensor];
    boolean paired = detector.sensor().equals(SensorKind.FAN_SPEED.description());
    for (int m = 0; m < context; m++) {
      detector.learn(s.times()[m], values[m], paired ? s.switchStates()[m] : null);
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double checksum = 0;
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long allocatedStart = allocatedBytes(threads);
    for (int m = context; m < values.length; m++) {
      checksum += detector.observe(s.times()[m], values[m], paired ? s.switchStates()[m] : null).score();
    }
    long nanos = System.nanoTime() - start;
    long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
    long allocated = allocatedBytes(threads) - allocatedStart;
    if (Double.isNaN(checksum)) { // also keeps the JIT from dropping the timed work
      throw new IllegalStateException("benchmark produced NaN scores for " + detector.sensor());
    }
    return new double[] {points / (nanos / 1e9), cpuNanos > 0 ? points / (cpuNanos / 1e9) : Double.NaN,
        allocatedStart < 0 ? Double.NaN : (double) allocated / points};
  }

  /** Bytes the calling thread has allocated so far, or -1 where the JVM does not count them. */
  private static long allocatedBytes(ThreadMXBean threads) {
    return threads instanceof com.sun.management.ThreadMXBean counting && counting.isThreadAllocatedMemoryEnabled()
        ? counting.getCurrentThreadAllocatedBytes() : -1;
  }

  /** The model as {@code train} saves it (metadata as in {@code monitor/ModelTrainer}, fixed training time). */
  private SensorModel model(SensorSpec spec, SensorDetector detector) {
    Instant end = START.plus(Duration.ofMinutes(trainReadings));
    ModelMetadata metadata = new ModelMetadata(ModelRepository.FORMAT_VERSION, 1, spec.sensorId(),
        spec.kind().description(), end, START, end, detector.seen(), detector.parameters(), ModelMetadata.currentLibraryVersion());
    return new SensorModel(metadata, detector.state());
  }


  private static int indexOf(List<SensorSpec> fleet, SensorKind kind) {
    for (int i = 0; i < fleet.size(); i++) {
      if (fleet.get(i).kind() == kind) {
        return i;
      }
    }
    throw new IllegalStateException("no " + kind + " in the bench fleet");
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless; the measurement stands
    }
  }
}
