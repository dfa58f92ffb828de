package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anomalywatcher.testing.SettableClock;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabaseRetryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T10:02:13Z");

  private final SettableClock clock = new SettableClock(T0);
  private final List<String> said = new ArrayList<>();
  private final DatabaseRetry retry = new DatabaseRetry(clock, DatabaseRetry.Backoff.standard(), said::add,
      (deadline, stop) -> clock.set(deadline.isAfter(clock.instant()) ? deadline : clock.instant()));

  private static StoreException outage() {
    return new StoreException("COPY failed", new SQLTransientConnectionException("aw-db - Connection is not available",
        new SQLException("Connection refused", "08001")));
  }

  @Test
  void saysOnceWhenTheDatabaseGoesAndOnceWhenItComesBack() {
    for (int i = 0; i < 20; i++) {
      assertThat(retry.attempt(() -> {
        throw outage();
      })).isFalse();
      clock.set(clock.instant().plusSeconds(1));
    }
    assertThat(retry.attempt(() -> { })).as("backing off: next attempt at 25 s").isFalse();
    clock.set(T0.plusSeconds(25));
    assertThat(retry.attempt(() -> { })).isTrue();

    assertThat(said).containsExactly("database unavailable since 10:02:13, retrying",
        "database available again at 10:02:38 after 25 s");
  }

  @Test
  void namesTheServiceAnOutageIsOfWhenItIsNotTheDatabase() {
    StoreException brokerAway = StoreException.unavailable("MQTT broker at broker.example:1883",
        "MQTT broker tcp://broker.example:1883 unavailable: Connection lost", new java.io.IOException("reset"));
    assertThat(retry.attempt(() -> {
      throw brokerAway;
    })).isFalse();
    clock.set(T0.plusSeconds(4));
    assertThat(retry.attempt(() -> { })).isTrue();

    assertThat(said).containsExactly("MQTT broker at broker.example:1883 unavailable since 10:02:13, retrying",
        "MQTT broker at broker.example:1883 available again at 10:02:17 after 4 s");
    assertThat(retry.downService()).isEmpty();
  }

  @Test
  void backsOffExponentiallyUpToTenSeconds() {
    AtomicInteger tries = new AtomicInteger();
    for (int s = 0; s < 60; s++) {
      retry.attempt(() -> {
        tries.incrementAndGet();
        throw outage();
      });
      clock.set(clock.instant().plusSeconds(1));
    }
    // at 0, 1, 3, 7, 15, 25, 35, 45, 55 s
    assertThat(tries.get()).isEqualTo(9);
    assertThat(retry.downSince()).contains(T0);
  }

  @Test
  void callRetriesUntilTheDatabaseAnswers() throws InterruptedException {
    AtomicInteger tries = new AtomicInteger();
    Optional<String> result = retry.call(() -> {
      if (tries.incrementAndGet() < 4) {
        throw outage();
      }
      return "stored";
    }, () -> false);

    assertThat(result).contains("stored");
    assertThat(clock.instant()).isEqualTo(T0.plusSeconds(1 + 2 + 4));
    assertThat(retry.isDown()).isFalse();
  }

  @Test
  void callGivesUpWhenStopped() throws InterruptedException {
    Optional<String> result = retry.call(() -> {
      throw outage();
    }, () -> clock.instant().isAfter(T0.plus(Duration.ofSeconds(30))));

    assertThat(result).isEmpty();
  }

  @Test
  void otherFailuresAreNotRetried() {
    StoreException bug = new StoreException("relation \"sensors_data\" does not exist",
        new SQLException("relation does not exist", "42P01"));

    assertThatThrownBy(() -> retry.attempt(() -> {
      throw bug;
    })).isSameAs(bug);
    assertThat(said).isEmpty();
  }

  @Test
  void recognisesServerShutdownAndLostConnections() {
    assertThat(DatabaseRetry.isUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
    assertThat(DatabaseRetry.isUnavailable(new SQLException("the database system is starting up", "57P03"))).isTrue();
    assertThat(DatabaseRetry.isUnavailable(new StoreException("x", new SQLException("I/O error", "08006")))).isTrue();
    assertThat(DatabaseRetry.isUnavailable(new SQLException("unique violation", "23505"))).isFalse();
    assertThat(DatabaseRetry.isUnavailable(new IllegalStateException("closed"))).isFalse();
  }
}
