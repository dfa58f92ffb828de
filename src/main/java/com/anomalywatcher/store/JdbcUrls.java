package com.anomalywatcher.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Parses the accepted database URL forms into a JDBC URL and masks passwords for messages. */
public final class JdbcUrls {
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)([?&;]password=)[^&;]*");
  private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/@:]*:)[^/@]*@");

  private JdbcUrls() {}

  /**
   * The JDBC form of a database URL. Accepts {@code jdbc:postgresql://host:port/db?user=u} as is and
   * converts {@code postgresql://user:password@host:port/db} (or {@code postgres://}).
   *
   * @throws IllegalArgumentException naming the (masked) value when it is neither form
   */
  public static String toJdbc(String url) {
    String text = url == null ? "" : url.strip();
    if (text.startsWith("jdbc:postgresql://")) {
      return text;
    }
    if (text.startsWith("postgresql://") || text.startsWith("postgres://")) {
      return fromLibpq(text);
    }
    throw new IllegalArgumentException(
        "--db-url must start with jdbc:postgresql:// or postgresql://, got '" + mask(text) + "'");
  }

  private static String fromLibpq(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--db-url is not a valid URL: '" + mask(text) + "'", e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("--db-url has no host: '" + mask(text) + "'");
    }
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
    if (uri.getPort() > 0) {
      jdbc.append(':').append(uri.getPort());
    }
    String path = uri.getRawPath();
    jdbc.append(path == null || path.isEmpty() ? "/" : path);
    StringBuilder query = new StringBuilder();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      appendParam(query, "user", decode(user));
      if (colon >= 0) {
        appendParam(query, "password", decode(userInfo.substring(colon + 1)));
      }
    }
    if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
      query.append(query.length() == 0 ? "" : "&").append(uri.getRawQuery());
    }
    if (query.length() > 0) {
      jdbc.append('?').append(query);
    }
    return jdbc.toString();
  }

  private static void appendParam(StringBuilder query, String name, String value) {
    if (query.length() > 0) {
      query.append('&');
    }
    query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The URL with any password replaced by {@code ***}; safe to print and log. */
  public static String mask(String url) {
    if (url == null) {
      return "";
    }
    String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USERINFO_PASSWORD.matcher(masked).replaceAll("$1***@");
  }
}
