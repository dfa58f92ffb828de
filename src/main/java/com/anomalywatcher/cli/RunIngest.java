package com.anomalywatcher.cli;

import com.anomalywatcher.generate.PublishTarget;
import com.anomalywatcher.ingest.MqttIngest;
import com.anomalywatcher.ingest.MqttSettings;
import com.anomalywatcher.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.common.MqttException;

/** {@code run --via-mqtt}: the ingest on its own thread, subscribed before the generator publishes. */
final class RunIngest {
  private static final Duration DRAIN = Duration.ofSeconds(10);
  private final MqttIngest ingest;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;

  private RunIngest(MqttIngest ingest) {
    this.ingest = ingest;
    this.thread = new Thread(() -> {
      try (ingest) {
        ingest.run(stop::get);
      } catch (MqttException | RuntimeException e) {
        failure.set(e);
      }
    }, "aw-ingest");
  }

  static RunIngest start(Database db, Clock clock, PublishTarget target, PrintWriter out)
      throws InterruptedException {
    MqttSettings settings = new MqttSettings(target.broker(), target.filter(),
        clientId(target.prefix(), db.maskedUrl()), 1, null, null, 5_000,
        Duration.ofMillis(200), 20_000);
    RunIngest t = new RunIngest(new MqttIngest(settings, db, clock, new PrintWriter(new PrefixWriter(out,
        "ingest: "), true)));
    t.thread.start();
    while (!t.ingest.subscribed()) {
      if (!t.thread.isAlive()) {
        Throwable e = t.failure.get();
        throw new CommandFailure("cannot subscribe to " + target.filter() + " on " + target.broker() + ": "
            + (e == null ? "ingest ended" : e.getMessage()), e);
      }
      Thread.sleep(20);
    }
    return t;
  }

  /**
   * One session per topic prefix and database: a run that restarts resumes it and gets what was
   * published meanwhile, and runs on other databases do not take it over. The hash is over the
   * masked URL, so the broker, its logs and {@code $SYS} see nothing derived from the password, and a
   * new password keeps the session.
   */
  static String clientId(String topicPrefix, String maskedDatabaseUrl) {
    String prefix = topicPrefix.replaceAll("[^A-Za-z0-9_-]", "_");
    return "anomaly-watcher-run-" + prefix.substring(0, Math.min(prefix.length(), 80)) + "-"
        + Integer.toHexString(maskedDatabaseUrl.hashCode());
  }

  /** Lets the ingest take what the generator published (at most {@link #DRAIN}), then stops it. */
  void finish(long published) throws InterruptedException {
    long end = System.nanoTime() + DRAIN.toNanos();
    while (ingest.committedMessages() < published && thread.isAlive() && System.nanoTime() < end) {
      Thread.sleep(50);
    }
    stop.set(true);
    ingest.wake();
    thread.join();
    if (failure.get() != null) {
      throw new CommandFailure("ingest failed: " + failure.get().getMessage(), failure.get());
    }
  }

  /** Lines written to it go to {@code out} with a prefix, one at a time. */
  private static final class PrefixWriter extends java.io.Writer {
    private final PrintWriter out;
    private final String prefix;
    private final StringBuilder line = new StringBuilder();

    PrefixWriter(PrintWriter out, String prefix) {
      this.out = out;
      this.prefix = prefix;
    }

    @Override
    public void write(char[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (buf[i] == '\n') {
          synchronized (out) {
            out.println(prefix + line);
            out.flush();
          }
          line.setLength(0);
        } else {
          line.append(buf[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
