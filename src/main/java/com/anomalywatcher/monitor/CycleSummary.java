package com.anomalywatcher.monitor;

/**
 * What one monitor cycle did.
 *
 * @param sensors sensors watched
 * @param warmingUp sensors whose detector is still warming up
 * @param scored readings scored in this cycle (the late ones included)
 * @param opened alerts opened
 * @param resolved alerts resolved
 * @param late readings that arrived behind their sensor's checkpoint and were scored out of order
 * @param held sensors whose newest readings wait for a missing one (the reorder window)
 */
public record CycleSummary(int sensors, int warmingUp, long scored, int opened, int resolved, long late, int held) {}
