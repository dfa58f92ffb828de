package com.anomalywatcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.anomalywatcher.store.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A webhook host without an address when the monitor starts (a typo, or a DNS hiccup: the resolver
 * unreachable at boot) is said once on stderr, masked, and the monitor watches the database anyway;
 * before, it exited 2 and nothing was watched until someone restarted it by hand.
 */
class WebhookHostAtStartTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.fresh("webhook-host-at-start");
  @TempDir Path tmp;

  @Test
  void aMonitorWhoseWebhookHostHasNoAddressStartsAndSaysSoMasked() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // .invalid never resolves (RFC 2606): the lookup fails as it does while the resolver is away
    int code = Main.run(new String[] {"monitor", "--duration", "1s", "--interval", "1s",
        "--models-dir", tmp.resolve("models").toString(),
        "--webhook", "http://alice:s3cret@alertmanger.invalid:9093/hook?token=t0ken", "--db-url", db.jdbcUrl()},
        new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(code).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("monitoring every");
    assertThat(err.toString()).contains("warning: --webhook host 'alertmanger.invalid' has no address now")
        .doesNotContain("s3cret").doesNotContain("t0ken");
  }
}
