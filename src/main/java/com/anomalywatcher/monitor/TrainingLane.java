package com.anomalywatcher.monitor;

import com.anomalywatcher.detect.FleetDetector;
import com.anomalywatcher.detect.ModelMetadata;
import com.anomalywatcher.detect.ModelRepository;
import com.anomalywatcher.detect.SensorDetector;
import com.anomalywatcher.detect.SensorModel;
import com.anomalywatcher.model.SensorDescription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One learning thread of {@link ModelTrainer}: the detectors of some sites, fed time slices of their
 * readings (sorted here, in time order with a fan switch first at equal times), then saving their
 * models. The reading thread calls {@link #offer}, {@link #endSlice} and {@link #finish}; the
 * detectors belong to the lane's own thread. At most two slices wait, so a slow lane slows the reader
 * instead of filling memory. {@link #close} stops the thread (idempotent, bounded in time).
 */
final class TrainingLane implements AutoCloseable {
  private static final List<Row> END = List.of();
  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final FleetDetector fleet = new FleetDetector();
  /** The lane's sensors by index: a row names its sensor by this index, no lookup by id. */
  private final List<Sensor> sensors = new ArrayList<>();
  private final BlockingQueue<List<Row>> slices = new ArrayBlockingQueue<>(2);
  private final ModelRepository models;
  private final Instant from;
  private final Instant until;
  private final Instant trainedAt;
  private final Thread thread;
  private final List<ModelTrainer.Trained> trained = new ArrayList<>();
  private List<Row> filling = new ArrayList<>();

  /** A sensor of the lane: at equal times a fan switch (rank 0) goes before the others (rank 1). */
  private static final class Sensor {
    final String id;
    final int rank;
    FleetDetector.Member member;
    long points;

    Sensor(String id, int rank) {
      this.id = id;
      this.rank = rank;
    }
  }

  /** One reading in a slice. */
  private record Row(int sensor, Instant at, double value) {}
  private volatile Throwable failure;

  TrainingLane(String name, ModelRepository models, Instant from, Instant until, Instant trainedAt) {
    this.models = models;
    this.from = from;
    this.until = until;
    this.trainedAt = trainedAt;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** Adds a sensor (before {@link #start}); returns its index in this lane, for {@link #offer}. */
  int add(String sensorId, String site, SensorDescription sensor) {
    fleet.add(sensorId, site, SensorDetector.fresh(sensor, sensorId));
    sensors.add(new Sensor(sensorId, FleetDetector.isFanSwitch(sensor) ? 0 : 1));
    return sensors.size() - 1;
  }

  void start() {
    for (Sensor s : sensors) {
      s.member = fleet.member(s.id);
    }
    thread.start();
  }

  /** Queues a reading of this lane's sensor number {@code sensor} into the current slice (reading thread). */
  void offer(int sensor, Instant at, double value) {
    filling.add(new Row(sensor, at, value));
  }

  /** Hands the current slice to the lane, waiting while two slices are still queued (reading thread). */
  void endSlice() {
    if (filling.isEmpty()) {
      return;
    }
    put(filling);
    filling = new ArrayList<>(filling.size());
  }

  /** Ends the stream, waits for the lane to learn and save everything, and returns its models. */
  List<ModelTrainer.Trained> finish() {
    endSlice();
    put(END);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while " + thread.getName() + " saved its models", e);
    }
    rethrowFailure();
    return trained;
  }

  private void put(List<Row> slice) {
    try {
      while (!slices.offer(slice, 100, TimeUnit.MILLISECONDS)) {
        rethrowFailure();
        if (!thread.isAlive()) {
          throw new IllegalStateException(thread.getName() + " stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing readings to " + thread.getName(), e);
    }
  }

  private void rethrowFailure() {
    Throwable t = failure;
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t != null) {
      throw new IllegalStateException(t);
    }
  }

  private void run() {
    try {
      for (List<Row> slice = slices.take(); slice != END; slice = slices.take()) {
        learn(slice);
      }
      save();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closed: the reading thread is failing already
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  /** Learns a slice in time order, a fan switch first at equal times, then by sensor (as {@link ReadingOrder}). */
  private void learn(List<Row> slice) {
    slice.sort(this::compare);
    for (Row r : slice) {
      Sensor s = sensors.get(r.sensor());
      fleet.train(s.member, r.at(), r.value());
      s.points++;
    }
  }

  private int compare(Row a, Row b) {
    int c = a.at().compareTo(b.at());
    if (c != 0) {
      return c;
    }
    Sensor x = sensors.get(a.sensor());
    Sensor y = sensors.get(b.sensor());
    return x.rank != y.rank ? Integer.compare(x.rank, y.rank) : x.id.compareTo(y.id);
  }

  private void save() {
    String library = ModelMetadata.currentLibraryVersion();
    for (Sensor s : sensors) {
      if (s.points == 0) {
        continue;
      }
      SensorDetector detector = s.member.detector();
      int version = models.nextVersion(s.id);
      ModelMetadata metadata = new ModelMetadata(ModelRepository.FORMAT_VERSION, version, s.id,
          detector.sensor(), trainedAt, from, until, s.points, detector.parameters(), library);
      models.save(new SensorModel(metadata, detector.state()));
      trained.add(new ModelTrainer.Trained(s.id, s.points, version, detector.isReady()));
    }
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      thread.interrupt();
      try {
        thread.join(CLOSE_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
