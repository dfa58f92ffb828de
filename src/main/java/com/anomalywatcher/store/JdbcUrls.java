package com.anomalywatcher.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Parses the accepted database URL forms into a JDBC URL and masks passwords for messages. */
public final class JdbcUrls {
  /**
   * A {@code password=} or {@code sslpassword=} parameter and its value up to the next {@code &}: the
   * driver splits parameters on {@code &} alone, so a {@code ;} is part of the password (masking
   * only up to it printed the rest, and put it into the MQTT client ids hashed from the masked URL).
   */
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)([?&;](?:ssl)?password=)[^&]*");
  /** user:password@ after "//", the password running up to the LAST '@' before the path. */
  private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/@:\\s]*:)[^/\\s]*@");
  /** Shorter secrets are not searched for in free text: replacing them would garble it. */
  private static final int MIN_SECRET_SEARCH = 3;

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
        "--db-url (or AW_DB_URL) must start with jdbc:postgresql:// or postgresql://, got '" + mask(text) + "'");
  }

  private static String fromLibpq(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--db-url (or AW_DB_URL) is not a valid URL: '" + mask(text) + "'", e);
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

  /**
   * A message (e.g. a driver's error text) with every occurrence of the URL's password masked, and
   * any URL-looking password in it too; safe to print.
   */
  public static String maskText(String text, String url) {
    if (text == null) {
      return "";
    }
    String out = text;
    for (String secret : secrets(url)) {
      if (secret.length() >= MIN_SECRET_SEARCH) {
        out = out.replace(secret, "***");
      }
    }
    return mask(out);
  }

  /**
   * The password of a URL as written and decoded, from user-info and from a {@code password} or
   * {@code sslpassword} parameter.
   */
  static java.util.Set<String> secrets(String url) {
    java.util.Set<String> secrets = new java.util.LinkedHashSet<>();
    if (url == null) {
      return secrets;
    }
    java.util.regex.Matcher param = Pattern.compile("(?i)[?&;](?:ssl)?password=([^&]*)").matcher(url);
    while (param.find()) {
      secrets.add(param.group(1));
    }
    int start = url.indexOf("//");
    int query = url.indexOf('?', Math.max(start, 0));
    String head = query < 0 ? url : url.substring(0, query);
    int at = head.lastIndexOf('@');
    if (start >= 0 && at > start) {
      String userInfo = head.substring(start + 2, at);
      int colon = userInfo.indexOf(':');
      if (colon >= 0) {
        secrets.add(userInfo.substring(colon + 1));
      }
    }
    java.util.Set<String> all = new java.util.LinkedHashSet<>(secrets);
    for (String s : secrets) {
      try {
        all.add(decode(s));
      } catch (IllegalArgumentException e) {
        // Not URL-encoded: the raw form is already in the set.
      }
    }
    all.remove("");
    return all;
  }

  /**
   * A name for things kept per database, such as its models directory: {@code host-port-database}
   * of a JDBC URL ({@code 127.0.0.1-5432-aw_fleet}; the port 5432 when the URL gives none, the hosts
   * joined by {@code _} for a URL with several), with nothing but letters, digits, {@code .},
   * {@code _} and {@code -}. The user and password are not part of it.
   */
  public static String directoryName(String jdbcUrl) {
    String rest = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
    int query = rest.indexOf('?');
    rest = query < 0 ? rest : rest.substring(0, query);
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
    StringBuilder name = new StringBuilder();
    for (String host : hosts.split(",")) {
      int colon = host.lastIndexOf(':');
      boolean hasPort = colon > host.lastIndexOf(']');
      name.append(name.length() == 0 ? "" : "_")
          .append(hasPort ? host.substring(0, colon) + "-" + host.substring(colon + 1) : host + "-5432");
    }
    name.append('-').append(database.isEmpty() ? "postgres" : database);
    return name.toString().replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * Where a JDBC URL points, for messages: {@code host:port} ({@code 127.0.0.1:5432}; the port 5432
   * when the URL gives none, several hosts as the URL lists them). No user or password.
   */
  public static String hostAndPort(String jdbcUrl) {
    int start = jdbcUrl.indexOf("//");
    String rest = start < 0 ? "" : jdbcUrl.substring(start + 2);
    int end = rest.length();
    for (char c : new char[] {'/', '?'}) {
      int i = rest.indexOf(c);
      end = i < 0 ? end : Math.min(end, i);
    }
    String hosts = rest.substring(0, end);
    hosts = hosts.substring(hosts.lastIndexOf('@') + 1);
    if (hosts.isEmpty()) {
      return "localhost:5432";
    }
    StringBuilder where = new StringBuilder();
    for (String host : hosts.split(",")) {
      int colon = host.lastIndexOf(':');
      where.append(where.length() == 0 ? "" : ",").append(host).append(colon > host.lastIndexOf(']') ? "" : ":5432");
    }
    return where.toString();
  }

  /**
   * The URL with any password ({@code password}, {@code sslpassword}, user-info) replaced by
   * {@code ***}; safe to print and log. MQTT client ids hash it, so it must not change for a URL
   * whose password already is masked: a new text would move every ingest to a new session.
   */
  public static String mask(String url) {
    if (url == null) {
      return "";
    }
    String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    return USERINFO_PASSWORD.matcher(masked).replaceAll("$1***@");
  }
}
