package com.anomalywatcher.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
  @Test
  void convertsTheOriginalsUrlFormToJdbc() {
    assertThat(JdbcUrls.toJdbc("postgresql://postgres:postgres@localhost:5432/sensor_data"))
        .isEqualTo("jdbc:postgresql://localhost:5432/sensor_data?user=postgres&password=postgres");
    assertThat(JdbcUrls.toJdbc("postgres://u%40x:p%2Fw@db/x?sslmode=disable"))
        .isEqualTo("jdbc:postgresql://db/x?user=u%40x&password=p%2Fw&sslmode=disable");
    assertThat(JdbcUrls.toJdbc(" jdbc:postgresql://127.0.0.1:5432/sensor_data?user=postgres "))
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/sensor_data?user=postgres");
  }

  @Test
  void masksPasswordsInBothForms() {
    assertThat(JdbcUrls.mask("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    assertThat(JdbcUrls.mask("postgresql://u:secret@h:5432/db")).isEqualTo("postgresql://u:***@h:5432/db");
  }

  @Test
  void masksAPasswordParameterWholeThroughASemicolonAndAnSslPassword() {
    // The driver splits parameters on '&' alone: "a;b" is the whole password.
    assertThat(JdbcUrls.mask("jdbc:postgresql://h/db?user=u&password=a;b&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
    assertThat(JdbcUrls.mask("jdbc:postgresql://h/db?user=u&sslpassword=keypass&sslmode=require"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&sslpassword=***&sslmode=require");
    assertThat(JdbcUrls.maskText("bad key passphrase keypass", "jdbc:postgresql://h/db?sslpassword=keypass"))
        .isEqualTo("bad key passphrase ***");
  }

  @Test
  void masksAPasswordContainingAtUpToTheLastAt() {
    assertThat(JdbcUrls.mask("postgresql://postgres:p@w0rd@host/db")).isEqualTo("postgresql://postgres:***@host/db");
  }

  @Test
  void masksEveryOccurrenceOfThePasswordInADriverMessage() {
    String url = "jdbc:postgresql://postgres:Zsecret@127.0.0.1:5/qa_b";
    assertThat(JdbcUrls.maskText("could not connect to postgres:Zsecret@127.0.0.1 (Zsecret)", url))
        .doesNotContain("Zsecret");
    assertThat(JdbcUrls.maskText("auth failed for x", "jdbc:postgresql://h/db?user=u&password=s3cr%40t"))
        .isEqualTo("auth failed for x");
    assertThat(JdbcUrls.maskText("bad password s3cr@t", "jdbc:postgresql://h/db?user=u&password=s3cr%40t"))
        .isEqualTo("bad password ***");
  }

  @Test
  void rejectsOtherSchemesNamingTheOptionWithoutThePassword() {
    assertThatThrownBy(() -> JdbcUrls.toJdbc("mysql://u:secret@h/db"))
        .isInstanceOf(IllegalArgumentException.class)
        // The value may have come from the environment: the message names both places.
        .hasMessageContaining("--db-url (or AW_DB_URL) must start with")
        .hasMessageNotContaining("secret");
  }

  @Test
  void saysWhereAUrlPointsWithoutUserOrPassword() {
    assertThat(JdbcUrls.hostAndPort("jdbc:postgresql://127.0.0.1:54372/sensor_data?user=postgres&password=pw"))
        .isEqualTo("127.0.0.1:54372");
    assertThat(JdbcUrls.hostAndPort("jdbc:postgresql://db.example/x")).isEqualTo("db.example:5432");
    assertThat(JdbcUrls.hostAndPort("jdbc:postgresql://a:5433,b/x")).isEqualTo("a:5433,b:5432");
    assertThat(JdbcUrls.hostAndPort("jdbc:postgresql://[::1]/x")).isEqualTo("[::1]:5432");
    assertThat(JdbcUrls.hostAndPort("jdbc:postgresql://u:secret@h:1/x")).isEqualTo("h:1");
  }
}
