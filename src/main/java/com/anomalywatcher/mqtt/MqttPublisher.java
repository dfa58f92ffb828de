package com.anomalywatcher.mqtt;

import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * QoS 1 publishing on one MQTT 5 connection (clean start, no automatic reconnect) that never lets
 * Paho refuse a publish.
 *
 * <p>Paho 1.2.5 gives a topic its outgoing topic alias before it checks the broker's receive
 * maximum; a publish it then refuses ("too many publishes in progress", 32202) leaves the alias
 * recorded but never sent, so the next publish on that topic goes out as the bare alias and
 * Mosquitto disconnects the client for a protocol error. Paho also completes a publish's token
 * before it counts the message out of flight, so waiting for tokens does not keep a caller under
 * the maximum. Here a message is sent only with one of {@code window} permits (at most the broker's
 * receive maximum), and a permit comes back from the publish's action listener, which Paho calls
 * after it counted the message out; so the in-flight check never fails.
 *
 * <p>A PUBACK with an error reason (not authorised, quota exceeded) counts as a failure, not as
 * delivered: a {@link PublishRefusedException} naming the topic and the reason. Owned by one thread: Paho assigns topic aliases as messages are queued, so publishes
 * from two threads could send an alias before the message that defines it. Close it.
 */
public final class MqttPublisher implements AutoCloseable {
  /** Longest wait for the broker's CONNACK: a broker that does not answer within it is taken as down. */
  private static final int CONNECT_SECONDS = 5;
  private final MqttAsyncClient client;
  private final int window;
  private final long timeoutMillis;
  private final Semaphore permits;
  private final AtomicReference<MqttException> failure = new AtomicReference<>();
  private final MqttActionListener released = new MqttActionListener() {
    @Override
    public void onSuccess(IMqttToken token) {
      int[] codes = token.getReasonCodes();
      if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
        failure.compareAndSet(null, new PublishRefusedException((String) token.getUserContext(), codes[0]));
      }
      permits.release();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
      failure.compareAndSet(null, e instanceof MqttException m ? m : new MqttException(e));
      permits.release();
    }
  };
  private boolean closed;

  private MqttPublisher(MqttAsyncClient client, int window, long timeoutMillis) {
    this.client = client;
    this.window = window;
    this.timeoutMillis = timeoutMillis;
    this.permits = new Semaphore(window);
  }

  /**
   * Connects to {@code broker} ({@code tcp://host:port}) with a clean start.
   *
   * @param maxUnacknowledged messages sent and not yet acknowledged, >= 1; lowered to the broker's
   *     receive maximum
   * @param timeoutMillis longest wait for a free slot or the acknowledgements in {@link #publish} and
   *     {@link #flush}, > 0; the connection waits at most 5 s of it
   * @throws MqttException when the broker cannot be reached or refuses the connection
   */
  public static MqttPublisher connect(String broker, String clientId, int maxUnacknowledged, long timeoutMillis)
      throws MqttException {
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(clientId, "clientId");
    if (maxUnacknowledged < 1) {
      throw new IllegalArgumentException("maxUnacknowledged must be >= 1, got " + maxUnacknowledged);
    }
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("timeoutMillis must be > 0, got " + timeoutMillis);
    }
    MqttAsyncClient c = new MqttAsyncClient(broker, clientId, new MemoryPersistence());
    try {
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      o.setConnectionTimeout((int) Math.max(1, Math.min(CONNECT_SECONDS, TimeUnit.MILLISECONDS.toSeconds(timeoutMillis))));
      o.setAutomaticReconnect(false);
      IMqttToken connected = c.connect(o);
      connected.waitForCompletion(timeoutMillis);
      return new MqttPublisher(c, Math.min(maxUnacknowledged, receiveMaximum(connected)), timeoutMillis);
    } catch (MqttException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** The broker's receive maximum from its CONNACK; 65,535 when it sets none. */
  private static int receiveMaximum(IMqttToken connected) {
    MqttProperties p = connected.getResponseProperties();
    Integer max = p == null ? null : p.getReceiveMaximum();
    return max == null || max < 1 ? 65_535 : max;
  }

  /** Messages that may be unacknowledged at once: the smaller of the caller's and the broker's limit. */
  public int window() {
    return window;
  }

  /**
   * Sends one QoS 1 message; waits while {@link #window()} messages are unacknowledged.
   *
   * @throws MqttException when an earlier message failed (a {@link PublishRefusedException} when the
   *     broker refused it), the connection is lost, or no slot frees within the timeout
   * @throws InterruptedException when interrupted while waiting for a slot
   */
  public void publish(String topic, byte[] payload) throws MqttException, InterruptedException {
    throwFailure();
    if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
      throw stalled();
    }
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    try {
      client.publish(topic, m, topic, released); // the topic as context: a refusal names it
    } catch (MqttException | RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /**
   * Returns once every message sent is acknowledged.
   *
   * @throws MqttException when a message failed or the acknowledgements do not come within the timeout
   */
  public void flush() throws MqttException, InterruptedException {
    if (!permits.tryAcquire(window, timeoutMillis, TimeUnit.MILLISECONDS)) {
      throwFailure();
      throw stalled();
    }
    permits.release(window);
    throwFailure();
  }

  private void throwFailure() throws MqttException {
    MqttException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  private MqttException stalled() {
    return new MqttException(client.isConnected() ? MqttClientException.REASON_CODE_CLIENT_TIMEOUT
        : MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED);
  }

  /** Disconnects (waiting at most two seconds) and releases the client; what was not flushed may be lost. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(client);
  }

  private static void closeQuietly(MqttAsyncClient c) {
    try {
      if (c.isConnected()) {
        c.disconnect(2_000).waitForCompletion(3_000);
      }
    } catch (MqttException e) {
      // gone already: nothing to release on the broker's side
    }
    try {
      c.close(true);
    } catch (MqttException e) {
      // a client that cannot close holds nothing more
    }
  }
}
