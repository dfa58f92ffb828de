package com.anomalywatcher.monitor;

import java.net.URI;

/**
 * The one place that knows which parts of a webhook URL may hold a secret: the user info (a
 * password) and the query and fragment (a token). Everything that prints or records a webhook URL
 * goes through it.
 */
public final class WebhookUrls {
  private WebhookUrls() {}

  /**
   * Any text a user gave as a URL, as it may be printed: the user info and the query (with the
   * fragment after it) replaced by {@code ***}. Works on text that is not a valid URL too. The user
   * info runs to the last {@code @} of the word, so a password holding a {@code /}, {@code ?},
   * {@code #} or {@code @} is masked whole (an {@code @} in a path masks the host too: more hidden,
   * never less). It runs from the scheme (with however many slashes follow it, or none) to the text's
   * last {@code @}: a URL mistyped with one slash or none ({@code https:/alice:s3cret@h}), or a
   * password with a space, was printed whole by the error that refused it.
   */
  public static String masked(String url) {
    return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*:/*)?.*@", "$1***@").replaceFirst("[?#].*", "?***");
  }

  /**
   * Scheme, host, port and path: the address without the parts that may hold a secret, left out rather
   * than masked. Recorded as the sink's target, so its form must not change.
   */
  static String shown(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
