package com.anomalywatcher.monitor;

import com.anomalywatcher.metrics.AwMetrics;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs each opened or resolved alert as JSON to a URL from its own thread ({@code aw-webhook}),
 * retrying failures with exponential backoff. {@link #deliver} only enqueues, so a slow or dead
 * endpoint never slows the scoring; when the queue is full the event is dropped and counted.
 * {@link #close()} waits at most {@code closeTimeout} for pending events, then stops the thread.
 */
public final class WebhookSink implements AlertSink {
  /** Retry settings: attempts per event (>= 1), first backoff, backoff cap. */
  public record Retry(int attempts, Duration firstBackoff, Duration maxBackoff) {
    public static final Retry DEFAULT = new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public Retry {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
      }
    }
  }

  private static final Object STOP = new Object();

  private final URI uri;
  private final Retry retry;
  private final Duration closeTimeout;
  private final PrintWriter err;
  private final HttpClient client;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(10_000);
  private final Thread worker;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean closed;

  /** Starts the delivery thread; failures are reported as one line on {@code err}. */
  public WebhookSink(URI uri, Retry retry, Duration closeTimeout, PrintWriter err) {
    this.uri = uri;
    this.retry = retry;
    this.closeTimeout = closeTimeout;
    this.err = err;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.worker = new Thread(this::drain, "aw-webhook");
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void deliver(AlertChange change) {
    if (change.type() == AlertChange.Type.UPDATED || closed) {
      return;
    }
    if (!queue.offer(AlertJson.of(change))) {
      failed.incrementAndGet();
      AwMetrics.webhookFailure();
      report("webhook queue full, dropped an alert event for " + change.alert().sensorId());
    }
  }

  /** Events the endpoint accepted (2xx). */
  public long delivered() {
    return delivered.get();
  }

  /** Events given up on after every retry, or dropped. */
  public long failed() {
    return failed.get();
  }

  private void drain() {
    try {
      while (true) {
        Object next = queue.take();
        if (next == STOP) {
          return;
        }
        post((String) next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void post(String json) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    long backoffMillis = retry.firstBackoff().toMillis();
    String lastProblem = "";
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          delivered.incrementAndGet();
          return;
        }
        lastProblem = "HTTP " + response.statusCode();
      } catch (java.io.IOException e) {
        lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      if (attempt < retry.attempts()) {
        TimeUnit.MILLISECONDS.sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, retry.maxBackoff().toMillis());
      }
    }
    failed.incrementAndGet();
      AwMetrics.webhookFailure();
    report("webhook " + uri + " failed after " + retry.attempts() + " attempts: " + lastProblem);
  }

  private void report(String line) {
    synchronized (err) {
      err.println("warning: " + line);
      err.flush();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!queue.offer(STOP)) {
      worker.interrupt();
    }
    try {
      worker.join(closeTimeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (worker.isAlive()) {
      worker.interrupt();
      report("webhook: " + queue.size() + " alert events not delivered before shutdown");
    }
  }
}
