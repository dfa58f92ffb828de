package com.anomalywatcher.monitor;

import com.anomalywatcher.store.OutboxStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs each alert event to a URL, either as the alert's own JSON (with {@code idempotency_key})
 * or as a Prometheus Alertmanager alert list ({@code POST /api/v2/alerts} format: labels,
 * annotations, {@code startsAt}, {@code endsAt} once resolved), so Alertmanager's routing,
 * grouping, silencing and paging apply. The key also goes in an {@code Idempotency-Key} header.
 * A 2xx answer is a delivery; a 4xx about the event refuses it for good ({@link RefusedEvent});
 * anything else is retried ({@link ReceiverBusy}, with the receiver's {@code Retry-After}).
 */
final class WebhookTransport implements AlertTransport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_ANSWER_BYTES = 1024;
  private static final int MAX_ANSWER_CHARS = 200;
  private final String name;
  private final URI uri;
  private final WebhookFormat format;
  private final List<WebhookHeader> headers;
  private final HttpClient client;
  private final Duration timeout;
  /** Scheme, host, port, path and format: {@link #target()} without its digits. */
  private final String address;
  private final String target;

  /**
   * @param name the sink's name given by the user, or null for the one webhook a monitor has
   * @param targetKey the database's key for the digits of {@link #target()} ({@link OutboxStore#targetKey})
   */
  WebhookTransport(String name, URI uri, WebhookFormat format, List<WebhookHeader> headers, Duration timeout,
      String targetKey) {
    this.name = name;
    this.address = WebhookUrls.shown(uri) + " " + format.name().toLowerCase(Locale.ROOT);
    this.target = address + " #" + fingerprint(uri, targetKey);
    this.uri = uri;
    this.format = format;
    this.headers = List.copyOf(headers);
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /**
   * {@code webhook}, or {@code webhook NAME}: what the user configured, not the URL, so a corrected
   * URL (or format) takes over the events the sink has still to deliver.
   */
  @Override
  public String sinkName() {
    return name == null ? "webhook" : "webhook " + name;
  }

  /**
   * Scheme, host, port, path and format, then 8 hex digits that tell apart URLs differing in the rest
   * (user info and query, which may hold secrets). The digits are an HMAC under the database's random
   * key, not a plain hash of the URL: whoever reads them (the {@code alert_sinks} table, {@code status})
   * without the key cannot test guessed passwords or tokens against them.
   */
  @Override
  public String target() {
    return target;
  }

  /**
   * The same target, or the same one recorded without its digits: migration V102 took off digits
   * that were a plain hash of the URL (secrets included), so such a record tells only what the
   * digits do not cover, and a sink whose address matches it delivers where it did.
   */
  @Override
  public boolean isTargetOf(String recorded) {
    return recorded.equals(target) || recorded.equals(address);
  }

  private static String fingerprint(URI uri, String key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(uri.toString().getBytes(StandardCharsets.UTF_8)), 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public void send(OutboxStore.Pending event) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", event.idempotencyKey());
    for (WebhookHeader h : headers) {
      request.header(h.name(), h.value());
    }
    HttpResponse<String> response = exchange(request.POST(HttpRequest.BodyPublishers.ofString(body(event))).build());
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    String reason = "HTTP " + status + answer(response.body());
    if (refusesTheEvent(status)) {
      throw new RefusedEvent(status, reason);
    }
    throw new ReceiverBusy(reason, response.headers().firstValue("Retry-After").orElse(null));
  }

  /**
   * Sends the request and takes the answer: its status, and the start of its body unless it is a 2xx,
   * the whole within the timeout (plus a second, so that an answer without headers keeps the client's
   * own timeout message). The request's timeout alone ends at the headers: a receiver that answered
   * 503 and then sent its body slower than ever (a hung proxy) held the sink without an error.
   */
  private HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
    AtomicInteger status = new AtomicInteger();
    CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, info -> {
      status.set(info.statusCode());
      return new AnswerStart(info.statusCode() / 100 == 2 ? 0 : MAX_ANSWER_BYTES);
    });
    try {
      return exchange.get(timeout.plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new HttpTimeoutException("HTTP " + status.get() + " whose answer did not end within "
          + Durations.human(timeout.plusSeconds(1)));
    } catch (InterruptedException e) {
      exchange.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /**
   * Whether a status refuses this event for good: a 4xx, except those that say "later" (408
   * Request Timeout, 425 Too Early, 429 Too Many Requests) and those about the endpoint rather than
   * the event (401, 403, 407: credentials; 404, 405, 410, 421: the URL), which every later event
   * would get too: setting each aside in turn would empty the line into the set-aside list instead
   * of waiting, in order, for the URL or the credentials to be put right.
   */
  static boolean refusesTheEvent(int status) {
    return status / 100 == 4 && switch (status) {
      case 401, 403, 404, 405, 407, 408, 410, 421, 425, 429 -> false;
      default -> true;
    };
  }

  /** The start of the receiver's answer on one line (": ..."), or nothing: a reason, not a dump. */
  private static String answer(String body) {
    String text = body.replaceAll("[\\s\\p{Cntrl}]+", " ").strip();
    if (text.length() > MAX_ANSWER_CHARS) {
      text = text.substring(0, MAX_ANSWER_CHARS) + "...";
    }
    return text.isEmpty() ? "" : ": " + text;
  }

  String body(OutboxStore.Pending event) throws IOException {
    ObjectNode json = (ObjectNode) MAPPER.readTree(event.payloadJson());
    json.put("idempotency_key", event.idempotencyKey());
    return switch (format) {
      case JSON -> MAPPER.writeValueAsString(json);
      case ALERTMANAGER -> MAPPER.writeValueAsString(alertmanager(json));
    };
  }

  private static ArrayNode alertmanager(JsonNode a) {
    ObjectNode alert = MAPPER.createObjectNode();
    ObjectNode labels = alert.putObject("labels");
    labels.put("alertname", "SensorAnomaly");
    labels.put("sensor_id", a.path("sensor_id").asText());
    labels.put("category", a.path("category").asText());
    labels.put("location", a.path("location").asText());
    labels.put("kind", a.path("kind").asText());
    labels.put("severity", "warning");
    ObjectNode annotations = alert.putObject("annotations");
    annotations.put("summary", a.path("explanation").asText());
    if (a.path("value").isNumber()) { // an offline alert has no value: no "null rpm"
      annotations.put("value", a.path("value").asText() + " " + a.path("unit").asText());
    }
    annotations.put("peak_score", a.path("peak_score").asText());
    annotations.put("idempotency_key", a.path("idempotency_key").asText());
    alert.put("startsAt", a.path("opened_at").asText());
    if (!a.path("resolved_at").isNull() && !a.path("resolved_at").isMissingNode()) {
      alert.put("endsAt", a.path("resolved_at").asText());
    }
    ArrayNode list = MAPPER.createArrayNode();
    list.add(alert);
    return list;
  }
}
