package com.anomalywatcher.monitor;

/**
 * What one monitor cycle did.
 *
 * @param sensors sensors watched
 * @param warmingUp sensors whose detector is still warming up
 * @param scored readings scored in this cycle
 * @param opened alerts opened
 * @param resolved alerts resolved
 */
public record CycleSummary(int sensors, int warmingUp, long scored, int opened, int resolved) {}
