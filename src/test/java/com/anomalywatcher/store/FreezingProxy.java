package com.anomalywatcher.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy in front of a PostgreSQL server that freezes a client at a chosen moment, as {@code kill
 * -STOP} does to a process: once the server has answered a statement whose text holds the marker, nothing
 * more the client sends reaches the server on that connection, and nothing tells the server so. The server
 * sees an idle session, as it does a frozen process's. Other connections, and the server's side, pass as they
 * are. Owns a thread per connection direction; {@link #close()} closes every socket.
 */
final class FreezingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final byte[] marker;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final CountDownLatch frozen = new CountDownLatch(1);

  /** One proxied connection: whether the marker went to the server, and whether its client is frozen. */
  private static final class Link {
    volatile boolean markerSent;
    volatile boolean frozen;
  }

  /** A proxy on a free loopback port to the server at {@code targetPort}, freezing after {@code marker}'s answer. */
  FreezingProxy(int targetPort, String marker) throws IOException {
    this.target = targetPort;
    this.marker = marker.getBytes(StandardCharsets.UTF_8);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread("aw-test-pgproxy-accept", this::accept);
  }

  /** {@code jdbcUrl} (to the proxied server on 127.0.0.1) through this proxy. */
  String through(String jdbcUrl) {
    return jdbcUrl.replace("127.0.0.1:" + target + "/", "127.0.0.1:" + listener.getLocalPort() + "/");
  }

  /** Whether a client froze within {@code seconds}: the server answered its marked statement. */
  boolean awaitFrozen(int seconds) throws InterruptedException {
    return frozen.await(seconds, TimeUnit.SECONDS);
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        sockets.add(client);
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(server);
        Link link = new Link();
        thread("aw-test-pgproxy-up", () -> up(link, client, server));
        thread("aw-test-pgproxy-down", () -> down(link, server, client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Client to server, until the client is frozen: from then on what it sends is read and dropped. */
  private void up(Link link, Socket client, Socket server) {
    byte[] buf = new byte[8192];
    try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (link.frozen) {
          continue;
        }
        if (contains(buf, n, marker)) {
          link.markerSent = true;
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one end went away
    }
  }

  /** Server to client; the first answer after the marked statement freezes the client. */
  private void down(Link link, Socket server, Socket client) {
    byte[] buf = new byte[8192];
    try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (link.markerSent && !link.frozen) {
          link.frozen = true; // before the client can read the answer and say anything more
          frozen.countDown();
        }
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one end went away
    }
  }

  private static boolean contains(byte[] b, int n, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= n; i++) {
      for (int j = 0; j < part.length; j++) {
        if (b[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void thread(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
