package com.anomalywatcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Reports the version the build wrote into {@code version.properties} (Maven resource filtering)
 * and the git commit it wrote into {@code git.properties} (the git-commit profile, only in a git
 * checkout); "unknown" for what the build could not tell.
 */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties p = load("version.properties");
    p.putAll(load("git.properties"));
    return new String[] {
      "anomaly-watcher " + value(p, "version") + " (commit " + value(p, "commit") + ")",
      "Java " + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
    };
  }

  private static Properties load(String resource) {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream(resource)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("read " + resource + " from the jar", e);
    }
    return p;
  }

  /** A property, or "unknown" when missing or left unfiltered ({@code ${...}}). */
  private static String value(Properties p, String name) {
    String v = p.getProperty(name, "").strip();
    return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
  }
}
