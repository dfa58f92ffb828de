package com.anomalywatcher.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Both forms of a webhook URL that may be printed leave out its password and its tokens. */
class WebhookUrlsTest {
  @Test
  void maskedHidesTheUserInfoTheQueryAndTheFragmentEvenOfTextThatIsNoUrl() {
    assertThat(WebhookUrls.masked("ftp://alice:s3cret@x/y?token=t0ken")).isEqualTo("ftp://***@x/y?***");
    assertThat(WebhookUrls.masked("https://h:8443/hook#s3cret")).isEqualTo("https://h:8443/hook?***");
    assertThat(WebhookUrls.masked("not a url: //bob:s3cret@h path")).doesNotContain("s3cret");
    assertThat(WebhookUrls.masked("mqtt://user:p/s3cret@host:1883/x")).isEqualTo("mqtt://***@host:1883/x");
    assertThat(WebhookUrls.masked("https://u:s3#cret@h/x")).isEqualTo("https://***@h/x");
    assertThat(WebhookUrls.masked("https://u:p@s3cret@h/x")).isEqualTo("https://***@h/x");
  }

  /** URLs mistyped the way the error that refuses them says them back: none may show the password. */
  @Test
  void maskedHidesThePasswordOfAUrlWithOneSlashNoneOrASpace() {
    assertThat(WebhookUrls.masked("https:/alice:s3cret@h/x")).isEqualTo("https:/***@h/x");
    assertThat(WebhookUrls.masked("http:alice:s3cret@h/x")).isEqualTo("http:***@h/x");
    assertThat(WebhookUrls.masked("http://alice:s3 cret@h/x")).isEqualTo("http://***@h/x");
  }

  @Test
  void shownLeavesOutWhatMayHoldASecretAndKeepsTheAddress() {
    assertThat(WebhookUrls.shown(URI.create("https://alice:s3cret@h:8443/a/b?token=s3cret#s3cret")))
        .isEqualTo("https://h:8443/a/b");
    assertThat(WebhookUrls.shown(URI.create("http://h"))).isEqualTo("http://h");
  }
}
