package com.anomalywatcher.store;

import java.util.regex.Pattern;

/** The rule for sensor set names ({@code --set NAME}): 1–40 of a–z, 0–9, '-' and '_', starting with a letter or digit. */
public final class SensorSetName {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,39}");

  private SensorSetName() {}

  /**
   * Returns {@code name} when valid.
   *
   * @throws IllegalArgumentException naming the value and the rule
   */
  public static String check(String name) {
    if (!isValid(name)) {
      throw new IllegalArgumentException("--set must be 1-40 characters of a-z, 0-9, '-' and '_', got '" + name + "'");
    }
    return name;
  }

  /** Whether {@code name} is a valid set name (null is not). */
  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }
}
