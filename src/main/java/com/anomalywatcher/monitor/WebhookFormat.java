package com.anomalywatcher.monitor;

/** The body a webhook receives: the alert's own JSON, or Prometheus Alertmanager's alert list. */
public enum WebhookFormat {
  /** The alert as JSON with its {@code idempotency_key}, as in the alerts file. */
  JSON,
  /** A list of one Alertmanager alert ({@code POST /api/v2/alerts}): labels, annotations, startsAt, endsAt. */
  ALERTMANAGER
}
