package com.anomalywatcher.generate;

import com.anomalywatcher.monitor.WebhookUrls;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where {@code continuous --publish} sends readings: {@code mqtt://HOST[:PORT]/PREFIX} (or
 * {@code mqtts://}), each reading on {@code PREFIX/<site>/<sensor_id>}.
 *
 * @param broker the Paho URL, {@code tcp://HOST:PORT} or {@code ssl://HOST:PORT}
 * @param prefix the topic prefix, without leading or trailing slash
 */
public record PublishTarget(String broker, String prefix) {
  public PublishTarget {
    if (prefix.isBlank() || prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("+")
        || prefix.contains("#")) {
      throw new IllegalArgumentException("topic prefix must be a plain topic, got '" + prefix + "'");
    }
  }

  /**
   * Parses {@code mqtt://HOST[:PORT]/PREFIX}.
   *
   * @param option the option's name, for the message
   * @throws IllegalArgumentException naming the option and the value
   */
  public static PublishTarget parse(String option, String url) {
    // Masked: a wrong scheme or port says the value back, and it may carry a password or a token.
    String hint = option + " must look like mqtt://HOST:1883/PREFIX, got '" + WebhookUrls.masked(url) + "'";
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(hint);
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("mqtt") || scheme.equals("mqtts")) || uri.getHost() == null) {
      throw new IllegalArgumentException(hint);
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(option + " must not carry credentials (got a URL with user info)");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
    if (path.isEmpty() || uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException(hint + " (the path is the topic prefix)");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("mqtt") ? 1883 : 8883;
    if (port > 65_535) {
      throw new IllegalArgumentException(hint);
    }
    try {
      return new PublishTarget((scheme.equals("mqtt") ? "tcp://" : "ssl://") + uri.getHost() + ":" + port, path);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(hint + " (" + e.getMessage() + ")");
    }
  }

  /** The broker as outage messages name it: {@code MQTT broker at HOST:PORT}. */
  public String service() {
    return "MQTT broker at " + broker.replaceFirst("^(tcp|ssl)://", "");
  }

  /** The topic of a reading of {@code sensorId} at {@code site}. */
  public String topic(String site, String sensorId) {
    return prefix + "/" + site + "/" + sensorId;
  }

  /** A topic filter that takes every reading published here. */
  public String filter() {
    return prefix + "/#";
  }

  @Override
  public String toString() {
    return broker.replaceFirst("^tcp:", "mqtt:").replaceFirst("^ssl:", "mqtts:") + "/" + prefix;
  }
}
