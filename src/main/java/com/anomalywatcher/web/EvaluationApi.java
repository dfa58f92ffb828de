package com.anomalywatcher.web;

import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.store.Database;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** {@code GET /api/evaluation?since&until}: the {@code evaluate --json} figures for the Evaluation page. */
final class EvaluationApi {
  private final Database db;
  private final Clock clock;

  EvaluationApi(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  void report(Context ctx) {
    Instant until = Params.instant(ctx, "until", clock.instant());
    Instant since = Params.instant(ctx, "since", until.minus(Duration.ofDays(7)));
    Params.requireOrder(since, until);
    ctx.contentType("application/json").result(GroundTruthEvaluation.evaluate(db, since, until).toJson());
  }
}
