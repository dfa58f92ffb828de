package com.anomalywatcher.eval.nab;

/**
 * NAB's three application profiles with their cost weights (NAB {@code config/profiles.json}): the
 * reward for an early detection in a window, the cost of a false positive and of a missed window.
 */
public enum NabProfile {
  STANDARD("standard", "standard", 1.0, 0.11, 1.0),
  REWARD_LOW_FP("reward_low_FP_rate", "reward_low_FP", 1.0, 0.22, 1.0),
  REWARD_LOW_FN("reward_low_FN_rate", "reward_low_FN", 1.0, 0.11, 2.0);

  private final String nabName;
  private final String jsonKey;
  private final double tpWeight;
  private final double fpWeight;
  private final double fnWeight;

  NabProfile(String nabName, String jsonKey, double tpWeight, double fpWeight, double fnWeight) {
    this.nabName = nabName;
    this.jsonKey = jsonKey;
    this.tpWeight = tpWeight;
    this.fpWeight = fpWeight;
    this.fnWeight = fnWeight;
  }

  /** The profile's name in NAB's own files ({@code standard}, {@code reward_low_FP_rate}...). */
  public String nabName() {
    return nabName;
  }

  /** The key this program uses in its {@code --json} output. */
  public String jsonKey() {
    return jsonKey;
  }

  public double tpWeight() {
    return tpWeight;
  }

  public double fpWeight() {
    return fpWeight;
  }

  public double fnWeight() {
    return fnWeight;
  }
}
