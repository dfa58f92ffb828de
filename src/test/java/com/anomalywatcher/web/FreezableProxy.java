package com.anomalywatcher.web;

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

/**
 * A TCP proxy in front of a dashboard that can do to its WebSocket connections (those that start
 * with {@code GET /api/live}) what a sleeping laptop or a NAT dropping a mapping does: {@link #freeze()}
 * stops forwarding on the ones open, both ways, without closing anything, so neither end hears of it.
 * {@link #holdNewLiveConnections()} keeps new ones from reaching the server until {@link #release()}:
 * a page whose connection opens late. Other connections (the page's HTTP requests) and WebSocket
 * connections made after a freeze pass as they are. Owns a thread per connection direction; {@link #close()}
 * closes every socket.
 */
final class FreezableProxy implements AutoCloseable {
  private static final byte[] LIVE = "GET /api/live".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket listener;
  private final int target;
  private final List<Link> live = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private final CountDownLatch closed = new CountDownLatch(1);

  /** One proxied connection; frozen: nothing more passes either way. */
  private static final class Link {
    volatile boolean frozen;
  }

  /** A proxy on a free loopback port to the dashboard at {@code targetPort}. */
  FreezableProxy(int targetPort) throws IOException {
    this.target = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread("aw-test-proxy-accept", this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** The WebSocket connections open now go silent both ways, and stay open. */
  void freeze() {
    live.forEach(l -> l.frozen = true);
  }

  /** New WebSocket connections wait, unanswered, until {@link #release()}. */
  void holdNewLiveConnections() {
    hold = new CountDownLatch(1);
  }

  void release() {
    hold.countDown();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket browser = listener.accept();
        sockets.add(browser);
        thread("aw-test-proxy-open", () -> open(browser));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void open(Socket browser) {
    try {
      InputStream in = browser.getInputStream();
      byte[] first = new byte[8192];
      int n = in.read(first);
      if (n < 0) {
        browser.close();
        return;
      }
      Link link = new Link();
      if (startsWithLive(first, n)) {
        live.add(link);
        hold.await();
      }
      Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
      sockets.add(server);
      server.getOutputStream().write(first, 0, n);
      thread("aw-test-proxy-up", () -> pump(link, in, out(server)));
      thread("aw-test-proxy-down", () -> pump(link, input(server), out(browser)));
    } catch (IOException e) {
      closeQuietly(browser);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean startsWithLive(byte[] b, int n) {
    if (n < LIVE.length) {
      return false;
    }
    for (int i = 0; i < LIVE.length; i++) {
      if (b[i] != LIVE[i]) {
        return false;
      }
    }
    return true;
  }

  /** Copies until either end closes; a frozen link passes nothing more, not even the close. */
  private void pump(Link link, InputStream from, OutputStream to) {
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = from.read(buf)) >= 0 && !link.frozen) {
        to.write(buf, 0, n);
        to.flush();
      }
      if (link.frozen) {
        closed.await();
        return;
      }
      to.close();
    } catch (IOException e) {
      // one end went away; the other pump sees it too
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static InputStream input(Socket s) {
    try {
      return s.getInputStream();
    } catch (IOException e) {
      throw new IllegalStateException("proxy socket closed", e);
    }
  }

  private static OutputStream out(Socket s) {
    try {
      return s.getOutputStream();
    } catch (IOException e) {
      throw new IllegalStateException("proxy socket closed", e);
    }
  }

  private static void thread(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    hold.countDown();
    listener.close();
    sockets.forEach(FreezableProxy::closeQuietly);
  }
}
