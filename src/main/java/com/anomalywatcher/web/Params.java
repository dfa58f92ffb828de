package com.anomalywatcher.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/** Reads query parameters, answering 400 with a message naming the parameter and its value. */
final class Params {
  private Params() {}

  /** The parameter as text, or null when absent or blank. */
  static String text(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** The parameter as text, one of {@code allowed}, or null when absent or blank. */
  static String oneOf(Context ctx, String name, List<String> allowed) {
    String v = text(ctx, name);
    if (v != null && !allowed.contains(v)) {
      throw new BadRequest(name + " must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }
    return v;
  }

  /** An ISO-8601 instant ({@code 2026-01-01T00:00:00Z}), or {@code fallback} when absent. */
  static Instant instant(Context ctx, String name, Instant fallback) {
    String v = text(ctx, name);
    if (v == null) {
      return fallback;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new BadRequest(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, got '" + v + "'");
    }
  }

  /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
  static int integer(Context ctx, String name, int fallback, int min, int max) {
    String v = text(ctx, name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw new BadRequest(name + " must be between " + min + " and " + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " must be an integer, got '" + v + "'");
    }
  }

  /** {@code true}/{@code false} (a bare {@code ?open} is true), or null when absent. */
  static Boolean bool(Context ctx, String name) {
    if (!ctx.queryParamMap().containsKey(name)) {
      return null;
    }
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank() || v.equalsIgnoreCase("true") || v.equals("1")) {
      return true;
    }
    if (v.equalsIgnoreCase("false") || v.equals("0")) {
      return false;
    }
    throw new BadRequest(name + " must be true or false, got '" + v + "'");
  }

  /** Checks {@code from < to}. */
  static void requireOrder(Instant from, Instant to) {
    if (!to.isAfter(from)) {
      throw new BadRequest("to must be after from, got from " + from + " to " + to);
    }
  }
}
