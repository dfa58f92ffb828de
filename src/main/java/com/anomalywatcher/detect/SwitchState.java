package com.anomalywatcher.detect;

import java.time.Instant;

/**
 * The last known state of the fan switch on a fan speed sensor's site.
 *
 * @param on whether the switch reads on
 * @param since when it last changed (or was first seen)
 * @param seenAt its latest reading
 */
public record SwitchState(boolean on, Instant since, Instant seenAt) {}
