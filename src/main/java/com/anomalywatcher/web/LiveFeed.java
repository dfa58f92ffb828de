package com.anomalywatcher.web;

import com.anomalywatcher.metrics.AwMetrics;
import com.anomalywatcher.store.DashboardStore.AlertQuery;
import com.anomalywatcher.store.DashboardStore.SensorLatest;
import com.anomalywatcher.store.DashboardStore;
import com.anomalywatcher.store.DatabaseRetry;
import com.anomalywatcher.store.ReadingFollower;
import com.anomalywatcher.store.SensorSite;
import com.anomalywatcher.store.StoreException;
import com.anomalywatcher.store.StoredReading;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the database for the dashboard: new readings committed by any process (generator, ingest)
 * and changes of the alerts table (monitor, other dashboards). Keeps the {@link FleetView} current
 * and tells the {@link Listener} (the SSE broadcaster). Rides out a database outage: says so once,
 * tells the listener, keeps retrying with backoff and catches up when the database is back. Owns one
 * named thread; {@link #close()} stops it within one poll.
 */
final class LiveFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Who hears about changes; called on the feed's thread, must not block for long. */
  interface Listener {
    void readings(List<StoredReading> readings);

    void alertsChanged();

    /**
     * The fleet gained sensors (readings of a sensor it did not have): their category, site or
     * location may be new to the pages' filters.
     */
    void sensorsAdded();

    /** The database became unavailable ({@code message} says since when) or available again (null). */
    void databaseChanged(String message);
  }

  private final DashboardStore store;
  private final ReadingFollower follower;
  private final FleetView fleet;
  private final Listener listener;
  private final Duration pollEvery;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private final DatabaseRetry retry;
  private volatile Instant databaseDownSince;
  private String alertsSeen = "";

  /**
   * @param clock times an outage
   * @param say hears once when the database becomes unavailable and once when it is back
   */
  LiveFeed(DashboardStore store, ReadingFollower follower, FleetView fleet, Listener listener,
      Duration pollEvery, Clock clock, Consumer<String> say) {
    this.store = Objects.requireNonNull(store, "store");
    this.follower = Objects.requireNonNull(follower, "follower");
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.pollEvery = Objects.requireNonNull(pollEvery, "pollEvery");
    this.retry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), say, (deadline, stopped) -> {
      throw new IllegalStateException("the live feed never waits inside DatabaseRetry");
    });
    this.thread = new Thread(this::run, "aw-dashboard-live");
    this.thread.setDaemon(true);
  }

  /** Loads the fleet and the alerts once, then starts following. */
  LiveFeed start() {
    fleet.load(store.latestPerSensor());
    pollAlerts();
    thread.start();
    return this;
  }

  /** Since when the database has been unavailable to the feed; empty while it answers. Thread-safe. */
  Optional<Instant> databaseDownSince() {
    return Optional.ofNullable(databaseDownSince);
  }

  private void run() {
    try {
      do {
        boolean wasDown = retry.isDown();
        try {
          retry.attempt(() -> {
            pollReadings();
            pollAlerts();
          });
        } catch (StoreException e) {
          if (stop.getCount() == 0) {
            return; // closed while it polled: the failure is the stop's interrupt, not the database's
          }
          AwMetrics.databaseError();
          LOG.warn("dashboard live feed: {}", e.getMessage());
        }
        if (retry.isDown() != wasDown) {
          databaseDownSince = retry.downSince().orElse(null);
          listener.databaseChanged(retry.isDown() ? unavailable(databaseDownSince) : null);
        }
      } while (!stop.await(pollEvery.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pollReadings() {
    List<StoredReading> rows;
    boolean added = false;
    try {
      do {
        rows = follower.poll();
        if (rows.isEmpty()) {
          return;
        }
        for (StoredReading r : rows) {
          if (!fleet.contains(r.sensorId())) {
            // A reading does not say its sensor's set; a sensor new to the fleet is looked up once.
            store.latestOf(r.sensorId()).ifPresent(fleet::update);
            added = true;
          }
          fleet.update(latest(r));
        }
        listener.readings(rows);
      } while (rows.size() >= ReadingFollower.MAX_ROWS_PER_POLL && stop.getCount() > 0);
    } finally {
      if (added) {
        // Once per poll, however many came (a new fleet brings thousands), and also when the database
        // went away mid-poll: the sensors taken in are not new to the next one.
        listener.sensorsAdded();
      }
    }
  }

  private void pollAlerts() {
    String now = store.alertsFingerprint();
    if (now.equals(alertsSeen)) {
      return;
    }
    alertsSeen = now;
    fleet.openAlerts(store.alerts(new AlertQuery(true, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z"),
        null, null, null, null, 1_000_000)));
    AwMetrics.openAlerts(store.openAlertsByKind());
    listener.alertsChanged();
  }

  /** The one line an outage is told with, on the console and on the pages. */
  static String unavailable(Instant since) {
    return "database unavailable since " + TIME.format(since) + ", retrying";
  }

  /**
   * A stored reading as the fleet's newest of its sensor: the site its metadata names, by the rule of
   * {@link SensorSite}; no set (a reading does not say the registered one), so the sensor keeps the
   * set it was loaded or looked up with.
   */
  static SensorLatest latest(StoredReading r) {
    String site = SensorSite.of(r.sensorId(), r.location(), null, r.metadataJson()).site();
    return new SensorLatest(r.sensorId(), r.type(), r.category(), r.unit(), r.location(), site, null,
        r.timestamp(), r.value());
  }

  @Override
  public void close() {
    stop.countDown();
    // A poll waiting for a connection during an outage (up to the pool's timeout) gives up at once:
    // a stop has about a second to finish (serve's Ctrl-C), and nothing the feed reads needs finishing.
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
