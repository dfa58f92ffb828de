package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.TestDatabase;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default MQTT client ids of {@code ingest mqtt} and {@code run --via-mqtt} hash the database's
 * masked URL. Whatever of a password that mask let through reached the broker, its logs and
 * {@code $SYS}, where a guessed weak password could be checked offline against the id: the rest of
 * a password after a {@code ;} (the driver splits parameters on {@code &} alone) and all of an
 * {@code sslpassword}. Each database here is opened for real (trust authentication takes any password).
 */
class MqttClientIdPasswordTest {
  @RegisterExtension static final TestDatabase plant = TestDatabase.fresh("mqtt-client-id-password");
  @RegisterExtension static final TestDatabase other = TestDatabase.fresh("mqtt-client-id-password-other");

  @Test
  void ingestClientIdIsTheSameWhateverThePassword() {
    assertSameForEveryPasswordButNotAnotherDatabase(masked -> IngestCommand.Mqtt.defaultClientId("plant7/#", masked));
  }

  @Test
  void runClientIdIsTheSameWhateverThePassword() {
    assertSameForEveryPasswordButNotAnotherDatabase(masked -> RunIngest.clientId("aw-run/plant/1a2b3c4d", masked));
  }

  private static void assertSameForEveryPasswordButNotAnotherDatabase(Function<String, String> clientId) {
    String plain = idOf(clientId, plant.jdbcUrl());
    assertThat(idOf(clientId, plant.jdbcUrl() + "&password=guess;one"))
        .isEqualTo(idOf(clientId, plant.jdbcUrl() + "&password=guess;two"));
    assertThat(idOf(clientId, plant.jdbcUrl() + "&sslpassword=one"))
        .isEqualTo(idOf(clientId, plant.jdbcUrl() + "&sslpassword=two"));
    assertThat(idOf(clientId, plant.jdbcUrl())).isEqualTo(plain);
    assertThat(idOf(clientId, other.jdbcUrl())).isNotEqualTo(plain);
  }

  private static String idOf(Function<String, String> clientId, String url) {
    try (Database db = Database.connect(url, 1)) {
      assertThat(db.maskedUrl()).doesNotContain("one").doesNotContain("two");
      return clientId.apply(db.maskedUrl());
    }
  }
}
