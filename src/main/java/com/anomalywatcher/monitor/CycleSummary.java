package com.anomalywatcher.monitor;

/**
 * What one monitor cycle did.
 *
 * @param sensors sensors watched
 * @param warmingUp sensors whose detector is still warming up
 * @param scored readings scored in this cycle (the late ones included)
 * @param opened alerts opened
 * @param resolved alerts resolved
 * @param late readings that arrived behind their sensor's checkpoint (scored in their place or out of order)
 * @param inPlace of the late readings, those scored in their place: their sensor had missed them
 *     within the reorder window, and its detector learned them as if they had come on time
 */
public record CycleSummary(int sensors, int warmingUp, long scored, int opened, int resolved, long late,
    long inPlace) {}
