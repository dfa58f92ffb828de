package com.anomalywatcher.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@code serve} runs.
 *
 * @param bind address to listen on; anything but loopback needs a token
 * @param port TCP port, 0 for any free one
 * @param token the write token (AW_UI_TOKEN); empty: every write is refused
 * @param pollEvery how often the live feed looks at the database
 * @param modelsDir where {@code train} saved the models whose expected band the sensor page shows
 * @param heartbeatEvery how often every live page hears from the server even when nothing changes
 *     ({@link #HEARTBEAT}; shorter only in tests): a page that hears nothing for about three periods
 *     takes its connection for dead and reconnects
 */
public record ServeSettings(String bind, int port, Optional<String> token, Duration pollEvery,
    Optional<Path> modelsDir, Duration heartbeatEvery) {
  /** The heartbeat period of {@code serve}: cheap at thousands of pages, and a dead connection shows within a minute. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(15);

  /** Settings with the usual {@link #HEARTBEAT}. */
  public ServeSettings(String bind, int port, Optional<String> token, Duration pollEvery, Optional<Path> modelsDir) {
    this(bind, port, token, pollEvery, modelsDir, HEARTBEAT);
  }

  public ServeSettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(pollEvery, "pollEvery");
    Objects.requireNonNull(modelsDir, "modelsDir");
    Objects.requireNonNull(heartbeatEvery, "heartbeatEvery");
    if (heartbeatEvery.toMillis() < 1) {
      throw new IllegalArgumentException("heartbeatEvery must be at least 1 ms, got " + heartbeatEvery);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be between 1 and 65535, got " + port);
    }
    token = token.filter(t -> !t.isBlank());
    if (token.isEmpty() && !isLoopback(bind)) {
      throw new IllegalArgumentException("--bind " + bind
          + " listens beyond this machine: set AW_UI_TOKEN (the token every write must carry) first");
    }
  }

  /** True for 127.0.0.0/8, ::1 and "localhost"; an unresolvable name is not loopback. */
  static boolean isLoopback(String bind) {
    try {
      for (InetAddress a : InetAddress.getAllByName(bind)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
