package com.anomalywatcher.eval;

/**
 * How one kind of benign look-alike fared: its events in the evaluated range and the false alerts
 * (alerts matching no anomaly episode) that opened during one of them or within the grace after it.
 */
public record BenignMetrics(int events, int falseAlerts) {}
