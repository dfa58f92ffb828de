package com.anomalywatcher.web;

import com.anomalywatcher.eval.EvaluationReport;
import com.anomalywatcher.eval.GroundTruthEvaluation;
import com.anomalywatcher.store.Database;
import com.anomalywatcher.store.WatchStore;
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
    ctx.contentType("application/json").result(evaluate(db, since, until).toJson());
  }

  /** The same evaluation as {@code evaluate --since --until}. */
  static EvaluationReport evaluate(Database db, Instant from, Instant to) {
    WatchStore store = new WatchStore(db);
    Instant episodesFrom = from.equals(Instant.EPOCH) ? from : from.minus(Duration.ofDays(1));
    return GroundTruthEvaluation.evaluate(store.episodesStartingIn(episodesFrom, to),
        store.alertsOpenedIn(from, to), store.coverage(from, to), from);
  }
}
